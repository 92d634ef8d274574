"""Findings of the foreign-currency audit (issue 19): a posted payment's CHF is fixed, a revaluation without the
closing day's rate is refused, an implausible rate is named, a stale revaluation is named, revalue finds its book
through the mandate. Every expected amount is worked out by hand in the comments."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from engine.services import rates
from engine.services.posting import post, repost
from tests.posting.books import books, invoice, journal
from tests.rates.test_exchange_differences import ISSUED, PAID, _pay, _rates


def test_a_rate_replaced_after_posting_does_not_move_the_posted_payment(tmp_path):
    book, ledger = books()
    _rates(book)  # 0.94 from 2.3, 0.93 from 1.4
    # EUR 1,000.00 export at 0.94 = 940.00; paid EUR 1,000.00 on 1.4 at 0.93 = 930.00, loss 10.00
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR")
    _pay(book, "F-1", "1000.00", PAID)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert [p.amount_chf for p in book.records("Payments")] == [D("930.00")]  # the CHF it was posted at, written
    csv = tmp_path / "r.csv"
    csv.write_text("date,currency,rate\n2026-04-01,EUR,0.935\n")
    done = rates.import_file(book, csv)
    assert done.replaced == 1
    [said] = done.warnings
    assert "line 2" in said and "01.04.2026" in said and "payment 1" in said and "F-1" not in said.split("valued")[0]
    repost(book, ledger, ISSUED, None, save=False)
    # still 930.00 in and 940.00 − 930.00 = 10.00 lost; at the new rate it would be 935.00 and 5.00
    assert journal(ledger) == [("1100", "3400", "940.00", "", "0.00"), ("1020", "1100", "930.00", "", "0.00"),
                               ("6949", "1100", "10.00", "", "0.00")]


def test_a_payment_without_a_rate_of_its_day_keeps_its_cell_empty():
    book, ledger = books()  # no Rates sheet rows: the payment is valued at the document's rate, nothing written
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR", exchange_rate=D("0.94"))
    _pay(book, "F-1", "1000.00", PAID)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert [p.amount_chf for p in book.records("Payments")] == [None]


def _eur_account(book):
    book.put("BankAccounts", [book.new("BankAccounts", iban="CH5604835012345678009", name="UBS EUR", currency="EUR",
                                       ledger_account="1021", opening_balance=D("1000.00"),
                                       opening_date=date(2026, 1, 1))])


def test_revalue_refuses_a_rate_older_than_the_closing_days(tmp_path):
    from engine.errors import BusinessRuleError
    from engine.services import revaluation
    book, ledger = books()
    _eur_account(book)
    book.put("Rates", [book.new("Rates", date=date(2026, 5, 4), currency="EUR", rate=D("0.9500"))])
    count = len(ledger.records("Journal"))
    try:
        revaluation.revalue(ledger, book, date(2026, 6, 30))
    except BusinessRuleError as error:
        said = str(error)
    else:
        raise AssertionError("30.06 revalued at the rate of 04.05")
    assert "04.05.2026" in said and "30.06.2026" in said and "5 business days" in said and "2026-06-30,EUR" in said
    assert len(ledger.records("Journal")) == count
    # Friday 26.06.2026 is 2 business days before Tuesday 30.06: the closing rate. EUR 1,000.00 × 0.9400 = 940.00
    # against 0.00 the ledger holds on 1021 (no opening entry here): 940.00 gain, and its reversal on 1.7
    book.put("Rates", [*book.records("Rates"), book.new("Rates", date=date(2026, 6, 26), currency="EUR",
                                                        rate=D("0.9400"))])
    result = revaluation.revalue(ledger, book, date(2026, 6, 30))
    assert [(r.rate, r.target, r.difference) for r in result.rows] == [(D("0.9400"), D("940.00"), D("940.00"))]
    assert journal(ledger)[-2:] == [("1021", "6999", "940.00", "", "0.00"), ("6999", "1021", "940.00", "", "0.00")]


def test_an_empty_rate_in_a_plain_file_is_refused_naming_its_line():
    import pytest

    from engine.errors import ProblemsFound
    from engine.formats.rates_csv import parse_text
    with pytest.raises(ProblemsFound) as raised:
        parse_text("date,currency,rate\n2026-07-02,EUR,0.935\n2026-07-03,EUR,\n2026-07-06,EUR,0.94\n", "r.csv")
    [said] = raised.value.problems
    assert (said.source.row, said.source.column) == (3, "rate")
    assert str(said).startswith("r.csv: line 3: column 3 (Rate): the rate is empty")


def test_a_rate_100_times_too_high_is_named_at_import_and_by_check(tmp_path):
    from engine.services import book_check
    book, _ = books()
    book.put("Rates", [book.new("Rates", date=date(2026, 7, 2), currency="EUR", rate=D("0.9350"))])
    csv = tmp_path / "r.csv"
    csv.write_text("date,currency,rate\n2026-07-03,EUR,93.5\n2026-07-06,EUR,0.94\n")
    done = rates.import_file(book, csv)
    # 93.5 / 0.935 = 100: 9,900 % from the previous rate; 0.94 on 6.7 is compared with 0.935 (+0.5 %), not 93.5
    [said] = done.warnings
    assert said.startswith("line 2, column rate: EUR 03.07.2026 is 93.5, 9900% from 0.9350 on 02.07.2026")
    found = [p for p in book_check.problems(book) if "Rates" in str(p.source) and "9900%" in p.message]
    assert len(found) == 1 and found[0].severity == "warning"


def test_revalue_finds_the_invoicing_book_through_the_mandate(tmp_path, capsys):
    from engine.cli import main
    from tests.rates.test_revaluation import year_on_disk
    year_on_disk(tmp_path)
    compta = str(tmp_path / "compta.xlsx")
    assert main(["ledger", "revalue", compta, "--date", "2026-12-31"]) == 2  # no mandate yet: --book is asked for
    assert "--book" in capsys.readouterr().err
    assert main(["mandate", "create", "--invoicing", str(tmp_path / "ventes.xlsx"), "--ledger", compta]) == 0
    capsys.readouterr()
    # the same 6 entries as with --book (test_revaluation.test_the_command_line)
    assert main(["ledger", "revalue", compta, "--date", "2026-12-31"]) == 0
    assert "6 entries in batch revaluation-2026-12-31-ventes" in capsys.readouterr().out


def test_revalue_names_a_journal_row_without_its_amount_and_writes_nothing(tmp_path, capsys):
    import openpyxl

    from engine.cli import main
    from tests.rates.test_revaluation import year_on_disk
    year_on_disk(tmp_path)
    compta = tmp_path / "compta.xlsx"
    workbook = openpyxl.load_workbook(compta)
    journal = workbook["Journal"]
    amount = [c.value for c in journal[1]].index("Amount") + 1
    journal.cell(row=3, column=amount).value = None  # what the ledger holds can no longer be added up
    workbook.save(compta)
    before = compta.read_bytes()
    capsys.readouterr()
    ventes = str(tmp_path / "ventes.xlsx")
    assert main(["ledger", "revalue", str(compta), "--date", "2026-12-31", "--book", ventes]) == 1
    said = capsys.readouterr().err
    assert f"Journal!{openpyxl.utils.get_column_letter(amount)}3: Amount is empty" in said, said
    assert compta.read_bytes() == before


def test_check_names_a_revaluation_older_than_what_it_revalued():
    from engine.services import book_check, revaluation
    from tests.rates.test_revaluation import END, _year
    book, ledger = books()
    _year(book, ledger)
    revaluation.revalue(ledger, book, END)

    def stale():
        return [p for p in book_check.problems(ledger) if "older than what it revalued" in p.message]
    assert stale() == []  # just made: true
    # F-1's last EUR 600.00 paid on 15.12, posted after the revaluation: on 31.12 1100 holds for F-1
    # 940.00 − 376.00 − 564.00 = 0.00, where the revaluation saw 940.00 − 376.00 = 564.00 open
    book.put("Payments", [*book.records("Payments"), book.new(
        "Payments", payment_id=3, side="sales", document_number="F-1", date=date(2026, 12, 15), kind="payment",
        amount=D("600.00"), account="1020")])
    post(book, ledger, END, save=False)
    [said] = stale()
    assert said.severity == "warning" and "31.12.2026" in said.message and "564.00" in said.message
    assert "0.00" in said.message and "ledger revalue LEDGER --date 2026-12-31" in said.hint
    revaluation.revalue(ledger, book, END)  # run again: true again
    assert stale() == []


def test_check_names_a_revaluation_whose_closing_rate_was_corrected(tmp_path):
    from engine.cli import main
    from engine.services import book_check
    from engine.store.book import Book
    from tests.rates.test_revaluation import year_on_disk
    year_on_disk(tmp_path)
    compta, ventes = tmp_path / "compta.xlsx", tmp_path / "ventes.xlsx"
    assert main(["mandate", "create", "--invoicing", str(ventes), "--ledger", str(compta)]) == 0
    assert main(["ledger", "revalue", str(compta), "--date", "2026-12-31"]) == 0  # at 0.9300

    def stale():
        return [p for p in book_check.problems(Book.open(compta)) if "older than" in p.message]
    assert stale() == []
    csv = tmp_path / "r.csv"
    csv.write_text("2026-12-31,EUR,0.9350\n")  # the closing rate corrected after the revaluation
    assert main(["rates", "import", str(ventes), str(csv)]) == 0
    [said] = stale()
    assert "it used: 0.93," in said.message and "give 0.935 " in said.message and "--date 2026-12-31" in said.hint


def test_received_basis_a_payment_with_the_banks_chf_values_turnover_and_tax_at_the_days_rate():
    """MWSTV art. 45: the turnover and tax of a payment received in EUR are converted at the day's rate; what the
    bank credited beyond or short of it is an exchange result, not turnover (audit 19: 925.07 / 74.93)."""
    book, ledger = books(VatBasis="received")
    _rates(book)  # 0.93 on 1.4
    invoice(book, "F-1", [("3200", "TVA", "1000.00", "81.00")], on=ISSUED, currency="EUR", exchange_rate=D("0.9400"))
    _pay(book, "F-1", "1081.00", PAID, amount_chf="1000.00")
    post(book, ledger, date(2026, 12, 31), save=False)
    # at 0.93: net 1000 × 0.93 = 930.00, tax 81 × 0.93 = 75.33, together 1,005.33; the bank credited 1,000.00:
    # 1,005.33 − 1,000.00 = 5.33 less, a loss on 6949
    assert sorted(journal(ledger)) == sorted([("1020", "3200", "930.00", "TVA", "75.33"),
                                              ("1020", "2200", "75.33", "TVA", "0.00"),
                                              ("6949", "1020", "5.33", "", "0.00")])


def test_an_account_named_after_its_currency_does_not_say_it_twice():
    from engine.domain.revaluation import Position, entries, revalued
    ubs = Position(account="1021", currency="EUR", foreign=D("2180.00"), carried=D("2000.00"), side="asset",
                   label="UBS EUR")
    # 2,180.00 × 0.93 = 2,027.40 against 2,000.00: a gain of 27.40
    [close], _ = entries(revalued([ubs], lambda c: D("0.93")), date(2026, 12, 31), gain="6999", loss="6949")
    assert close.label == "Réévaluation UBS EUR 2'180.00 × 0.93 = 2'027.40 (comptabilisé 2'000.00)"
    assert close.amount == D("27.40")


def test_a_comma_in_the_revalued_item_s_name_stays_a_comma():
    from engine.domain.revaluation import Position, entries, revalued
    item = Position(account="1100", currency="EUR", foreign=D("1000.00"), carried=D("940.00"), side="asset",
                    label="F-7 Dupont, Fils & Cie", group="F-7")
    # 1,000.00 × 0.93 = 930.00 against 940.00: 10.00 less, a loss (6949 debited, 1100 credited)
    [close], _ = entries(revalued([item], lambda c: D("0.93")), date(2026, 12, 31), gain="6999", loss="6949")
    assert (close.debit, close.credit, close.amount) == ("6949", "1100", D("10.00"))
    assert close.label == "Réévaluation F-7 Dupont, Fils & Cie EUR 1'000.00 × 0.93 = 930.00 (comptabilisé 940.00)"


def test_a_long_name_is_shortened_so_the_label_keeps_its_amounts():
    from engine.domain.revaluation import Position, entries, revalued
    name = "F-8 " + "Coopérative de construction et d'habitation du Léman " * 6  # 324 characters
    item = Position(account="1100", currency="EUR", foreign=D("1000.00"), carried=D("940.00"), side="asset",
                    label=name, group="F-8")
    # 1,000.00 × 0.93 = 930.00 against 940.00: 10.00 less. The Journal keeps 250 characters of a label, and the
    # check of a revaluation reads what was booked back from its end
    [close], [back] = entries(revalued([item], lambda c: D("0.93")), date(2026, 12, 31), gain="6999", loss="6949")
    for label, word in ((close.label, "Réévaluation F-8 Coopérative"), (back.label, "Extourne Réévaluation F-8")):
        assert len(label) <= 250 and label.startswith(word)
        assert label.endswith(" EUR 1'000.00 × 0.93 = 930.00 (comptabilisé 940.00)")


def test_a_payment_posted_before_amountchf_was_written_is_named_with_the_chf_to_type(tmp_path):
    from dataclasses import replace
    book, ledger = books()
    _rates(book)
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR")
    _pay(book, "F-1", "1000.00", PAID)
    post(book, ledger, date(2026, 4, 30), save=False)
    # as an older version posted it: no AmountCHF, valued 1,000.00 × 0.93 = 930.00
    book.put("Payments", [replace(p, amount_chf=None) for p in book.records("Payments")])
    csv = tmp_path / "r.csv"
    csv.write_text("2026-04-01,EUR,0.935\n")
    [said] = rates.import_file(book, csv).warnings
    assert "line 1" in said and "payment 1 (AmountCHF 930.00)" in said and "posted without AmountCHF" in said


def test_post_then_unpost_gives_back_the_same_payment_and_a_corrected_amount_is_valued_afresh():
    from dataclasses import replace

    from engine.services.posting import unpost
    book, ledger = books()
    _rates(book)
    invoice(book, "F-1", [("3400", "", "1000.00", "0.00")], on=ISSUED, currency="EUR")
    _pay(book, "F-1", "1000.00", PAID)
    post(book, ledger, date(2026, 4, 30), save=False)
    assert [p.amount_chf for p in book.records("Payments")] == [D("930.00")]
    unpost(book, ledger, 1, save=False)
    assert [p.amount_chf for p in book.records("Payments")] == [None]  # as it was typed
    book.put("Payments", [replace(p, amount=D("900.00")) for p in book.records("Payments")])
    post(book, ledger, date(2026, 4, 30), save=False)
    # EUR 900.00 × 0.93 = 837.00 (not the 930.00 of the amount first typed)
    assert [p.amount_chf for p in book.records("Payments")] == [D("837.00")]
