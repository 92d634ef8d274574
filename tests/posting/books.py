"""Test books in memory: an invoicing and a ledger book with the schema's headers and the VAT / chart seeds."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.schema import BOOKS
from engine.store.book import Book
from engine.templates import _seed_values


def _rows(kind: str) -> dict:
    schema = BOOKS[kind]
    return {s.name: [[c.header for c in s.columns], *_seed_values(schema, s)] for s in schema.sheets}


def books(**settings) -> tuple[Book, Book]:
    book = Book.from_rows(_rows("invoicing"), kind="invoicing", name="ventes.xlsx")
    ledger = Book.from_rows(_rows("ledger"), kind="ledger", name="compta.xlsx")
    # the bookkeeper's own account for the reduced rate's sales (tests book 2.6 % lines there): the ledger refuses
    # an entry on an account its chart does not have
    ledger.put("Accounts", [*ledger.records("Accounts"), ledger.new("Accounts", number="3410",
                                                                    name="Ventes à taux réduit")])
    ledger.save()
    if settings:
        book.set_settings(**settings)
    book.put("Clients", [book.new("Clients", client_id=1, company="Muster AG"),
                         book.new("Clients", client_id=2, first_name="Anne", last_name="Dubois")])
    book.put("Creditors", [book.new("Creditors", creditor_id=1, name="Papeterie SA", expense_account="4200",
                                    vat_code="IPM"),
                           book.new("Creditors", creditor_id=2, name="Garage Rapid", expense_account="6200",
                                    vat_code="IPI")])
    book.save()
    return book, ledger


def invoice(book, number, lines, client=1, on=date(2026, 3, 2), stage="F", rounding=None, refers_to=None, **kw):
    """An issued document; lines are (account, code, net, vat)."""
    docs = list(book.records("Documents"))
    net = sum((D(l[2]) for l in lines), D("0.00"))
    vat = sum((D(l[3]) for l in lines), D("0.00"))
    rounding = D(rounding) if rounding else None
    docs.append(book.new("Documents", number=number, stage=stage, client_id=client, date=on, total_net=net,
                         total_vat=vat, total_gross=net + vat, rounding=rounding,
                         total_payable=net + vat + (rounding or 0), refers_to=refers_to, **kw))
    book.put("Documents", docs)
    book.put("DocumentLines", [*book.records("DocumentLines"), *(
        book.new("DocumentLines", document_number=number, position=i, account=a, vat_code=c, net_amount=D(n),
                 vat_amount=D(v)) for i, (a, c, n, v) in enumerate(lines, start=1))])


def received(book, number, amount, creditor=1, on=date(2026, 3, 5), stage="F", lines=(), **kw):
    """A received invoice; lines are (account, code, amount, 'gross'|'net', vat or None)."""
    book.put("ReceivedInvoices", [*book.records("ReceivedInvoices"), book.new(
        "ReceivedInvoices", number=number, stage=stage, creditor_id=creditor, date=on,
        amount=None if amount is None else D(amount), **kw)])
    book.put("ReceivedLines", [*book.records("ReceivedLines"), *(
        book.new("ReceivedLines", invoice_number=number, position=i, account=a, vat_code=c, amount=D(m),
                 amount_type=t, vat_amount=None if v is None else D(v))
        for i, (a, c, m, t, v) in enumerate(lines, start=1))])


def pay(book, number, amount, on, kind="payment", side="sales", account="1020"):
    payments = list(book.records("Payments"))
    pid = max((p.payment_id for p in payments), default=0) + 1
    payments.append(book.new("Payments", payment_id=pid, side=side, document_number=number, date=on, kind=kind,
                             amount=D(amount), account=account))
    book.put("Payments", payments)
    return pid


def journal(ledger) -> list[tuple]:
    """The Journal as (debit, credit, amount, vat code, vat amount) tuples in entry order."""
    return [(e.debit, e.credit, str(e.amount), e.vat_code or "", str(e.vat_amount or "0.00"))
            for e in ledger.records("Journal")]


def books_on_disk(folder, lines, on: date):
    """ventes.xlsx and compta.xlsx made by `comptoir new` in ``folder``, with a client and invoice F-1 of ``lines``
    dated ``on``; returns their paths."""
    from engine.cli import main
    book, ledger = folder / "ventes.xlsx", folder / "compta.xlsx"
    assert main(["new", "invoicing", str(book)]) == 0 and main(["new", "ledger", str(ledger)]) == 0
    opened = Book.open(book)
    opened.put("Clients", [opened.new("Clients", client_id=1, company="Muster AG")])
    invoice(opened, "F-1", lines, on=on)
    opened.save()
    return book, ledger


def two_roads(tmp_path, fill, **settings) -> tuple:
    """An invoicing and a ledger book on disk (``new``), the invoicing book's Settings and client Muster AG, filled
    by ``fill(book)``, copied twice: ((the mandate copy's folder, []), (the direct copy's, ["--ledger", its
    compta.xlsx])) — the extra arguments of each road's commands. The mandate copy's mandate is created."""
    import shutil

    from engine.cli import main
    seed = tmp_path / "seed"
    assert main(["new", "invoicing", str(seed / "ventes.xlsx")]) == 0
    assert main(["new", "ledger", str(seed / "compta.xlsx")]) == 0
    book = Book.open(seed / "ventes.xlsx")
    book.set_settings(**settings)
    book.put("Clients", [book.new("Clients", client_id=1, company="Muster AG")])
    fill(book)
    book.save()
    m, d = shutil.copytree(seed, tmp_path / "mandate"), shutil.copytree(seed, tmp_path / "direct")
    assert main(["mandate", "create", "--invoicing", str(m / "ventes.xlsx"), "--ledger", str(m / "compta.xlsx")]) == 0
    return (m, []), (d, ["--ledger", str(d / "compta.xlsx")])


def account_balance(ledger, account: str) -> D:
    """debit − credit of ``account`` in the ledger's Journal: the oracle partner-account reports must equal."""
    journal = ledger.records("Journal")
    return sum((e.amount for e in journal if e.debit == account), D("0.00")) - sum(
        (e.amount for e in journal if e.credit == account), D("0.00"))


def balances(ledger, start=None, end=None) -> dict:
    """debit − credit of every account the Journal moved (entries dated from ``start`` to ``end`` when given), the
    accounts left at 0 omitted."""
    from collections import defaultdict
    out = defaultdict(lambda: D("0.00"))
    for e in ledger.records("Journal"):
        if (start is None or e.date >= start) and (end is None or e.date <= end):
            out[e.debit] += e.amount
            out[e.credit] -= e.amount
    return {a: v for a, v in out.items() if v}
