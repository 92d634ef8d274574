"""Checks across records: duplicate keys, references to other sheets (a line's article, a document's client,
an unknown VAT code or account), a foreign-currency document without its exchange rate. Pure: tables in,
problems out."""
from __future__ import annotations

from engine.errors import Problem
from engine.domain.rates import RateTable
from engine.money import currency_of, exchange_rate
from engine.i18n import tr  # (after money: keeps this import apart from the other branches' lines above)
from engine.schema import terms
from engine.store.records import Table


def duplicate_keys(table: Table, language: str = "en") -> list[Problem]:
    key = table.schema.key
    if not key:
        return []
    seen: dict[tuple, int | None] = {}
    problems = []
    for record in table.records:
        value = tuple(getattr(record, name) for name in key)
        if any(part is None for part in value):
            continue
        if value in seen:
            where = tr("row {row}", language, row=seen[value]) if seen[value] else tr("another record", language)
            shown = " / ".join(str(v) for v in value)
            problems.append(Problem(table.source(record, key[-1]),
                                    tr('"{value}" is used twice (also at {where})', language, value=shown, where=where),
                                    tr("give each record its own number", language)))
        else:
            seen[value] = record.row
    return problems


def key_values(table: Table) -> set:
    """Values other sheets may refer to: the first key column."""
    name = table.schema.key[0]
    return {getattr(record, name) for record in table.records}


def references(tables: dict[str, Table], language: str = "en") -> list[Problem]:
    """Every value in a ``ref`` column must exist in the referenced sheet (when that sheet is in the book)."""
    problems = []
    targets: dict[str, set] = {}
    for table in tables.values():
        for col in table.schema.columns:
            if not col.ref or col.ref not in tables:
                continue
            if col.ref not in targets:
                targets[col.ref] = {str(v) for v in key_values(tables[col.ref])}
            allowed = targets[col.ref]
            sheet = tables[col.ref].title or terms.sheet_name(col.ref, language)
            header = terms.header(col.header, language, table.schema.name)
            for record in table.records:
                value = getattr(record, col.field)
                if value is not None and str(value) not in allowed:
                    problems.append(_missing(table.source(record, col.field), col, header, value, sheet, language))
    return problems


def _missing(source, col, header: str, value, sheet: str, language: str) -> Problem:
    """A value its sheet does not have. A column holding an account under a header that does not say so (the
    Journal's Debit and Credit, BankAccounts' ReceiptsToSort) names the account first: "Soll «9998» existiert
    nicht" read as if the debit side were missing (second audit of issue 18)."""
    if col.ref == "Accounts" and "Account" not in col.header:
        return Problem(source, tr('account "{value}" ({header}) does not exist in {sheet}', language, header=header,
                                  value=value, sheet=sheet),
                       tr("add the account to {sheet} first, or pick an existing one", language, sheet=sheet))
    return Problem(source, tr('{header} "{value}" does not exist in {sheet}', language, header=header, value=value,
                              sheet=sheet),
                   tr("add it to {sheet} first, or pick an existing one", language, sheet=sheet))


def exchange_rates(tables: dict[str, Table], language: str = "en") -> list[Problem]:
    """A document in another currency than CHF needs its ExchangeRate: the posting and the reports value it in
    CHF with it (said now, on the cell, rather than when posting refuses it)."""
    problems = []
    rates = tables.get("Rates")
    days = RateTable.of((r.date, r.currency, r.rate) for r in rates.records) if rates is not None else RateTable()
    for r in rates.records if rates is not None else ():
        if r.rate is not None and r.rate <= 0:
            said = (tr("the {currency} rate of {day} is {rate}", language, currency=r.currency, day=f"{r.date:%d.%m.%Y}",
                       rate=r.rate) if r.date else tr("the {currency} rate is {rate}", language, currency=r.currency,
                                                       rate=r.rate))
            problems.append(Problem(rates.source(r, "rate"), said,
                                    tr("write CHF per 1 unit, above 0 (e.g. 0.9312), or delete the row", language)))
    for table in tables.values():
        if "exchange_rate" not in table.schema.fields or "currency" not in table.schema.fields:
            continue
        for record in table.records:
            if exchange_rate(record) is None and days.on(currency_of(record), record.date) is None:
                currency = currency_of(record)
                problems.append(Problem(table.source(record, "exchange_rate"),
                                        tr("{number} is in {currency} but has no {header}", language,
                                           number=record.number, currency=currency,
                                           header=terms.header("ExchangeRate", language)),
                                        tr("write the CHF value of 1 {currency} (e.g. 0.9312): posting and reports "
                                           "value the document in CHF with it", language, currency=currency),
                                        "warning"))
    return problems
