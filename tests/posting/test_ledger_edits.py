"""A posted entry changed by hand in the ledger's Journal (audit of issue 14, finding 6: 474.04 typed over as 999.99
passed `check`, and `unpost` silently dropped the edit). `check LEDGER` names the cell; taking the batch back is
refused on both roads (the mandate's pull leaves it waiting, saying why) until the posted figure is typed back;
an entry typed in the ledger by hand (no Posted fingerprint) is the bookkeeper's own."""
from __future__ import annotations


import openpyxl

from engine.cli import main
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)


def _type_over(ledger, old_amount, new_amount) -> str:
    wb = openpyxl.load_workbook(ledger)
    ws = wb["Journal"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if str(row[head.index("Amount")].value) in (str(old_amount), str(float(old_amount))):
            row[head.index("Amount")].value = float(new_amount)
            wb.save(ledger)
            return f"Journal!{openpyxl.utils.get_column_letter(head.index('Amount') + 1)}{row[0].row}"
    raise AssertionError(old_amount)


def test_a_posted_entry_typed_over_is_named_and_never_dropped(book, tmp_path, capsys):
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(ledger)]) == 0
    assert main(["documents", "new", str(path), "--client", "1001", "--date", "2026-03-02", "--line", "H-MEN:2"]) == 0
    assert main(["post", str(path), "--until", "2026-03-31", "--ledger", str(ledger)]) == 0
    revenue = next(e for e in Book.open(ledger).records("Journal") if e.vat_amount)
    cell = _type_over(ledger, revenue.amount, "999.99")
    capsys.readouterr()
    assert main(["check", str(ledger)]) == 1
    assert cell in capsys.readouterr().out
    before = ledger.read_bytes()
    assert main(["unpost", str(path), "--session", "1", "--ledger", str(ledger)]) != 0
    assert "changed by hand" in capsys.readouterr().err and ledger.read_bytes() == before
    _type_over(ledger, "999.99", revenue.amount)
    assert main(["check", str(ledger)]) == 0
    assert main(["unpost", str(path), "--session", "1", "--ledger", str(ledger)]) == 0
    assert Book.open(ledger).records("Journal") == ()


def _mandate_with_a_pulled_session(path, ledger):
    assert main(["new", "ledger", str(ledger)]) == 0
    assert main(["mandate", "create", "--invoicing", str(path), "--ledger", str(ledger)]) == 0
    assert main(["documents", "new", str(path), "--client", "1001", "--date", "2026-03-02", "--line", "H-MEN:2"]) == 0
    assert main(["post", str(path), "--until", "2026-03-31"]) == 0
    assert main(["mandate", "pull", str(ledger)]) == 0
    return next(e for e in Book.open(ledger).records("Journal") if e.vat_amount)


def test_through_the_mandate_the_invoicing_side_refuses_to_take_back_an_edited_entry(book, tmp_path, capsys):
    """Audit 14e, m2: 108.10 typed over as 110 in the Journal, then `unpost --session 1` was accepted on the
    invoicing side (the invoice editable again) while every pull refused the withdrawal. The mandate reaches the
    ledger's workbook: the invoicing side refuses as the pull would, naming the cell, and changes nothing."""
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    revenue = _mandate_with_a_pulled_session(path, ledger)
    cell = _type_over(ledger, revenue.amount, "999.99")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["unpost", str(path), "--session", "1"]) != 0
    err = capsys.readouterr().err
    assert "changed by hand" in err and cell in err and path.read_bytes() == before


def test_through_the_mandate_check_names_a_withdrawal_the_pull_refuses(book, tmp_path, capsys):
    """A ledger the invoicing side cannot reach (moved away while unposting): the withdrawal is published, the pull
    leaves it waiting (nothing lost), and `check` on both books names it instead of reporting 0 errors."""
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    revenue = _mandate_with_a_pulled_session(path, ledger)
    _type_over(ledger, revenue.amount, "999.99")
    away = tmp_path / "away.xlsx"
    ledger.rename(away)
    assert main(["unpost", str(path), "--session", "1"]) == 0  # the invoicing side withdraws its batch
    away.rename(ledger)
    capsys.readouterr()
    main(["mandate", "pull", str(ledger)])
    out = capsys.readouterr()
    assert "changed by hand" in out.out + out.err
    assert any(str(e.amount) == "999.99" for e in Book.open(ledger).records("Journal"))  # nothing lost
    for checked in (ledger, path):
        assert main(["check", str(checked)]) == 1
        out = capsys.readouterr().out
        assert "refused by `mandate pull`" in out and "changed by hand" in out


def test_a_remote_invoicing_side_learns_the_edited_batches_at_the_next_pull(book, tmp_path, capsys):
    """m2 with the ledger out of reach of the invoicing side: the pull after the edit publishes that the batch holds
    an entry typed over, and `unpost` refuses on that word alone, leaving the invoicing book as it was; typed back
    and pulled again, the same `unpost` goes through."""
    path, ledger = book.path, tmp_path / "ledger.xlsx"
    revenue = _mandate_with_a_pulled_session(path, ledger)
    _type_over(ledger, revenue.amount, "999.99")
    assert main(["mandate", "pull", str(ledger)]) == 0  # nothing waiting; what it holds travels
    away = tmp_path / "elsewhere.xlsx"
    ledger.rename(away)
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["unpost", str(path), "--session", "1"]) != 0
    assert "changed by hand" in capsys.readouterr().err and path.read_bytes() == before
    away.rename(ledger)
    _type_over(ledger, "999.99", revenue.amount)
    assert main(["mandate", "pull", str(ledger)]) == 0
    ledger.rename(away)
    assert main(["unpost", str(path), "--session", "1"]) == 0
