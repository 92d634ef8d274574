"""The demo company's bank statement for the year (camt.053.001.08, Swiss SPS shape), made from its own books:
QR payments of most open invoices (one partly), the execution of its exported payment orders (end-to-end ids),
monthly salaries and rent, quarterly bank fees, year-end interest, cash withdrawals, card payments at recurring
merchants, and two credits nobody can identify — what a real SME account shows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

from engine.demo.camt_gen import NAMESPACE, _balance, _code, _party
from engine.i18n import written
from engine.money import quantize

CARD_MERCHANTS = (("Migros Lausanne", "45.80"), ("Shell Crissier", "92.35"), ("Jumbo Ecublens", "138.60"),
                  ("Coop Pronto Renens", "23.40"))


@dataclass(frozen=True, slots=True)
class Line:
    day: date
    amount: Decimal
    credit: bool
    code: tuple[str, str, str]
    name: str = ""
    iban: str = ""
    reference: str = ""
    end_to_end: str = "NOTPROVIDED"
    message: str = ""
    info: str = ""


def lines_for(book, year: int, today: date) -> list[Line]:
    """Every entry of the year, from the invoicing book's open invoices and exported orders. The bank's texts, and
    the company's own on its orders, in the book's language: a bank writes in its customer's (a German book's
    bookkeeper reads Bankspesen Kontoführungsgebühren in its Journal, not Account fees)."""
    lines: list[Line] = []

    def said(text: str, **values) -> str:
        return written(text, book.language, **values)

    clients = {c.client_id: c for c in book.records("Clients")}
    open_invoices = [d for d in book.records("Documents")
                     if d.stage == "F" and d.qr_reference and d.balance and d.balance > 0]
    for n, d in enumerate(open_invoices[:-3]):  # the last three stay open: someone is always late
        client = clients.get(d.client_id)
        name = (client.company or f"{client.first_name} {client.last_name}") if client else "Client"
        amount = d.balance if n != 1 else quantize(d.balance / 2)  # one client pays half first
        paid_on = min(today, max(d.date + timedelta(days=12), (d.due_date or d.date) - timedelta(days=3)))
        lines.append(Line(paid_on, amount, True, ("PMNT", "RCDT", "VCOM"), name, "", d.qr_reference,
                          info=said("QR payment")))
    for order in book.records("PaymentOrders"):
        if order.status in (">BA", ">B") and order.end_to_end_id and order.execution_date:
            lines.append(Line(min(order.execution_date, today), order.amount, False, ("PMNT", "ICDT", "AUTT"),
                              order.creditor_name or "", order.creditor_iban or "", order.reference or "",
                              order.end_to_end_id, order.message or "", said("e-banking order")))
    for month in range(1, 13):
        first = date(year, month, 1)
        if first > today:
            break
        lines.append(Line(first.replace(day=25) if first.replace(day=25) <= today else today, Decimal("9800.00"),
                          False, ("PMNT", "ICDT", "SALA"), "Salaires", "",  # the payee's name, as the order names it
                          message=said("Salaries {month}", month=f"{month:02d}.{year}"),
                          info=said("Salary payment")))
        lines.append(Line(first, Decimal("3200.00"), False, ("PMNT", "ICDT", "STDO"), "Régie du Boisy",
                          "CH5500243000777888999", message=said("Workshop rent {month}", month=f"{month:02d}.{year}"),
                          info=said("Standing order")))
        merchant, amount = CARD_MERCHANTS[month % len(CARD_MERCHANTS)]
        lines.append(Line(first + timedelta(days=9), Decimal(amount), False, ("PMNT", "CCRD", "POSD"), merchant,
                          info=said("Debit card {merchant}", merchant=merchant)))
        if month % 3 == 0:
            lines.append(Line(date(year, month, 28), Decimal("15.00"), False, ("ACMT", "MDOP", "CHRG"),
                              info=said("Account fees")))
            lines.append(Line(date(year, month, 14), Decimal("300.00"), False, ("PMNT", "CCRD", "CWDL"),
                              info=said("ATM withdrawal {town}", town="Lausanne")))
    lines.append(Line(min(today, date(year, 12, 20)), Decimal("12.45"), True, ("ACMT", "MCOP", "INTR"),
                      info=said("Credit interest")))
    lines.append(Line(date(year, 3, 17), Decimal("250.00"), True, ("PMNT", "RCDT", "DMCT"), "M. Keller",
                      "CH5604835012345678009", message="merci", info=said("Credit")))
    lines.append(Line(date(year, 9, 2), Decimal("80.00"), True, ("PMNT", "RCDT", "DMCT"), "Anonyme",
                      info=said("Credit")))
    return sorted(lines, key=lambda line: line.day)


def _entry(n: int, line: Line) -> str:
    direction = "CRDT" if line.credit else "DBIT"
    code = _code(*line.code)
    refs = f"<AcctSvcrRef>DEMO-T{n:06d}</AcctSvcrRef><EndToEndId>{escape(line.end_to_end)}</EndToEndId>"
    parties = ""
    if line.name:
        role = "Dbtr" if line.credit else "Cdtr"
        parties = "<RltdPties>" + _party(role, line.name, "1000 Lausanne", line.iban or None) + "</RltdPties>"
    remittance = ""
    if line.reference.isdigit() and len(line.reference) == 27:
        remittance = (f"<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp>"
                      f"<Ref>{line.reference}</Ref></CdtrRefInf></Strd></RmtInf>")
    elif line.message:
        remittance = f"<RmtInf><Ustrd>{escape(line.message)}</Ustrd></RmtInf>"
    charges = ""
    if line.code[2] == "CHRG":
        charges = (f"<Chrgs><TtlChrgsAndTaxAmt Ccy=\"CHF\">{line.amount}</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy=\"CHF\">"
                   f"{line.amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>false</ChrgInclInd></Rcrd></Chrgs>")
    return (f"<Ntry><Amt Ccy=\"CHF\">{line.amount}</Amt><CdtDbtInd>{direction}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            f"<BookgDt><Dt>{line.day}</Dt></BookgDt><ValDt><Dt>{line.day}</Dt></ValDt>"
            f"<AcctSvcrRef>DEMO-{n:06d}</AcctSvcrRef>{code}{charges}<NtryDtls><TxDtls><Refs>{refs}</Refs>"
            f"<Amt Ccy=\"CHF\">{line.amount}</Amt><CdtDbtInd>{direction}</CdtDbtInd>{code}{parties}{remittance}"
            f"</TxDtls></NtryDtls><AddtlNtryInf>{escape(line.info)}</AddtlNtryInf></Ntry>\n")


OPENING = Decimal("180000.00")  # the account's balance on 1 January (booked in the ledger as its opening entry)


def build(lines: list[Line], iban: str, year: int, opening: Decimal = OPENING) -> bytes:
    """The camt.053.001.08 document for ``lines``; its balances add up."""
    start, end = date(year, 1, 1), max((line.day for line in lines), default=date(year, 1, 1))
    closing = opening + sum((line.amount if line.credit else -line.amount for line in lines), Decimal(0))
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NAMESPACE}"><BkToCstmrStmt>'
            f"<GrpHdr><MsgId>DEMO-{year}</MsgId><CreDtTm>{end}T23:59:59</CreDtTm></GrpHdr>"
            f"<Stmt><Id>DEMO-STMT-{year}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>{end}T23:59:59</CreDtTm>"
            f"<FrToDt><FrDtTm>{start}T00:00:00</FrDtTm><ToDtTm>{end}T23:59:59</ToDtTm></FrToDt>"
            f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>CHF</Ccy></Acct>"
            f"{_balance('OPBD', opening, start)}{_balance('CLBD', closing, end)}\n")
    body = "".join(_entry(n, line) for n, line in enumerate(lines, start=1))
    return (head + body + "</Stmt></BkToCstmrStmt></Document>\n").encode()
