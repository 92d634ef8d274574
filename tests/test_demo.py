"""`comptoir demo DIR` runs the whole cycle on the embedded defaults and leaves books a bookkeeper can open."""
import zipfile

import pytest
from lxml import etree

from engine.cli import main
from engine.store.book import Book
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "acme"
    assert main(["demo", str(folder)]) == 0
    return folder


def test_demo_books_check_clean(demo):
    for name in ("invoicing.xlsx", "ledger.xlsx"):
        book = Book.open(demo / name)
        assert [p for p in book.check() if p.severity == "error"] == []
    invoicing = Book.open(demo / "invoicing.xlsx")
    assert len(invoicing.records("Clients")) == 20
    assert len(invoicing.records("Articles")) == 30
    assert len(invoicing.records("Creditors")) == 10
    assert invoicing.settings["CompanyName"] == "Menuiserie Favre SA"


def test_demo_files_pass_the_official_schemas(demo):
    camt = etree.XMLSchema(etree.parse(str(shared_file("xsd", "camt.053.001.08.xsd"))))
    pain = etree.XMLSchema(etree.parse(str(shared_file("xsd", "pain.001.001.09.ch.03.xsd"))))
    statements = list((demo / "bank").glob("*.xml"))
    orders = list((demo / "payments").glob("*.xml"))
    assert statements and orders
    for path in statements:
        assert camt.validate(etree.parse(str(path))), camt.error_log.last_error
    for path in orders:
        assert pain.validate(etree.parse(str(path))), pain.error_log.last_error


