"""A camt.054 that details a camt.053 grouped total (external batch booking, SIX IG §2.4, DOMAIN.md §6.1): importing
both, in either order, counts the money once; the total posts bank / 9909, each detail settles its invoice via 9909.

The notification is PostFinance's real ESR/QR credit advice (moov-io/iso20022, Apache-2.0: one VCOM entry of
1537.00 with five payments, plus an ATM withdrawal); the statement is hand-made for it, as PostFinance's camt.053
shows such a credit: the total only, ``Btch/NbOfTxs`` 5, its own ``AcctSvcrRef``, optionally ``AddtlInfInd/MsgId``.
Expected values are read from the files with plain XPath, never from our parser."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from engine.formats import camt
from engine.services import bank
from tests.bank.scenario import invoicing_book
from tests.formats.camt_support import LOCAL

NOTIFICATION = LOCAL / "moov_postfinance_200519_camt054-ESR-ASR_P_CH2909000000250094239_1110092704_0_2019042500372179.xml"
IBAN = "CH2909000000250094239"
ANY = "*[local-name()='{}']"


def _x(node, path: str):
    return node.xpath("/".join(ANY.format(p) if p[:1].isupper() else p for p in path.split("/")))


def notification_facts():
    """(GrpHdr MsgId, the VCOM entry's amount, booking date, [(payment amount, reference)]) by XPath."""
    tree = etree.parse(str(NOTIFICATION))
    message_id = _x(tree, "/Document/BkToCstmrDbtCdtNtfctn/GrpHdr/MsgId")[0].text
    vcom = [n for n in tree.xpath("//*[local-name()='Ntry']") if _x(n, "BkTxCd/Domn/Fmly/SubFmlyCd")[0].text == "VCOM"]
    entry = vcom[0]
    payments = [(Decimal(_x(t, "Amt")[0].text), _x(t, "RmtInf/Strd/CdtrRefInf/Ref")[0].text)
                for t in _x(entry, "NtryDtls/TxDtls")]
    return message_id, Decimal(_x(entry, "Amt")[0].text), _x(entry, "BookgDt/Dt")[0].text, payments


def statement_total(*, message_id: str | None, amount: Decimal | None = None) -> bytes:
    """The camt.053 of that day: the grouped QR total only (and the ATM withdrawal, told in full)."""
    _, total, day, _ = notification_facts()
    amount = total if amount is None else amount
    pointer = f"<AddtlInfInd><MsgNmId>camt.054.001.04</MsgNmId><MsgId>{message_id}</MsgId></AddtlInfInd>" \
        if message_id else ""
    closing = Decimal("1000.00") + amount - Decimal("147.00")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt>
<GrpHdr><MsgId>STMT-{day}</MsgId><CreDtTm>{day}T23:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S-{day}</Id><Acct><Id><IBAN>{IBAN}</IBAN></Id></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CHF">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CHF">{closing}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>
<Ntry><Amt Ccy="CHF">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>false</RvslInd><Sts>BOOK</Sts>
<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt><AcctSvcrRef>STMT-QR-TOTAL-1</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><Btch><NbOfTxs>5</NbOfTxs></Btch></NtryDtls>{pointer}
<AddtlNtryInf>GUTSCHRIFT QR-REFERENZ SAMMELBUCHUNG</AddtlNtryInf></Ntry>
<Ntry><Amt Ccy="CHF">147.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt>
<AcctSvcrRef>100820002V496ZRA</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>CCRD</Cd><SubFmlyCd>CWDL</SubFmlyCd></Fmly></Domn></BkTxCd></Ntry>
</Stmt></BkToCstmrStmt></Document>""".encode()


def company_book():
    """A book with the account and one open invoice per distinct reference, for what the advice pays on it."""
    _, _, _, payments = notification_facts()
    due: dict[str, Decimal] = {}
    for amount, reference in payments:
        due[reference] = due.get(reference, Decimal(0)) + amount
    book = invoicing_book(0)
    book.put("BankAccounts", [book.new("BankAccounts", iban=IBAN, name="PostFinance", currency="CHF",
                                       ledger_account="1020")])
    book.put("Documents", [book.new("Documents", number=f"F-{n}", stage="F", status="F", client_id=1,
                                    date=date(2019, 4, 1), total_payable=money, balance=money, paid=Decimal("0.00"),
                                    qr_reference=reference) for n, (reference, money) in enumerate(due.items(), 1)])
    return book


def _import(book, *named):
    """Import (name, bytes) one file at a time; ``None`` bytes: the real notification."""
    results = []
    for name, data in named:
        document = camt.parse(NOTIFICATION.read_bytes() if data is None else data, source=f"{name}.xml")
        results.append(bank.import_documents(book, [document]))
    return results


ORDERS = {"053 first": ("053", "054"), "054 first": ("054", "053")}


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("pointer", [True, False], ids=["AddtlInfInd", "account+date+amount"])
def test_the_total_and_its_details_count_once_in_either_order(order, pointer):
    message_id, total, day, payments = notification_facts()
    xml = statement_total(message_id=message_id if pointer else None)
    book = company_book()
    data = {"053": xml, "054": None}
    results = _import(book, *((name, data[name]) for name in ORDERS[order]))
    assert not [p for r in results for p in r.problems if "differ" in p.message]
    movements = book.records("Movements")
    credits = [m for m in movements if m.parent is None and m.direction == "credit"]
    assert [m.amount for m in credits] == [total]  # one booking of the total, not two
    parent = credits[0]
    details = [m for m in movements if m.parent == parent.movement_id]
    assert sorted((d.amount, d.reference) for d in details) == sorted(payments)
    assert sum(d.amount for d in details) == parent.amount
    debits = [m for m in movements if m.direction == "debit"]
    assert [m.amount for m in debits] == [Decimal("147.00")]  # the ATM withdrawal is in both files: once
    assert parent.booking_date.isoformat() == day

    recognised = bank.reconcile(book)
    parent = next(m for m in book.records("Movements") if m.movement_id == parent.movement_id)
    assert (parent.debit_account, parent.credit_account, parent.action) == ("1020", "9909", "post")
    transit = [p for p in book.records("Payments") if p.account == "9909"]
    assert recognised.payments == len(payments) == len(transit)
    assert sum(p.amount for p in transit) == parent.amount  # 9909: the total in, the details out
    assert all(d.balance == 0 for d in book.records("Documents"))

    again = _import(book, *((name, data[name]) for name in ORDERS[order]))
    assert sum(r.added + r.attached for r in again) == 0
    assert len(book.records("Movements")) == len(movements)


def test_before_its_details_arrive_the_total_waits_on_9909():
    message_id, total, _, _ = notification_facts()
    book = company_book()
    _import(book, ("053", statement_total(message_id=message_id)))
    bank.reconcile(book)
    parent = next(m for m in book.records("Movements") if m.direction == "credit")
    assert (parent.amount, parent.debit_account, parent.credit_account) == (total, "1020", "9909")
    assert message_id in parent.why and "camt.054" in parent.why


def test_a_total_that_differs_from_its_details_is_reported():
    message_id, total, _, _ = notification_facts()
    book = company_book()
    results = _import(book, ("053", statement_total(message_id=message_id, amount=total - Decimal("2.40"))),
                      ("054", None))
    messages = [p.message for r in results for p in r.problems if "differ" in p.message]
    assert messages and "2.40" in messages[0]
    parents = [m for m in book.records("Movements") if m.parent is None and m.direction == "credit"]
    assert [m.amount for m in parents] == [total - Decimal("2.40")]  # linked by MsgId, still one booking


def test_a_notification_of_another_day_is_a_booking_of_its_own():
    message_id, total, _, _ = notification_facts()
    book = company_book()
    xml = statement_total(message_id=None).replace(b"2019-04-24", b"2019-04-23")
    _import(book, ("053", xml), ("054", None))
    credits = [m for m in book.records("Movements") if m.parent is None and m.direction == "credit"]
    assert sorted(m.amount for m in credits) == [total, total]


def test_import_without_a_path_reads_every_watched_folder(tmp_path, capsys):
    from engine.cli import main
    from engine.store.book import Book
    path = tmp_path / "ventes.xlsx"
    assert main(["new", "invoicing", str(path)]) == 0
    book = Book.open(path)
    book.put("BankAccounts", [book.new("BankAccounts", iban=IBAN, name="PostFinance", currency="CHF",
                                       ledger_account="1020", watch_folder="e-banking")])
    book.save()
    assert main(["bank", "import", str(path)]) == 1  # the folder is missing: said, nothing imported
    out = capsys.readouterr().out
    assert "e-banking" in out and "does not exist" in out and "0 new movement(s)" in out
    folder = tmp_path / "e-banking"
    folder.mkdir()
    (folder / "camt053.xml").write_bytes(statement_total(message_id=notification_facts()[0]))
    (folder / "camt054.xml").write_bytes(NOTIFICATION.read_bytes())
    assert main(["bank", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"watched folder: {folder}" in out and "2 file(s): 2 new movement(s)" in out
    assert "1 statement total(s) matched to their camt.054" in out
    assert main(["bank", "import", str(path)]) == 0
    assert "0 new movement(s), 4 already there" in capsys.readouterr().out  # 2 entries per file, all known
    movements = Book.open(path).records("Movements")
    assert sum(m.amount for m in movements if m.parent is None and m.direction == "credit") == \
        notification_facts()[1]


def test_import_without_a_path_and_no_watched_folder_is_a_clear_error(tmp_path, capsys):
    from engine.cli import main
    path = tmp_path / "ventes.xlsx"
    assert main(["new", "invoicing", str(path)]) == 0
    assert main(["bank", "import", str(path)]) == 2
    assert "WatchFolder" in capsys.readouterr().err
