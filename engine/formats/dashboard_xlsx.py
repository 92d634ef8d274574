"""The Dashboard sheet drawn in a scratch workbook (openpyxl, in memory) with NATIVE Excel charts (DrawingML
chart parts, ECMA-376 Part 1 §21.2) that Excel and LibreOffice both render: revenue per month against last year,
receivables ageing, the cash forecast by fortnight (receipts and payments as columns, the balance as a line) and
the top clients. Key figures sit on top as cards; the charts' data sit below them, printed on a second page.

:func:`engine.store.xlsx_add_sheet.put_sheet` moves the sheet and its charts into the invoicing book.
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.pagebreak import Break

from engine.domain.reports.dashboard import Dashboard
from engine.formats.labels import label
from engine.formats.report_xlsx import FORMATS, put

SHEET = "Dashboard"
INK, CARD, MUTED = "1F3864", "EEF3FA", "595959"
BLUE, GREY, GREEN, RED, ORANGE = "2E75B6", "A5A5A5", "70AD47", "C00000", "ED7D31"
DATA_ROW = 44  # the chart data start here, below the printed first page
CHART_W, CHART_H = 17.5, 8.2  # cm


def _cards(ws, dashboard: Dashboard) -> None:
    edge = Side(style="thin", color="B4C6E7")
    for index, (caption, amount) in enumerate(dashboard.figures):
        col = 1 + index * 3
        ws.merge_cells(start_row=4, start_column=col, end_row=4, end_column=col + 2)
        ws.merge_cells(start_row=5, start_column=col, end_row=5, end_column=col + 2)
        put(ws.cell(4, col), caption)
        put(ws.cell(5, col), amount, "money")
        ws.cell(5, col).number_format = "#,##0;[Red]-#,##0"
        for row, font in ((4, Font(size=9, color=MUTED)), (5, Font(size=16, bold=True, color=INK))):
            for c in range(col, col + 3):
                cell = ws.cell(row, c)
                cell.fill = PatternFill("solid", fgColor=CARD)
                cell.border = Border(top=edge if row == 4 else None, bottom=edge if row == 5 else None,
                                     left=edge if c == col else None, right=edge if c == col + 2 else None)
            ws.cell(row, col).font = font
            ws.cell(row, col).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[5].height = 28


def _table(ws, row: int, col: int, title: str, headers: tuple, rows) -> tuple[int, int]:
    put(ws.cell(row, col), title)
    ws.cell(row, col).font = Font(bold=True, color=INK)
    for offset, header in enumerate(headers):
        put(ws.cell(row + 1, col + offset), header)
        ws.cell(row + 1, col + offset).font = Font(bold=True)
    for r, values in enumerate(rows, start=row + 2):
        for offset, value in enumerate(values):
            put(ws.cell(r, col + offset), value, "text" if offset == 0 else "money")
    return row + 1, row + 1 + len(rows)  # header row, last row


def _style(chart, title: str) -> None:
    chart.title = title
    chart.width, chart.height = CHART_W, CHART_H
    chart.legend.position = "b"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.majorGridlines.spPr = None


def _colour(series, rgb: str) -> None:
    series.graphicalProperties.solidFill = rgb
    series.graphicalProperties.line.solidFill = rgb


def build(dashboard: Dashboard, name: str = SHEET) -> bytes:
    """The Dashboard sheet, named ``name`` (the book's word for it: its charts' series name the sheet)."""
    book = Workbook()
    ws = book.active
    ws.title = name
    ws.sheet_view.showGridLines = False
    for col in range(1, 17):
        ws.column_dimensions[chr(64 + col)].width = 10.5
    lang = dashboard.language

    def text(key, **values):
        return label(key, lang, **values)

    put(ws.cell(1, 1), text("dash_title", company=dashboard.company))
    ws.cell(1, 1).font = Font(size=20, bold=True, color=INK)
    put(ws.cell(2, 1), text("dash_subtitle", date=f"{dashboard.until:%d.%m.%Y}"))
    ws.cell(2, 1).font = Font(italic=True, color=MUTED)
    _cards(ws, dashboard)

    year = dashboard.until.year
    head, last = _table(ws, DATA_ROW, 1, text("dash_revenue_table"), (text("rpt_month"), str(year), str(year - 1)),
                        dashboard.revenue)
    revenue = BarChart()
    _style(revenue, text("dash_revenue_chart", year=year, last=year - 1))
    revenue.add_data(Reference(ws, min_col=2, max_col=3, min_row=head, max_row=last), titles_from_data=True)
    revenue.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=last))
    _colour(revenue.series[0], BLUE)
    _colour(revenue.series[1], GREY)
    ws.add_chart(revenue, "A7")

    head, last = _table(ws, DATA_ROW, 5, text("dash_ageing_table"), (text("dash_age"), text("rpt_open")),
                        dashboard.ageing)
    ageing = BarChart()
    _style(ageing, text("dash_ageing_chart"))
    ageing.add_data(Reference(ws, min_col=6, min_row=head, max_row=last), titles_from_data=True)
    ageing.set_categories(Reference(ws, min_col=5, min_row=head + 1, max_row=last))
    ageing.legend = None
    ageing.varyColors = False
    _colour(ageing.series[0], ORANGE)
    ageing.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False)
    ws.add_chart(ageing, "I7")

    head, last = _table(ws, DATA_ROW, 8, text("dash_cash_chart"),
                        (text("rpt_start"), text("rpt_receipts"), text("rpt_payments"), text("rpt_balance")),
                        dashboard.cash)
    flows = BarChart()
    _style(flows, text("dash_cash_chart"))
    flows.add_data(Reference(ws, min_col=9, max_col=10, min_row=head, max_row=last), titles_from_data=True)
    flows.set_categories(Reference(ws, min_col=8, min_row=head + 1, max_row=last))
    _colour(flows.series[0], GREEN)
    _colour(flows.series[1], RED)
    balance = LineChart()
    balance.add_data(Reference(ws, min_col=11, min_row=head, max_row=last), titles_from_data=True)
    _colour(balance.series[0], INK)
    balance.series[0].graphicalProperties.line.width = 28000
    balance.series[0].smooth = False  # a balance moves in steps; a smoothed curve would invent values
    balance.y_axis.axId = 200  # the balance on its own axis, so the fortnight flows stay readable
    balance.y_axis.title = text("rpt_balance")
    balance.y_axis.crosses = "max"
    balance.y_axis.delete = False
    balance.y_axis.number_format = "#,##0"
    flows += balance
    ws.add_chart(flows, "A24")

    head, last = _table(ws, DATA_ROW, 13, text("dash_top_table"), (text("rpt_client"), text("rpt_net")),
                        dashboard.top_clients)
    top = BarChart()
    top.type = "bar"
    _style(top, text("dash_top_chart", year=year))
    top.add_data(Reference(ws, min_col=14, min_row=head, max_row=max(last, head + 1)), titles_from_data=True)
    top.set_categories(Reference(ws, min_col=13, min_row=head + 1, max_row=max(last, head + 1)))
    top.x_axis.scaling.orientation = "maxMin"  # the biggest client on top
    top.legend = None
    _colour(top.series[0], BLUE)
    ws.add_chart(top, "I24")
    ws.column_dimensions["M"].width = 24

    ws.row_breaks.append(Break(id=DATA_ROW - 1))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = ["build", "SHEET", "FORMATS"]
