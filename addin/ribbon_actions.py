"""What the ribbon buttons do once the book is open: pick the selected rows, call one engine service, save, say
what happened. Each action is ``(book, ui, xl_book) -> message``; :mod:`addin.ribbon` wraps it for Excel.

Files a command produces (PDFs, payment files, report PDFs) go in a folder beside the workbook, as the
``comptoir`` command puts them, so the headless and the Excel ways give the same result.
"""
from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

from engine.errors import BusinessRuleError, ComptoirError, Problem, ProblemsFound
from engine.store.book import Book


class _Later:
    """A module imported when a button first uses it: a click loads what its action needs, not every service
    (macOS has no UDF server, so each click starts a Python: issue 16's review measured 0.8 s for all of them)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        module = importlib.import_module(self._name)
        self.__dict__.update(vars(module))  # later lookups find the attribute without coming back here
        return getattr(module, attribute)


mandates = _Later("engine.mandate")
dashboard_pdf, report_pdf = _Later("engine.formats.dashboard_pdf"), _Later("engine.formats.report_pdf")
(bank, bank_post, bank_rules, documents, documents_print, ledger_sync, payments, posting, purchases, purchases_qr,
 purchases_stages, reports, sales_payments, sales_reminders) = (_Later(f"engine.services.{name}") for name in (
    "bank", "bank_post", "bank_rules", "documents", "documents_print", "ledger_sync", "payments", "posting",
    "purchases", "purchases_qr", "purchases_stages", "reports", "sales_payments", "sales_reminders"))


def MandateSink(mandate):  # noqa: N802 - the class's name, imported when a button posts through the mandate
    from engine.services.posting_sink import MandateSink as sink
    return sink(mandate)


def _today() -> dt.date:
    return dt.date.today()


def _folder(book: Book, name: str) -> Path:
    if book.path is None:
        raise ComptoirError("this workbook has never been saved", "save it first: files go in a folder beside it")
    return book.path.parent / name  # created by whoever writes into it, so a command that writes nothing leaves none


def selected(book: Book, xl_book, sheet: str) -> list:
    """The records of ``sheet`` under the current selection (whole rows or any cells of them)."""
    selection = getattr(getattr(xl_book, "app", None), "selection", None)
    title = book.title(sheet)  # the sheet as the book names it (Débiteurs, Bankbewegungen…)
    if selection is None or selection.sheet.name != title:
        raise ComptoirError(f"select one or more rows of the {title} sheet first", "then click the button again")
    first, count = selection.row, selection.rows.count
    rows = set(range(first, first + count))
    records = [r for r in book.records(sheet) if r.row in rows]
    if not records:
        raise ComptoirError(f"the selection holds no {title} record", "select the rows of the records to act on")
    return records


def _mandate(book: Book):
    if book.path is None:
        raise ComptoirError("this workbook has never been saved, so it has no mandate", "save it beside the mandate")
    return mandates.open_book(book.path)


def new_document(book: Book, ui, xl_book) -> str:
    client = selected(book, xl_book, "Clients")[0]
    number = documents.new_document(book, client_id=client.client_id, on=_today())
    book.save()
    return f"{number} created for client {client.client_id}: add its lines on DocumentLines, then Print / PDF."


def next_stage(book: Book, ui, xl_book) -> str:
    moved = [f"{d.number} → {documents.advance(book, d.number, on=_today())}"
             for d in selected(book, xl_book, "Documents")]
    book.save()
    return "Moved to the next stage: " + ", ".join(moved)


def print_document(book: Book, ui, xl_book) -> str:
    numbers = [d.number for d in selected(book, xl_book, "Documents")]
    printed = documents_print.print_documents(book, numbers, out_dir=_folder(book, "documents"))
    book.save()  # the printed mark
    return f"{len(printed)} PDF(s) in {printed[0].path.parent}" if printed else "Nothing to print."


def record_payment(book: Book, ui, xl_book) -> str:
    paid = []
    for document in selected(book, xl_book, "Documents"):
        if document.balance and document.balance > 0:
            sales_payments.record_payment(book, document.number, document.balance, on=_today())
            paid.append(f"{document.number} {document.balance}")
    book.save()
    return ("Paid in full today: " + ", ".join(paid)) if paid else "The selected documents have nothing open."


def use_credit_note(book: Book, ui, xl_book) -> str:
    """The selected credit notes (Documents rows, stage N) used on the invoice each refers to."""
    used = [f"{note.number} {sales_payments.apply_credit_note(book, note.number, on=_today())}"
            for note in selected(book, xl_book, "Documents") if note.stage == "N" and note.balance]
    book.save()
    return ("Used: " + ", ".join(used)) if used else "Select open credit notes (stage N) in Documents."


def remove_payment(book: Book, ui, xl_book) -> str:
    """The selected Payments rows removed (not posted yet; a credit-note use with its other half)."""
    removed = [i for p in selected(book, xl_book, "Payments") if p.side == "sales"
               for i in sales_payments.undo_payment(book, p.payment_id)]
    book.save()
    return ("Removed payment(s) " + ", ".join(map(str, removed))) if removed else "Select sales rows of Payments."


def reminder_run(book: Book, ui, xl_book) -> str:
    run = sales_reminders.reminder_run(book, today=_today(), out_dir=_folder(book, "documents"))
    book.save()
    return f"{len(run.issued)} reminder(s) issued; {len(run.collection)} invoice(s) ready for debt collection."


def from_qr_bill(book: Book, ui, xl_book) -> str:
    from addin.qr_selection import payload_of
    selection = getattr(getattr(xl_book, "app", None), "selection", None)
    payload = payload_of(getattr(selection, "value", None))   # a scanner's or a paste's lines over several rows
    if not payload.startswith("SPC"):
        raise ComptoirError("the selection holds no QR-bill payload (its first line is SPC)",
                            "select the cell, or all the rows, the scanner or the paste filled, and click again")
    done = purchases_qr.from_qr(book, payload=payload, date=_today())
    book.save()
    return f"Received invoice {', '.join(map(str, done.ids))} created from the QR-bill."


def propose_payments(book: Book, ui, xl_book) -> str:
    numbers = [r.number for r in selected(book, xl_book, "ReceivedInvoices")]
    done = payments.propose_payments(book, today=_today(), numbers=numbers)
    book.save()
    return f"{len(done.ids)} payment order(s) proposed." + "".join(f"\n{w}" for w in done.warnings)


def export_payment_file(book: Book, ui, xl_book) -> str:
    accounts = book.records("BankAccounts")
    if not accounts:
        raise ComptoirError("the BankAccounts sheet is empty", "add the account payments are made from")
    out = _folder(book, "payments") / f"pain001-{_today():%Y%m%d-%H%M%S}.xml"
    export = payments.export_payments(book, account=accounts[0].iban, out=out, today=_today())
    book.save()
    return f"{export.orders} order(s), {export.total} in {export.path}: upload it to the e-banking."


def post(book: Book, ui, xl_book) -> str:
    with _mandate(book) as m:
        result = posting.post(book, None, _today(), "all", sink=MandateSink(m))
    if result.session is None:
        return "Nothing to post up to today."
    return (f"Session {result.session}: {result.entries} entries published to the mandate; the ledger imports "
            "them with Import entries.")


def unpost(book: Book, ui, xl_book) -> str:
    session = selected(book, xl_book, "PostingSessions")[0].session
    with _mandate(book) as m:
        undone = posting.unpost(book, None, session, sink=MandateSink(m))
    return f"Undone session(s) {', '.join(map(str, undone))}: the ledger removes them on its next import."


def import_entries(book: Book, ui, xl_book) -> str:
    if book.kind != "ledger":
        raise ComptoirError("Import entries works in the ledger book", "open the ledger book and click again")
    with _mandate(book) as m:
        result = ledger_sync.pull_into_ledger(book, m)
    return f"{result.imported} batch(es) imported ({result.entries} entries), {result.removed} withdrawn."


def report_pdfs(book: Book, ui, xl_book) -> str:
    folder = _folder(book, "reports")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    names = ("debtors", "creditors", "liquidity", "sales-month")
    for done, name in enumerate(names):
        ui.progress(done, len(names), name)
        path = folder / f"{name}.pdf"
        path.write_bytes(report_pdf.render(reports.report(book, name), company=reports.company_of(book)))
        written.append(path.name)
    return f"Reports in {folder}: {', '.join(written)}"


def dashboard(book: Book, ui, xl_book) -> str:
    figures = reports.dashboard(book)
    pdf = dashboard_pdf.render(figures)
    folder = _folder(book, "reports")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dashboard.pdf").write_bytes(pdf)
    (folder / "dashboard.png").write_bytes(dashboard_pdf.png(pdf))
    return (f"Dashboard in {folder} (dashboard.pdf, dashboard.png). The Dashboard sheet with native charts is "
            "refreshed with the book closed: comptoir report dashboard BOOK.")


def _bank_folders(book: Book) -> list[Path]:
    folders = [Path(a.watch_folder) for a in book.records("BankAccounts") if a.watch_folder]
    return folders or [_folder(book, "bank")]


def import_bank_files(book: Book, ui, xl_book) -> str:
    result = bank.import_statements(book, _bank_folders(book), ui.progress)  # each file in the status bar
    recognised = bank.reconcile(book)
    book.save()
    return (f"{result.added} movement(s) imported ({result.duplicates} already there) from "
            f"{', '.join(str(f) for f in _bank_folders(book))}; {recognised.rate:.0%} recognised{_kept(recognised)}.")


def reconcile(book: Book, ui, xl_book) -> str:
    result = bank.reconcile(book)
    book.save()
    return (f"{result.recognised} of {result.movements} movements recognised ({result.rate:.0%}); "
            f"{result.payments} invoice payment(s), {result.orders} order(s) executed{_kept(result)}.")


def _kept(result) -> str:
    return f"; {result.edited} edited by hand: marked M, kept" if result.edited else ""


def create_rule(book: Book, ui, xl_book) -> str:
    movement = selected(book, xl_book, "Movements")[0]
    rule = bank_rules.rule_from_movement(book, movement.movement_id)
    from engine.commands.bank_rules import say_backtest
    from engine.services import bank_backtest
    found = "\n".join(say_backtest(bank_backtest.backtest(book, rule.rule_id)))
    book.save()
    return (f"Rule {rule.rule_id} made from movement {movement.movement_id}: set its accounts on the Rules sheet "
            f"(Test rule shows it again after an edit).\n{found}")


def post_movements(book: Book, ui, xl_book) -> str:
    result = bank_post.post(book, sink=bank_post.default_sink(book))
    book.save()
    return f"Batch {result.batch}: {result.posted} movement(s) posted ({result.entries} entries)."


def back_to_pending(book: Book, ui, xl_book) -> str:
    ids = [m.movement_id for m in selected(book, xl_book, "Movements")]
    _, warnings = bank_post.back_to_pending(book, ids, sink=bank_post.default_sink(book))
    book.save()
    said = "".join(f"\n{w.message}" for w in warnings)  # an invoice the movement had paid is open again
    return f"{len(ids)} movement(s) back to pending; they are posted again with the next batch.{said}"


def ask_amount(xl_book, prompt: str):
    """Excel's own input box (number type); where Excel offers none to Python, say how to do it instead."""
    api = getattr(getattr(xl_book, "app", None), "api", None)
    ask = getattr(api, "InputBox", None)
    if ask is None:
        raise ComptoirError("this Excel offers Python no input box",
                            "use `comptoir purchases new BOOK --creditor ID --amount A` or type the row by hand")
    answer = ask(prompt, "Comptoir", Type=1)  # Type=1: Excel accepts numbers only
    if answer is False or answer in (None, ""):
        raise ComptoirError("cancelled", "nothing was changed")
    return answer


