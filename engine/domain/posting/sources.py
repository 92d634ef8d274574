"""From invoicing records to what posting needs: documents (issued and received) as :class:`Doc`, payments as
:class:`Pay` — with every inconsistency that would post a wrong amount reported as a Problem naming the row.

Only invoices (stage F) and credit notes (stage N) post (the suite's manual §3.9: quotes, orders and delivery notes
never reach the ledger). Accounts come from the line (article), the partner (receivable / payable) or Settings.

>>> partner_name(None)
'?'
"""
from __future__ import annotations

from decimal import Decimal

from engine.domain.posting.documents import Doc, Pay
from engine.domain.posting.spread import Share
from engine.domain.vat import VatRates, vat_of_gross, vat_of_net
from engine.errors import BusinessRuleError, Problem, Source
from engine.i18n import tr
from engine.money import to_money
from engine.schema.terms import shown_header

ZERO = Decimal("0.00")
POSTED_STAGES = ("F", "N")
_DEFAULT_VAT_ACCOUNT = {"output": "2200", "input_materials": "1170", "input_investments": "1171"}


def pointage_reference(record, side: str, settings) -> str:
    """An entry's Reference for the aide au pointage (manual §3.10): by default the partner's prefix (C clients,
    D creditors) and name, so grouping an extract by Reference gives each partner's state; or its number (names
    change, numbers do not), or nothing."""
    kind = settings.get("PointageReference") or "name"
    if kind == "none":
        return ""
    prefix = (settings.get("PointageClientPrefix") if side == "sales" else settings.get("PointageCreditorPrefix"))
    prefix = prefix if prefix is not None else ("C" if side == "sales" else "D")
    key = "client_id" if side == "sales" else "creditor_id"
    value = partner_name(record) if kind == "name" else str(getattr(record, key, None) or "?")
    return f"{prefix} {value}".strip()


def partner_name(record) -> str:
    """A client's company or first + last name; a creditor's name."""
    if record is None:
        return "?"
    name = getattr(record, "company", None) or getattr(record, "name", None)
    if not name:
        name = " ".join(p for p in (getattr(record, "first_name", None), getattr(record, "last_name", None)) if p)
    return name or "?"


def _money(value) -> Decimal:
    return ZERO if value is None else to_money(value)


def _vat_account(rates: VatRates, code: str, on) -> str:
    rate = rates.rate(code, on)
    return rate.account or _DEFAULT_VAT_ACCOUNT.get(rate.kind, "")


def sales_doc(doc, lines, client, settings, rates: VatRates, credit_notes=(), file="") -> Doc:
    """An issued document as posting sees it; raises BusinessRuleError naming the row when its totals disagree."""
    where = Source(file, "Documents", doc.row)
    on = doc.performance_date or doc.date
    shares, vat_accounts = [], {}
    for line in sorted(lines, key=lambda l: l.position or 0):
        net = _money(line.net_amount)
        code = line.vat_code or ""
        vat = ZERO
        if code:
            try:
                vat = _money(line.vat_amount) if line.vat_amount is not None else vat_of_net(net, rates.rate(code, on).rate)
                vat_accounts[code] = _vat_account(rates, code, on)
            except BusinessRuleError as error:
                raise BusinessRuleError(tr("{document} line {line}: {why}", document=doc.number,
                                           line=line.position, why=error.message), error.hint,
                                        Source(file, "DocumentLines", line.row)) from None
        account = line.account or settings.get("DefaultRevenueAccount", "3200")
        shares.append(Share(account, code, net, vat))
    rounding = _money(doc.rounding)
    if rounding:
        shares.append(Share(settings.get("RoundingAccount", "6943"), "", rounding, ZERO))
    total = sum((s.gross for s in shares), ZERO)
    payable = doc.total_payable if doc.total_payable is not None else None
    if payable is not None and to_money(payable) != total:
        raise BusinessRuleError(
            f"{doc.number}: TotalPayable {to_money(payable)} is not the lines' net + VAT + Rounding ({total})",
            "recompute the document (the lines or the totals were edited by hand)", where)
    if not shares:
        raise BusinessRuleError(tr("{document} has no lines", document=doc.number),
                                tr("add its lines or mark it {column}", column=shown_header("DoNotPost", "Documents")),
                                where)
    account = (client.receivables_account if client is not None and client.receivables_account else None) \
        or settings.get("ReceivablesAccount", "1100")
    fee_vat = {}  # a reminder fee follows the VAT of the lines it is charged on (posting.documents._charge_legs)
    for share in shares[:len(lines)]:  # the lines, not the 5-Rappen rounding
        fee_vat[share.vat_code] = fee_vat.get(share.vat_code, ZERO) + share.gross
    return Doc(side="sales", number=doc.number, sign=-1 if doc.stage == "N" else 1, date=doc.date,
               partner=pointage_reference(client, "sales", settings), name=partner_name(client), comment=doc.comment, account=account, shares=tuple(shares),
               total=total, vat_accounts=vat_accounts, credit_notes=tuple(credit_notes),
               fee_vat=tuple((code, rates.rate(code, on).rate if code else None, gross)
                             for code, gross in fee_vat.items()))


