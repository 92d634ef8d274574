"""The net tax rate method's period-end entry (TDFN / SSS, MWSTG art. 37; DOMAIN.md §4).

Under TDFN, revenue is booked gross (no VAT split); once per period the tax due is the gross taxable turnover ×
the ESTV branch rate, booked 3809 "TVA – TDFN" / 2200 "TVA due". The taxable turnover is read from the entries the
period posts, by the same function as the ledger's VAT statement (:func:`engine.domain.ledger_reports.
taxable_turnover`): output-coded revenue rows, so discounts, losses and credit notes reduce it, reminder fees
(taxable, they carry the invoice's VAT code) count and default interest (damages, no VAT code) does not; exports
and excluded supplies are not taxed. Agreed basis: the invoices' entries of the period; received basis: the
payments' (each spread over its invoice's rates).

Periods are closed in order, each once: a closing that starts on or before the end of an earlier one is refused
(:func:`overlapping`).

>>> from types import SimpleNamespace as S
>>> s = [S(session=3, what="tdfn", status="posted", until=date(2026, 6, 30), documents=0, payments=0, total=1)]
>>> overlapping(s, date(2026, 4, 1)).session
3
>>> overlapping(s, date(2026, 7, 1)) is None
True
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from engine.domain.posting.entry import Entry
from engine.errors import BusinessRuleError
from engine.i18n import tr
from engine.money import ZERO, quantize
from engine.schema.terms import shown_setting

TDFN_ACCOUNT = "3809"
VAT_DUE_ACCOUNT = "2200"
CLOSING = "tdfn"  # PostingSessions.What of a closing


def is_closing(session) -> bool:
    """A TDFN closing session: What "tdfn"; books closed before it was told recorded "sales" with no document and
    no payment, which no sales posting does (it posts nothing then)."""
    return session.what == CLOSING or (session.what == "sales" and not session.documents and not session.payments)


def overlapping(sessions, start: date):
    """The latest closing (posted) that ends on or after ``start``, or None."""
    found = [s for s in sessions if s.status == "posted" and is_closing(s) and s.until and s.until >= start]
    return max(found, key=lambda s: s.until) if found else None


def refuse_closed_vat(sessions, entries, what: str, source=None, undoing: int | None = None) -> None:
    """Nothing carrying a VAT code is posted on or before the end of a VAT period already closed: its tax is booked,
    so such an entry would never be taxed (a posting after the closing is how it happened). Nor taken out of it
    (``undoing``: the sessions being undone, ``--session N``): the closing would keep a tax on a turnover the
    ledger no longer shows. Raises, naming the first such entry and the closing."""
    closings = [s for s in sessions if s.status == "posted" and is_closing(s) and s.until]
    if not closings:
        return
    last = max(closings, key=lambda s: s.until)
    for e in entries:
        if e.vat_code and e.date is not None and e.date <= last.until:
            where = (f"entry {e.voucher or ''} of {e.date:%d.%m.%Y} ({e.debit} / {e.credit} {e.amount}, VAT code "
                     f"{e.vat_code}) falls in the VAT period closed up to {last.until:%d.%m.%Y} (posting session "
                     f"{last.session}, TDFN tax {last.total})")
            if undoing is None:
                raise BusinessRuleError(
                    f"{what}: {where}: its turnover would never be taxed",
                    f"date it after {last.until:%d.%m.%Y}, or undo the closing (comptoir unpost BOOK --session "
                    f"{last.session}), post, and close the period again", source)
            raise BusinessRuleError(
                f"{what}: {where}: the closing would keep its tax while the ledger no longer shows its turnover",
                f"undo the closing with it: comptoir unpost BOOK --session {min(undoing, last.session)} (without "
                f"--single: that session and every later one, the closing {last.session} included); then post and "
                f"close the period again", source)


def activity_rates(text) -> dict[str, Decimal]:
    """Settings TdfnRates ("3400=2.1; 3600=0.6"): revenue account → the rate of its activity, for a business the
    ESTV gives two net tax rates, or a public body or association with several flat rates (MWSTG art. 37 al. 5).

    >>> activity_rates("3400=2.1; 3600 = 0.6"), activity_rates("")
    ({'3400': Decimal('2.1'), '3600': Decimal('0.6')}, {})
    """
    out: dict[str, Decimal] = {}
    for part in filter(None, (p.strip() for p in str(text or "").replace(",", ";").split(";"))):
        account, _, rate = (x.strip() for x in part.partition("="))
        try:
            value = Decimal(rate)
        except ArithmeticError:
            value = None
        if not account or value is None or not (0 <= value <= 100):
            raise BusinessRuleError(tr('{key}: "{part}" is not ACCOUNT=RATE', key=shown_setting("TdfnRates"),
                                       part=part), tr("write e.g. 3400=2.1; 3600=0.6"))
        out[account] = value
    return out


def taxed_by_rate(by_account: dict, default: Decimal, rates: dict) -> list[tuple[Decimal, Decimal]]:
    """(rate, gross turnover) per rate, in rate order: each revenue account at its activity's rate, the others at
    ``default``."""
    out: dict[Decimal, Decimal] = {}
    for account, amount in by_account.items():
        rate = rates.get(account, default)
        out[rate] = out.get(rate, ZERO) + amount
    return sorted(out.items())


def tdfn_entry(amount_turnover: Decimal, rate: Decimal, end: date, label: str) -> Entry | None:
    """The period-end entry, or None when there is no tax."""
    tax = quantize(amount_turnover * rate / Decimal(100))
    if tax == ZERO:
        return None
    debit, credit = (TDFN_ACCOUNT, VAT_DUE_ACCOUNT) if tax > 0 else (VAT_DUE_ACCOUNT, TDFN_ACCOUNT)
    return Entry(date=end, voucher=f"TDFN-{end:%Y%m%d}", debit=debit, credit=credit, amount=abs(tax),
                 label=label, group=f"TDFN-{end:%Y%m%d}", source=f"tdfn:{end:%Y-%m-%d}")
