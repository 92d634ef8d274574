"""`comptoir bank substitution …`, `bank rules test|check|copy` and `bank rule-from` on the manual's florist
example (tests/bank/flowers.py), expected values worked by hand from §6.4 / §6.5.2."""
from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date

from engine.cli import main
from engine.store.book import Book
from tests.bank import flowers
from tests.company import blank, book  # noqa: F401 (fixtures)

ORDER = ["--before", "PAIEMENT", "--after", "NUMERO DE COMMANDE"]


def _saved(book):
    flowers.fill(book)
    book.save()
    return str(book.path)


def test_define_replace_test_and_remove_a_substitution_string(book, capsys):
    path = _saved(book)
    assert main(["bank", "substitution", "add", path, "commande", "--movement", "1", "--marked", "6766385264",
                 *ORDER]) == 0
    out = capsys.readouterr().out
    # the order number sits between PAIEMENT and NUMERO DE COMMANDE in movements 1 (6766385264), 2 (5511), 3 (777)
    # and 5 (99, deleted but on the account); movement 4 has no such text → 4 of the account's 5 movements
    assert "{commande} defined" in out and "extracts a value from 4 of 5 movement(s)" in out
    assert "movement 2: 5511" in out and "nothing in movement(s) 4\n" in out
    assert main(["bank", "substitution", "add", path, "{commande}", "--movement", "2", "--marked", "5511",
                 "--before", "PAIEMENT", "--after", "NUMERO"]) == 0
    assert "{commande} replaced" in capsys.readouterr().out
    assert [s.name for s in Book.open(path).records("Substitutions")] == ["commande"]  # one string, not two
    assert main(["bank", "substitution", "test", path, "commande"]) == 0
    out = capsys.readouterr().out
    # "Tester" on the pending movements only: 2 → 5511, 3 → 777, 4 → nothing
    assert "extracts a value from 2 of 3 pending movement(s)" in out
    assert ["movement 2: 5511", "movement 3: 777", "nothing in movement(s) 4"] == [
        line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert main(["bank", "substitution", "list", path]) == 0
    out = capsys.readouterr().out
    assert "{commande}  «5511» after «PAIEMENT» before «NUMERO»" in out and "{remittance}" in out
    assert "defined on movement 2; used by no label yet" in out


def test_the_label_says_the_order_number_once_the_rule_uses_the_string(book, capsys):
    flowers.fill(book)
    # the florist rule first, its label with the personal string (manual §6.5.2: "le libellé contient le numéro")
    book.put("Rules", [replace(r, order=0, label="Achat fleurs {commande}") if r.rule_id == 2 else r
                       for r in book.records("Rules")])
    book.save()
    path = str(book.path)
    assert main(["bank", "substitution", "add", path, "commande", "--movement", "1", "--marked", "6766385264",
                 *ORDER]) == 0
    assert main(["bank", "recognise", path]) == 0
    labels = {m.movement_id: m.label for m in Book.open(path).records("Movements")}
    assert labels[2] == "Achat fleurs 5511"


def test_removing_a_string_a_label_uses_is_refused_and_changes_nothing(book, capsys):
    flowers.fill(book)
    book.put("Rules", [replace(r, label="Achat fleurs {commande}") if r.rule_id == 2 else r
                       for r in book.records("Rules")])
    book.save()
    path = str(book.path)
    main(["bank", "substitution", "add", path, "commande", "--movement", "1", "--marked", "6766385264", *ORDER])
    capsys.readouterr()
    assert main(["bank", "substitution", "list", path]) == 0
    assert "used by rule 2 «Achat fleurs»" in capsys.readouterr().out
    before = book.path.read_bytes()
    assert main(["bank", "substitution", "remove", path, "commande"]) == 2
    assert 'rule 2 «Achat fleurs»' in capsys.readouterr().err
    assert book.path.read_bytes() == before
    assert main(["bank", "substitution", "remove", path, "nothing"]) == 2
    assert "personal ones: commande" in capsys.readouterr().err
    assert main(["bank", "substitution", "remove", path, "{commande}", "--force"]) == 0  # as a label writes it
    assert "rule 2 «Achat fleurs» now show {commande} as written" in capsys.readouterr().out
    assert not Book.open(path).records("Substitutions")


def test_rules_check_and_test_from_the_command_line(book, capsys):
    path = _saved(book)
    assert main(["bank", "rules", "check", path]) == 1  # rule 3 never matches; rules 1 and 2 overlap
    out = capsys.readouterr().out
    assert "rule 3 «Loyer» matches none of the 4 movement(s)" in out
    assert "rules 1 «Shopping» and 2 «Achat fleurs» both match 2 movement(s); 1 wins (Order 1 before 2)" in out
    assert "rule 2 «Achat fleurs» never applies: every movement it matches goes to an earlier rule" in out
    assert main(["bank", "rules", "test", path, "--rule", "2"]) == 0
    out = capsys.readouterr().out
    assert "catches 1 processed and 1 pending movement(s)" in out and "rule 1 also matches 2 of them" in out
    assert "an earlier rule wins (1)" in out and "changes no pending movement's proposal" in out
    assert main(["bank", "rules", "test", path, "--rule", "9"]) == 2
    assert "no rule 9 (RuleId: 1, 2, 3)" in capsys.readouterr().err


def test_rule_from_shows_the_new_rule_would_lose_to_an_earlier_one(book, capsys):
    path = _saved(book)
    assert main(["bank", "rule-from", path, "--id", "3", "--title", "Librairie", "--account", "6500"]) == 0
    out = capsys.readouterr().out
    # the new rule 4 contains movement 3's whole text: only movement 3 (pending) has it; rule 1 «achat shopping en
    # ligne» matches it too and comes first, so the new rule changes nothing until its Order is lowered
    assert "rule 4 «Librairie»" in out and "catches 0 processed and 1 pending movement(s)" in out
    assert "on 1 of them an earlier rule wins (1)" in out


def test_copy_rules_into_the_new_period_once(book, capsys):
    path = _saved(book)
    assert main(["bank", "rules", "copy", path, "--from", "2027-01-01"]) == 0
    out = capsys.readouterr().out
    assert "3 rule(s) copied in" in out and "RuleIds 4, 5, 6" in out and "rules 1, 2, 3 now end" in out
    rules = {r.rule_id: r for r in Book.open(path).records("Rules")}
    # originals 1-3 end on 31.12.2026; copies 4-6 start 01.01.2027, same texts and accounts, in the same order
    assert [(r.valid_from, r.valid_to) for r in rules.values()] == [(None, date(2026, 12, 31))] * 3 + [
        (date(2027, 1, 1), None)] * 3
    assert [(rules[n].title, rules[n].debit_account) for n in (4, 5, 6)] == [
        ("Shopping", "6000"), ("Achat fleurs", "6500"), ("Loyer", "6000")]
    assert rules[4].order < rules[5].order < rules[6].order
    before = book.path.read_bytes()
    assert main(["bank", "rules", "copy", path, "--from", "2027-01-01"]) == 2
    assert "rules 4, 5, 6 already start on 01.01.2027" in capsys.readouterr().err
    assert book.path.read_bytes() == before


def test_a_2027_movement_is_caught_by_the_copy_not_by_the_closed_original(book):
    from engine.services import bank_backtest, bank_rules_copy
    flowers.fill(book)
    bank_rules_copy.copy_rules(book, date(2027, 1, 1))
    movements = book.records("Movements")
    book.put("Movements", [*movements, replace(movements[1], movement_id=6, booking_date=date(2027, 1, 5),
                                               row=None)])
    # movement 6 (05.01.2027, «achat fleurs»): only the 2027 rules 4 (Shopping) and 5 (Achat fleurs) see it
    assert [c.movement_id for c in bank_backtest.backtest(book, 5).caught] == [6]
    assert [c.movement_id for c in bank_backtest.backtest(book, 2).caught] == [1, 2]


def test_copy_into_next_years_book_with_the_substitution_strings(book, blank, tmp_path, capsys):
    path = _saved(book)
    main(["bank", "substitution", "add", path, "commande", "--movement", "1", "--marked", "6766385264", *ORDER])
    following = tmp_path / "2027.xlsx"
    shutil.copy(blank, following)
    capsys.readouterr()
    assert main(["bank", "rules", "copy", path, "--from", "2027-01-01", "--to", str(following)]) == 0
    out = capsys.readouterr().out
    assert "3 rule(s) copied into" in out and "1 substitution string(s) copied" in out
    copied = Book.open(following)
    assert [(r.rule_id, r.title, r.valid_from) for r in copied.records("Rules")] == [
        (1, "Shopping", date(2027, 1, 1)), (2, "Achat fleurs", date(2027, 1, 1)), (3, "Loyer", date(2027, 1, 1))]
    assert [s.name for s in copied.records("Substitutions")] == ["commande"]
    # this year's book is left as it was: its rules keep no ValidTo
    assert all(r.valid_to is None for r in Book.open(path).records("Rules"))
    before = following.read_bytes()
    assert main(["bank", "rules", "copy", path, "--from", "2027-01-01", "--to", str(following)]) == 2
    assert "already start on 01.01.2027" in capsys.readouterr().err and following.read_bytes() == before


def test_copy_to_the_book_itself_is_refused(book, capsys):
    path = _saved(book)
    before = book.path.read_bytes()
    assert main(["bank", "rules", "copy", path, "--from", "2027-01-01", "--to", path]) == 2
    assert "is the book itself" in capsys.readouterr().err and book.path.read_bytes() == before


def test_copy_with_a_period_ending_before_it_starts_is_refused(book, capsys):
    path = _saved(book)
    assert main(["bank", "rules", "copy", path, "--from", "2027-01-01", "--until", "31.12.2026"]) == 2
    assert "ends (31.12.2026) before it starts (01.01.2027)" in capsys.readouterr().err


def test_a_predefined_or_badly_named_string_is_refused_with_the_reason(book, capsys):
    path = _saved(book)
    assert main(["bank", "substitution", "add", path, "partner", "--movement", "1", "--marked", "6766385264",
                 *ORDER]) == 2
    assert '"partner" cannot name a substitution string' in capsys.readouterr().err
    assert main(["bank", "substitution", "add", path, "commande", "--movement", "1", "--marked", "1234",
                 *ORDER]) == 2
    assert 'the marked text "1234" is not in the movement' in capsys.readouterr().err
    assert main(["bank", "substitution", "test", path, "partner"]) == 2
    assert "predefined substitution string" in capsys.readouterr().err


def test_a_pattern_spoilt_by_hand_is_named_at_its_cell_and_recognition_writes_nothing(book, capsys):
    flowers.fill(book)
    book.put("Rules", [replace(r, order=0, label="Achat fleurs {commande}") if r.rule_id == 2 else r
                       for r in book.records("Rules")])
    # the Pattern cell edited by hand: a bracket lost, then the group ( ) holding the value lost
    book.put("Substitutions", [book.new("Substitutions", name="commande", kind="example", pattern="PAIEMENT (\\d+")])
    book.save()
    path, before = str(book.path), book.path.read_bytes()
    row = Book.open(path).records("Substitutions")[0].row
    for command in (["bank", "substitution", "test", path, "commande"], ["bank", "recognise", path]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert f"Substitutions!F{row}" in err and "is not a regular expression" in err, command
        assert book.path.read_bytes() == before
    book = Book.open(path)
    book.put("Substitutions", [replace(book.records("Substitutions")[0], pattern="PAIEMENT \\d+")])
    book.save()
    assert main(["bank", "substitution", "test", path, "commande"]) == 2
    assert "it has no group ( ) around the value to extract" in capsys.readouterr().err


def test_rule_from_with_the_common_text_catches_the_others_and_first_in_order_changes_them(book, capsys):
    flowers.fill(book)
    book.put("Rules", [r for r in book.records("Rules") if r.rule_id != 1])  # no general «shopping» rule
    book.save()
    path = str(book.path)
    main(["bank", "recognise", path])
    capsys.readouterr()
    assert main(["bank", "rule-from", path, "--id", "3", "--title", "Achats en ligne", "--account", "6500",
                 "--contains", "ACHAT SHOPPING EN LIGNE"]) == 0
    out = capsys.readouterr().out
    # «achat shopping en ligne» is in 1 (processed), 2 and 3 (pending) debits; rule 2 «achat fleurs» (Order 2) also
    # matches 1 and 2 and wins them; the new rule 4 (Order 4) takes 3 only: unidentified → Achats en ligne 6500
    assert "catches 1 processed and 2 pending movement(s)" in out and "rule 2 also matches 2 of them" in out
    assert "on 2 of them an earlier rule wins (2)" in out
    assert "it changes the proposal of 1 pending movement(s):" in out
    assert "movement 3: " in out and "⇒  Achats en ligne → 6500 «Achats en ligne»" in out


def test_copy_into_a_book_without_the_rules_bank_account_warns(book, blank, tmp_path, capsys):
    iban = flowers.fill(book)
    book.put("Rules", [replace(r, bank_iban=iban) if r.rule_id == 2 else r for r in book.records("Rules")])
    book.save()
    following = tmp_path / "2027.xlsx"
    shutil.copy(blank, following)
    other = Book.open(following)
    other.put("BankAccounts", [])  # next year's book has no account yet
    other.save()
    assert main(["bank", "rules", "copy", str(book.path), "--from", "2027-01-01", "--to", str(following)]) == 0
    assert f"warning: 2027.xlsx has no bank account {iban} in BankAccounts" in capsys.readouterr().out


def test_a_wrong_regular_expression_is_named_at_its_rule_row(book, capsys):
    flowers.fill(book)
    book.put("Rules", [replace(r, regex="fleurs (") if r.rule_id == 3 else r for r in book.records("Rules")])
    book.save()
    row = next(r.row for r in Book.open(book.path).records("Rules") if r.rule_id == 3)
    assert main(["bank", "rules", "check", str(book.path)]) == 2
    err = capsys.readouterr().err
    assert f"Rules row {row}: rule 3" in err, err
    assert "rule 3 (Loyer): the regular expression 'fleurs (' is wrong" in err


def test_an_unknown_movement_is_named_with_its_sheet(book, capsys):
    path = _saved(book)
    before = book.path.read_bytes()
    assert main(["bank", "substitution", "add", path, "commande", "--movement", "99", "--marked", "1", *ORDER]) == 2
    assert "Movements: there is no movement 99" in capsys.readouterr().err
    assert main(["bank", "rule-from", path, "--id", "99"]) == 2
    assert "Movements: there is no movement 99" in capsys.readouterr().err and book.path.read_bytes() == before


def test_copying_into_a_period_before_the_latest_one_is_refused(book, capsys):
    path = _saved(book)
    assert main(["bank", "rules", "copy", path, "--from", "2027-01-01"]) == 0
    before = book.path.read_bytes()
    # copies 4-6 start 01.01.2027; a copy from 01.07.2026 would be open-ended and match 2027 beside them
    assert main(["bank", "rules", "copy", path, "--from", "01.07.2026"]) == 2
    assert "rules 4, 5, 6 already start later, on 01.01.2027" in capsys.readouterr().err
    assert book.path.read_bytes() == before


def test_an_inactive_rule_is_tested_as_if_switched_on_and_left_out_of_check(book, capsys):
    flowers.fill(book)
    book.put("Rules", [replace(r, order=0, active=False) if r.rule_id == 2 else r for r in book.records("Rules")])
    book.save()
    path = str(book.path)
    assert main(["bank", "rules", "test", path, "--rule", "2"]) == 0
    out = capsys.readouterr().out
    # switched on, first in Order: it would take 1 and 2 from rule 1 and change pending movement 2's proposal
    assert "(Order 0, inactive)" in out and "it applies to 2 of them" in out
    assert "movement 2: Shopping → 6000 «Shopping»  ⇒  Achat fleurs → 6500 «Achat fleurs»" in out
    assert main(["bank", "rules", "check", path]) == 1  # rule 3 still never matches; 2 is off: no overlap
    out = capsys.readouterr().out
    assert "rule 3 «Loyer»" in out and "«Achat fleurs»" not in out