def purchase_doc(invoice, lines, creditor, settings, rates: VatRates, credit_notes=(), file="") -> Doc:
    """A received invoice (simple form: Amount incl. VAT on one account, or its ReceivedLines)."""
    where = Source(file, "ReceivedInvoices", invoice.row)
    on = invoice.date
    shares, vat_accounts, acquisition, vat_rates = [], {}, {}, {}
    default_account = invoice.expense_account or (creditor.expense_account if creditor is not None else None) \
        or settings.get("DefaultExpenseAccount", "4200")
    items = sorted(lines, key=lambda l: l.position or 0) or [None]
    for line in items:
        if line is None:
            code = invoice.vat_code or (creditor.vat_code if creditor is not None else None) or ""
            amount, kind, given, account, line_where = invoice.amount, "gross", None, default_account, where
        else:
            code, amount, kind, given = line.vat_code or "", line.amount, line.amount_type or "gross", line.vat_amount
            account, line_where = line.account or default_account, Source(file, "ReceivedLines", line.row)
        if amount is None:
            raise BusinessRuleError(tr("{number}: no amount to post", number=invoice.number),
                                    tr("fill {column} (incl. VAT)", column=shown_header("Amount", "ReceivedLines")),
                                    line_where)
        amount = to_money(amount)
        vat = ZERO
        if code:
            try:
                found = rates.rate(code, on)
                vat_accounts[code] = _vat_account(rates, code, on)
            except BusinessRuleError as error:
                raise BusinessRuleError(tr("{number}: {why}", number=invoice.number, why=error.message), error.hint,
                                        line_where) from None
            if found.acquisition:  # a service bought abroad: the supplier is owed the amount, the tax on it is the
                # company's, due and deducted (posting.documents._acquisition_tax); 1170: a service (box 400)
                acquisition[code] = (found.rate, found.account or "2200", _DEFAULT_VAT_ACCOUNT["input_materials"])
                shares.append(Share(account, code, amount, ZERO))
                continue
            rate = found.rate  # a tax typed from the supplier's invoice is scaled at a payment's day, not recomputed
            vat_rates[code] = rate if given is None and vat_rates.get(code, rate) is not None else None
            vat = to_money(given) if given is not None else (vat_of_gross(amount, rate) if kind == "gross"
                                                             else vat_of_net(amount, rate))
        net = amount - vat if kind == "gross" else amount
        shares.append(Share(account, code, net, vat))
    total = sum((s.gross for s in shares), ZERO)
    if lines and invoice.amount is not None and to_money(invoice.amount) != total:
        column = shown_header("Amount", "ReceivedInvoices")
        raise BusinessRuleError(tr("{number}: {column} {amount} is not the sum of its lines incl. VAT ({total})",
                                   number=invoice.number, column=column, amount=to_money(invoice.amount), total=total),
                                tr("correct the lines or the {column}", column=column), where)
    account = (creditor.payables_account if creditor is not None and creditor.payables_account else None) \
        or settings.get("PayablesAccount", "2000")
    return Doc(side="purchases", number=invoice.number, sign=-1 if invoice.stage == "N" else 1, date=invoice.date,
               partner=pointage_reference(creditor, "purchases", settings), name=partner_name(creditor),
               comment=invoice.comment, account=account,
               shares=tuple(shares), total=total, vat_accounts=vat_accounts, credit_notes=tuple(credit_notes),
               acquisition=acquisition, vat_rates={c: r for c, r in vat_rates.items() if r is not None})


def pay_of(payment, linked: str | None = None, paired: bool = False) -> Pay:
    return Pay(payment_id=payment.payment_id, kind=payment.kind or "payment", date=payment.date,
               amount=to_money(payment.amount), account=payment.account, comment=payment.comment,
               linked=linked, paired=paired)


def credit_note_links(payments, numbers) -> dict:
    """Per credit_note Payments row (by id): (the other document of the use, whether that document has its own row
    back). Purchases name it in LinkedDocument; the sales service writes it in Comment (a comment that is no
    document number of the side is no link)."""
    def linked(p):
        other = getattr(p, "linked_document", None) or p.comment
        return other if other and (p.side, other) in numbers and other != p.document_number else None
    uses = [p for p in payments if p.kind == "credit_note"]
    ends = {(p.side, p.document_number, linked(p)) for p in uses}
    return {p.payment_id: (linked(p), (p.side, linked(p), p.document_number) in ends) for p in uses}


def problem_of(error: BusinessRuleError) -> Problem:
    return Problem(error.source or Source(), error.message, error.hint)
