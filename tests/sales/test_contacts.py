"""Contact persons of a client (issue 17, Contacts as in the client card's Contacts tab): several per client, one of
them on the document's address block — "À l'attention de …", "z. Hd. …", "All'attenzione di …", "Attn. …" in the
document's language — chosen with --contact or the client's default; `comptoir check` names a contact of a client
that does not exist; a book made before the Contacts sheet gets it on its first write and breaks nowhere."""
from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal as D

import openpyxl
import pypdfium2 as pdfium
import pytest

from engine.cli import main
from engine.errors import BusinessRuleError
from engine.services import contacts
from engine.services import documents as docs
from engine.services import documents_print
from engine.store.book import Book
from tests.company import blank, book  # noqa: F401 (fixtures)


def _text(pdf: bytes) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))


def _old_book(blank, tmp_path):
    """The demo book as it was before Contacts and StockMoves existed (the sheets removed)."""
    path = tmp_path / "old.xlsx"
    workbook = openpyxl.load_workbook(blank)
    for name in ("Contacts", "StockMoves"):
        del workbook[name]
    workbook.save(path)
    return path


@pytest.mark.parametrize("client_id, name, expected", [
    (1001, "Mme Claire Morel", "À l'attention de Mme Claire Morel"),       # Boulangerie du Flon Sàrl, FR
    (1004, "Herr Urs Bühler", "z. Hd. Herr Urs Bühler"),                   # Gemeinde Köniz, DE
    (1007, "Sig. Gino Ferrari", "All'attenzione di Sig. Gino Ferrari"),    # Ristorante Da Gino, Locarno, IT
    (1011, "Ms Sarah Collins", "Attn. Ms Sarah Collins"),                  # École Internationale de Genève, EN
])
def test_the_contact_is_on_the_address_block_in_the_document_language(book, client_id, name, expected):
    contacts.add_contact(book, client_id, "Comptabilité", function="comptabilité")
    contacts.add_contact(book, client_id, name, function="direction")
    number = docs.new_document(book, client_id=client_id, on=date(2026, 3, 2), contact=name.upper(),
                               lines=[dict(article_id="H-MEN", quantity=D(1))])
    assert docs.db.find_document(book, number).contact == name  # the name as Contacts spells it
    view = documents_print.view_of(book, number)
    assert view.client[1] == expected  # under the company name, above the street (Swiss Post)
    assert expected in _text(documents_print.render(book, number)[0])


def test_the_contact_takes_the_place_of_the_clients_own_person(book):
    """Audit 17: Hôtel des Alpes SA, its card's person Sandrine Pittet, a document for M. Paul Dubois read "Hôtel des
    Alpes SA / À l'attention de M. Paul Dubois / Sandrine Pittet / Grand-Rue 22": addressed to two people. By hand,
    Swiss Post's block: the company, the attention line, the street, the town, nobody else."""
    client = next(c for c in book.records("Clients") if c.client_id == 1003)
    book.put("Clients", [c.__class__(**{**{f: getattr(c, f) for f in c.__dataclass_fields__}, "company": "Hôtel des "
                         "Alpes SA", "title": None, "first_name": "Sandrine", "last_name": "Pittet",
                         "street": "Grand-Rue", "building_number": "22", "post_code": "1950", "town": "Sion",
                         "country": "CH"}) if c is client else c for c in book.records("Clients")])
    contacts.add_contact(book, 1003, "M. Paul Dubois", function="réception")
    number = docs.new_document(book, client_id=1003, on=date(2026, 3, 2), contact="M. Paul Dubois",
                               lines=[dict(article_id="DEP")])
    assert documents_print.view_of(book, number).client == (
        "Hôtel des Alpes SA", "À l'attention de M. Paul Dubois", "Grand-Rue 22", "1950 Sion")
    assert "Sandrine Pittet" not in _text(documents_print.render(book, number)[0])
    plain = docs.new_document(book, client_id=1003, on=date(2026, 3, 2), lines=[dict(article_id="DEP")])
    assert documents_print.view_of(book, plain).client == (  # no contact: the card's person, as before
        "Hôtel des Alpes SA", "Sandrine Pittet", "Grand-Rue 22", "1950 Sion")


def test_a_new_document_goes_to_the_default_contact_and_an_unknown_one_is_refused(book):
    contacts.add_contact(book, 1003, "M. Paul Favre", function="réception")
    contacts.add_contact(book, 1003, "Mme Sandrine Pittet", function="direction", default=True)
    number = docs.new_document(book, client_id=1003, on=date(2026, 3, 2), lines=[dict(article_id="DEP")])
    assert docs.db.find_document(book, number).contact == "Mme Sandrine Pittet"
    # a second default takes the place of the first: only one contact is the default
    contacts.add_contact(book, 1003, "M. Luc Rey", default=True)
    assert [c.name for c in book.records("Contacts") if c.default] == ["M. Luc Rey"]
    with pytest.raises(BusinessRuleError) as refused:
        docs.new_document(book, client_id=1003, lines=[dict(article_id="DEP")], contact="Mme Nobody")
    assert "M. Paul Favre" in refused.value.message and "Contacts" in refused.value.hint
    # a client without contacts: no attention line
    plain = docs.new_document(book, client_id=1002, on=date(2026, 3, 2), lines=[dict(article_id="DEP")])
    assert documents_print.view_of(book, plain).client == ("Jean-Marc Rochat", "Avenue de Cour 61", "1007 Lausanne")


