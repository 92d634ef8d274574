"""Deterministic camt.053.001.08 statement generator for benchmarks and scenario tests.

Writes one statement (ISO 20022 camt.053.001.08, Swiss SPS 2.0 shape) with a realistic mix of entries:
QR-reference credits (PMNT/RCDT/VCOM), creditor-reference (SCOR) credits, plain credits with a message,
identified payments with end-to-end ids (PMNT/ICDT/AUTT), salaries (PMNT/ICDT/SALA), ATM withdrawals
(PMNT/CCRD/CWDL), card payments (PMNT/CCRD/POSD), interest (ACMT/MCOP/INTR) and bank charges
(ACMT/MDOP/CHRG with ``Chrgs``). Pass ``invoices`` (QR reference, amount) to make the first QR credits pay
those open invoices, so matching can be benchmarked. Same arguments, same bytes.

    .venv/bin/python bench/camt_gen.py /tmp/camt100k.xml 100000

>>> import io
>>> out = io.BytesIO()
>>> summary = generate(out, entries=3, invoices=[("210000000003139471430009017", "1500.00")])
>>> summary["entries"], summary["credits"] + summary["debits"] == 3
(3, True)
>>> b"<Ref>210000000003139471430009017</Ref>" in out.getvalue()
True
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from typing import BinaryIO, Iterable
from xml.sax.saxutils import escape

from stdnum.ch import esr
from stdnum.iso7064 import mod_97_10

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
OWN_IBAN = "CH9300762011623852957"
NAMES = ("Muster AG", "Bernasconi Maria", "Hans Meier", "Boulangerie du Lac Sàrl", "Rossi & Figli SA",
         "Garage Central GmbH", "Dr. Anna Keller", "Café Fédéral", "Zürcher Druck AG", "Léa Dubois")
TOWNS = ("8000 Zürich", "2502 Biel/Bienne", "1003 Lausanne", "6900 Lugano", "3011 Bern")
# (weight, kind): the mix of a small firm's account
KINDS = ((30, "qr"), (8, "scor"), (10, "credit"), (20, "payment"), (4, "salary"), (5, "atm"),
         (18, "card"), (2, "interest"), (3, "charges"))


def qr_reference(number: int) -> str:
    """A valid 27-digit QR reference for ``number`` (mod 10 recursive check digit)."""
    body = f"{number:026d}"
    return body + esr.calc_check_digit(body)


def creditor_reference(body: str) -> str:
    """A valid ISO 11649 ``RF`` reference for ``body``."""
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def _iban(rnd: random.Random) -> str:
    bban = f"{rnd.randrange(10000):05d}{rnd.randrange(10**12):012d}"
    return f"CH{mod_97_10.calc_check_digits(bban + 'CH')}{bban}"


def _party(role: str, name: str, town: str, iban: str | None) -> str:
    account = f"<{role}Acct><Id><IBAN>{iban}</IBAN></Id></{role}Acct>" if iban else ""
    return (f"<{role}><Pty><Nm>{escape(name)}</Nm><PstlAdr><AdrLine>Bahnhofstrasse 1</AdrLine>"
            f"<AdrLine>{town}</AdrLine></PstlAdr></Pty></{role}>{account}")


def _code(domain: str, family: str, sub: str) -> str:
    return f"<BkTxCd><Domn><Cd>{domain}</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>"


def _entry(n: int, kind: str, amount: Decimal, day: date, rnd: random.Random, reference: str | None) -> tuple[str, str]:
    """One ``<Ntry>`` and its direction."""
    name, town = NAMES[n % len(NAMES)], TOWNS[n % len(TOWNS)]
    credit = kind in ("qr", "scor", "credit", "interest")
    direction = "CRDT" if credit else "DBIT"
    codes = {"qr": ("PMNT", "RCDT", "VCOM"), "scor": ("PMNT", "RCDT", "AUTT"), "credit": ("PMNT", "RCDT", "DMCT"),
             "payment": ("PMNT", "ICDT", "AUTT"), "salary": ("PMNT", "ICDT", "SALA"), "atm": ("PMNT", "CCRD", "CWDL"),
             "card": ("PMNT", "CCRD", "POSD"), "interest": ("ACMT", "MCOP", "INTR"), "charges": ("ACMT", "MDOP", "CHRG")}
    code = _code(*codes[kind])
    refs, parties, remittance, charges = f"<AcctSvcrRef>T{n:015d}</AcctSvcrRef>", "", "", ""
    if kind in ("qr", "scor", "credit"):
        refs += "<EndToEndId>NOTPROVIDED</EndToEndId>"
        parties = "<RltdPties>" + _party("Dbtr", name, town, _iban(rnd)) + "</RltdPties>"
        if kind == "credit":
            remittance = f"<RmtInf><Ustrd>Rechnung {n} / merci</Ustrd></RmtInf>"
        else:
            typ = "<Prtry>QRR</Prtry>" if kind == "qr" else "<Cd>SCOR</Cd>"
            remittance = (f"<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry>{typ}</CdOrPrtry></Tp><Ref>{reference}</Ref>"
                          f"</CdtrRefInf></Strd></RmtInf>")
    elif kind in ("payment", "salary"):
        refs += f"<PmtInfId>PMT-{day:%Y%m%d}</PmtInfId><InstrId>I{n}</InstrId><EndToEndId>E2E-{n:010d}</EndToEndId>"
        parties = "<RltdPties>" + _party("Cdtr", name, town, _iban(rnd)) + "</RltdPties>"
        text = f"Salaire {day:%m.%Y}" if kind == "salary" else f"Facture {n}"
        remittance = f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf>"
    elif kind == "charges":
        charges = (f"<Chrgs><TtlChrgsAndTaxAmt Ccy=\"CHF\">{amount}</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy=\"CHF\">"
                   f"{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>false</ChrgInclInd></Rcrd></Chrgs>")
    info = {"qr": "QR payment", "scor": "Credit creditor reference", "credit": "Credit", "payment": "e-banking order",
            "salary": "Salary payment", "atm": f"ATM withdrawal {town}", "card": f"Debit card {name}",
            "interest": "Credit interest", "charges": "Account fees"}[kind]
    # details repeat the entry's code only where they add a counterparty (as Swiss banks deliver them)
    tx = (f"<NtryDtls><TxDtls><Refs>{refs}</Refs><Amt Ccy=\"CHF\">{amount}</Amt><CdtDbtInd>{direction}</CdtDbtInd>"
          f"{code if parties else ''}{parties}{remittance}</TxDtls></NtryDtls>")
    xml = (f"<Ntry><Amt Ccy=\"CHF\">{amount}</Amt><CdtDbtInd>{direction}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
           f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt><AcctSvcrRef>B{n:015d}</AcctSvcrRef>"
           f"{code}{charges}{tx}<AddtlNtryInf>{escape(info)}</AddtlNtryInf></Ntry>\n")
    return xml, direction


def _entries(count: int, seed: int, open_items: list[tuple[str, Decimal]], start: date, days: int):
    """Yield (xml, direction, amount) for each entry; the same seed gives the same sequence."""
    rnd = random.Random(seed)
    weights = [w for w, _ in KINDS]
    kinds = [k for _, k in KINDS]
    cents = {"salary": (300000, 900000), "interest": (1, 5000), "charges": (100, 5000), "atm": (2000, 50000)}
    for n in range(count):
        day = start + timedelta(days=n * days // count)
        reference = None
        if n < len(open_items):
            kind, (reference, amount) = "qr", open_items[n]
        else:
            kind = rnd.choices(kinds, weights)[0]
            low, high = cents.get(kind, (500, 500000))
            amount = Decimal(rnd.randrange(low, high)) / 100
            if kind == "atm":  # cash machines hand out notes
                amount = Decimal(max(20, int(amount) // 20 * 20)).quantize(Decimal("0.01"))
            if kind == "qr":
                reference = qr_reference(1_000_000 + n)
            elif kind == "scor":
                reference = creditor_reference(f"{n:09d}")
        xml, direction = _entry(n, kind, amount, day, rnd, reference)
        yield xml, direction, amount


def _balance(code: str, value: Decimal, day: date) -> str:
    sign = "CRDT" if value >= 0 else "DBIT"
    return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"CHF\">{abs(value)}</Amt>"
            f"<CdtDbtInd>{sign}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")


def generate(out: BinaryIO, *, entries: int, seed: int = 1, invoices: Iterable[tuple[str, object]] = (),
             iban: str = OWN_IBAN, start: date = date(2024, 1, 1), opening: Decimal = Decimal("25000.00")) -> dict:
    """Write a statement with ``entries`` entries to ``out``; return counts and totals (for the caller's checks)."""
    open_items = [(str(ref), Decimal(str(amount))) for ref, amount in invoices]
    days = max(1, min(365, entries // 50))
    # Balances come before the entries in the schema: a first pass (same seed) totals the amounts.
    credits = debits = Decimal(0)
    n_credit = 0
    for _, direction, amount in _entries(entries, seed, open_items, start, days):
        if direction == "CRDT":
            credits, n_credit = credits + amount, n_credit + 1
        else:
            debits += amount
    closing = opening + credits - debits
    end = start + timedelta(days=days - 1)
    out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NAMESPACE}"><BkToCstmrStmt>'
              f"<GrpHdr><MsgId>GEN-{seed}-{entries}</MsgId><CreDtTm>{end}T23:59:59</CreDtTm></GrpHdr>"
              f"<Stmt><Id>STMT-{seed}-{entries}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>{end}T23:59:59</CreDtTm>"
              f"<FrToDt><FrDtTm>{start}T00:00:00</FrDtTm><ToDtTm>{end}T23:59:59</ToDtTm></FrToDt>"
              f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>CHF</Ccy></Acct>"
              f"{_balance('OPBD', opening, start)}{_balance('CLBD', closing, end)}\n".encode())
    chunk: list[str] = []
    for xml, _, _ in _entries(entries, seed, open_items, start, days):
        chunk.append(xml)
        if len(chunk) == 1000:
            out.write("".join(chunk).encode())
            chunk = []
    out.write("".join(chunk).encode())
    out.write(b"</Stmt></BkToCstmrStmt></Document>\n")
    return {"entries": entries, "credits": n_credit, "debits": entries - n_credit, "credit_total": credits,
            "debit_total": debits, "opening": opening, "closing": closing}


def main(argv: list[str]) -> int:
    path, count = argv[1], int(argv[2]) if len(argv) > 2 else 100_000
    with open(path, "wb") as out:
        summary = generate(out, entries=count)
    print(path, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