def test_demo_statement_ibans_pass_their_check_digits(demo):
    # python-stdnum is the oracle: a demo file that warns on `camt parse` teaches users to ignore warnings.
    from stdnum import iban
    ns = {"c": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"}
    for path in (demo / "bank").glob("*.xml"):
        values = etree.parse(str(path)).xpath("//c:IBAN/text()", namespaces=ns)
        assert values and [v for v in values if not iban.is_valid(v)] == []


def test_demo_ledger_balances_and_agrees_with_the_mandate(demo, capsys):
    journal = Book.open(demo / "ledger.xlsx").records("Journal")
    assert journal
    assert sum(e.amount for e in journal) > 0
    by_account = {}
    for e in journal:
        by_account[e.debit] = by_account.get(e.debit, 0) + e.amount
        by_account[e.credit] = by_account.get(e.credit, 0) - e.amount
    assert sum(by_account.values()) == 0  # double entry: every entry debits and credits the same amount
    capsys.readouterr()
    assert main(["mandate", "status", str(demo / "invoicing.xlsx")]) == 0
    assert "nothing waiting" in capsys.readouterr().out


def test_demo_eur_supplier_invoice_is_in_the_ledger_in_chf(demo):
    from decimal import ROUND_HALF_UP, Decimal
    invoicing = Book.open(demo / "invoicing.xlsx")
    [eur] = [r for r in invoicing.records("ReceivedInvoices") if r.currency == "EUR"]
    rate = Decimal(str(invoicing.settings["EURRate"]))
    assert eur.exchange_rate == rate
    chf = (eur.amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    journal = [e for e in Book.open(demo / "ledger.xlsx").records("Journal") if e.group == eur.number]
    assert sum(e.amount for e in journal if e.credit == "2000") == chf  # the invoice, in CHF
    assert sum(e.amount for e in journal if e.debit == "2000") == chf  # its payment clears the payable


def test_demo_bank_movements_are_mostly_recognised(demo):
    movements = Book.open(demo / "invoicing.xlsx").records("Movements")
    unknown = [m for m in movements if (m.debit_account or m.credit_account) in ("9907", "9908")
               and m.parent is None]
    assert movements and len(unknown) <= 0.1 * len(movements)


def test_demo_writes_documents_and_a_dashboard_with_native_charts(demo):
    assert len(list((demo / "documents").glob("F-*.pdf"))) >= 30
    with zipfile.ZipFile(demo / "invoicing.xlsx") as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 3


def test_the_command_map_names_every_command_each_module_registers():
    """`comptoir X` imports only X's module: the map in engine/commands must match what the modules register."""
    import argparse
    import importlib
    import pkgutil

    from engine import commands

    registered, helps = {}, {}
    for info in pkgutil.iter_modules(commands.__path__):
        sub = argparse.ArgumentParser().add_subparsers()
        module = importlib.import_module(f"engine.commands.{info.name}")
        if not hasattr(module, "register"):  # a part of another area's commands (bank_movements: `bank ...`)
            continue
        module.register(sub)
        registered.update({name: info.name for name in sub.choices})
        helps.update({action.dest: action.help for action in sub._choices_actions})
    assert registered == commands.MODULES
    assert helps == commands.HELP  # `comptoir --help` lists them from the map, importing none


def test_demo_bank_account_in_the_ledger_is_the_bank_statements_closing_balance(demo):
    """Each franc is booked once (issue 21, item 1): 1020 in the ledger — the opening carried forward, every posted
    movement of the year's camt.053 and the payments the reconciliation recorded from it — equals the statement's
    closing balance, read from the file with XPath. (It was 277,993.27 against 93,284.86: the opening was not booked
    and 42 payments recorded by hand on 1020 were not in the statement; those are on the postal account 1010.)"""
    from decimal import Decimal
    ns = {"c": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"}
    (statement,) = (demo / "bank").glob("*.xml")
    tree = etree.parse(str(statement))
    closing = Decimal(tree.xpath("//c:Bal[c:Tp/c:CdOrPrtry/c:Cd='CLBD']/c:Amt/text()", namespaces=ns)[0])
    journal = Book.open(demo / "ledger.xlsx").records("Journal")
    bank = sum((e.amount if e.debit == "1020" else -e.amount for e in journal if "1020" in (e.debit, e.credit)),
               Decimal("0.00"))
    movements = Book.open(demo / "invoicing.xlsx").records("Movements")
    assert all(m.state == "processed" for m in movements if m.parent is None)  # nothing left to sort
    assert bank == closing


def test_demo_debtors_are_the_ledgers_1100_and_reminders_ask_only_what_is_owed(demo):
    """Audit of issue 21: the debtors report left reminder fees and interest out of "open" (1,792.45 below 1100, and
    paid reminders shown as client credits of 1,274.80), and reminders issued before the bank statement was read
    asked again for money paid in March. Now, per client, the report's open amount (invoice + fees + interest −
    what was paid) equals the 1100 extract grouped by Reference, read from the Journal; no client shows a credit;
    and every reminder's invoice had money owed on its date by the Payments recorded before it (the bank's too)."""
    from collections import defaultdict
    from datetime import date
    from decimal import Decimal
    from engine.services import reports
    invoicing, ledger = Book.open(demo / "invoicing.xlsx"), Book.open(demo / "ledger.xlsx")
    report = reports.report(invoicing, "debtors-summary", until=date(2026, 12, 31))
    at = {c.key: i for i, c in enumerate(report.columns)}
    names = {c.client_id: c.company or f"{c.first_name} {c.last_name}" for c in invoicing.records("Clients")}
    shown = {row[at["client"]]: row[at["open"]] for row in report.rows if row[at["client"]]}
    by_reference = defaultdict(Decimal)
    for e in ledger.records("Journal"):
        if "1100" in (e.debit, e.credit):
            by_reference[(e.reference or "")[2:]] += e.amount if e.debit == "1100" else -e.amount
    owed = {name: amount for name, amount in by_reference.items() if amount}
    assert shown == owed and all(row[at["credit"]] == 0 for row in report.rows if "credit" in at)
    assert set(names.values()) >= set(shown)
    payments = invoicing.records("Payments")
    for document in (d for d in invoicing.records("Documents") if d.reminder_level):
        before = [p for p in payments if p.document_number == document.number and p.date < document.last_reminder]
        paid = sum((p.amount for p in before if p.kind in ("payment", "discount", "loss", "credit_note")), Decimal(0))
        assert paid < document.total_payable, document.number


def test_demo_invoice_numbers_follow_their_dates(demo):
    """Audit of issue 21: F-2026-0039 was dated 20.05 and F-2026-0034 03.12 (the special invoices were made last).
    In number order the dates never go back."""
    invoices = sorted((d.number, d.date) for d in Book.open(demo / "invoicing.xlsx").records("Documents")
                      if d.stage == "F")
    assert len(invoices) > 30 and all(a[1] <= b[1] for a, b in zip(invoices, invoices[1:]))


def test_demo_vat_statement_taxes_what_is_booked_box_by_box(demo):
    """Issue 21, item 2: box 303 showed a tax of 37,923.25 on its bases but 37,265.99 booked on 2200. The 657.26 was
    the demo's down payment (4,057.20 + 328.63 on 2030 "acomptes reçus") counted against the turnover twice — on its
    invoice and on its deduction from the final invoice — because neither side is a revenue account. A down payment
    now counts when invoiced and is taken back when deducted: every box's tax equals what is booked."""
    from engine.domain import ledger_reports
    from engine.domain.vat import VatRates
    ledger = Book.open(demo / "ledger.xlsx")
    rows = ledger_reports.vat_statement(ledger.records("Journal"), VatRates.from_records(ledger.records("VatCodes")),
                                        {a.number: a.account_class for a in ledger.records("Accounts")})
    assert rows and all(r.tax == r.booked for r in rows), [(r.box, r.tax, r.booked) for r in rows]
    down = [e for e in ledger.records("Journal") if "2030" in (e.debit, e.credit) and e.vat_code]
    assert len(down) == 2 and down[0].vat_amount == down[1].vat_amount  # invoiced, then deducted


def test_demo_vat_return_files_declare_what_the_vat_accounts_hold(demo):
    """Issue 19, item 1: the demo files its four quarters (DIR/vat, eCH-0217). Each file passes the schema, and its
    payableTax is the form's computation from its own figures (each rate's turnover × rate, less input tax). The
    year's four add up to what the Journal booked on the VAT accounts with a VAT code (2200 credited less debited,
    less 1170 / 1171 debited net: a hand-made sum over the entries, not the statement's) but for the invoices'
    roundings, a cent or two."""
    from decimal import ROUND_HALF_UP, Decimal

    from tests.vat_return.ech0217 import NS, amount, per_rate, validated
    files = sorted((demo / "vat").glob("eMWST-2026-Q*.xml"))
    assert [f.name for f in files] == [f"eMWST-2026-Q{q}.xml" for q in range(1, 5)]
    declared = Decimal(0)
    for f in files:
        root = validated(f.read_bytes())
        form = sum((t * r / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)  # commercial rounding, to the cent
                   for r, t in per_rate(root, "effectiveReportingMethod").items())
        inputs = sum(Decimal(x.text) for x in root.xpath("e:effectiveReportingMethod/e:inputTaxMaterialAndServices"
                                                        "|e:effectiveReportingMethod/e:inputTaxInvestments",
                                                        namespaces=NS))
        assert amount(root, "e:payableTax") == form - inputs
        declared += form - inputs
    booked = Decimal(0)
    for e in Book.open(demo / "ledger.xlsx").records("Journal"):
        if e.vat_code and e.date.year == 2026:
            booked += (e.amount if e.credit == "2200" else -e.amount if e.debit == "2200" else
                       -e.amount if e.debit in ("1170", "1171") else e.amount if e.credit in ("1170", "1171") else 0)
    assert booked > 0 and abs(declared - booked) <= Decimal("0.04"), (declared, booked)


def test_running_the_demo_again_touches_nothing_unless_asked_and_leaves_no_lock_file(demo, capsys):
    """Issue 21, item 6: a second `comptoir demo DIR` replaced both books with empty ones, then stopped on the
    mandate; lock files (.*.comptoir-lock) stayed beside the books after every run."""
    before = {p.name: p.read_bytes() for p in demo.glob("*.xlsx")}
    capsys.readouterr()
    assert main(["demo", str(demo)]) == 2
    assert "--force" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in demo.glob("*.xlsx")} == before
    assert not list(demo.glob(".*comptoir-lock")) and not list(demo.glob("**/.*comptoir-lock"))
    out = demo.parent / "again"
    assert main(["demo", str(out)]) == 0 and main(["demo", str(out), "--force"]) == 0
    assert "started over" in capsys.readouterr().out
    assert not list(out.glob(".*comptoir-lock"))
