"""Reversals (``RvslInd=true``) and returned payments (``RRTN``) book the reverse of the original movement; a returned
payment order opens its purchase invoice again, with a warning (DOMAIN.md §6.1 "Retours / rejets: reverse original").

The reversing entries are real PostFinance files (viafintech/camt_parser MIT, moov-io/iso20022 Apache-2.0); the
originals they cancel are hand-made camt.053 entries built from values read out of those files with plain XPath."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from engine.formats import camt
from engine.services import bank
from tests.bank.scenario import invoicing_book
from tests.formats.camt_support import LOCAL

DIRECT_DEBITS = LOCAL / "camtparser_054_valid_example.xml"
RETURNS = LOCAL / "moov_postfinance_200519_camt054-returns_p_ch2909000000250094239_1109800798_0_2019052023472022.xml"


def _reversed_entries(path):
    """(account IBAN, [(amount, CdtDbtInd, end-to-end id, booking date, RvslInd, sub-family)]) by XPath."""
    tree = etree.parse(str(path))
    value = lambda node, path: node.xpath(f"string({path})").strip()  # noqa: E731
    iban = value(tree, "//*[local-name()='Ntfctn']/*[local-name()='Acct']//*[local-name()='IBAN']")
    rows = []
    for ntry in tree.xpath("//*[local-name()='Ntry']"):
        rows.append((Decimal(value(ntry, "*[local-name()='Amt']")), value(ntry, "*[local-name()='CdtDbtInd']"),
                     value(ntry, ".//*[local-name()='EndToEndId']"), value(ntry, "*[local-name()='BookgDt']/*"),
                     value(ntry, "*[local-name()='RvslInd']") == "true",
                     value(ntry, ".//*[local-name()='SubFmlyCd']")))
    return iban, rows


def _original(iban: str, amount: Decimal, side: str, e2e: str, sub_family: str) -> bytes:
    """A camt.053 of the month before with the booking the reversal cancels (other side, same end-to-end id)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><GrpHdr><MsgId>ORIG</MsgId></GrpHdr>
<Stmt><Id>S-ORIG</Id><Acct><Id><IBAN>{iban}</IBAN></Id></Acct>
<Ntry><Amt Ccy="CHF">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2000-01-03</Dt></BookgDt>
<AcctSvcrRef>ORIG-{e2e}</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{'ICDT' if side == 'DBIT' else 'IDDT'}</Cd><SubFmlyCd>{sub_family}</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs><Amt Ccy="CHF">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd>
</TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>""".encode()


def _book(iban: str):
    book = invoicing_book(0)
    book.put("BankAccounts", [book.new("BankAccounts", iban=iban, name="PostFinance", currency="CHF",
                                       ledger_account="1020")])
    return book


def test_a_reversed_direct_debit_books_the_reverse_of_its_original():
    iban, rows = _reversed_entries(DIRECT_DEBITS)
    amount, side, e2e, _, reversal, _ = next(r for r in rows if r[4])
    assert reversal and side == "DBIT"  # a collection credited earlier, taken back
    book = _book(iban)
    bank.import_documents(book, [camt.parse(_original(iban, amount, "CRDT", e2e, "PMDD"), source="orig.xml")])
    bank.import_documents(book, [camt.parse(DIRECT_DEBITS.read_bytes(), source=DIRECT_DEBITS.name)])
    bank.reconcile(book)
    movements = book.records("Movements")
    original = next(m for m in movements if m.source_file == "orig.xml")
    back = next(m for m in movements if m.end_to_end_id == e2e and m.movement_id != original.movement_id)
    assert (back.direction, back.amount) == ("debit", amount)
    assert (back.debit_account, back.credit_account) == (original.credit_account, original.debit_account)
    assert f"reversal of movement {original.movement_id}" in back.why
    # the other reversal of the file has no original in the book: not invented
    other = [m for m in movements if m.direction == "debit" and m.end_to_end_id != e2e and m.parent is None]
    assert other and all("reversal of movement" not in (m.why or "") for m in other)


def test_a_returned_payment_order_opens_its_invoice_again():
    iban, rows = _reversed_entries(RETURNS)
    amount, side, e2e, _, _, sub_family = rows[0]
    assert (side, sub_family) == ("CRDT", "RRTN")
    book = _book(iban)
    book.put("ReceivedInvoices", [book.new("ReceivedInvoices", number="R-1", stage="F", status=">BA", creditor_id=1,
                                           date=date(2000, 1, 1), amount=amount)])
    book.put("PaymentOrders", [book.new("PaymentOrders", order_id=1, invoice_number="R-1", status=">BA",
                                        amount=amount, end_to_end_id=e2e)])
    book.put("Payments", [book.new("Payments", payment_id=1, side="purchases", document_number="R-1", kind="payment",
                                   amount=amount, account="2003", order_id=1, date=date(2000, 1, 2))])
    bank.import_documents(book, [camt.parse(_original(iban, amount, "DBIT", e2e, "AUTT"), source="orig.xml")])
    assert bank.reconcile(book).orders == 1
    assert book.records("ReceivedInvoices")[0].status == ">BE"
    bank.import_documents(book, [camt.parse(RETURNS.read_bytes(), source=RETURNS.name)])
    result = bank.reconcile(book)
    assert any("returned by the bank" in p.message and "R-1 is open again" in p.message for p in result.problems)
    invoice = book.records("ReceivedInvoices")[0]
    assert (invoice.status, invoice.balance) == ("F", amount)
    back = next(m for m in book.records("Movements") if m.direction == "credit")
    assert (back.debit_account, back.credit_account, back.group) == ("1020", "2003", "R-1")


def test_a_returned_order_whose_payment_is_posted_waits_and_says_the_invoice_stays_paid():
    """The order's payment is posted (2000 / 2003 x) and the bank debit too (2003 / 1020 x): 2003 is at 0. Posting
    the return now (1020 / 2003 x) would leave 2003 at −x on an invoice still paid. By hand, the consistent books:
    the return waits (pending), its reason says the invoice stays paid and what to do; the invoice is still >BE."""
    iban, rows = _reversed_entries(RETURNS)
    amount, _, e2e, _, _, _ = rows[0]
    book = _book(iban)
    book.put("ReceivedInvoices", [book.new("ReceivedInvoices", number="R-1", stage="F", status=">BA", creditor_id=1,
                                           date=date(2000, 1, 1), amount=amount)])
    book.put("PaymentOrders", [book.new("PaymentOrders", order_id=1, invoice_number="R-1", status=">BA",
                                        amount=amount, end_to_end_id=e2e)])
    book.put("Payments", [book.new("Payments", payment_id=1, side="purchases", document_number="R-1", kind="payment",
                                   amount=amount, account="2003", order_id=1, date=date(2000, 1, 2),
                                   posted_session=1)])
    bank.import_documents(book, [camt.parse(_original(iban, amount, "DBIT", e2e, "AUTT"), source="orig.xml")])
    bank.reconcile(book)
    bank.import_documents(book, [camt.parse(RETURNS.read_bytes(), source=RETURNS.name)])
    bank.reconcile(book)
    back = next(m for m in book.records("Movements") if m.direction == "credit")
    assert back.action == "pending" and "stays paid" in back.why and "open again" not in back.why
    # >BE, then c: its payment is posted (session 1), the invoice itself not — partly posted (manual §3.8.14)
    assert book.records("ReceivedInvoices")[0].status == ">BEc" and len(book.records("PaymentOrders")) == 1
