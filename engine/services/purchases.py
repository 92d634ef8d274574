"""Received invoices: enter one (simple or detailed form), keep balances and state letters current, fill bank data.

Services change the book (``book.put``) and return a :class:`Done`; the caller saves. Source: Crésus Facturation
manual §3.6 (creditors) and §3.8 (received invoices); semantics in engine.domain.purchases.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter

from engine.domain import purchases as rules
from engine.domain.purchases_split import GROSS, Allocation, Line, allocate, gross_total
from engine.domain.purchases_stages import posted_letter, stage_of
from engine.domain.vat import VatRates
from engine.errors import BusinessRuleError, Problem, Source
from engine.i18n import tr
from engine.ids import bank, ccp, iban
from engine.ids.reasons import said
from engine.money import ZERO, to_decimal, to_money
from engine.services import stock
from engine.services.purchases_lines import entered_line, line_record
from engine.services.rates import book_rates
from engine.store.records import build

SIDE = "purchases"


@dataclass(frozen=True, slots=True, kw_only=True)
class Done:
    """What a service did: the ids it created or changed, and warnings for the user."""

    ids: tuple = ()
    warnings: tuple[Problem, ...] = ()


def invoice(book, number: str):
    for record in book.records("ReceivedInvoices"):
        if record.number == number:
            return record
    raise BusinessRuleError(tr('there is no received invoice "{number}"', book.language, number=number),
                            tr("check the number in {sheet}", book.language, sheet=book.title("ReceivedInvoices")))


def creditor(book, creditor_id):
    for record in book.records("Creditors"):
        if record.creditor_id == creditor_id:
            return record
    raise BusinessRuleError(tr("there is no creditor {creditor}", book.language, creditor=creditor_id),
                            tr("pick an id from the {sheet} sheet", book.language, sheet=book.title("Creditors")))


def where(book, sheet: str, record, column: str = "") -> Source:
    return book.table(sheet).source(record, column)


def next_number(book, when: date) -> str:
    """The next free number of the Settings NumberReceived pattern (``R-{year}-{seq:04d}``) for ``when``'s year."""
    pattern = book.settings.get("NumberReceived", "R-{year}-{seq:04d}")
    head, _, tail = pattern.partition("{seq")
    tail = tail.partition("}")[2]
    prefix, suffix = head.format(year=when.year), tail.format(year=when.year)
    shape = re.compile(re.escape(prefix) + r"(\d+)" + re.escape(suffix))
    used = [int(m.group(1)) for r in book.records("ReceivedInvoices") if (m := shape.fullmatch(r.number or ""))]
    return pattern.format(year=when.year, seq=max(used, default=0) + 1)


def vat_rate_lookup(book, on: date):
    """``code → rate`` on ``on`` from the book's VatCodes copy (None for an unknown code)."""
    rates = VatRates.from_records(book.records("VatCodes"))

    def rate_of(code: str):
        if code not in rates:
            return None
        found = rates.rate(code, on)  # acquisition tax is not in what the supplier abroad is owed: the amount is net
        return Decimal(0) if found.acquisition else found.rate
    return rate_of


def account_vat_code(book, account: str) -> str:
    """The VAT code the chart gives an expense account (Accounts VatCode), or ''."""
    for record in book.records("Accounts"):
        if record.number == account:
            return record.vat_code or ""
    return ""


