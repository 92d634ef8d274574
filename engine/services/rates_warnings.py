"""What a rates import should make the bookkeeper look at, though nothing is wrong enough to refuse: a rate far from
the currency's previous one (a typo: 93.5 for 0.935), and a day replaced whose rate already valued posted rows
(they keep the CHF they were posted at: the document its ExchangeRate, the payment its AmountCHF)."""
from __future__ import annotations

from engine.domain.rates import PLAUSIBLE_JUMP, RateTable, jumps
from engine.errors import Problem
from engine.money import currency_of, quantize


def implausible(rows, lines: dict) -> list[str]:
    """``rows`` (day, currency, rate): the Rates sheet as it will be; ``lines``: (day, currency) → the file's line of
    a row it brings (only those are named)."""
    out = []
    for day, currency, rate, before, was in jumps(rows):
        line = lines.get((day, currency))
        if line is None:
            continue
        out.append(f"line {line}, column rate: {currency} {day:%d.%m.%Y} is {rate}, {abs(rate / was - 1):.0%} from "
                   f"{was} on {before:%d.%m.%Y} (more than {PLAUSIBLE_JUMP:.0%}): check it is CHF per 1 {currency} "
                   "(e.g. 0.9350, not 93.5 for 100 units), then correct the Rates row or import the file again")
    return out


def posted_on(book, replaced: dict) -> list[str]:
    """``replaced``: (day, currency) → (file line, old rate, new rate). The posted documents and payments the old
    rate of such a day valued."""
    if not replaced:
        return []
    old = RateTable.of((r.date, r.currency, r.rate) for r in book.records("Rates"))
    used: dict = {}
    currencies = {}
    for side, sheet in (("sales", "Documents"), ("purchases", "ReceivedInvoices")):
        for d in book.records(sheet):
            currency = currency_of(d)
            currencies[(side, d.number)] = currency
            if currency != "CHF" and d.posted_session is not None:
                used.setdefault((old.dated(currency, d.date), currency), []).append(d.number)
    moving: dict = {}  # payments posted before AmountCHF was written at posting: a repost would move them
    for p in book.records("Payments"):
        currency = currencies.get((p.side, p.document_number), "CHF")
        if currency == "CHF" or p.posted_session is None or (p.kind or "payment") != "payment":
            continue
        key = (old.dated(currency, p.date), currency)
        rate = old.on(currency, p.date)
        chf = getattr(p, "amount_chf", None)
        if chf is None and rate is not None:
            moving.setdefault(key, []).append(f"payment {p.payment_id} (AmountCHF {quantize(p.amount * rate)})")
        elif rate is not None and chf == quantize(p.amount * rate):  # not the bank's own CHF: the day's rate's
            used.setdefault(key, []).append(f"payment {p.payment_id}")
    out = []
    for (day, currency), (line, was, rate) in sorted(replaced.items(), key=lambda kv: kv[1][0]):
        said = f"line {line}: {currency} {day:%d.%m.%Y} replaced ({was} → {rate})"
        if used.get((day, currency)):
            out.append(f"{said} valued {', '.join(used[(day, currency)])}, already posted: they keep the CHF they "
                       "were posted at (ExchangeRate, AmountCHF); to value them at the new rate, unpost them, clear "
                       "those cells, and post again")
        if moving.get((day, currency)):
            out.append(f"{said} valued {', '.join(moving[(day, currency)])}, posted without AmountCHF: a repost "
                       "would value them at the new rate; to keep what was posted, type that AmountCHF first")
    return out


def sheet_problems(book) -> list[Problem]:
    """``comptoir check``: each Rates row far from its currency's previous rate, a warning at its Rate cell."""
    rows = [r for r in book.records("Rates") if r.date and r.currency and r.rate and r.rate > 0]
    at = {(r.date, r.currency.upper()): r for r in rows}
    table = book.table("Rates")
    return [Problem(table.source(at[(day, currency)], "rate"),
                    f"{currency} {day:%d.%m.%Y} is {rate}, {abs(rate / was - 1):.0%} from {was} on {before:%d.%m.%Y} "
                    f"(more than {PLAUSIBLE_JUMP:.0%})", "check it is CHF per 1 unit (e.g. 0.9350, not 93.5 for 100 "
                    "units) and correct it before anything is valued at it", "warning")
            for day, currency, rate, before, was in jumps((r.date, r.currency, r.rate) for r in rows)]
