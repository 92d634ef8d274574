"""Actions of the manual's sales side from the command line (issue 17, in part): the global discount at the foot of
a document ("rabais % en pied de facture"), "Utiliser une note de crédit" as one operation, and "Annuler
l'acquittement" (remove a payment not posted yet). Hand calculations from the demo company's articles: H-MEN is
95.00 an hour."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from engine.cli import main
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)


def _new(path, *extra) -> None:
    assert main(["documents", "new", str(path), "--client", "1001", "--date", "02.03.2026", *extra]) == 0


def _docs(path):
    return {d.number: d for d in Book.open(path).records("Documents")}


def test_a_global_discount_from_the_command_line(book, capsys):
    _new(book.path, "--line", "H-MEN:2", "--discount", "2.5%")
    (document,) = [d for d in _docs(book.path).values() if d.date and d.date.isoformat() == "2026-03-02"]
    assert document.global_discount == D("2.5")
    assert document.total_net == D("185.25")  # 2 × 95.00 = 190.00, less 2.5 % = 4.75
    assert main(["documents", "new", str(book.path), "--client", "1001", "--line", "H-MEN:1", "--discount",
                 "lots"]) == 2
    assert "not a percentage" in capsys.readouterr().err


def test_use_a_credit_note_then_take_the_use_back(book, capsys):
    _new(book.path, "--line", "H-MEN:2")
    invoice = max(n for n in _docs(book.path) if n.startswith("F-"))
    _new(book.path, "--stage", "N", "--refers-to", invoice, "--line", "H-MEN:1")
    note = max(n for n in _docs(book.path) if n.startswith("N-"))
    before = _docs(book.path)
    owed, credit = before[invoice].balance, before[note].total_payable
    assert main(["documents", "use-credit", str(book.path), "--credit-note", note, "--date", "09.03.2026"]) == 0
    after = _docs(book.path)
    assert after[invoice].balance == owed - credit and after[note].balance == 0
    uses = [p for p in Book.open(book.path).records("Payments") if p.kind == "credit_note"]
    assert main(["documents", "unpay", str(book.path), "--payment", str(uses[0].payment_id)]) == 0
    again = _docs(book.path)
    assert again[invoice].balance == owed and again[note].balance == credit  # both halves gone


def test_a_posted_payment_is_not_removed_but_the_way_is_said(book, capsys):
    _new(book.path, "--line", "H-MEN:1")
    invoice = max(n for n in _docs(book.path) if n.startswith("F-"))
    assert main(["documents", "pay", str(book.path), "--number", invoice, "--amount", "50.00",
                 "--date", "10.03.2026"]) == 0
    b = Book.open(book.path)
    paid = [p for p in b.records("Payments") if p.document_number == invoice][0]
    b.put("Payments", [replace(p, posted_session=7) if p is paid else p for p in b.records("Payments")])
    b.save()
    capsys.readouterr()
    assert main(["documents", "unpay", str(book.path), "--payment", str(paid.payment_id)]) == 2
    assert "unpost session 7" in capsys.readouterr().err
