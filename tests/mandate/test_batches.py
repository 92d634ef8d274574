"""Publishing, withdrawing, pulling and acknowledging batches; reference data — on SQLite and PostgreSQL alike."""
from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import psycopg
import pytest

from engine import mandate as mandates
from engine.errors import BusinessRuleError, InvalidFormat
from engine.mandate import Batch, Entry, Reference
from tests.mandate.conftest import batch, entry


def test_round_trip_keeps_every_field_and_exact_amounts(make_mandate):
    m = make_mandate()
    sent = Batch(batch_id="sales-2025-001", source="ventes.xlsx", session=4, kind="sales",
                 entries=(entry(1, "0.10"), entry(2, "1234567890.05"), entry(3, "-20.30", currency="EUR")))
    mandates.publish_batch(m, sent, publisher="anna@pc-1")
    [got] = mandates.waiting_batches(m)
    assert (got.batch_id, got.source, got.session, got.kind, got.publisher, got.status, got.action) == \
        ("sales-2025-001", "ventes.xlsx", 4, "sales", "anna@pc-1", "pending", "import")
    assert [e.amount for e in got.entries] == [Decimal("0.10"), Decimal("1234567890.05"), Decimal("-20.30")]
    assert got.entries == sent.entries  # every field (seq is not compared)
    assert [e.currency for e in got.entries] == ["CHF", "CHF", "EUR"]
    assert got.total == Decimal("0.10") + Decimal("1234567890.05") - Decimal("20.30")


def test_amounts_are_stored_exactly_in_the_database(make_mandate, backend, pg_or_none):
    m = make_mandate()
    mandates.publish_batch(m, Batch(batch_id="b1", source="s", entries=(entry(1, "0.30"), entry(2, "99999999.99"))))
    # Read back with the plain driver, not through our code.
    if backend == "sqlite":
        with sqlite3.connect(m.folder / ".comptoir" / "mandate.sqlite") as raw:
            stored = [r[0] for r in raw.execute("SELECT amount FROM entries ORDER BY seq")]
        assert stored == ["0.30", "99999999.99"]
    else:
        with psycopg.connect(pg_or_none.dsn) as raw:
            stored = [r[0] for r in raw.execute(
                "SELECT amount FROM comptoir.entries WHERE mandate_id = %s ORDER BY seq", (m.mandate_id,))]
        assert stored == [Decimal("0.30"), Decimal("99999999.99")]


@pytest.fixture
def pg_or_none(backend, request):
    return request.getfixturevalue("pg") if backend == "postgresql" else None


def test_publishing_the_same_batch_twice_stores_it_once(make_mandate):
    m = make_mandate()
    for _ in range(3):
        mandates.publish_batch(m, batch("b1", count=5))
    [got] = mandates.waiting_batches(m)
    assert len(got.entries) == 5
    assert mandates.status(m).counts == {"pending": 1}


def test_same_id_with_other_entries_replaces_them_as_in_the_journal(make_mandate):
    # Issue 15 item 7: `bank pending` re-posts a batch under its id with fewer entries; through the mandate the
    # ledger must end with the new rows, as with --ledger (LedgerJournal.publish replaces a batch's rows).
    m = make_mandate()
    mandates.publish_batch(m, batch("b1", count=2))
    with mandates.pull(m) as pulled:
        assert [len(b.entries) for b in pulled] == [2]
    mandates.publish_batch(m, batch("b1", count=3))
    [got] = mandates.waiting_batches(m)
    assert (got.batch_id, got.action, len(got.entries)) == ("b1", "import", 3)


def test_a_withdrawn_batch_published_again_is_imported_again(make_mandate):
    # Issue 15 item 7: unpost-all, pull, repost-all, pull lost the batch (same id and content after a withdrawal).
    m = make_mandate()
    mandates.publish_batch(m, batch("b1", count=2))
    with mandates.pull(m):
        pass
    mandates.withdraw_batch(m, "b1")
    with mandates.pull(m) as pulled:
        assert [b.action for b in pulled] == ["remove"]
    mandates.publish_batch(m, batch("b1", count=2))
    [got] = mandates.waiting_batches(m)
    assert (got.action, len(got.entries)) == ("import", 2)


def test_entries_are_numbered_globally_without_gaps(make_mandate):
    m = make_mandate()
    for i in range(4):
        mandates.publish_batch(m, batch(f"b{i}", count=i + 1, start=10 * i))
    seqs = [e.seq for b in mandates.waiting_batches(m) for e in b.entries]
    assert seqs == list(range(1, 1 + 1 + 2 + 3 + 4))


def test_pull_imports_once_then_withdrawal_is_pulled_as_remove(make_mandate):
    m = make_mandate()
    mandates.publish_batch(m, batch("b1"))
    mandates.publish_batch(m, batch("b2", start=9))
    with mandates.pull(m) as pulled:
        assert [(b.batch_id, b.action) for b in pulled] == [("b1", "import"), ("b2", "import")]
    assert mandates.waiting_batches(m) == []
    mandates.withdraw_batch(m, "b1")
    mandates.withdraw_batch(m, "b1")  # twice is harmless
    [w] = mandates.waiting_batches(m)
    assert (w.batch_id, w.status, w.action, len(w.entries)) == ("b1", "withdrawn", "remove", 3)
    assert mandates.acknowledge(m, [w]) == 1
    assert mandates.waiting_batches(m) == []
    assert mandates.status(m).counts == {"imported": 1, "removed": 1}


