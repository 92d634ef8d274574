"""`comptoir demo DIR` builds books a bookkeeper can open: every book it writes checks clean."""
from engine.cli import main
from engine.store.book import Book


def test_demo_builds_clean_books(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "acme")]) == 0
    out = capsys.readouterr().out
    assert "20 clients" in out
    for name in ("invoicing.xlsx", "ledger.xlsx"):
        book = Book.open(tmp_path / "acme" / name)
        assert [p for p in book.check() if p.severity == "error"] == []
    invoicing = Book.open(tmp_path / "acme" / "invoicing.xlsx")
    assert len(invoicing.records("Clients")) == 20
    assert len(invoicing.records("Articles")) == 30
    assert len(invoicing.records("Creditors")) == 10
    assert invoicing.settings["CompanyName"] == "Menuiserie Favre SA"