def test_check_names_a_contact_of_an_unknown_client(book, capsys):
    contacts.add_contact(book, 1001, "Mme Claire Morel")
    book.put("Contacts", [*book.records("Contacts"), book.new("Contacts", client_id=9999, name="M. Fantôme")])
    book.save()
    assert main(["check", str(book.path)]) == 1
    out = capsys.readouterr().out
    # the second contact row is row 3 of the sheet; ClientId is column A
    assert "Contacts!A3" in out and 'ClientId "9999" does not exist in Clients' in out


def test_a_book_made_before_contacts_gets_the_sheet_on_its_first_write(blank, tmp_path, capsys):
    path = _old_book(blank, tmp_path)
    assert main(["check", str(path)]) == 0  # no sheet missing: Contacts and StockMoves are read as empty
    assert "Contacts" not in capsys.readouterr().out
    number = docs.new_document(old := Book.open(path), client_id=1001, on=date(2026, 3, 2),
                               lines=[dict(article_id="DEP")])
    old.save()  # no contact: nothing written to a Contacts sheet, none created
    assert "Contacts" not in openpyxl.load_workbook(path).sheetnames
    assert main(["contacts", "add", str(path), "--client", "1001", "--name", "Mme Claire Morel", "--default",
                 "--function", "gérante", "--email", "claire@flon.ch"]) == 0
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Contacts"]
    assert [c.value for c in sheet[1]] == ["ClientId", "Name", "Function", "Email", "Phone", "Language", "Default"]
    assert [c.value for c in sheet[2]][:4] == [1001, "Mme Claire Morel", "gérante", "claire@flon.ch"]
    assert "tblContacts" in sheet.tables and sheet.tables["tblContacts"].ref == "A1:G2"
    reopened = Book.open(path)
    assert [c.name for c in reopened.records("Contacts")] == ["Mme Claire Morel"]
    assert not [p for p in reopened.check() if p.severity == "error"]
    assert docs.db.find_document(reopened, number).number == number  # the rest of the book is read as before


def test_a_refused_contact_leaves_the_book_as_it_was(blank, tmp_path):
    path = _old_book(blank, tmp_path)
    before = path.read_bytes()
    assert main(["contacts", "add", str(path), "--client", "4242", "--name", "M. Personne"]) == 2
    assert path.read_bytes() == before


def test_documents_new_contact_from_the_command_line(blank, tmp_path, capsys):
    path = tmp_path / "book.xlsx"
    shutil.copy(blank, path)
    assert main(["contacts", "add", str(path), "--client", "1005", "--name", "Frau Martina Keller"]) == 0
    assert main(["documents", "new", str(path), "--client", "1005", "--date", "02.03.2026", "--line", "DEP",
                 "--contact", "Frau Martina Keller"]) == 0
    number = capsys.readouterr().out.strip().splitlines()[-1].split(":")[0]
    book = Book.open(path)
    assert "z. Hd. Frau Martina Keller" in documents_print.view_of(book, number).client


def test_a_documents_sheet_without_the_contact_column_keeps_working(blank, tmp_path):
    """A book from before contacts: its Documents table has no Contact column. The default contact is left out
    (check warns the column is missing, as for any optional column); a contact asked by name is refused, saying
    how to add the column, and the book is left as it was."""
    path = tmp_path / "old.xlsx"
    workbook = openpyxl.load_workbook(blank)
    sheet = workbook["Documents"]
    column = [c.value for c in sheet[1]].index("Contact") + 1
    sheet.cell(1, column).value = None
    sheet.tables["tblDocuments"].ref = f"A1:{openpyxl.utils.get_column_letter(column - 1)}2"
    workbook.save(path)
    old = Book.open(path)
    contacts.add_contact(old, 1001, "Mme Claire Morel", default=True)
    number = docs.new_document(old, client_id=1001, on=date(2026, 3, 2), lines=[dict(article_id="DEP")])
    old.save()
    assert documents_print.view_of(Book.open(path), number).client[1] == "Claire Morel"  # no attention line
    before = path.read_bytes()
    with pytest.raises(BusinessRuleError) as refused:
        docs.new_document(Book.open(path), client_id=1001, lines=[dict(article_id="DEP")],
                          contact="Mme Claire Morel")
    assert "Contact column" in refused.value.message and "Documents table" in refused.value.hint
    assert path.read_bytes() == before
