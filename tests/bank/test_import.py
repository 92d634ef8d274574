"""Importing real camt files into Movements: counts and sums match an independent XPath count; twins agree;
importing again (or an overlapping file) adds nothing; broken files import nothing."""
from __future__ import annotations

from decimal import Decimal

import pytest

from engine.formats import camt
from engine.services import bank
from tests.bank.scenario import invoicing_book, statement
from tests.formats.camt_support import LOCAL, all_samples, xpath_totals

REFUSED = {"genkgo_camt053.v2.wrong.xml"}


def _booked_totals(path):
    """Entries the import keeps (booked: Sts BOOK or absent), per side, counted with XPath."""
    from lxml import etree
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    totals = {"credit": [0, Decimal(0)], "debit": [0, Decimal(0)]}
    for ntry in tree.xpath("//*[local-name()='Ntry']"):
        status = ntry.xpath("normalize-space(*[local-name()='Sts'])")
        if status not in ("", "BOOK"):
            continue
        side = "credit" if ntry.xpath("normalize-space(*[local-name()='CdtDbtInd'])") == "CRDT" else "debit"
        totals[side][0] += 1
        totals[side][1] += Decimal(ntry.xpath("string(*[local-name()='Amt'])").strip())
    return totals


@pytest.mark.parametrize("path", all_samples(), ids=lambda p: p.name)
def test_every_sample_imports_its_entries_once(path):
    book = invoicing_book(0)
    result = bank.import_statements(book, [path])
    if path.name in REFUSED:
        assert result.added == 0 and result.problems and not book.records("Movements")
        return
    expected = _booked_totals(path)
    parents = [m for m in book.records("Movements") if m.parent is None]
    for side in ("credit", "debit"):
        mine = [m for m in parents if m.direction == side]
        assert len(mine) == expected[side][0], side
        assert sum((m.amount for m in mine), Decimal(0)) == expected[side][1], side
    # details of grouped credits add up to their entry
    for parent in parents:
        details = [m for m in book.records("Movements") if m.parent == parent.movement_id]
        if details and sum(d.amount for d in details) != parent.amount:  # messy samples: said, not hidden
            assert any("details add up to" in p.message for p in result.problems)
    again = bank.import_statements(book, [path])
    assert again.added == 0 and again.duplicates == sum(expected[s][0] for s in expected)


def test_there_are_enough_samples(shared_data):  # skips without ../shared/data
    assert sum(sum(v[0] for v in xpath_totals(p).values()) for p in all_samples() if p.name not in REFUSED) > 80


def test_version_twins_import_the_same_movements():
    names = ("dvbern_postfinance_camt.054_P_CH2909000000250094239_1111111112_0_2022031011011199_v2009_v04.xml",
             "dvbern_postfinance_camt.054_P_CH2909000000250094239_1111111112_0_2022031011011199_v2019_v08.xml")
    views = []
    for name in names:
        book = invoicing_book(0)
        bank.import_statements(book, [LOCAL / name])
        views.append([(m.booking_date, m.direction, m.amount, m.bank_reference, m.reference, m.counterparty,
                       m.bank_code, m.import_key, m.parent) for m in book.records("Movements")])
    assert views[0] and views[0] == views[1]


def test_overlapping_statements_add_only_the_new_entries():
    xml = statement(300, 0)
    book = invoicing_book(0)
    document = camt.parse(xml, source="year.xml")
    first = document.statements[0]
    from dataclasses import replace
    early = replace(document, statements=(replace(first, entries=first.entries[:200]),))
    late = replace(document, statements=(replace(first, entries=first.entries[150:]),))
    assert bank.import_documents(book, [early]).added == 200
    result = bank.import_documents(book, [late])
    assert (result.added, result.duplicates) == (100, 50)
    assert len(book.records("Movements")) == 300


