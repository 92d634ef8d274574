"""The fast path (engine.formats.camt.scan + camt_shape) against lxml alone (camt_entry): the same model, the same
warnings, the same refusals — on every camt sample, on a generated statement written in several ways, on files
made to trip a text scanner, and on mutated samples (hypothesis)."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from hypothesis import given

from bench.camt_gen import generate, qr_reference
from engine.errors import ComptoirError
from engine.formats import camt
from engine.formats.camt import shape_read as camt_shape_read
from engine.formats.camt.model import Batch
from tests.formats.camt_support import all_samples
from tests.robustness.conftest import fuzz_settings
from tests.robustness.regressions.targets import seeds
from tests.robustness.test_fuzz_parsers import mutated


def _read(data: bytes, scan: bool) -> tuple:
    saved, camt.SCAN = camt.SCAN, scan
    try:
        document = camt.parse(data, source="f.xml")
    except ComptoirError as error:
        # the text lxml parses differs from the file only inside entries replaced on their own lines, so a
        # refusal names the same line; libxml2's column may differ, so the message is not compared
        return ("refused", type(error).__name__, error.source and error.source.row)
    finally:
        camt.SCAN = saved
    return document.statements, document.warnings, document.message_id, document.created


def _both(data: bytes) -> tuple:
    return _read(data, True), _read(data, False)


def _counting(monkeypatch) -> dict:
    """Counts the entries the fast lane read (``camt_shape_read.read`` answering an entry)."""
    calls = {"read": 0}
    original = camt_shape_read.read

    def counting(*args):
        entry = original(*args)
        calls["read"] += entry is not None
        return entry
    monkeypatch.setattr(camt_shape_read, "read", counting)
    return calls


def _statement(entries: int = 300) -> bytes:
    out = io.BytesIO()
    generate(out, entries=entries, invoices=[(qr_reference(n), f"{n}.05") for n in range(1, entries // 3)])
    return out.getvalue()


GENERATED = _statement()


@pytest.mark.parametrize("path", all_samples(), ids=lambda p: p.name)
def test_samples_read_alike(path, monkeypatch):
    fast, reference = _both(path.read_bytes())
    assert fast == reference


def test_generated_statement_read_alike_and_mostly_by_the_fast_lane(monkeypatch):
    calls = _counting(monkeypatch)
    fast, reference = _both(GENERATED)
    assert fast == reference
    assert len(fast[0][0].entries) == 300
    assert calls["read"] > 250  # the generator's shapes are the fast lane's (charges entries take the other lane)


def _first_entry(data: bytes) -> bytes:
    return data[data.index(b"<Ntry>"):data.index(b"</Ntry>") + 7]


def _pretty(data: bytes, newline: bytes) -> bytes:
    """Every element on its own line, indented (as many banks write)."""
    return data.replace(b"><", b">" + newline + b"  <")


@pytest.mark.parametrize("variant", [
    pytest.param(lambda d: _pretty(d, b"\n"), id="indented"),
    pytest.param(lambda d: _pretty(d, b"\r\n"), id="indented-crlf"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"M&amp;ller &lt;&gt; &quot;&apos; AG"), id="entities"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"M&#252;ller &#x41;G"), id="character-references"),
    pytest.param(lambda d: d.replace(b"<Nm>Muster AG</Nm>", b"<Nm>Muster<!-- x --> AG</Nm>"), id="comment-inside"),
    pytest.param(lambda d: d.replace(b"</Ntry>\n", b"</Ntry><!-- <Ntry><Amt>9</Amt></Ntry> -->\n", 1),
                 id="entry-inside-a-comment"),
    pytest.param(lambda d: d.replace(b"</Ntry>\n", b"</Ntry><![CDATA[<Ntry>]]>\n", 1), id="cdata"),
    pytest.param(lambda d: d.replace(b"</Ntry>\n", b"</Ntry><?pi <Ntry>?>\n", 1), id="processing-instruction"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"Muster ]]> AG", 1), id="cdata-end-in-text"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"Muster ] AG ]]"), id="brackets-in-text"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"Muster \x01 AG", 1), id="control-character"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"Muster \xef\xbf\xbe AG", 1), id="not-a-character"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"Muster \xc3 AG", 1), id="bad-utf8"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"Muster\r AG", 1), id="lone-cr"),
    pytest.param(lambda d: d.replace(b"Muster AG", b"Muster &undefined; AG", 1), id="undefined-entity"),
    pytest.param(lambda d: d.replace(b'Ccy="CHF"', b"Ccy='CHF'"), id="single-quotes"),
    pytest.param(lambda d: d.replace(b'Ccy="CHF"', b'Ccy=" CHF\t"', 3), id="blank-in-currency"),
    pytest.param(lambda d: d.replace(b'Ccy="CHF"', b'Ccy="CHF" Ccy="EUR"', 1), id="duplicate-attribute"),
    pytest.param(lambda d: d.replace(b"<Dt>2024-01-02</Dt>", b"<Dt></Dt>"), id="empty-date"),
    pytest.param(lambda d: d.replace(b"<Dt>2024-01-02</Dt>", b"<Dt>2024-01-02T10:00:00+01:00</Dt>"), id="date-time"),
    pytest.param(lambda d: d.replace(b"<Dt>2024-01-03</Dt>", b"<Dt>2024-02-30</Dt>"), id="impossible-date"),
    pytest.param(lambda d: d.replace(b"<Ustrd>", b"<Ustrd/><Ustrd>"), id="self-closing"),
    pytest.param(lambda d: d.replace(b"CH41", b"CH42"), id="bad-iban"),
    pytest.param(lambda d: d.replace(b"000000000000000000000000011<", b"000000000000000000000000012<"),
                 id="bad-reference"),
    pytest.param(lambda d: re.sub(rb'(<Amt Ccy="CHF">)(\d+)\.', rb"\1\2'0,", d, count=3), id="typed-amount"),
    pytest.param(lambda d: re.sub(rb'(<Amt Ccy="CHF">)\d+', rb"\1abc", d, count=1), id="not-an-amount"),
    pytest.param(lambda d: d.replace(b"<CdtDbtInd>CRDT</CdtDbtInd>", b"", 1), id="no-direction"),
    pytest.param(lambda d: d.replace(b"<AddtlNtryInf>", b"<NtryRef>R</NtryRef><AddtlNtryInf>", 5),
                 id="unknown-order"),
    pytest.param(lambda d: d.replace(b"<Ntry>", b"<Ntry><Ntry>", 1), id="nested-entry"),
    pytest.param(lambda d: d.replace(b"<NtryDtls>", "<NtryDtls><Btch><NbOfTxs>²</NbOfTxs></Btch>".encode(), 3),
                 id="superscript-count"),
    pytest.param(lambda d: d.replace(b"</Ntry>", b"</Ntri>", 1), id="mismatched-end"),
    pytest.param(lambda d: d[: len(d) * 2 // 3], id="truncated"),
    pytest.param(lambda d: d.replace(b"<Nm>", b"<Nm xmlns='urn:x'>", 1), id="namespace-inside"),
    pytest.param(lambda d: d.replace(b"<BkToCstmrStmt>", b"<BkToCstmrStmt xmlns='urn:x'>", 1),
                 id="other-default-namespace-below-the-root"),
    pytest.param(lambda d: d.replace(b"<Document ", b'<Document xmlns="urn:x" ', 1), id="root-namespace-twice"),
    pytest.param(lambda d: d.replace(b"\n<Document", "\n<!-- {} -->\n<Document".format("é" * 200).encode(), 1)
                 .replace(b"<BkToCstmrStmt>", b"<!--" + _first_entry(d) + b"--><BkToCstmrStmt>", 1),
                 id="entry-in-a-comment-after-a-non-ascii-prolog"),
])
def test_tricky_variants_read_alike(variant):
    data = variant(GENERATED)
    assert data != GENERATED  # the variant found what it changes
    fast, reference = _both(data)
    assert fast == reference


def test_indented_crlf_file_is_still_read_by_the_fast_lane(monkeypatch):
    calls = _counting(monkeypatch)
    fast, reference = _both(_pretty(GENERATED, b"\r\n"))
    assert fast == reference and calls["read"] > 250


def _rich(data: bytes) -> bytes:
    """The generator's entries as big banks write them: structured addresses, the bank's own code, the ordered
    amount, more remittance, and elements Comptoir does not read (agents, the payer's organisation id)."""
    data = re.sub(rb"<PstlAdr><AdrLine>([^<]*) (\d+)</AdrLine><AdrLine>(\d{4}) ([^<]*)</AdrLine></PstlAdr>",
                  rb"<PstlAdr><AdrTp><Cd>ADDR</Cd></AdrTp><StrtNm>\1</StrtNm><BldgNb>\2</BldgNb><PstCd>\3</PstCd>"
                  rb"<TwnNm>\4</TwnNm><Ctry>CH</Ctry></PstlAdr><Id><OrgId><AnyBIC>UBSWCHZH80A</AnyBIC></OrgId></Id>",
                  data)
    data = data.replace(b"</Domn></BkTxCd>", b"</Domn><Prtry><Cd>K52</Cd><Issr>Bank</Issr></Prtry></BkTxCd>")
    data = data.replace(b"</CdtDbtInd><BkTxCd>", b'</CdtDbtInd><AmtDtls><InstdAmt><Amt Ccy="EUR">10.00</Amt>'
                        b'</InstdAmt><TxAmt><Amt Ccy="CHF">9.60</Amt></TxAmt></AmtDtls><BkTxCd>')
    data = data.replace(b"</RltdPties>", b"</RltdPties><RltdAgts><DbtrAgt><FinInstnId><BICFI>POFICHBEXXX</BICFI>"
                        b"</FinInstnId></DbtrAgt></RltdAgts>")
    data = data.replace(b"<NtryDtls><TxDtls>", b'<NtryDtls><Btch><NbOfTxs>1</NbOfTxs><TtlAmt Ccy="CHF">1.00</TtlAmt>'
                        b"<CdtDbtInd>CRDT</CdtDbtInd></Btch><TxDtls>")
    return data.replace(b"</CdtrRefInf>", b"</CdtrRefInf><AddtlRmtInf>Invoice 42</AddtlRmtInf>"
                        b"<AddtlRmtInf>thank you</AddtlRmtInf>")


def test_rich_entries_read_alike_and_by_the_fast_lane(monkeypatch):
    calls = _counting(monkeypatch)
    rich = _rich(GENERATED)
    assert rich.count(b"<StrtNm>") > 50 and rich.count(b"<InstdAmt>") > 250 and rich.count(b"<AddtlRmtInf>") > 100
    fast, reference = _both(rich)
    assert fast == reference and calls["read"] > 250
    details = [t for e in fast[0][0].entries for t in e.transactions]
    assert any(t.counterparty and t.counterparty.address[:1] == ("Bahnhofstrasse 1",) for t in details)
    assert sum(t.instructed_amount == Decimal("10.00") for t in details) > 250
    assert sum(e.batches[:1] == (Batch(count=1, total=Decimal("1.00"), currency="CHF", direction="credit"),)
               for e in fast[0][0].entries) > 250


def _grouped(data: bytes, parts: int) -> bytes:
    """Every entry's one payment split into ``parts`` TxDtls (a batch booking with its details), amounts adding up;
    every third entry's split does not add up (which camt_entry warns about)."""
    from copy import deepcopy
    from lxml import etree
    root = etree.fromstring(data)
    for n, tx in enumerate(root.iter("{*}TxDtls")):
        amount = tx.find("{*}Amt")
        if amount is None:
            continue
        total = Decimal(amount.text)
        share = (total / parts).quantize(Decimal("0.01"))
        amount.text = str(total - share * (parts - 1) + (Decimal("0.01") if n % 3 == 0 else 0))
        for _ in range(parts - 1):
            twin = deepcopy(tx)
            twin.find("{*}Amt").text = str(share)
            tx.addnext(twin)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("parts", [2, 5])
def test_batch_bookings_with_their_details_read_alike_and_fast(monkeypatch, parts):
    calls = _counting(monkeypatch)
    data = _grouped(GENERATED, parts)
    fast, reference = _both(data)
    assert fast == reference
    entries = fast[0][0].entries
    assert sum(len(e.transactions) == parts for e in entries) > 250
    assert any("add up to" in w.message for w in fast[1])  # the uneven splits are warned about, by camt_entry
    assert calls["read"] > 150  # the even ones are read by the fast lane


def test_an_odd_entry_does_not_spend_the_templates(monkeypatch):
    """An entry the fast lane leaves to lxml (here a character reference) costs one failed try, not the file's
    budget of templates: the entries after it are still read by the fast lane."""
    calls = _counting(monkeypatch)
    odd = GENERATED.replace(b"Muster AG", b"M&#252;ster AG", 1)
    fast, reference = _both(odd)
    assert fast == reference and calls["read"] > 250


def test_shapes_the_fast_lane_refuses_do_not_stop_it_learning_later_ones(monkeypatch):
    """260 entries with charges (a shape left to lxml) first, then ordinary ones: those are still read fast."""
    head, _, rest = GENERATED.partition(b"<Ntry>")
    entries = (b"<Ntry>" + rest).split(b"\n")
    charged = [e.replace(b"<NtryDtls>", b'<Chrgs><TtlChrgsAndTaxAmt Ccy="CHF">1.00</TtlChrgsAndTaxAmt></Chrgs>'
                         b"<NtryDtls>", 1) if n < 260 else e for n, e in enumerate(entries)]
    data = head + b"\n".join(charged)
    assert data.count(b"<Chrgs>") >= 250
    calls = _counting(monkeypatch)
    fast, reference = _both(data)
    assert fast == reference and calls["read"] >= 35


@fuzz_settings(300)
@given(mutated(seeds("camt") + [GENERATED[:20_000] + GENERATED[-36:]]))
def test_mutated_files_read_alike(data):
    fast, reference = _both(data)
    assert fast == reference


class _Stream:
    """A stream over ``data`` whose file descriptor tells another size (the file grew or shrank meanwhile)."""

    def __init__(self, data: bytes, told: bytes, tmp_path):
        self.inner = io.BytesIO(data)
        self.fd_file = tmp_path / f"told{len(told)}"
        self.fd_file.write_bytes(told)
        self.handle = open(self.fd_file, "rb")

    def fileno(self):
        return self.handle.fileno()

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_the_whole_file_is_read_whatever_the_stream_tells(tmp_path):
    path = tmp_path / "s.xml"
    path.write_bytes(GENERATED)
    expected = camt.parse(GENERATED, source="s.xml").statements
    streams = [open(path, "rb"), io.BytesIO(GENERATED), type("Plain", (), {"read": io.BytesIO(GENERATED).read})(),
               _Stream(GENERATED, GENERATED[:-500], tmp_path), _Stream(GENERATED, GENERATED + b" " * 500, tmp_path)]
    for stream in streams:
        assert camt.parse(stream, source="s.xml").statements == expected
