"""Rule backtest (issue 17, beyond Crésus), worked by hand on the manual's florist example (tests/bank/flowers.py)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from engine.services import bank, bank_backtest
from tests.bank import flowers
from tests.company import blank, book  # noqa: F401 (fixtures)


def test_a_rule_behind_an_earlier_one_catches_movements_but_changes_none(book):
    flowers.fill(book)
    bank.reconcile(book)
    found = bank_backtest.backtest(book, 2)
    # «achat fleurs» is in movements 1 (processed), 2 (pending) and 4 (a credit: the rule is for debits) and 5
    # (deleted: not tried) → caught 1 and 2; rule 1 «achat shopping en ligne» matches both and comes first (Order 1)
    assert [c.movement_id for c in found.caught] == [1, 2]
    assert (found.count("processed"), found.count("pending")) == (1, 1)
    assert found.overlaps == {1: 2} and found.lost == 2
    assert [c.winner for c in found.caught] == [1, 1]
    assert found.changes == () and found.applies == 0  # rule 1 wins everywhere: rule 2 changes no proposal


def test_moved_first_it_changes_the_pending_florist_payment_only(book):
    flowers.fill(book)
    book.put("Rules", [replace(r, order=0) if r.rule_id == 2 else r for r in book.records("Rules")])
    bank.reconcile(book)
    found = bank_backtest.backtest(book, 2)
    assert found.lost == 0 and [c.winner for c in found.caught] == [2, 2] and found.applies == 2
    # without rule 2, movement 2 goes to rule 1: Shopping → 6000; with it: Achat fleurs → 6500. Movement 1 is
    # processed (not re-proposed), 3 has no «achat fleurs», 4 is a receipt.
    assert [(c.movement_id, c.before, c.after) for c in found.changes] == [
        (2, "Shopping → 6000 «Shopping»", "Achat fleurs → 6500 «Achat fleurs»")]


def test_check_lists_the_rule_that_never_matches_and_the_overlapping_pair(book):
    flowers.fill(book)
    found = bank_backtest.check(book)
    # rule 3 «régie du lac»: no movement says it. Rules 1 and 2 both match movements 1 and 2; 1 wins (Order 1).
    assert [r.rule_id for r in found.never] == [3]
    assert [(o.first.rule_id, o.second.rule_id, o.movements) for o in found.overlaps] == [(1, 2, 2)]
    assert (found.rules, found.movements) == (3, 4) and not found.clean
    # rule 2 matches movements 1 and 2, but rule 1 takes both: it never applies
    assert [r.rule_id for r in found.shadowed] == [2] and found.untried == ()


def test_a_rule_of_a_period_without_movements_yet_is_not_called_never_matching(book):
    from engine.services import bank_rules_copy
    flowers.fill(book)
    book.put("Rules", [r for r in book.records("Rules") if r.rule_id != 1])  # no overlap left: 2 alone
    bank_rules_copy.copy_rules(book, date(2027, 1, 1))
    found = bank_backtest.check(book)
    # originals 2, 3 end 31.12.2026; copies 4 (Achat fleurs), 5 (Loyer) start 01.01.2027. All movements are of
    # March 2026: 3 «régie du lac» could have matched them and did not; 4 and 5 have had no movement yet
    assert [r.rule_id for r in found.never] == [3] and [r.rule_id for r in found.untried] == [4, 5]
    assert found.overlaps == () and found.shadowed == ()


def test_backtest_and_recognition_agree_on_every_movement(book):
    flowers.fill(book)
    bank.reconcile(book)
    # recognition's proposal for pending movements 2 and 3 names rule 1 (the book speaks French: «règle 1
    # «Shopping»»), the winner the backtest reports
    why = {m.movement_id: m.why for m in book.records("Movements")}
    assert "1 «Shopping»" in why[2] and "1 «Shopping»" in why[3]
    assert {c.movement_id: c.winner for c in bank_backtest.backtest(book, 1).caught} == {1: 1, 2: 1, 3: 1}


def test_a_qr_payment_the_rule_matches_is_still_recognised_by_its_reference_first(book):
    from bench.camt_gen import qr_reference
    iban = flowers.fill(book)
    book.put("Documents", [*book.records("Documents"), book.new(
        "Documents", number="F-9", stage="F", status="F", client_id=1001, date=date(2026, 3, 1),
        total_payable=Decimal("20.00"), balance=Decimal("20.00"), paid=Decimal("0.00"), qr_reference=qr_reference(9))])
    book.put("Movements", [*book.records("Movements"), book.new(
        "Movements", movement_id=6, bank_iban=iban, booking_date=date(2026, 3, 6), direction="credit",
        amount=Decimal("20.00"), currency="CHF", reference_type="QRR", reference=qr_reference(9),
        remittance="Facture fleurs", state="pending")])
    book.put("Rules", [*book.records("Rules"), book.new("Rules", rule_id=4, order=4, title="Fleurs", contains="fleurs",
                                                        debit_account="6500", credit_account="3200", active=True)])
    found = bank_backtest.backtest(book, 4)
    # «fleurs» is in 1, 2 (debits: rules 1 and 2 come first), 4 (a credit no other rule takes) and 6 (a QR credit,
    # recognised by its reference before any rule): caught 1, 2, 4, 6; lost 2; applies to 4 only
    assert [c.movement_id for c in found.caught] == [1, 2, 4, 6]
    assert (found.lost, found.applies) == (2, 1)
    # pending: 2 stays with rule 1, 6 stays with its invoice; 4 goes from "to be sorted" to Fleurs → 3200
    assert [(c.movement_id, c.after) for c in found.changes] == [(4, "Fleurs → 3200 «Fleurs»")]


def test_three_rules_on_the_same_movements_make_three_pairs(book):
    flowers.fill(book)
    book.put("Rules", [*book.records("Rules"), book.new("Rules", rule_id=4, order=4, title="Achats", contains="achat",
                                                        debit_account="6000", credit_account="3200", active=True)])
    found = bank_backtest.check(book)
    # «achat» is in every live movement: 1, 2 (rules 1, 2, 4), 3 (rules 1, 4), 4 (the credit: rule 4 alone)
    # pairs: 1-2 on 1, 2 → 2; 1-4 on 1, 2, 3 → 3; 2-4 on 1, 2 → 2. Rule 4 wins movement 4; rule 2 wins nothing
    assert [(o.first.rule_id, o.second.rule_id, o.movements) for o in found.overlaps] == [(1, 2, 2), (1, 4, 3),
                                                                                           (2, 4, 2)]
    assert [r.rule_id for r in found.shadowed] == [2] and [r.rule_id for r in found.never] == [3]
