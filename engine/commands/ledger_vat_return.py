"""``comptoir ledger vat-return LEDGER --period 2026-Q1 [--correction] [--out FILE]``: the eMWST file (eCH-0217
v2.0.0) of a period, for upload to the ESTV portal, and the form's boxes printed beside it."""
from __future__ import annotations

from pathlib import Path

from engine.ledger_words import headers, say
from engine.domain.vat_return import estv_tax, period_note
from engine.i18n import tr
from engine.money import format_amount
from engine.store.book import Book


def register_ledger(verbs) -> None:
    command = verbs.add_parser("vat-return", help="the VAT return file (eMWST, eCH-0217) of a period for the ESTV "
                                                  "portal, with its boxes")
    command.add_argument("ledger", type=Path)
    command.add_argument("--period", required=True, help="2026-Q1 … Q4, 2026-S1 / S2 (net tax rate), 2026, 2026-03")
    command.add_argument("--correction", action="store_true", help="a corrected return (Korrekturabrechnung) of "
                                                                  "a period already filed")
    command.add_argument("--reconciliation", action="store_true", help="the year's reconciliation (Jahresabstimmung "
                                                                      "/ concordance annuelle), with --period YEAR")
    command.add_argument("--out", type=Path, help="the file (default: eMWST-UID-FROM-TO.xml beside the ledger)")
    command.add_argument("--invoicing", type=Path, help="the book whose Settings name the company (CompanyUID, "
                                                        "VatMethod …); default: the mandate's invoicing book")
    command.add_argument("--activities", help="net tax / flat rate → the ESTV's five-digit activity code, "
                                              "e.g. \"6.2=12345; 2.1=67890\" (periods from 2025)")
    command.set_defaults(run=run)


def run(args) -> int:
    from engine.services import vat_return
    ledger = Book.open(args.ledger)  # once, for the return and its warnings
    path, vat = vat_return.write_return(args.ledger, args.period, invoicing=args.invoicing,
                                        correction=args.correction, reconciliation=args.reconciliation,
                                        out=args.out, activities=vat_return.activity_codes(args.activities),
                                        ledger=ledger)
    kind = say(", correction") if args.correction else say(", reconciliation") if args.reconciliation else ""
    method = {"effective": say("effective"), "tdfn": say("net tax rate"), "flat": say("flat rate")}.get(vat.method,
                                                                                                     vat.method)
    print(say("VAT return {start}–{end} ({method}{kind}): {path}", start=f"{vat.start:%d.%m.%Y}",
              end=f"{vat.end:%d.%m.%Y}", method=method, kind=kind, path=path))
    box, rate, amount, tax = headers("Box", "Rate", "Amount", "Tax")
    print(f"{box:5} {rate:>6} {amount:>16} {tax:>14}")
    rates = {line.box: line for line in (*vat.supplies, *vat.acquisitions)}
    for box, amount in vat.boxes().items():
        line = rates.get(box)
        rate = f"{line.rate.normalize():f}%" if line else ""
        tax = format_amount(estv_tax(line)) if line else ""
        print(f"{box:5} {rate:>6} {format_amount(amount):>16} {tax:>14}")
    for warning in vat_return.warnings(args.ledger, args.period, invoicing=args.invoicing, ledger=ledger):
        print(f"{tr('warning')}: {warning}")
    note = period_note(vat.method, vat.start, vat.end)
    if note:
        print(f"{say('note')}: {note}")
    if vat.output_tax != vat.booked_tax:  # the form computes turnover × rate; the books add each invoice's tax
        print(f"{say('note')}: " + say("the form's tax {form} (turnover × rate) differs from the {booked} booked by "
                                       "{difference} (the invoices' roundings): book the difference on the VAT "
                                       "account when you pay", form=format_amount(vat.output_tax),
                                       booked=format_amount(vat.booked_tax),
                                       difference=format_amount(vat.output_tax - vat.booked_tax)))
    return 0
