"""The details of a grouped QR credit pay each invoice what the bank says it received for it — never the whole entry
(issue 15, items 1 and 2).

The notification is PostFinance's real ESR/QR credit advice (moov-io/iso20022, Apache-2.0): one VCOM entry of
1537.00 with five payments. Banks before camt .08 give a payment's amount only in ``AmtDtls`` (ISO 20022
AmountAndCurrencyExchange: ``TxAmt`` the transaction's amount, ``CntrValAmt`` its value in the account's currency,
``InstdAmt`` what the payer ordered); we move each ``TxDtls/Amt`` there, as such a bank writes it. Expected amounts
are read from the file with plain XPath, never from our parser.

By hand, from the file: 5 payments adding up to 1537.00; each pays its invoice (one per QR reference) exactly, the
total goes bank → 9909 and the five details 9909 → debtors, so 9909 ends at 0.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from engine.formats import camt
from engine.services import bank
from tests.bank.test_external_batch import NOTIFICATION, _import, _x, company_book, notification_facts, statement_total

TX = "//*[local-name()='Ntry'][.//*[local-name()='SubFmlyCd']='VCOM']//*[local-name()='TxDtls']"


def notification_with_amounts_in(where: str, *, change=None) -> bytes:
    """The real advice, each VCOM payment's ``Amt`` moved into ``AmtDtls/<where>/Amt``; ``change``: {index: new
    amount text, or None to leave that payment without any amount}."""
    tree = etree.parse(str(NOTIFICATION))
    ns = tree.getroot().nsmap[None]
    for n, tx in enumerate(tree.xpath(TX)):
        amount = _x(tx, "Amt")[0]
        tx.remove(amount)
        if change and n in change:
            if change[n] is None:
                continue
            amount.text = change[n]
        details = etree.SubElement(tx, f"{{{ns}}}AmtDtls")
        holder = etree.SubElement(details, f"{{{ns}}}{where}")
        holder.append(amount)
        tx.remove(details)
        _x(tx, "CdtDbtInd")[0].addnext(details)  # schema order: Refs, (Amt, CdtDbtInd,) AmtDtls, ...
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("where", ["TxAmt", "CntrValAmt", "InstdAmt"])
def test_a_payment_amount_given_only_in_amount_details_is_read(where):
    _, total, _, payments = notification_facts()
    document = camt.parse(notification_with_amounts_in(where), source="advice.xml")
    vcom = next(e for s in document.statements for e in s.entries if e.amount == total)
    assert [t.amount for t in vcom.transactions] == [amount for amount, _ in payments]
    assert sum(t.amount for t in vcom.transactions) == Decimal("1537.00") == total


@pytest.mark.parametrize("scan", [True, False], ids=["fast lane", "element reader"])
def test_each_invoice_is_paid_what_the_bank_credited_for_it(scan, monkeypatch):
    monkeypatch.setattr(camt, "SCAN", scan)
    message_id, total, _, payments = notification_facts()
    book = company_book()
    _import(book, ("053", statement_total(message_id=message_id)), ("054", notification_with_amounts_in("TxAmt")))
    bank.reconcile(book)
    transit = [p for p in book.records("Payments") if p.account == "9909"]
    assert sorted(p.amount for p in transit) == sorted(amount for amount, _ in payments)
    assert sum(p.amount for p in transit) == total  # 9909: 1537.00 in, 1537.00 out
    assert all(d.balance == 0 and d.paid == d.total_payable for d in book.records("Documents"))


def test_a_payment_without_any_amount_settles_nothing_and_says_so():
    """The third payment has no amount at all: the bank's file does not say what was credited for it. Paying each
    invoice the whole entry (1537.00, as before) overpaid five invoices; now the five details wait, said why."""
    message_id, total, _, _ = notification_facts()
    book = company_book()
    results = _import(book, ("053", statement_total(message_id=message_id)),
                      ("054", notification_with_amounts_in("TxAmt", change={2: None})))
    assert any("1 of the 5 have no amount" in p.message for r in results for p in r.problems)
    bank.reconcile(book)
    assert not book.records("Payments")
    assert all(d.balance == d.total_payable for d in book.records("Documents"))
    details = [m for m in book.records("Movements") if m.parent is not None]
    assert len(details) == 5 and all(m.action == "pending" and "no amount" in m.why for m in details)
    parent = next(m for m in book.records("Movements") if m.parent is None and m.amount == total)
    assert (parent.debit_account, parent.credit_account) == ("1020", "9909")  # the money is in the bank, on 9909


def test_details_that_do_not_add_up_to_the_entry_wait_with_the_difference():
    """The first payment (250.00) reads 240.00: the details add up to 1527.00 for an entry of 1537.00."""
    message_id, total, _, payments = notification_facts()
    assert payments[0][0] == Decimal("250.00")
    book = company_book()
    _import(book, ("053", statement_total(message_id=message_id)),
            ("054", notification_with_amounts_in("TxAmt", change={0: "240.00"})))
    bank.reconcile(book)
    assert not book.records("Payments")
    details = [m for m in book.records("Movements") if m.parent is not None]
    # amounts written the Swiss way in the reason (audit of issue 18: "4746.78" where a bookkeeper writes 4'746.78)
    assert all(m.action == "pending" and "1'527.00" in m.why and "10.00" in m.why for m in details)


@pytest.mark.parametrize("order", [("053", "054"), ("054", "053")], ids=["053 first", "054 first"])
def test_an_advice_with_the_bank_reference_of_its_statement_total_attaches_its_details(order):
    """Some banks give the camt.053 total and its camt.054 advice the same ``AcctSvcrRef``: read in either order,
    the total is booked once and its five details pay the five invoices (it was "0 new, 1 already there")."""
    message_id, total, _, payments = notification_facts()
    advice_reference = _x(etree.parse(str(NOTIFICATION)), "//Ntry/AcctSvcrRef")[0].text
    statement = statement_total(message_id=None).replace(b"STMT-QR-TOTAL-1", advice_reference.encode())
    book = company_book()
    files = {"053": statement, "054": None}
    _import(book, *((name, files[name]) for name in order))
    credits = [m for m in book.records("Movements") if m.parent is None and m.direction == "credit"]
    assert [m.amount for m in credits] == [total]
    details = [m for m in book.records("Movements") if m.parent == credits[0].movement_id]
    assert sorted(m.amount for m in details) == sorted(amount for amount, _ in payments)
    bank.reconcile(book)
    assert all(d.balance == 0 for d in book.records("Documents"))
    again = _import(book, *((name, files[name]) for name in order))
    assert sum(r.added + r.attached for r in again) == 0
