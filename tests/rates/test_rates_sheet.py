"""The Rates sheet (date, currency, CHF per 1 unit): documents, received invoices and EUR bank movements take the
rate of their date — the latest on or before it —, a rate typed on the document wins, Settings EURRate is the rate
of a book without one; ``comptoir rates import`` reads the CSV shapes people get (plain, Swiss, the SNB portal's)."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from engine import templates
from engine.errors import ProblemsFound
from engine.formats.rates_csv import parse_text
from engine.services import bank_post, purchases
from engine.services.documents import new_document
from engine.store.book import Book
from tests.posting.books import books
from tests.store.office import convert, needs_soffice

ROOT = Path(__file__).resolve().parents[2]


def _rates(book, *rows):
    book.put("Rates", [book.new("Rates", date=d, currency=c, rate=D(r)) for d, c, r in rows])


def test_a_document_takes_the_latest_rate_on_or_before_its_date():
    book, _ = books(EURRate=D("0.9000"))
    book.put("Clients", [*book.records("Clients"), book.new("Clients", client_id=3, company="Berlin GmbH",
                                                            currency="EUR")])
    _rates(book, (date(2026, 3, 2), "EUR", "0.9400"), (date(2026, 3, 9), "EUR", "0.9300"))
    line = [dict(designation="Travail", quantity=D(1), unit_price=D(100), vat_code="TVA", account="3400")]
    days = (date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 8), date(2026, 3, 9), date(2026, 12, 31))
    made = [new_document(book, client_id=3, lines=line, on=day) for day in days]
    got = [d.exchange_rate for d in book.records("Documents")]
    # 1 March: before the sheet's first day → Settings EURRate 0.9000; 2–8 March 0.9400; from 9 March 0.9300
    assert got == [D("0.9000"), D("0.9400"), D("0.9400"), D("0.9300"), D("0.9300")] and len(made) == 5


def test_a_eur_document_without_any_rate_is_refused_with_the_way_out():
    book, _ = books()
    book.put("Clients", [*book.records("Clients"), book.new("Clients", client_id=3, company="Berlin GmbH",
                                                            currency="EUR")])
    with pytest.raises(Exception) as raised:
        new_document(book, client_id=3, lines=[dict(designation="x", quantity=D(1), unit_price=D(1))],
                     on=date(2026, 3, 1))
    assert "no EUR rate on or before 01.03.2026" in str(raised.value) and "Rates sheet" in str(raised.value)


def test_a_received_invoice_takes_its_dates_rate_and_a_typed_rate_wins():
    book, _ = books()
    _rates(book, (date(2026, 3, 2), "EUR", "0.9400"), (date(2026, 3, 2), "USD", "0.8800"))
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="540.50", currency="EUR",
                                   vat_code="IPM", expense_account="4200")
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="100.00", currency="USD",
                                   vat_code="IPM", expense_account="4200")
    purchases.new_received_invoice(book, creditor_id=1, date=date(2026, 3, 5), amount="100.00", currency="EUR",
                                   vat_code="IPM", expense_account="4200", exchange_rate="0.9555")
    assert [r.exchange_rate for r in book.records("ReceivedInvoices")] == [D("0.9400"), D("0.8800"), D("0.9555")]


def _movement(book, movement_id, day, amount):
    book.put("Movements", [*book.records("Movements"), book.new(
        "Movements", movement_id=movement_id, bank_iban="CH9300762011623852957", booking_date=day,
        direction="debit", amount=D(amount), currency="EUR", debit_account="6940", credit_account="1021",
        type="Frais bancaires", label="Frais", action="post", state="pending")])


def test_eur_bank_movements_post_at_the_rate_of_their_booking_date():
    book, ledger = books(EURRate=D("0.9900"))
    _rates(book, (date(2026, 3, 2), "EUR", "0.9400"), (date(2026, 3, 9), "EUR", "0.9300"))
    _movement(book, 1, date(2026, 3, 1), "10.00")  # before the first rate: EURRate 0.99 → 9.90
    _movement(book, 2, date(2026, 3, 6), "12.35")  # 12.35 × 0.94 = 11.609 → 11.61
    _movement(book, 3, date(2026, 3, 9), "12.35")  # 12.35 × 0.93 = 11.4855 → 11.49
    assert bank_post.post(book, ledger=ledger).problems == ()
    assert [(e.debit, e.credit, e.amount) for e in ledger.records("Journal")] == [
        ("6940", "1021", D("9.90")), ("6940", "1021", D("11.61")), ("6940", "1021", D("11.49"))]
    assert "EUR 12.35 × 0.9300" in ledger.records("Journal")[2].label


def test_a_eur_movement_with_no_rate_for_its_day_is_named():
    book, ledger = books()
    _rates(book, (date(2026, 3, 2), "EUR", "0.9400"))
    _movement(book, 1, date(2026, 3, 1), "10.00")
    result = bank_post.post(book, ledger=ledger)
    assert result.posted == 0 and not ledger.records("Journal")
    assert "no EUR rate on or before 01.03.2026" in result.problems[0].message


def test_csv_shapes():
    plain = parse_text("date,currency,rate\n2026-12-31,EUR,0.9312\n2026-12-30,usd,0.8021\n", "plain.csv")
    swiss = parse_text("31.12.2026;EUR;0,9312\r\n", "swiss.csv")  # no header, decimal comma
    snb = parse_text('"CubeId";"devkua"\n"PublishingDate";"2027-01-05 09:00"\n\n"Date";"D0";"D1";"Value"\n'
                     '"2026-12-30";"D";"EUR1";"0.9301"\n"2026-12-31";"D";"EUR1";""\n'
                     '"2026-12-31";"D";"JPY100";"0.5312"\n', "snb.csv")
    assert [(r.day, r.currency, r.rate) for r in plain] == [(date(2026, 12, 31), "EUR", D("0.9312")),
                                                           (date(2026, 12, 30), "USD", D("0.8021"))]
    assert [(r.day, r.currency, r.rate) for r in swiss] == [(date(2026, 12, 31), "EUR", D("0.9312"))]
    # the empty fixing of 31.12 is skipped; 100 JPY = 0.5312 CHF → 1 JPY = 0.005312
    ezv = parse_text("date,symbol,price,currency\n2002-01-03,EUR,1.49600,CHF\n", "EUR.csv")  # the customs' shape
    assert [(r.day, r.currency, r.rate) for r in ezv] == [(date(2002, 1, 3), "EUR", D("1.49600"))]
    assert [(r.day, r.currency, r.rate) for r in snb] == [(date(2026, 12, 30), "EUR", D("0.9301")),
                                                         (date(2026, 12, 31), "JPY", D("0.005312"))]


def test_every_bad_value_is_named_by_line_and_column_at_once():
    with pytest.raises(ProblemsFound) as raised:
        parse_text("date;currency;rate\n2026-12-31;EUR;0,93\n31.13.2026;EUR;0,93\n2026-12-30;EURO;-1\n", "r.csv")
    said = [(p.source.row, p.source.column, p.message) for p in raised.value.problems]
    assert said == [(3, "date", 'column 1 (Date): "31.13.2026" is not a date'),
                    (4, "currency", 'column 2 (Currency): "EURO" is not a currency code'),
                    (4, "rate", 'column 3 (Rate): "-1" is not a rate above 0')]
    # the line once (the source says it), then the column (audit 19: "line 3: line 3:", no column)
    assert str(raised.value.problems[0]).startswith('r.csv: line 3: column 1 (Date): "31.13.2026"')
    with pytest.raises(ProblemsFound) as raised:
        parse_text("2026-12-31,EUR,0.9312\n2026-12-30,EUR,0.93\n2026-12-31,EUR,0.9320\n", "twice.csv")
    [said] = raised.value.problems
    assert said.message == "column 3 (Rate): EUR 31.12.2026 is 0.9320 here and 0.9312 on line 1"


def _old_book(tmp_path) -> Path:
    """A blank invoicing book made before the Rates sheet (and the Payments AmountCHF column)."""
    workbook = templates.build("invoicing")
    del workbook["Rates"]
    path = tmp_path / "old.xlsx"
    workbook.save(path)
    return path


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True)


def test_import_into_a_book_made_before_the_sheet_then_list(tmp_path):
    path = _old_book(tmp_path)
    assert Book.open(path).records("Rates") == () and Book.open(path).check() == []
    csv = tmp_path / "snb.csv"
    csv.write_text("Datum;Währung;Kurs\n30.12.2026;EUR;0,9301\n31.12.2026;EUR;0,9312\n31.12.2026;JPY100;0,53\n",
                   encoding="utf-8")
    done = _cli("rates", "import", path, csv)
    assert done.returncode == 0, done.stderr
    assert "2 rates added, 0 replaced, 0 already there (30.12.2026 – 31.12.2026)" in done.stdout
    assert "JPY 1" in done.stdout
    assert "Rates" in openpyxl.load_workbook(path).sheetnames and Book.open(path).check() == []
    csv.write_text("date,currency,rate\n2026-12-31,EUR,0.9320\n2026-12-30,EUR,0.9301\n", encoding="utf-8")
    again = _cli("rates", "import", path, csv)
    assert "0 rates added, 1 replaced, 1 already there" in again.stdout
    listed = _cli("rates", "list", path, "--from", "31.12.2026")
    assert listed.stdout.splitlines() == ["Date\tCurrency\tRate\tSource", "2026-12-31\tEUR\t0.932\tsnb.csv"]


def test_a_bad_file_leaves_the_book_as_it_was(tmp_path):
    path = _old_book(tmp_path)
    before = path.read_bytes()
    csv = tmp_path / "r.csv"
    csv.write_text("date,currency,rate\n2026-12-31,EUR,abc\n", encoding="utf-8")
    done = _cli("rates", "import", path, csv)
    assert done.returncode != 0 and "r.csv" in done.stderr and "line 2" in done.stderr and "abc" in done.stderr
    assert path.read_bytes() == before


def test_a_document_without_its_rate_posts_at_the_rate_of_its_date_and_check_is_quiet():
    from engine.services.posting import post
    from tests.posting.books import invoice, journal
    book, ledger = books()
    _rates(book, (date(2026, 3, 2), "EUR", "0.9400"), (date(2026, 3, 9), "EUR", "-0.93"))
    invoice(book, "F-1", [("3400", "", "100.00", "0.00")], on=date(2026, 3, 5), currency="EUR")  # typed in Excel
    said = [p for p in book.check() if "Rates" in str(p.source) or "ExchangeRate" in p.message]
    assert [p.message for p in said] == ["the EUR rate of 09.03.2026 is -0.93"]  # F-1 has its day's rate
    post(book, ledger, date(2026, 3, 31), save=False)
    assert journal(ledger) == [("1100", "3400", "94.00", "", "0.00")]  # 100 × 0.94


def test_the_rate_a_document_was_posted_at_is_written_on_it_and_locked():
    from engine.domain.posting import locks
    from engine.services.posting import post
    from tests.posting.books import invoice
    from tests.posting.test_properties import balances
    book, ledger = books()
    _rates(book, (date(2026, 3, 2), "EUR", "0.9400"))
    invoice(book, "F-1", [("3400", "", "100.00", "0.00")], on=date(2026, 3, 5), currency="EUR")
    post(book, ledger, date(2026, 3, 31), save=False)
    [doc] = book.records("Documents")
    assert doc.exchange_rate == D("0.9400") and not locks.edited(book)
    # the Rates row corrected afterwards: the payment still clears 1100 at the 94.00 the invoice was posted at
    _rates(book, (date(2026, 3, 2), "EUR", "0.9500"))
    book.put("Payments", [book.new("Payments", payment_id=1, side="sales", document_number="F-1",
                                   date=date(2026, 4, 1), kind="payment", amount=D("100.00"), account="1020")])
    post(book, ledger, date(2026, 4, 30), save=False)
    assert balances(ledger)["1100"] == 0  # 94.00 invoiced, 95.00 came in: 1100 cleared, 1.00 to 6999


def test_reports_value_a_document_typed_without_its_rate_at_the_rate_of_its_date():
    from engine.services import reports
    from tests.posting.books import invoice
    book, _ = books()
    _rates(book, (date(2026, 3, 2), "EUR", "0.9400"))
    invoice(book, "F-1", [("3400", "", "100.00", "0.00")], on=date(2026, 3, 5), currency="EUR", status="F",
            due_date=date(2026, 4, 4))
    r = reports.report(book, "debtors", until=date(2026, 3, 31), language="en",
                       columns=["number", "open", "rate", "open_chf"], group_by="")
    [row] = r.rows
    assert (r.value(row, "open"), r.value(row, "rate"), r.value(row, "open_chf")) == (D("100.00"), D("0.94"),
                                                                                      D("94.00"))


@needs_soffice
def test_libreoffice_reads_the_rates_sheet_added_to_an_old_book(tmp_path):
    path = _old_book(tmp_path)
    book = Book.open(path)
    _rates(book, (date(2026, 12, 30), "EUR", "0.9301"), (date(2026, 12, 31), "USD", "0.8021"))
    book.save()
    theirs = Book.open(convert(path, tmp_path / "out"))
    assert [(r.date, r.currency, r.rate) for r in theirs.records("Rates")] == [
        (date(2026, 12, 30), "EUR", D("0.9301")), (date(2026, 12, 31), "USD", D("0.8021"))]
