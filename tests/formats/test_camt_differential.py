"""Every camt field Comptoir reads, checked against an independent XPath reading of the same file (issue 15), on
every sample: the copied MIT/Apache ones and, when ../shared/data is there, the GPL/AGPL ones read in place (skipped
otherwise, saying so). Both reader lanes (the fast text scanner and the element reader) are compared.

Per entry: amount, currency, direction, status, booking and value dates, bank reference, reversal, charges total.
Per transaction: the amount by the standard's precedence (its own Amt, else AmtDtls/TxAmt, CntrValAmt, InstdAmt in
the entry's currency), end-to-end id, the first creditor reference and every further one, return reason.
The XPath below is written from the ISO 20022 schemas' element names, not from our reader.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from engine.formats import camt
from tests.conftest import SHARED_DATA
from tests.formats.camt_support import all_samples

REFUSED = {"genkgo_camt053.v2.wrong.xml"}  # a negative sample: no <Stmt> (test_camt_samples checks the refusal)
SAMPLES = [p for p in all_samples() if p.name not in REFUSED]


def _local(node, path: str):
    """Children/descendants by local name, ``a/b`` one level each; namespaces ignored (camt .02 to .08)."""
    return node.xpath("/".join(f"*[local-name()='{p}']" for p in path.split("/")))


def _text(node, path: str) -> str | None:
    found = _local(node, path)
    if not found or found[0].text is None or not found[0].text.strip():
        return None
    return found[0].text.strip()


def _day(node, path: str):
    text = _text(node, f"{path}/Dt") or _text(node, f"{path}/DtTm")
    return text[:10] if text else None


def _amount(node, path: str):
    found = _local(node, path)
    return (Decimal(found[0].text.strip()), found[0].get("Ccy")) if found and found[0].text else (None, None)


def _tx_amount(tx, currency: str | None) -> Decimal | None:
    own, _ = _amount(tx, "Amt")
    if own is not None:
        return own
    for name in ("TxAmt", "CntrValAmt", "InstdAmt"):  # ISO AmountAndCurrencyExchange, in the account's currency
        value, ccy = _amount(tx, f"AmtDtls/{name}/Amt")
        if value is not None and ccy in (None, currency):
            return value
    return None


def _references(tx) -> list[str]:
    return ["".join(ref.text.split()) for ref in _local(tx, "RmtInf/Strd/CdtrRefInf/Ref")
            if ref.text and ref.text.strip()]


def _status(ntry) -> str | None:
    return _text(ntry, "Sts/Cd") or _text(ntry, "Sts")


def _expected(path):
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    entries = []
    for ntry in tree.xpath("//*[local-name()='Ntry']"):
        amount, currency = _amount(ntry, "Amt")
        charges = _amount(ntry, "Chrgs/TtlChrgsAndTaxAmt")[0]
        txs = []
        for tx in _local(ntry, "NtryDtls/TxDtls"):
            refs = _references(tx)
            txs.append((_tx_amount(tx, currency), _text(tx, "Refs/EndToEndId"), refs[0] if refs else None,
                        tuple(refs[1:]), _text(tx, "RtrInf/Rsn/Cd") or _text(tx, "RtrInf/Rsn/Prtry")))
        entries.append((amount, currency, {"CRDT": "credit", "DBIT": "debit"}[_text(ntry, "CdtDbtInd")],
                        _status(ntry), _day(ntry, "BookgDt"), _day(ntry, "ValDt"), _text(ntry, "AcctSvcrRef"),
                        (_text(ntry, "RvslInd") or "false") in ("true", "1"), charges, tuple(txs)))
    return entries


def _read(path, lane: bool, monkeypatch):
    monkeypatch.setattr(camt, "SCAN", lane)
    document = camt.parse(path.read_bytes(), source=path.name)
    out = []
    for statement in document.statements:
        for e in statement.entries:
            txs = tuple((t.amount, t.end_to_end_id, t.reference,
                         tuple(x[4:] for x in t.additional_remittance if x.startswith("ref ")), t.return_reason)
                        for t in e.transactions)
            out.append((e.amount, e.currency, e.direction, e.status, e.booking_date and e.booking_date.isoformat(),
                        e.value_date and e.value_date.isoformat(), e.bank_reference, e.reversal,
                        e.charges.total if e.charges else None, txs))
    return out


@pytest.mark.parametrize("lane", [True, False], ids=["fast lane", "element reader"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:60])
def test_every_field_read_equals_an_independent_xpath_reading(path, lane, monkeypatch):
    expected = _expected(path)
    got = _read(path, lane, monkeypatch)
    assert len(got) == len(expected)
    for n, (mine, theirs) in enumerate(zip(got, expected)):
        assert mine[:9] == theirs[:9], (n, mine[:9], theirs[:9])
        assert len(mine[9]) == len(theirs[9]), n
        for t, (a, b) in enumerate(zip(mine[9], theirs[9])):
            # a reference is compacted as written (spaces removed); an empty end-to-end id reads as None
            assert a == b, (n, t, a, b)


def test_there_are_samples_from_several_banks():
    assert len(SAMPLES) >= 30  # the copied MIT/Apache samples alone
    if not any((SHARED_DATA / folder).is_dir() for folder in ("camt052", "camt053", "camt054")):
        pytest.skip("../shared/data is not here: the GPL/AGPL samples are not compared")
    assert len(SAMPLES) >= 45
