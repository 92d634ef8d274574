"""The ribbon's rule and substitution buttons (issue 17) on the manual's florist example (tests/bank/flowers.py):
the same services and the same figures as `comptoir bank rules …` / `substitution …`, on the selected rows."""
from __future__ import annotations

from datetime import date

from addin import ribbon
from engine.store.book import Book
from tests.addin.fake_excel import FakeBook
from tests.addin.test_ribbon_actions import select
from tests.bank import flowers
from tests.company import blank, book  # noqa: F401 (fixtures)


class Answers:
    """Excel's InputBox answering the given texts in turn (Type=2: text)."""

    def __init__(self, *answers):
        self.answers, self.prompts = list(answers), []

    def InputBox(self, prompt, title, default, Type):  # noqa: N802 - Excel's name
        assert Type == 2
        self.prompts.append((prompt, default))
        return self.answers.pop(0)


def _live(book):
    flowers.fill(book)
    book.save()
    return FakeBook.from_file(book.path)


def _row(path, sheet, **key):
    return next(r for r in Book.open(path).records(sheet) if all(getattr(r, k) == v for k, v in key.items())).row


def test_test_rule_on_the_selected_rule_shows_its_backtest(book):
    xl = _live(book)
    select(xl, "Rules", _row(book.path, "Rules", rule_id=2))
    text = ribbon.test_rule(xl)
    # rule 2 «achat fleurs» (debits): movements 1 (processed) and 2 (pending); rule 1 matches both and wins
    assert "catches 1 processed and 1 pending movement(s)" in text and "an earlier rule wins (1)" in text


def test_check_rules_writes_each_finding_on_the_problems_sheet_at_its_rule(book):
    xl = _live(book)
    text = ribbon.check_rules(xl)
    assert "1 rule(s) never match, 1 pair(s) overlap" in text
    xl.save()
    problems = Book.open(book.path).records("Problems")
    rows = {_row(book.path, "Rules", rule_id=n): n for n in (2, 3)}
    # rule 3 never matches (its own row); the pair 1-2 is reported on rule 2, the one that loses, and rule 2 again
    # as never applying (every movement it matches goes to rule 1)
    # (Rules columns: A RuleId, B BankIBAN, C Order, D Title, E Contains)
    assert sorted((rows[p.cell_row], p.sheet, p.cell_column) for p in problems) == [
        (2, "Rules", "C"), (2, "Rules", "E"), (3, "Rules", "E")]
    assert all(p.message.startswith("warning: ") for p in problems)


def test_new_substitution_asks_name_text_before_after_on_the_selected_movement(book):
    xl = _live(book)
    select(xl, "Movements", _row(book.path, "Movements", movement_id=1))
    xl.app.api = Answers("commande", "6766385264", "PAIEMENT", "NUMERO DE COMMANDE")
    text = ribbon.new_substitution(xl)
    # movements 1, 2, 3 and 5 have "PAIEMENT n NUMERO DE COMMANDE"; 4 does not → 4 of the account's 5
    assert "{commande} defined: it extracts a value from 4 of 5 movement(s)" in text
    xl.save()
    xl = FakeBook.from_file(book.path)
    select(xl, "Substitutions", _row(book.path, "Substitutions", name="commande"))
    text = ribbon.test_substitution(xl)
    assert "from 2 of 3 pending movement(s)" in text and "movement 2: 5511" in text
    assert "nothing in movement(s) 4" in text
    assert "Removed substitution string(s) {commande}" in ribbon.remove_substitution(xl)
    xl.save()
    assert not Book.open(book.path).records("Substitutions")


def test_cancel_in_the_input_box_changes_nothing(book):
    xl = _live(book)
    before = xl.rows("Substitutions")
    select(xl, "Movements", _row(book.path, "Movements", movement_id=1))
    xl.app.api = Answers("commande", False)
    assert "cancelled" in ribbon.new_substitution(xl)
    assert xl.rows("Substitutions") == before


def test_copy_rules_asks_the_first_day_and_refuses_a_second_time(book):
    xl = _live(book)
    select(xl, "Rules", _row(book.path, "Rules", rule_id=1))
    xl.app.api = Answers("01.01.2027", "01.01.2027")
    assert "3 rule(s) copied from 01.01.2027: RuleIds 4, 5, 6; rules 1, 2, 3 end the day before" in \
        ribbon.copy_rules(xl)
    assert "already start on 01.01.2027" in ribbon.copy_rules(xl)
    xl.save()
    assert [r.valid_from for r in Book.open(book.path).records("Rules")] == [None] * 3 + [date(2027, 1, 1)] * 3


def test_copy_rules_with_a_date_excel_cannot_read_says_how_to_write_it(book):
    xl = _live(book)
    before = xl.rows("Rules")
    select(xl, "Rules", _row(book.path, "Rules", rule_id=1))
    xl.app.api = Answers("1er janvier")
    assert "is not a date: write it as 2026-03-31 or 31.03.2026" in ribbon.copy_rules(xl)
    assert xl.rows("Rules") == before


def test_rule_from_movement_shows_what_the_new_rule_catches(book):
    xl = _live(book)
    select(xl, "Movements", _row(book.path, "Movements", movement_id=3))
    text = ribbon.create_rule(xl)
    # rule 4 contains movement 3's whole text: movement 3 only (pending), where rule 1 «achat shopping en ligne»
    # comes first
    assert text.startswith("Rule 4 made from movement 3") and "catches 0 processed and 1 pending" in text
    assert "an earlier rule wins (1)" in text and "it applies to 0 of them" in text
