"""The ribbon's "VAT return file" (issue 19): on the ledger, the period asked in an input box (the last quarter
offered), the same file as `comptoir ledger vat-return`; cancelled or on the wrong book, nothing is written."""
from __future__ import annotations

from decimal import Decimal as D

from addin import ribbon
from engine.cli import main
from tests.addin.fake_excel import FakeBook
from tests.vat_return.books import Q1, SUBSIDY, on_disk
from tests.vat_return.ech0217 import amount, validated


class Answers:
    def __init__(self, *answers):
        self.answers, self.asked = list(answers), []

    def InputBox(self, prompt, title, default, Type):  # noqa: N802 - Excel's name
        self.asked.append((default, Type))
        return self.answers.pop(0)


def _books(tmp_path):
    ledger, invoicing = on_disk(tmp_path, Q1, [SUBSIDY])
    assert main(["mandate", "create", "--invoicing", str(invoicing), "--ledger", str(ledger)]) == 0
    return ledger, invoicing


def test_the_button_writes_the_quarters_file(tmp_path):
    ledger, _ = _books(tmp_path)
    xl = FakeBook.from_file(ledger)
    xl.app.api = answers = Answers("2026-Q1")
    text = ribbon.vat_return_file(xl)
    assert "box 200 2000.00, credit 35.30" in text, text  # tests/vat_return/test_effective.py's hand calculation
    assert answers.asked[0][1] == 2  # a text
    root = validated((tmp_path / "eMWST-CHE109322551-20260101-20260331.xml").read_bytes())
    assert amount(root, "e:payableTax") == D("-35.30")


def test_cancelled_or_on_the_invoicing_book_nothing_is_written(tmp_path):
    ledger, invoicing = _books(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    xl = FakeBook.from_file(ledger)
    xl.app.api = Answers(False)
    assert "cancelled" in ribbon.vat_return_file(xl)
    xl = FakeBook.from_file(invoicing)
    xl.app.api = Answers("2026-Q1")
    assert "made from the ledger book" in ribbon.vat_return_file(xl)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_net_tax_rate_return_asks_each_rates_activity_code(tmp_path):
    """From 2025 the file names the ESTV's five-digit activity code of the rate (tests/vat_return/
    test_net_tax_rate.py): the button asks for it after the period; 1081.00 at 6.2 % → 67.02."""
    from datetime import date
    entries = [(date(2026, 3, 2), "F-1", "1100", "3200", "1081.00", "TVA", None)]
    ledger, invoicing = on_disk(tmp_path, entries, VatMethod="tdfn", TdfnRate="6.2")
    assert main(["mandate", "create", "--invoicing", str(invoicing), "--ledger", str(ledger)]) == 0
    xl = FakeBook.from_file(ledger)
    xl.app.api = answers = Answers("2026-S1", "6.2=12345")
    text = ribbon.vat_return_file(xl)
    assert "to pay 67.02" in text, text
    assert len(answers.asked) == 2
    root = validated((tmp_path / "eMWST-CHE109322551-20260101-20260630.xml").read_bytes())
    assert root.findtext("{*}simpleTaxRateMethod/{*}suppliesPerTaxRate/{*}activityID") == "12345"


def test_the_button_says_a_period_without_entries_is_a_nil_return(tmp_path):
    ledger, _ = _books(tmp_path)
    xl = FakeBook.from_file(ledger)
    xl.app.api = Answers("2026-Q3")
    text = ribbon.vat_return_file(xl)
    assert "Warning: no entries in this period (01.07.2026–30.09.2026) in compta.xlsx: a nil return." in text, text
