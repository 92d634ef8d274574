"""The Comptoir ribbon tab's commands: read the active workbook, call the engine, write back, tell the user.

The VBA of ``macros/Comptoir.bas`` only calls ``RunPython "import addin.ribbon; addin.ribbon.<command>()"``; each
command here takes an optional ``xl_book`` (an ``xlwings.Book``; the calling workbook when None, tests pass a book
of their own). Problems go to the Problems sheet and a message box; progress goes to Excel's status bar.
A button whose engine service is not built yet answers with a clear "not available yet" message, never a VBA
error. :data:`COMMANDS` lists every button once; the tests check the ribbon XML and the VBA against it.
"""
from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.errors import ComptoirError, Problem, ProblemsFound

if TYPE_CHECKING:
    from engine.store.book import Book

# Each click runs this module in the interpreter RunPython reuses (USE UDF SERVER): importing it must be cheap, so
# the store and the engine services (pandas, lxml, fpdf…: ~0.9 s) are imported by the button that needs them,
# after its first status-bar message.

TITLE = "Comptoir"


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    function: str  # the Python function below, named in the VBA's RunPython
    label: str  # the button's label
    group: str  # the ribbon group
    vba_sub: str  # the VBA sub the button's onAction names
    issue: int = 0  # the issue that brings the engine service, 0 when it exists


def _c(function, label, group, issue=0):
    return Command(function=function, label=label, group=group, issue=issue,
                   vba_sub="".join(part.capitalize() for part in function.split("_")))


COMMANDS = (
    _c("check_book", "Check book", "Book"), _c("self_test", "Self-test", "Book"),
    _c("new_document", "New document", "Sales", 4), _c("next_stage", "Next stage", "Sales", 4),
    _c("print_document", "Print / PDF", "Sales", 4), _c("record_payment", "Record payment", "Sales", 4),
    _c("reminder_run", "Reminders", "Sales", 4), _c("use_credit_note", "Use credit note", "Sales"),
    _c("remove_payment", "Remove payment", "Sales"),
    _c("new_document_for_contact", "New document for contact", "Sales"),
    _c("stock_correction", "Stock correction", "Stock"), _c("receive_goods", "Receive goods", "Stock"),
    _c("stock_levels", "Low stock", "Stock"), _c("stock_value", "Stock value", "Stock"),
    _c("new_received_invoice", "New received invoice", "Purchases", 5),
    _c("from_qr_bill", "From QR-bill", "Purchases", 5), _c("propose_payments", "Propose payments", "Purchases", 5),
    _c("export_payment_file", "Payment file", "Purchases", 5),
    _c("received_next_stage", "Next stage (received)", "Purchases"),
    _c("complete_received_lines", "Complete lines", "Purchases"),
    _c("post", "Post", "Accounting", 6), _c("unpost", "Unpost", "Accounting", 6),
    _c("imputed_balance", "Balance by imputation", "Accounting"),
    _c("close_year", "Close year", "Accounting"), _c("open_year", "Open year", "Accounting"),
    _c("financial_statements", "Financial statements", "Accounting"),
    _c("vat_return_file", "VAT return file", "Accounting"),
    _c("import_rates", "Import rates", "Accounting"), _c("revalue", "Revalue", "Accounting"),
    _c("import_bank_files", "Import bank files", "Bank", 7), _c("reconcile", "Reconcile", "Bank", 7),
    _c("create_rule", "Rule from movement", "Bank", 7), _c("post_movements", "Post movements", "Bank", 7),
    _c("back_to_pending", "Back to pending", "Bank", 7),
    _c("post_movement", "Post as proposed", "Bank"),
    _c("skip_movement", "Don't post", "Bank"),
    _c("keep_pending", "Keep pending", "Bank"),
    _c("force_posting", "Force posting", "Bank"),
    _c("delete_movement", "Delete movement", "Bank"),
    _c("multiple_entry", "Multiple entry", "Bank"),
    _c("normal_entry", "Normal entry", "Bank"),
    _c("label_from_communication", "Label from communication", "Bank"),
    _c("label_from_bank", "Label from bank text", "Bank"),
    _c("predefined_label", "Predefined label", "Bank"), _c("imputation_period", "Imputation period", "Bank"),
    _c("bank_portal", "Bank portal", "Bank"),
    _c("test_rule", "Test rule", "Bank"), _c("check_rules", "Check rules", "Bank"),
    _c("copy_rules", "Copy rules to new period", "Bank"), _c("new_substitution", "New substitution", "Bank"),
    _c("test_substitution", "Test substitution", "Bank"), _c("remove_substitution", "Remove substitution", "Bank"),
    _c("mandate_status", "Mandate status", "Mandate"), _c("import_entries", "Import entries", "Mandate", 8),
    _c("reports", "Reports", "Reports", 9), _c("dashboard", "Dashboard", "Reports", 9),
)
BY_FUNCTION = {command.function: command for command in COMMANDS}