def new_received_invoice(book: Book, ui, xl_book) -> str:
    supplier = selected(book, xl_book, "Creditors")[0]
    amount = ask_amount(xl_book, f"Invoice of {supplier.name}: total with VAT (negative for a credit note)")
    done = purchases.new_received_invoice(book, creditor_id=supplier.creditor_id, date=_today(), amount=amount)
    book.save()
    return f"Received invoice {done.ids[0]} entered for {supplier.name}." + "".join(f"\n{w}" for w in done.warnings)


def _each(book: Book, sheet: str, records, act) -> list:
    """``act(record)`` on every selected record; each refusal becomes a Problem naming its row, and with any the
    run stops before saving (the Problems sheet lists them all, the book is left as it was)."""
    done, problems = [], []
    for record in records:
        try:
            done.append(act(record))
        except BusinessRuleError as error:
            where = error.source or book.table(sheet).source(record, "")
            problems.append(Problem(where, error.message, error.hint))
    if problems:
        raise ProblemsFound(problems)
    return done


def received_next_stage(book: Book, ui, xl_book) -> str:
    """The selected received orders (C) and receipts (L) moved on, dated today, keeping number and lines."""
    def move(record):
        purchases_stages.advance(book, record.number, on=_today())
        return f"{record.number} {record.stage} → {purchases.invoice(book, record.number).stage}"
    moved = _each(book, "ReceivedInvoices", selected(book, xl_book, "ReceivedInvoices"), move)
    book.save()
    return "Moved to the next stage: " + ", ".join(moved)


def complete_received_lines(book: Book, ui, xl_book) -> str:
    """The lines typed with ArticleId and Quantity on ReceivedLines completed from the Articles sheet (account, VAT
    code, price, amount, VAT) and the total of each selected received document (or of the selected lines')."""
    selection = getattr(getattr(xl_book, "app", None), "selection", None)
    if selection is not None and selection.sheet.name == book.title("ReceivedLines"):
        numbers = list(dict.fromkeys(r.invoice_number for r in selected(book, xl_book, "ReceivedLines")))
        records = [purchases.invoice(book, n) for n in numbers]
    else:
        records = selected(book, xl_book, "ReceivedInvoices")

    def complete(record):
        purchases_stages.complete_lines(book, record.number)
        return f"{record.number} {purchases.invoice(book, record.number).amount}"
    completed = _each(book, "ReceivedInvoices", records, complete)
    book.save()
    return "Lines completed: " + ", ".join(completed)


from addin.movement_actions import (  # noqa: E402,F401 (the Movement menu's buttons)
    bank_portal, delete_movement, force_posting, keep_pending, label_from_bank, label_from_communication, multiple_entry,
    normal_entry, post_movement, predefined_label, skip_movement)