def test_entries_without_bank_reference_stay_distinct_but_are_not_duplicated(tmp_path):
    entry = ('<Ntry><Amt Ccy="CHF">4.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>'
             '<BookgDt><Dt>2024-03-01</Dt></BookgDt><AddtlNtryInf>Café</AddtlNtryInf></Ntry>')
    xml = ('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><GrpHdr><MsgId>M'
           '</MsgId></GrpHdr><Stmt><Id>S</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct>'
           + entry * 2 + '</Stmt></BkToCstmrStmt></Document>').encode()
    (tmp_path / "a.xml").write_bytes(xml)
    book = invoicing_book(0)
    assert bank.import_statements(book, [tmp_path]).added == 2  # two coffees on one day are two movements
    assert bank.import_statements(book, [tmp_path / "a.xml"]).added == 0


def test_unbalanced_statement_and_broken_files_are_reported(tmp_path):
    xml = statement(20, 0).replace(b"<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CHF\">", b"<Cd>CLBD</Cd></CdOrPrtry>"
                                   b"</Tp><Amt Ccy=\"CHF\">1")
    (tmp_path / "off.xml").write_bytes(xml)
    (tmp_path / "cut.xml").write_bytes(statement(20, 0)[:3000])
    book = invoicing_book(0)
    result = bank.import_statements(book, [tmp_path])
    messages = " ".join(p.message for p in result.problems)
    assert "do not add up" in messages and result.added == 20  # the good file imports, the cut one does not
    assert any("cut.xml" in str(p) for p in result.problems)


def test_bank_text_is_stored_as_written_without_a_quote_prefix():
    # inline strings are never evaluated (tests/robustness/test_injection.py checks the saved book stays text)
    from engine.domain.reconcile.movements import clean
    assert clean("=HYPERLINK(\"x\")") == "=HYPERLINK(\"x\")" and clean(" +41  79 ") == "+41 79"


def test_the_first_statement_sets_the_accounts_opening_balance(tmp_path):
    """Cash in the reports starts from the balance the bank gives (OPBD), read independently with lxml here."""
    from datetime import date

    from lxml import etree

    from engine.demo import statement
    from engine.services import bank as bank_service
    from engine.store.book import Book
    from engine import templates

    path = templates.write("invoicing", tmp_path / "invoicing.xlsx")
    book = Book.open(path)
    iban = "CH9300762011623852957"
    book.put("BankAccounts", [book.new("BankAccounts", iban=iban, ledger_account="1020")])
    lines = [statement.Line(date(2026, 2, 3), Decimal("120.00"), True, ("PMNT", "RCDT", "DMCT"), "A", info="x")]
    data = statement.build(lines, iban, 2026, opening=Decimal("4321.05"))
    (tmp_path / "s.xml").write_bytes(data)
    bank_service.import_statements(book, [tmp_path / "s.xml"])
    ns = {"c": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"}
    tree = etree.fromstring(data)
    opbd = tree.xpath("//c:Bal[c:Tp/c:CdOrPrtry/c:Cd='OPBD']", namespaces=ns)[0]
    account = book.records("BankAccounts")[0]
    assert account.opening_balance == Decimal(opbd.xpath("c:Amt/text()", namespaces=ns)[0])
    assert account.opening_date.isoformat() == opbd.xpath("c:Dt/c:Dt/text()", namespaces=ns)[0]


def test_each_file_read_is_told_to_the_progress_bar(tmp_path):
    """A folder of three files, one of them refused: the bar hears of each, then of the end."""
    samples = [p for p in sorted(LOCAL.glob("*.xml")) if p.name not in REFUSED][:2]
    for sample in samples:
        (tmp_path / sample.name).write_bytes(sample.read_bytes())
    (tmp_path / "zz-broken.xml").write_bytes(b"<Document")
    heard = []
    result = bank.import_statements(invoicing_book(0), [tmp_path], lambda *call: heard.append(call))
    assert heard == [(0, 3, f"reading {samples[0].name}"), (1, 3, f"reading {samples[1].name}"),
                     (2, 3, "reading zz-broken.xml"), (3, 3, "bank files read")]
    assert result.files == 2 and any("zz-broken.xml" in str(p.source) for p in result.problems)
