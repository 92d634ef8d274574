"""Issue 15 item 9: recognising again never rewrites a settled receipt's reason into "OVERPAID by ...".

The demo recognises its 63 movements twice (before and after making 5 rules). Its QR receipts each pay their
invoice exactly, so a bookkeeper expects "paid in full" on every receipt whose payment was recorded, however often
recognition runs — the second run used to meet the invoice already paid by the receipt itself (balance 0) and
call the receipt an over-payment of its whole amount.
"""
import openpyxl
import pytest

from engine.cli import main


def _why(book) -> dict:
    rows = list(openpyxl.load_workbook(book, read_only=True)["Movements"].iter_rows(values_only=True))
    head = rows[0]
    return {r[head.index("MovementId")]: str(r[head.index("Why")]) for r in rows[1:]}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "books"
    assert main(["demo", str(folder)]) == 0
    return folder


def test_settled_receipts_keep_their_reason_through_recognitions(demo):
    book = demo / "invoicing.xlsx"
    why = _why(book)
    receipts = {i: w for i, w in why.items() if "→ facture F-" in w}  # the demo's book speaks French
    assert len(receipts) >= 11
    assert not [w for w in receipts.values() if "PAYÉE EN TROP" in w]
    # put one receipt back to pending (its payment stays recorded) and recognise twice: its reason is unchanged
    main(["bank", "pending", str(book), "--ids", "6", "--ledger", str(demo / "ledger.xlsx")])
    main(["bank", "recognise", str(book)])
    main(["bank", "recognise", str(book)])
    assert _why(book)[6] == why[6]
    assert "payée entièrement" in why[6]
