"""The "Self-test" button: evidence from a real Excel, ready to paste into a bug report (issue 16).

In the user's Excel it builds the demo company's books in a temporary folder, opens the invoicing book there and
clicks every other ribbon command on it through its Python entry point (message boxes collected, not shown), then
types each ``CH_`` formula into a cell of a new workbook so that Excel itself calls the function, and writes one
row per check: what, passed/failed, and the text (the answer, or the error with its type). Nothing of the user's
own books is touched. Expected answers are the published examples (IBAN CH93 0076 2011 6238 5295 7, the QR
reference 21 00000 00003 13947 14300 09017, CHF 1.02 rounded to 1.00).
"""
from __future__ import annotations

import tempfile
import traceback
from pathlib import Path

IBAN, QRR = "CH9300762011623852957", "210000000003139471430009017"
# formula -> the answer Excel must show (None: any answer that is not an error)
FORMULAS = {
    f'=CH_IBAN_CHECK("{IBAN}")': True, f'=CH_IBAN_REASON("{IBAN}")': None,
    f'=CH_IBAN_FORMAT("{IBAN}")': "CH93 0076 2011 6238 5295 7", f'=CH_IBAN_IS_QR("{IBAN}")': False,
    f'=CH_BANK_NAME("{IBAN}")': None, f'=CH_BIC("{IBAN}")': None, '=CH_CCP_TO_IBAN("80-2-2")': None,
    '=CH_QRR_CREATE("123","456")': None, f'=CH_QRR_CHECK("{QRR}")': True,
    f'=CH_QRR_FORMAT("{QRR}")': "21 00000 00003 13947 14300 09017", '=CH_SCOR_CREATE("539007547034")': None,
    '=CH_SCOR_CHECK("RF18539007547034")': True, "=CH_ROUND_CHF(1.02)": 1.0,
    '=CH_VAT_AMOUNT(108.1,"TVA",DATE(2025,1,1),"gross")': None,
}
HEADER = ["check", "result", "details"]


def _outcome(expected, value) -> tuple[str, str]:
    text = "" if value is None else str(value)
    if isinstance(value, str) and (value.startswith(("#", "invalid")) or "Error" in value or "Traceback" in value):
        return "failed", text
    if expected is not None and value != expected:
        return "failed", f"{text} (expected {expected})"
    return "passed", text


def buttons(xl_invoicing) -> list[list[str]]:
    """Every ribbon command but this one, on the demo invoicing book; a raised exception is a failure."""
    from addin import ribbon
    rows, shown = [], []
    original = ribbon.Ui.message
    ribbon.Ui.message = lambda self, text: shown.append(text)   # 21 message boxes would block the run
    try:
        for command in ribbon.COMMANDS:
            if command.function == "self_test":
                continue
            try:
                text = getattr(ribbon, command.function)(xl_invoicing)
                # "answered": it ran and said why it did nothing (no selection here); "passed": it did its job
                outcome = "answered" if ribbon.LAST_OUTCOME == "refused" else "passed"
                rows.append([f"button {command.label}", outcome, str(text)[:500]])
            except Exception as error:  # noqa: BLE001 - the report lists every failure, it does not stop
                rows.append([f"button {command.label}", "failed",
                             "".join(traceback.format_exception_only(error)).strip()[:500]])
    finally:
        ribbon.Ui.message = original
    return rows


def document_total(invoicing: Path) -> dict:
    """CH_DOC_TOTAL on the demo's open invoicing book: its first invoice's TotalPayable, as the sheet holds it."""
    from engine.store.book import Book
    first = next(d for d in Book.open(invoicing).records("Documents") if d.stage == "F")
    where = f"'[{invoicing.name}]Documents'!$A$1:$BZ$2000"
    return {f'=CH_DOC_TOTAL("{first.number}",{where})': float(first.total_payable)}


def formulas(sheet, first_row: int, extra: dict | None = None) -> list[list[str]]:
    """Each CH_ formula (and ``extra`` ones) typed into column D of ``sheet`` (Excel computes it), its answer read
    back."""
    rows = []
    for offset, (formula, expected) in enumerate({**FORMULAS, **(extra or {})}.items()):
        cell = sheet.range((first_row + offset, 4))
        try:
            cell.formula = formula
            result, text = _outcome(expected, cell.value)
        except Exception as error:  # noqa: BLE001
            result, text = "failed", "".join(traceback.format_exception_only(error)).strip()
        rows.append([f"'{formula}", result, text[:500]])
    return rows


def run(xl_book, *, open_book=None, report=None) -> str:
    """Run every check; the rows go to ``report`` (a new workbook's first sheet by default)."""
    from engine.demo import purchases, run as demo, sales
    app = xl_book.app
    open_book = open_book or (lambda path: app.books.open(str(path)))
    report = report if report is not None else app.books.add().sheets[0]   # first: fails fast outside Excel
    folder = Path(tempfile.mkdtemp(prefix="comptoir-self-test-"))
    ctx = demo.DemoContext(folder=folder)
    for step in (demo.step_books, demo.step_mandate, sales.step, purchases.step):
        step(ctx)
    rows = buttons(open_book(ctx.invoicing))
    rows += formulas(report, len(rows) + 2, document_total(ctx.invoicing))
    table = [HEADER] + rows
    report.range((1, 1), (len(table), 3)).value = table
    failed = sum(row[1] == "failed" for row in rows)
    return (f"Self-test: {len(rows) - failed} passed, {failed} failed of {len(rows)} checks (demo books in "
            f"{folder}). Copy the sheet into your bug report.")
