"""What the bank says beyond the amount reaches the Movements sheet, in the book's language (issue 15, items 10-12):
a direct debit taken back (camtparser's real camt.054: a DBIT with RvslInd, PMNT/…/PRDD, RtrInf/Rsn MD06,
"RÜCKBELASTUNG (REFUND) CHDD-BASISLASTSCHRIFT") is a returned direct debit, not an ordinary payment, and its reason
reads « Retour : remboursement demandé par le débiteur (MD06) »; pending and informational entries and movements in
a currency the books cannot post are said at import, with their counts; the statement status reaches the JSON."""
from __future__ import annotations

from decimal import Decimal

from lxml import etree

from engine.formats import camt
from engine.services import bank
from tests.bank.scenario import invoicing_book
from tests.formats.camt_support import LOCAL

ADVICE = LOCAL / "camtparser_054_valid_example.xml"
ANY = "*[local-name()='{}']"


def _x(node, path):
    return node.xpath("/".join(ANY.format(p) for p in path.split("/")))


def _book(language: str, iban: str):
    book = invoicing_book(0, types=language.lower())  # its movement types as a new book in that language has them
    book.set_settings(DefaultLanguage=language)
    book.put("BankAccounts", [book.new("BankAccounts", iban=iban, name="Bank", currency="CHF", ledger_account="1020")])
    return book


def test_a_direct_debit_taken_back_is_typed_as_such_and_its_reason_said_in_the_books_language():
    tree = etree.parse(str(ADVICE))
    iban = _x(tree.getroot(), "BkToCstmrDbtCdtNtfctn/Ntfctn/Acct/Id/IBAN")[0].text
    returns = [n for n in tree.xpath("//*[local-name()='Ntry']") if _x(n, "RvslInd") and _x(n, "RvslInd")[0].text ==
               "true"]
    assert returns and _x(returns[0], "NtryDtls/TxDtls/RtrInf/Rsn/Cd")[0].text == "MD06"
    amount = Decimal(_x(returns[0], "Amt")[0].text)
    for language, said, kind in (("FR", "Retour : remboursement demandé par le débiteur (MD06)", "Retour de prélèvement"),
                                 ("DE", "Rückweisung: Rückforderung durch den Zahlungspflichtigen (MD06)",
                                  "Lastschrift-Rückbelastung")):
        book = _book(language, iban)
        bank.import_documents(book, [camt.parse(ADVICE.read_bytes(), source=ADVICE.name)])
        bank.reconcile(book)
        back = [m for m in book.records("Movements") if m.amount == amount and m.direction == "debit"
                and m.parent is None]
        assert back and back[0].type == kind, [(m.type, m.bank_code) for m in back]
        assert said in (back[0].remittance or "")


def _statement(entries: str, closing: str, currency: str = "EUR") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>
<Stmt><Id>S-1</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>{currency}</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="{currency}">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="{currency}">{closing}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-03-31</Dt></Dt></Bal>{entries}</Stmt></BkToCstmrStmt></Document>""".encode()


def _entry(amount: str, currency: str, status: str = "BOOK") -> str:
    return (f'<Ntry><Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>{status}</Cd></Sts>'
            f"<BookgDt><Dt>2026-03-10</Dt></BookgDt><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd>"
            f"<SubFmlyCd>AUTT</SubFmlyCd></Fmly></Domn></BkTxCd></Ntry>")


def test_pending_and_foreign_currency_entries_are_said_at_import_with_their_counts():
    xml = _statement(_entry("10.00", "SEK") + _entry("5.00", "SEK") + _entry("7.00", "SEK", "PDNG")
                     + _entry("1.00", "SEK", "INFO"), "115.00", "SEK")
    document = camt.parse(xml, source="sek.xml")
    assert [e["status"] for e in camt.to_json(document)["statements"][0]["entries"]] == ["BOOK", "BOOK", "PDNG",
                                                                                        "INFO"]
    book = _book("FR", "CH9300762011623852957")
    result = bank.import_documents(book, [document])
    messages = " | ".join(p.message for p in result.problems)
    assert "1 INFO, 1 PDNG entries not imported" in messages
    assert "currency the books cannot post (2 in SEK)" in messages
    assert len(book.records("Movements")) == 2  # kept, to sort by hand


def test_a_balance_in_one_currency_and_entries_in_another_are_named():
    xml = _statement(_entry("10.00", "EUR"), "110.00", "SEK")
    problems = camt.parse(xml, source="mixed.xml").warnings
    assert any("balances are in SEK but the entries in EUR" in p.message for p in problems)


def test_labels_say_a_word_once_and_a_movement_before_go_live_says_why_it_is_excluded():
    """The interest credit's bank text is "Intérêts créanciers 2026"; its type's label "Intérêts {bank_text}" read
    "Intérêts Intérêts créanciers 2026". A movement dated before Settings GoLiveDate is excluded, and says so."""
    interest = ('<Ntry><Amt Ccy="CHF">3.20</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
                "<BookgDt><Dt>2026-03-31</Dt></BookgDt><BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MCOP</Cd>"
                "<SubFmlyCd>INTR</SubFmlyCd></Fmly></Domn></BkTxCd><AddtlNtryInf>Intérêts créanciers 2026"
                "</AddtlNtryInf></Ntry>")
    early = _entry("10.00", "CHF").replace("2026-03-10", "2026-01-05")
    book = _book("FR", "CH9300762011623852957")
    book.set_settings(GoLiveDate="2026-02-01")
    bank.import_documents(book, [camt.parse(_statement(interest + early, "113.20", "CHF"), source="s.xml")])
    bank.reconcile(book)
    by_amount = {m.amount: m for m in book.records("Movements")}
    assert by_amount[Decimal("3.20")].label == "Intérêts créanciers 2026"
    before = by_amount[Decimal("10.00")]
    assert before.action == "excluded" and "date de mise en service 01.02.2026" in before.why  # the book is French


def test_recognition_says_why_in_the_books_language():
    """The reasons a bookkeeper reads in the Movements sheet are in the book's language (Settings DefaultLanguage),
    references kept as they are: a QR payment of F-1 in full and a credit nothing matches."""
    from bench.camt_gen import OWN_IBAN, qr_reference
    from tests.bank.scenario import amount
    paid = ('<Ntry><Amt Ccy="CHF">{a}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
            "<BookgDt><Dt>2026-03-10</Dt></BookgDt><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd>"
            "<SubFmlyCd>AUTT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><RmtInf><Strd><CdtrRefInf>"
            "<Ref>{r}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>").format(a=amount(1),
                                                                                     r=qr_reference(1))
    expected = {"FR": ("→ facture F-1 (payée entièrement)", "aucune référence, règle ni facture ne correspond"),
                "DE": ("→ Rechnung F-1 (vollständig bezahlt)", "keine Referenz, Regel oder Rechnung passt"),
                "IT": ("→ fattura F-1 (pagata interamente)", "nessun riferimento, regola o fattura corrisponde"),
                "EN": ("→ invoice F-1 (paid in full)", "no reference, rule or invoice matched")}
    for language, (receipt, nothing) in expected.items():
        book = invoicing_book(1)
        book.set_settings(DefaultLanguage=language)
        xml = _statement(paid + _entry("77.70", "CHF"), "100.00", "CHF").replace(
            b"CH9300762011623852957", OWN_IBAN.encode())
        bank.import_documents(book, [camt.parse(xml, source="s.xml")])
        bank.reconcile(book)
        whys = {m.amount: m.why for m in book.records("Movements")}
        assert receipt in whys[amount(1)] and nothing in whys[Decimal("77.70")], (language, whys)