def new_received_invoice(book, *, creditor_id: int, date: date, amount=None, stage: str = "F", number: str = "",
                         currency: str = "", supplier_number: str = "", due_date: date | None = None,
                         expense_account: str = "", vat_code: str = "", iban_: str = "", reference_type: str = "",
                         reference: str = "", message: str = "", discount_rate=None, discount_days=None,
                         lines: Sequence[Mapping] = (), spread_extra_costs: bool = False, comment: str = "",
                         exchange_rate=None) -> Done:
    """Enter a received invoice (or, with a negative amount or stage N, a supplier credit note). ``lines`` are
    dicts with account, vat_code, amount, amount_type (gross|net) or article_id + quantity (detailed form)."""
    settings = book.settings
    supplier = creditor(book, creditor_id)
    if supplier.archived:
        raise BusinessRuleError(tr("creditor {creditor} ({name}) is archived", book.language, creditor=creditor_id,
                                   name=supplier.name), tr("unarchive it first", book.language),
                                where(book, "Creditors", supplier, "archived"))
    total = None if amount is None else to_money(amount)
    stage = stage_of(stage)  # C order, L receipt, F invoice, N credit note (or their names)
    if total is not None and total < ZERO:
        if stage in ("C", "L"):
            raise BusinessRuleError(tr("an order or a receipt of {amount} is not possible", book.language,
                                       amount=total),
                                    tr("enter its amount positive; goods sent back are a supplier credit note (stage "
                                       "N)", book.language))
        stage, total = rules.CREDIT_NOTE, -total  # Crésus enters a credit note as a negative invoice (§3.8.11)
    number = number or next_number(book, date)
    if any(r.number == number for r in book.records("ReceivedInvoices")):
        raise BusinessRuleError(tr('the received invoice "{number}" exists already', book.language, number=number),
                                tr("leave the number empty", book.language))
    account = expense_account or supplier.expense_account or settings["DefaultExpenseAccount"]
    code = vat_code or supplier.vat_code or account_vat_code(book, account)
    rate_of = vat_rate_lookup(book, date)
    currency = currency or supplier.currency or "CHF"
    entered = [entered_line(book, supplier, line, n, date, currency) for n, line in enumerate(lines, start=1)]
    if total is None:
        if not entered:
            raise BusinessRuleError(tr("{number}: no amount", book.language, number=number),
                                    tr("enter the invoice total with VAT, or its lines", book.language))
        total = gross_total(entered, rate_of)
    allocations = allocate(total, entered, account, code, rate_of, spread_rest=spread_extra_costs) if entered else ()
    term = supplier.payment_term_days if supplier.payment_term_days is not None else settings["PaymentTermDays"]
    ref_type = reference_type or (rules_reference_type(reference) if reference else "")
    pay_to = iban.compact(iban_) if iban_ else ""
    problem = _reference_problem(pay_to or supplier.iban or "", reference, ref_type) if reference or pay_to else ""
    if problem:
        raise BusinessRuleError(tr("{number}: {why}", number=number, why=problem),
                                tr("copy the IBAN and the reference from the payment slip"))
    record = book.new(
        "ReceivedInvoices", number=number, stage=stage, status=stage, creditor_id=creditor_id,
        supplier_number=supplier_number or None, date=date, exchange_rate=_exchange_rate(book, currency, date,
                                                                                          exchange_rate),
        due_date=due_date or (date + timedelta(days=term or 0)), currency=currency,
        amount=total, expense_account=account, vat_code=code or None, iban=pay_to or None,
        reference_type=ref_type or None, reference="".join(reference.split()).upper() or None,
        message=message or None,
        discount_rate=Decimal(str(discount_rate)) if discount_rate is not None else supplier.discount_rate,
        discount_days=discount_days if discount_days is not None else supplier.discount_days,
        paid=ZERO, balance=total, comment=comment or None)
    book.put("ReceivedInvoices", [*book.records("ReceivedInvoices"), record])
    if allocations:
        book.put("ReceivedLines", [*book.records("ReceivedLines"), *(
            line_record(book, number, n, a, entered[n - 1] if n <= len(entered) and not a.remainder else None)
            for n, a in enumerate(allocations, start=1))])
    stock.sync_received(book, number)  # a receipt, or an invoice without one, brings its goods in
    warnings = tuple(open_credit_notes(book, creditor_id, number)) if stage == "F" else ()  # what is payable
    return Done(ids=(number,), warnings=warnings)


def _exchange_rate(book, currency: str, on, given) -> Decimal | None:
    """CHF per unit of a foreign-currency invoice: the one given, else the Rates sheet's of its date (Settings
    EURRate for EUR in a book without one); the posting values the invoice in CHF with it (another currency without
    a rate is refused there, naming the row)."""
    if currency == "CHF":
        return None
    return to_decimal(given) if given is not None else book_rates(book).on(currency, on)


def rules_reference_type(reference: str) -> str:
    from engine.ids.reference import reference_type
    return reference_type(reference) or "NON"


def _reference_problem(account: str, reference: str, kind: str) -> str:
    from engine.ids.reference import explain_account_reference
    if not account or iban.compact(account)[:2] not in ("CH", "LI"):
        return ""  # foreign accounts: the pain.001 rules check SCOR/NON at export
    return said(explain_account_reference(account, reference, kind))


def expense_allocations(book, number: str) -> tuple[Allocation, ...]:
    """Where the expense of ``number`` goes (ReceivedLines, or the invoice's own account): for posting and for
    spreading a discount (engine.domain.purchases_split.spread_over)."""
    record = invoice(book, number)
    rate_of = vat_rate_lookup(book, record.date)
    lines = [r for r in book.records("ReceivedLines") if r.invoice_number == number]
    if not lines:
        entered = []
    else:
        entered = [Line(account=r.account or record.expense_account, vat_code=r.vat_code or "", amount=r.amount,
                        amount_type=r.amount_type or GROSS, label=r.designation or "") for r in lines]
    return allocate(record.amount or ZERO, entered, record.expense_account or "", record.vat_code or "", rate_of)