class Ui:
    """What a command shows in Excel: the status bar while it works, a message box at the end."""

    def __init__(self, xl_book):
        self.app = getattr(xl_book, "app", None)
        self.messages: list[str] = []

    def progress(self, done: int, total: int, label: str) -> None:
        self.status(f"{TITLE}: {label} {done}/{total}" if total else f"{TITLE}: {label}")

    def status(self, text: str | None) -> None:
        if self.app is not None:
            # False hands the status bar back to Excel (xlwings App.status_bar)
            self.app.status_bar = text if text else False

    def message(self, text: str) -> None:
        self.messages.append(text)
        if self.app is not None and hasattr(self.app, "alert"):
            self.app.alert(text, title=TITLE)


def _caller():
    import xlwings as xw  # only here: importing this module must not need Excel
    return xw.Book.caller()


def write_problems(book: Book, problems: list[Problem], when: dt.datetime | None = None) -> None:
    """Replace the Problems sheet's rows with ``problems`` (the last run's), saved with the book."""
    stamp = (when or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    # record_class, not book.new: a Problems record has a field named "sheet", like book.new's first parameter
    from engine.store.records import record_class
    problem_record = record_class(book.schema.sheet("Problems"))
    from engine.i18n import tr
    warning = tr("warning", book.language)  # Avertissement, Warnung… in a translated book
    book.put("Problems", [problem_record(when=stamp, file=p.source.file, sheet=p.source.sheet,
                                   cell_row=p.source.row, cell_column=p.source.column,
                                   message=p.message if p.severity == "error" else f"{warning}: {p.message}",
                                   hint=p.hint) for p in problems])


def _open(xl_book) -> Book:
    from addin.excel_source import ExcelSource
    from engine.store.book import Book
    return Book(ExcelSource(xl_book))


LAST_OUTCOME = ""  # of the last command: "done", or "refused" (it said why it did nothing); read by the Self-test


def _run(function: str, xl_book, action) -> str:
    """Open the book over the live workbook, run ``action(book, ui) -> message``, show the outcome."""
    xl_book = xl_book if xl_book is not None else _caller()
    ui = Ui(xl_book)
    label = BY_FUNCTION[function].label
    ui.status(f"{TITLE}: {label}…")  # first, before any heavy import: the user sees the click was taken
    global LAST_OUTCOME
    LAST_OUTCOME = "refused"
    try:
        book = _open(xl_book)
        text = action(book, ui)
        LAST_OUTCOME = "done"
    except ProblemsFound as found:
        text = _report_problems(xl_book, list(found.problems), f"{label}: nothing was written")
    except ComptoirError as error:
        text = f"{label}: {error}"
    finally:
        ui.status(None)
    ui.message(text)
    return text


def _report_problems(xl_book, problems: list[Problem], headline: str) -> str:
    try:
        book = _open(xl_book)
        write_problems(book, problems)
        book.save()
        where = " — see the Problems sheet"
    except ComptoirError:
        where = ""
    first = f"\n{problems[0]}" if problems else ""
    return f"{headline}: {len(problems)} problem(s){where}{first}"


def _check(book: Book, ui: Ui) -> str:
    sheets = book.schema.sheets
    for done, schema in enumerate(sheets):
        ui.progress(done, len(sheets), f"checking {schema.name}")
        book.table(schema.name)
    from engine.services import book_check
    problems = book_check.problems(book)
    errors = [p for p in problems if p.severity == "error"]
    if "Problems" in book.sheet_titles:  # in the book's language: Problèmes, Probleme…
        write_problems(book, problems)
        book.save()
    if not problems:
        return f"{book.name}: no problems found."
    first = "\n".join(str(p) for p in (errors or problems)[:5])
    return (f"{book.name}: {len(errors)} error(s), {len(problems) - len(errors)} warning(s) — see the Problems "
            f"sheet.\n{first}")


def check_book(xl_book=None) -> str:
    """Check every sheet of the active book; list the problems on the Problems sheet."""
    return _run("check_book", xl_book, _check)


def self_test(xl_book=None, **where) -> str:
    """Drive every button and every CH_ function through this Excel on the demo books; a sheet lists the results."""
    xl_book = xl_book if xl_book is not None else _caller()
    ui = Ui(xl_book)
    ui.status(f"{TITLE}: Self-test… (about a minute)")
    try:
        from addin import self_test as checks
        text = checks.run(xl_book, **where)
    except ComptoirError as error:
        text = f"Self-test: {error}"
    except Exception as error:  # noqa: BLE001 - the evidence tool says why it could not run, it never crashes
        text = f"Self-test could not run: {type(error).__name__}: {error}"
    finally:
        ui.status(None)
    ui.message(text)
    return text


def _mandate(book: Book, ui: Ui) -> str:
    from engine import mandate as mandates
    path = book.path
    if path is None:
        raise ComptoirError("this workbook has never been saved, so it has no mandate", "save it beside the mandate")
    with mandates.open_book(path) as found:
        return mandates.status(found).summary()


def mandate_status(xl_book=None) -> str:
    """Show which posting batches wait in the book's mandate; the count stays in Excel's status bar."""
    xl_book = xl_book if xl_book is not None else _caller()
    text = _run("mandate_status", xl_book, _mandate)
    Ui(xl_book).status(f"{TITLE}: {text.splitlines()[0]}")
    return text


def _not_yet(function: str, xl_book=None) -> str:
    command = BY_FUNCTION[function]
    text = (f"{command.label} is not available yet in this version of Comptoir (issue {command.issue}); "
            "nothing was changed.")
    ui = Ui(xl_book if xl_book is not None else _caller())
    ui.message(text)
    return text


def _later(function: str):
    def command(xl_book=None) -> str:
        return _not_yet(function, xl_book)
    command.__name__ = command.__qualname__ = function
    command.__doc__ = f"{BY_FUNCTION[function].label} (not available yet: issue {BY_FUNCTION[function].issue})."
    return command


def _button(function: str, action: str):
    def command(xl_book=None) -> str:
        def run(book, ui):
            module, _, name = action.rpartition(".")  # "ribbon_rules.test_rule", or a ribbon_actions name
            found = getattr(importlib.import_module(f"addin.{module or 'ribbon_actions'}"), name)
            return found(book, ui, xl_book if xl_book is not None else _caller())
        return _run(function, xl_book, run)
    command.__name__ = command.__qualname__ = function
    command.__doc__ = f"{BY_FUNCTION[function].label} (ribbon button)."
    return command


_ACTIONS = {
    "new_document": "new_document", "next_stage": "next_stage", "print_document": "print_document",
    "record_payment": "record_payment", "reminder_run": "reminder_run", "use_credit_note": "use_credit_note",
    "remove_payment": "remove_payment",
    "from_qr_bill": "from_qr_bill", "propose_payments": "propose_payments",
    "export_payment_file": "export_payment_file", "post": "post", "unpost": "unpost",
    "import_entries": "import_entries", "reports": "report_pdfs", "dashboard": "dashboard",
    "import_bank_files": "import_bank_files", "reconcile": "reconcile",
    "create_rule": "create_rule", "post_movements": "post_movements",
    "back_to_pending": "back_to_pending", "new_received_invoice": "new_received_invoice",
    "post_movement": "post_movement",
    "skip_movement": "skip_movement",
    "keep_pending": "keep_pending",
    "force_posting": "force_posting",
    "delete_movement": "delete_movement",
    "multiple_entry": "multiple_entry",
    "normal_entry": "normal_entry",
    "label_from_communication": "label_from_communication",
    "label_from_bank": "label_from_bank",
    "predefined_label": "predefined_label", "bank_portal": "bank_portal",
    **{name: f"ribbon_imputation.{name}" for name in ("imputation_period", "imputed_balance")},
    **{name: f"ribbon_rules.{name}" for name in ("test_rule", "check_rules", "copy_rules", "new_substitution",
                                                 "test_substitution", "remove_substitution")},
    "received_next_stage": "received_next_stage", "complete_received_lines": "complete_received_lines",
    "new_document_for_contact": "ribbon_stock.new_document_for_contact",
    "stock_correction": "ribbon_stock.stock_correction", "receive_goods": "ribbon_stock.receive_goods",
    "stock_levels": "ribbon_stock.stock_levels", "stock_value": "ribbon_stock.stock_value",
    **{name: f"ribbon_year.{name}" for name in ("close_year", "open_year", "financial_statements")},
    "vat_return_file": "ribbon_vat_return.vat_return_file",
    "import_rates": "ribbon_rates.import_rates", "revalue": "ribbon_rates.revalue",
}
for _function, _action in _ACTIONS.items():
    globals()[_function] = _button(_function, _action)

# Buttons whose service a later issue brings: replace the line by a real function when it lands.
for _command in COMMANDS:
    if _command.issue and _command.function not in globals():
        globals()[_command.function] = _later(_command.function)
