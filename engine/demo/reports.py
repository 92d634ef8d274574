"""Demo step "reports": the Dashboard sheet (native charts) in the invoicing book, the main reports as sheets,
and the dashboard and debtors as PDF/PNG beside the books."""
from __future__ import annotations

import datetime as dt

from engine.formats import dashboard_pdf, report_pdf
from engine.i18n import tr
from engine.services import reports
from engine.store.book import Book


def _as_of(book: Book, year: int) -> dt.date:
    """The latest date in the books (so the demo is the same whatever day it runs), else 31 December."""
    days = [d.date for d in book.records("Documents") if d.date] + [p.date for p in book.records("Payments") if p.date]
    return max(days) if days else dt.date(year, 12, 31)


def step(ctx) -> str:
    book = Book.open(ctx.invoicing)
    ledger = Book.open(ctx.ledger) if ctx.ledger else None
    until = ctx.facts.get("today") or _as_of(book, ctx.year)
    sheets = [reports.write_report_sheet(book, name, until=until)
              for name in ("debtors-summary", "creditors", "sales-month", "liquidity")]
    figures = reports.refresh_dashboard(book, until=until, ledger=ledger)
    pdf = dashboard_pdf.render(figures)
    (ctx.folder / "dashboard.pdf").write_bytes(pdf)
    (ctx.folder / "dashboard.png").write_bytes(dashboard_pdf.png(pdf))
    debtors = reports.report(book, "debtors", until=until)
    (ctx.folder / "debtors.pdf").write_bytes(report_pdf.render(debtors, company=reports.company_of(book)))
    ctx.facts["dashboard"] = figures
    key = ", ".join(f"{label} {amount:,.2f}".replace(",", "'") for label, amount in figures.figures[:3])
    return tr("reports: Dashboard sheet (4 native charts) and {sheets} in {book}; dashboard.pdf/png and debtors.pdf "
              "at {date} ({figures})", ctx.language, sheets=", ".join(sheets), book=ctx.invoicing.name,
              date=f"{until:%d.%m.%Y}", figures=key)