def open_credit_notes(book, creditor_id, number: str = "") -> list[Problem]:
    """A warning per open credit note of the creditor (manual §3.8.11: "une note de crédit est ouverte")."""
    return [Problem(where(book, "ReceivedInvoices", r, "balance"),
                    tr("credit note {number} of creditor {creditor} is open ({amount})", book.language,
                       number=r.number, creditor=creditor_id, amount=f"{r.balance} {r.currency or 'CHF'}"),
                    tr("use it against {number} (comptoir purchases credit)", book.language, number=number)
                    if number else tr("use it against the next invoice (comptoir purchases credit)", book.language),
                    "warning")
            for r in book.records("ReceivedInvoices")
            if r.creditor_id == creditor_id and r.stage == rules.CREDIT_NOTE and (r.balance or ZERO) > ZERO]


def refresh(book, numbers: Iterable[str] | None = None, *, statuses_only: bool = False) -> None:
    """Recompute Paid, Balance and Status of received invoices from Payments and PaymentOrders; with
    ``statuses_only`` (only order statuses or posting marks changed) Paid and Balance are kept and only Status
    follows. Status ends with the posting letter c/C (engine.domain.purchases_stages, manual §3.8.14)."""
    wanted = None if numbers is None else set(numbers)
    settled: dict[str, list] = {}
    posted: dict[str, list] = {}
    for p in book.records("Payments"):
        if p.side == SIDE and (wanted is None or p.document_number in wanted):
            settled.setdefault(p.document_number, []).append(p.amount or ZERO)
            posted.setdefault(p.document_number, []).append(p.posted_session is not None)
    orders: dict[str, list] = {}
    for o in book.records("PaymentOrders"):
        if wanted is None or o.invoice_number in wanted:
            orders.setdefault(o.invoice_number, []).append(o.status or "")
    changed, out = False, []
    for r in book.records("ReceivedInvoices"):
        if wanted is not None and r.number not in wanted:
            out.append(r)
            continue
        letter = posted_letter(r.posted_session is not None, posted.get(r.number, ()))
        if statuses_only:
            # a row typed by hand may have no Balance yet: nothing is paid on it, so its Amount is open
            open_ = r.balance if r.balance is not None else (r.amount or ZERO)
            state = rules.status(r.stage, open_, orders.get(r.number, ()), letter)
            if r.status != state:
                r = updated(r, status=state)
                changed = True
            out.append(r)
            continue
        paid, balance = rules.settle(r.amount, settled.get(r.number, ()))
        state = rules.status(r.stage, balance, orders.get(r.number, ()), letter)
        if (r.paid, r.balance, r.status) != (paid, balance, state):
            r = updated(r, paid=paid, balance=balance, status=state)
            changed = True
        out.append(r)
    if changed:
        book.put("ReceivedInvoices", out)


def updated(record, **changes):
    """``dataclasses.replace`` without the keyword __init__ (5× faster: 10,000 orders change state at once)."""
    cls = type(record)
    shape = _SHAPES.get(cls)
    if shape is None:  # the fields' getter and positions, once per record class
        fields = (*cls.__sheet__.fields, "row")
        shape = _SHAPES[cls] = (attrgetter(*fields), {name: i for i, name in enumerate(fields)})
    values = list(shape[0](record))
    positions = shape[1]
    for name, value in changes.items():
        values[positions[name]] = value
    return build(cls, values)


_SHAPES: dict[type, tuple] = {}


def fill_creditor_bank(book) -> Done:
    """Complete every creditor's account: a postal account (CCP) becomes its IBAN; BIC and bank name come from the
    SIX bank master (manual §3.6.2). Returns the creditor ids changed, and warnings for accounts that are wrong."""
    out, changed, warnings = [], [], []
    for c in book.records("Creditors"):
        account = (c.iban or "").strip()
        if account and "-" in account and ccp.is_valid(account):
            account = ccp.to_iban(account)
        number = iban.compact(account)
        if number and not iban.is_valid(number):
            warnings.append(Problem(where(book, "Creditors", c, "iban"), f'IBAN "{account}" {said(iban.explain(number), book.language)}',
                                    "copy it from the creditor's invoice or payment slip", "warning"))
            out.append(c)
            continue
        found = bank.bank_for_iban(number) if number else None
        method = c.payment_method or ("QRIBAN" if number and iban.is_qr_iban(number) else
                                      ("IBAN" if number[:2] in ("CH", "LI") else ("FOREIGN" if number else None)))
        new = replace(c, iban=number or None, bic=c.bic or (found.bic if found else None) or None,
                      bank_name=c.bank_name or (found.name if found else None), payment_method=method)
        if new != c:
            changed.append(c.creditor_id)
        out.append(new)
    if changed:
        book.put("Creditors", out)
    return Done(ids=tuple(changed), warnings=tuple(warnings))
