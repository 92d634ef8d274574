"""Movements typed as the manual's movement types say (issue 15, items 3–5; DOMAIN.md §6.1 table; banking manual
§6 "types de mouvements"). Hand-made camt.053 .08 entries, each with what a bookkeeper expects first:

- an outgoing batch (PMNT/ICDT/ESCT, 3 payments, total only) is money going out: 9908 "Paiements à ventiler" /
  bank, type "Paiements groupés" — never 9909, never a receipt;
- a salary batch (PMNT/ICDT/SALA, 3 salaries) is 2002 Salaires / bank, booked as a whole;
- a post-office counter payment (PMNT/CNTR/CDPT) with the QR reference of F-1 pays F-1 (1100 via invoicing), not
  1000 Caisse; with a QR reference of no open invoice it waits on 9907, saying so;
- a valid 27-digit QR reference without ``Tp/Prtry QRR`` still pays its invoice.
"""
from __future__ import annotations

from bench.camt_gen import OWN_IBAN, qr_reference
from engine.formats import camt
from engine.services import bank
from tests.bank.scenario import amount, invoicing_book


def _entry(amount_text: str, direction: str, code: str, details: str = "", batch: int | None = None, *,
           day: str = "2024-03-04", text: str = "") -> str:
    domain, family, sub = code.split("/")
    btch = f"<Btch><NbOfTxs>{batch}</NbOfTxs></Btch>" if batch else ""
    info = f"<AddtlNtryInf>{text}</AddtlNtryInf>" if text else ""
    return (f'<Ntry><Amt Ccy="CHF">{amount_text}</Amt><CdtDbtInd>{direction}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
            f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
            f"<BkTxCd><Domn><Cd>{domain}</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn>"
            f"</BkTxCd><NtryDtls>{btch}{details}</NtryDtls>{info}</Ntry>")


def _qr_payment(reference: str, typed: bool = True) -> str:
    kind = "<Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp>" if typed else ""
    return (f"<TxDtls><RltdPties><Dbtr><Pty><Nm>Ana Payeur</Nm></Pty></Dbtr></RltdPties>"
            f"<RmtInf><Strd><CdtrRefInf>{kind}<Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>")


def _statement(*entries: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>T-1</MsgId><CreDtTm>2024-03-04T20:00:00</CreDtTm></GrpHdr>
<Stmt><Id>T-1</Id><Acct><Id><IBAN>{OWN_IBAN}</IBAN></Id></Acct>{''.join(entries)}</Stmt></BkToCstmrStmt></Document>
""".encode()


def _recognised(*entries: str, invoices: int = 3):
    book = invoicing_book(invoices)
    bank.import_documents(book, [camt.parse(_statement(*entries), source="t.xml")])
    bank.reconcile(book)
    return book, [m for m in book.records("Movements") if m.parent is None]


def test_an_outgoing_batch_waits_on_9908_and_a_salary_batch_goes_to_2002():
    book, (payments, salaries) = _recognised(_entry("3500.00", "DBIT", "PMNT/ICDT/ESCT", batch=3),
                                             _entry("14200.00", "DBIT", "PMNT/ICDT/SALA", batch=3))
    assert (payments.type, payments.debit_account, payments.credit_account) == ("Grouped payments", "9908", "1020")
    assert "outgoing" in payments.why and "9909" not in (payments.debit_account, payments.credit_account)
    assert (salaries.type, salaries.debit_account, salaries.credit_account) == ("Salaries", "2002", "1020")
    assert not book.records("Payments")  # no receipt recorded for money going out


def test_a_counter_payment_with_a_qr_reference_pays_its_invoice_not_the_till():
    due = amount(1)
    book, (counter,) = _recognised(_entry(str(due), "CRDT", "PMNT/CNTR/CDPT", _qr_payment(qr_reference(1))))
    assert counter.type == "Identified receipt" and counter.group == "F-1"
    assert "1000" not in (counter.debit_account, counter.credit_account)
    assert [(p.document_number, p.amount) for p in book.records("Payments")] == [("F-1", due)]
    assert next(d for d in book.records("Documents") if d.number == "F-1").balance == 0


def test_a_counter_payment_whose_qr_reference_matches_nothing_waits_on_9907():
    unknown = qr_reference(999)
    book, (counter,) = _recognised(_entry("50.00", "CRDT", "PMNT/CNTR/CDPT", _qr_payment(unknown)))
    assert (counter.debit_account, counter.credit_account) == ("1020", "9907")
    assert f"QR reference {unknown} matches no open invoice" in counter.why
    assert not book.records("Payments")


def test_a_qr_reference_the_bank_did_not_type_still_pays_its_invoice():
    due = amount(2)
    book, (credit,) = _recognised(_entry(str(due), "CRDT", "PMNT/RCDT/AUTT", _qr_payment(qr_reference(2), False)))
    assert credit.group == "F-2" and "QR reference" in credit.why
    assert [(p.document_number, p.amount) for p in book.records("Payments")] == [("F-2", due)]


def test_a_qr_reference_with_a_wrong_check_digit_is_not_taken_for_one():
    wrong = qr_reference(2)[:-1] + str((int(qr_reference(2)[-1]) + 1) % 10)
    book, (credit,) = _recognised(_entry(str(amount(2)), "CRDT", "PMNT/RCDT/AUTT", _qr_payment(wrong, False)))
    assert credit.group != "F-2" and not book.records("Payments")
    assert "QR reference" not in credit.why  # 27 digits failing modulo 10 recursive: not a QR reference