def test_a_pull_that_fails_acknowledges_nothing(make_mandate):
    m = make_mandate()
    mandates.publish_batch(m, batch("b1"))
    with pytest.raises(RuntimeError), mandates.pull(m):
        raise RuntimeError("the workbook could not be saved")
    assert [b.batch_id for b in mandates.waiting_batches(m)] == ["b1"]


def test_withdrawn_between_pull_and_acknowledge_stays_waiting(make_mandate):
    m = make_mandate()
    mandates.publish_batch(m, batch("b1"))
    pulled = mandates.waiting_batches(m)       # the ledger reads "import b1" ...
    mandates.withdraw_batch(m, "b1")            # ... the invoicing side unposts meanwhile ...
    assert mandates.acknowledge(m, pulled) == 0  # ... so the import acknowledgement does not swallow it
    [w] = mandates.waiting_batches(m)
    assert w.action == "remove"


def test_withdrawing_an_unknown_batch_says_which(make_mandate):
    m = make_mandate()
    with pytest.raises(BusinessRuleError, match="batch 'nope' is not in mandate"):
        mandates.withdraw_batch(m, "nope")


def test_reference_data_round_trip(make_mandate):
    m = make_mandate()
    assert mandates.reference(m).accounts == ()
    data = Reference(
        accounts=({"number": "1020", "name": "Banque"}, {"number": "3200", "name": "Ventes"}),
        vat_codes=({"code": "V81", "rate": Decimal("8.1"), "valid_from": date(2024, 1, 1), "valid_to": None},
                   {"code": "V77", "rate": Decimal("7.7"), "valid_from": date(2018, 1, 1),
                    "valid_to": date(2023, 12, 31)}),
        analytic_codes=({"code": "A1", "name": "Atelier"},),
        periods=({"period": "2025", "start": date(2025, 1, 1), "end": date(2025, 12, 31), "closed": False},))
    mandates.publish_reference(m, data)
    got = mandates.reference(m)
    assert got.accounts == data.accounts
    assert got.vat_codes[1] == {"code": "V77", "rate": "7.7", "valid_from": "2018-01-01", "valid_to": "2023-12-31"}
    assert got.periods[0]["closed"] is False
    mandates.publish_reference(m, Reference(accounts=({"number": "1000", "name": "Caisse"},)), kinds=("accounts",))
    again = mandates.reference(m)
    assert again.accounts == ({"number": "1000", "name": "Caisse"},) and again.vat_codes == got.vat_codes


HOSTILE = ["'); DROP TABLE entries; --", "Robert'); DELETE FROM batches WHERE ('1'='1", '"; TRUNCATE mandates; --',
           "\\'; SELECT pg_sleep(10); --", "Zoë & Søn — «Lausanne»"]


def test_sql_injection_through_names_and_labels_is_just_text(backend, make_mandate):
    m = make_mandate(name=HOSTILE[0])
    entries = tuple(Entry(date=date(2025, 5, 1), voucher=text, debit="1100", credit="3200", amount="1.00",
                          label=text, group=text, reference=text, source_id=text) for text in HOSTILE)
    mandates.publish_batch(m, Batch(batch_id="b-1", source=HOSTILE[1], entries=entries), publisher=HOSTILE[2])
    mandates.publish_reference(m, Reference(accounts=({"number": "1020", "name": HOSTILE[3]},)))
    [got] = mandates.waiting_batches(m)
    assert [e.label for e in got.entries] == HOSTILE
    assert (got.source, got.publisher) == (HOSTILE[1], HOSTILE[2])
    assert mandates.status(m).name == HOSTILE[0]
    assert mandates.reference(m).accounts[0]["name"] == HOSTILE[3]


def test_bad_batches_are_refused_with_a_clear_message():
    with pytest.raises(InvalidFormat, match="batch id .* is not usable"):
        Batch(batch_id="a b; drop", source="x")
    with pytest.raises(InvalidFormat, match="kind 'salary' is unknown"):
        Batch(batch_id="b", source="x", kind="salary")
    with pytest.raises(InvalidFormat, match="F-1: .*is not a number"):
        Entry(date=date(2025, 1, 1), voucher="F-1", debit="1100", credit="3200", amount="12,5,0")
    with pytest.raises(InvalidFormat, match="is not a date"):
        Entry(date="31.01.2025", voucher="F-1", debit="1100", credit="3200", amount="1")


def test_an_empty_batch_is_refused(make_mandate):
    with pytest.raises(BusinessRuleError, match="has no entries"):
        mandates.publish_batch(make_mandate(), Batch(batch_id="b", source="x"))


def test_status_names_who_published_what(make_mandate):
    m = make_mandate(name="Dupont SA")
    mandates.publish_batch(m, batch("sales-7", session=7), publisher="anna@pc-1")
    mandates.publish_batch(m, batch("bank-2", kind="bank", start=20), publisher="marc@pc-2")
    found = mandates.status(m)
    assert [(b.batch_id, b.publisher, b.entry_count) for b in found.waiting] == \
        [("sales-7", "anna@pc-1", 3), ("bank-2", "marc@pc-2", 3)]
    text = found.summary()
    assert "Dupont SA" in text and "2 batch(es) waiting" in text and "by marc@pc-2" in text
