"""A demo-like company's year on its bank account: open invoices in an invoicing book and a camt.053 of the year
from bench/camt_gen.py (QR payments for those invoices, SCOR credits, fees, interest, salaries, ATM, cards)."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from bench.camt_gen import OWN_IBAN, generate, qr_reference
from engine.schema import INVOICING
from engine.store.book import Book


def invoicing_book(invoices: int, *, rules=(), orders=(), types: str = "en") -> Book:
    """An in-memory invoicing book with ``invoices`` open invoices F-1… (QR references 1…), the seeded movement
    types (named in the language ``types``: Bank charges, Frais bancaires, Bankspesen…), one bank account and
    ``rules`` (dicts of Rules fields)."""
    from engine.templates import _seed_values  # a new book's seeded rows (Settings, MovementTypes)
    sheets = {s.name: [[c.header for c in s.columns],
                       *_seed_values(INVOICING, s, types if s.name == "MovementTypes" else "en")]
              for s in INVOICING.sheets}
    book = Book.from_rows(sheets, kind="invoicing")
    book.set_settings(DefaultLanguage="EN")  # the reasons these tests read are the English ones (engine/locale/en/)
    book.put("BankAccounts", [book.new("BankAccounts", iban=OWN_IBAN, name="Banque", currency="CHF",
                                       ledger_account="1020")])
    book.put("Clients", [book.new("Clients", client_id=n, company=f"Client {n} SA") for n in range(1, 11)])
    book.put("Documents", [book.new("Documents", number=f"F-{n}", stage="F", status="F", client_id=n % 10 + 1,
                                    date=date(2024, 1, 1), total_payable=amount(n), balance=amount(n),
                                    paid=Decimal("0.00"), qr_reference=qr_reference(n))
                           for n in range(1, invoices + 1)])
    book.put("Rules", [book.new("Rules", rule_id=n, order=n, active=True, **r) for n, r in enumerate(rules, 1)])
    book.put("PaymentOrders", [book.new("PaymentOrders", **o) for o in orders])
    return book


def amount(n: int) -> Decimal:
    return Decimal(100 + (n * 37) % 4900) + Decimal(n % 100) / 100


def statement(entries: int, paid: int, *, seed: int = 7) -> bytes:
    """A year's camt.053 whose first ``paid`` entries pay invoices F-1…F-paid by QR reference."""
    out = io.BytesIO()
    generate(out, entries=entries, seed=seed, invoices=[(qr_reference(n), amount(n)) for n in range(1, paid + 1)])
    return out.getvalue()


def company_book_for(xml: bytes, *, partial_every: int = 20, fee_every: int = 10) -> Book:
    """The book a company would hold when this statement arrives, read from the file with plain lxml (not our
    parser): its invoices for the QR/SCOR credits (every ``partial_every``-th one larger, so it is paid in part),
    invoices named in plain credits for half of them, its exported orders for the e-banking debits (every
    ``fee_every``-th one 2.00 cheaper than what the bank debits), and rules for the card merchants."""
    from lxml import etree
    from bench.camt_gen import NAMES
    ns = {"c": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"}
    tree = etree.fromstring(xml)
    refs, plain, orders = [], [], []
    for ntry in tree.iterfind(".//c:Ntry", ns):
        money = Decimal(ntry.findtext("c:Amt", namespaces=ns))
        ref = ntry.findtext(".//c:CdtrRefInf/c:Ref", namespaces=ns)
        sub = ntry.findtext("c:BkTxCd/c:Domn/c:Fmly/c:SubFmlyCd", namespaces=ns)
        if ref:
            refs.append((ref, money))
        elif sub == "DMCT":
            plain.append((ntry.findtext(".//c:Dbtr/c:Pty/c:Nm", namespaces=ns), money))
        elif sub == "AUTT" and ntry.findtext("c:CdtDbtInd", namespaces=ns) == "DBIT":
            orders.append((ntry.findtext(".//c:EndToEndId", namespaces=ns), money))
    book = invoicing_book(0, rules=[dict(title=f"Carte {name}", contains=name, direction="debit",
                                         debit_account="6500", label="{partner} {month:%B %Y}") for name in NAMES[:8]])
    clients = {name: n for n, name in enumerate(NAMES, 1)}
    book.put("Clients", [book.new("Clients", client_id=n, company=name) for name, n in clients.items()])
    docs = []
    for n, (ref, money) in enumerate(refs, 1):
        payable = money + (50 if n % partial_every == 0 else 0)
        docs.append(book.new("Documents", number=f"F-{n}", stage="F", status="F", client_id=n % 10 + 1,
                             date=date(2024, 1, 1), total_payable=payable, balance=payable, qr_reference=ref))
    for n, (name, money) in enumerate(plain[::2], len(refs) + 1):
        docs.append(book.new("Documents", number=f"F-{n}", stage="F", status="F", client_id=clients.get(name, 1),
                             date=date(2024, 1, 1), total_payable=money, balance=money))
    book.put("Documents", docs)
    book.put("ReceivedInvoices", [book.new("ReceivedInvoices", number=f"R-{n}", stage="F", status=">BA",
                                           creditor_id=1, date=date(2024, 1, 1), amount=money)
                                  for n, (_, money) in enumerate(orders, 1)])
    book.put("PaymentOrders", [book.new("PaymentOrders", order_id=n, invoice_number=f"R-{n}", status=">BA",
                                        amount=money - (2 if n % fee_every == 0 else 0), end_to_end_id=e2e)
                               for n, (e2e, money) in enumerate(orders, 1)])
    return book
