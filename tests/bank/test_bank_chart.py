"""Audit 17: `bank split BOOK 65 --lines "9999|117.50|x"` was accepted, `check` said 0 errors and `bank post`
processed the movement; only the ledger's pull refused the batch. An analytic code VEH the ledger's AnalyticCodes
does not have was posted. Now `bank split` refuses both at the Lines cell, `check` names them, `bank post` keeps a
movement whose Lines or AnalyticCode cell was typed by hand with them pending, and `bank rule-from --account`
refuses an account that is not in the chart. By hand: the card payment 117.50 = 90.50 on 6210 + 27.00 on 6500; 9999
is no account of the Swiss SME chart (nor of the invoicing book's Accounts), VEH no code of AnalyticCodes (ADMIN,
ATELIER)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.store.book import Book
from tests.bank.test_movement_actions import _movements, make_books


@pytest.fixture
def books(tmp_path):
    book, ledger = make_books(tmp_path)
    chart = Book.open(ledger)
    chart.put("AnalyticCodes", [chart.new("AnalyticCodes", code=c, name=c.title()) for c in ("ADMIN", "ATELIER")])
    chart.save()
    assert main(["mandate", "create", "--invoicing", str(book), "--ledger", str(ledger)]) == 0  # publishes the chart
    return book, ledger


def _type_in(book, movement_id, **cells):
    b = Book.open(book)
    b.put("Movements", [replace(m, **cells, modified=True) if m.movement_id == movement_id else m
                        for m in b.records("Movements")])
    b.save()


def test_a_split_on_an_account_or_code_the_chart_lacks_is_refused_at_its_cell(books, capsys):
    book, _ = books
    card = _movements(book)[D("117.50")]
    before = book.read_bytes()
    assert main(["bank", "split", str(book), str(card.movement_id), "--lines", "9999|117.50|x"]) == 2
    err = capsys.readouterr().err
    assert "Movements!AB" in err and "account 9999 is not in the Accounts sheet" in err
    assert main(["bank", "split", str(book), str(card.movement_id), "--lines",
                 "6210|90.50|Essence||VEH; 6500|27.00|Alimentation||ATELIER"]) == 2
    assert "line 1: analytic code VEH is not in the ledger's AnalyticCodes (ADMIN, ATELIER)" in capsys.readouterr().err
    assert book.read_bytes() == before  # nothing written
    assert main(["bank", "split", str(book), str(card.movement_id), "--lines",
                 "6210|90.50|Essence||ADMIN; 6500|27.00|Alimentation||atelier"]) == 0  # codes in any case


def test_cells_typed_by_hand_are_named_by_check_and_not_posted(books, capsys):
    book, ledger = books
    m = _movements(book)
    card, unknown = m[D("117.50")], m[D("500.00")]
    _type_in(book, card.movement_id, lines="9999|117.50|x")
    _type_in(book, unknown.movement_id, credit_account="2000", analytic_code="VEH")
    capsys.readouterr()
    assert main(["check", str(book)]) == 1
    out = capsys.readouterr().out
    assert f"movement {card.movement_id}: line 1: account 9999 is not in the Accounts sheet" in out
    assert f"movement {unknown.movement_id}: analytic code VEH is not in the ledger's AnalyticCodes" in out
    main(["bank", "post", str(book), "--ledger", str(ledger), "--ids", str(card.movement_id),
          str(unknown.movement_id)])
    after = {x.movement_id: x for x in Book.open(book).records("Movements")}
    assert after[card.movement_id].state == "pending" and after[unknown.movement_id].state == "pending"
    assert not Book.open(ledger).records("Journal")


def test_rule_from_refuses_an_account_not_in_the_chart(books, capsys):
    book, _ = books
    unknown = _movements(book)[D("500.00")]
    assert main(["bank", "rule-from", str(book), "--id", str(unknown.movement_id), "--account", "9999"]) == 2
    assert "account 9999 is not in the Accounts sheet" in capsys.readouterr().err
    assert main(["bank", "rule-from", str(book), "--id", str(unknown.movement_id), "--account", "2000"]) == 0


def test_check_names_a_rule_that_would_post_on_what_the_chart_lacks(books, capsys):
    book, _ = books
    b = Book.open(book)
    b.put("Rules", [b.new("Rules", rule_id=1, order=1, title="Station", contains="STATION", direction="debit",
                          lines="6210|total|Essence||VEH", active=True)])
    b.save()
    capsys.readouterr()
    assert main(["check", str(book)]) == 1
    assert "rule 1 «Station»: line 1: analytic code VEH is not in the ledger's AnalyticCodes" in \
        capsys.readouterr().out
