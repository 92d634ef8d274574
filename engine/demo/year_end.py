"""Demo step "year end": the bookkeeper's last entries of 2026, the closing refused while 9907 holds the receipts
nobody could identify, then accepted once they are allocated; 2027 opened in a new book (ledger-2027.xlsx, chart
and VAT codes copied) and the statements of 2026 written as sheets of the ledger and statements-2026.pdf.

The entries a bookkeeper makes at the year end, which the demo's invoicing does not post:
- the opening of 2026 completed: the demo carried only the bank (1020 / 9100, the statement's opening balance);
  the other side is the share capital, 9100 / 2800 100'000.00, and the profit carried forward, 9100 / 2970;
- the payroll: the monthly salaries were paid from the bank on 2002 Salaires à payer; the year's salary
  journal books their expense, 5000 / 2002 (the sum of those payments, so 2002 ends at zero);
- the receipts left in 9907 (a thank-you and an anonymous gift): donations, not turnover (MWSTG art. 18 al. 2
  let. d), to a non-operating revenue account the demo adds, 8100 Produits hors exploitation — an account of the
  user's that the statements place under the heading of its number range.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from engine.demo import statement
from engine.domain.year_end import balances
from engine.errors import BusinessRuleError
from engine.i18n import tr, written
from engine.money import format_amount
from engine.services import statements
from engine.services.year_end import close_year, open_year
from engine.store.book import Book

CAPITAL = Decimal("100000.00")


def _entries(ledger: Book, year: int, language: str) -> list[tuple]:
    """The year end's entries, labelled in the ledger's ``language`` (a German ledger reads Lohnjournal)."""
    end = date(year, 12, 31)
    left = balances(ledger.records("Journal"), date(year, 1, 1), end)
    salaries = left.get("2002", Decimal(0))  # debit: paid, never booked as expense
    gifts = -left.get("9907", Decimal(0))  # credit: received, not identified
    out = [(date(year, 1, 1), "OUV", "9100", "2800", CAPITAL, written("Share capital (opening balance sheet)", language)),
           (date(year, 1, 1), "OUV", "9100", "2970", statement.OPENING - CAPITAL,
            written("Profit carried forward (opening balance sheet)", language))]
    if salaries > 0:
        out.append((end, "SAL", "5000", "2002", salaries, written("Salaries {year} (payroll journal)", language,
                                                                  year=year)))
    if gifts > 0:
        out.append((end, "DIV", "9907", "8100", gifts, written("Donations received, unidentified receipts", language)))
    return out


def _book(ledger: Book, entries: list[tuple], language: str) -> None:
    if "8100" not in {a.number for a in ledger.records("Accounts")}:
        ledger.put("Accounts", [*ledger.records("Accounts"), ledger.new(
            "Accounts", number="8100", name=written("Non-operating income", language), account_class="revenue")])
    journal = ledger.records("Journal")
    first = max((e.entry_id or 0 for e in journal), default=0) + 1
    ledger.put("Journal", [*journal, *(
        ledger.new("Journal", entry_id=first + i, date=day, voucher=voucher, debit=debit, credit=credit,
                   amount=amount, currency="CHF", label=text)
        for i, (day, voucher, debit, credit, amount, text) in enumerate(entries))])
    ledger.save()


def step(ctx) -> str:
    year = ctx.year
    try:
        close_year(Book.open(ctx.ledger), year)
        refused = tr("none", ctx.language)
    except BusinessRuleError as error:  # 9100 (the opening half made) and 9907 (the unidentified receipts)
        # "9100: debit balance …", in French "9100 : solde débiteur …": the account before the colon
        refused = ", ".join(line.split(":")[0].strip() for line in error.message.splitlines()[1:]
                            if not line[:1].isspace())
    _book(Book.open(ctx.ledger), _entries(Book.open(ctx.ledger), year, ctx.language), ctx.language)
    closed = close_year(Book.open(ctx.ledger), year)
    new = ctx.folder / f"ledger-{year + 1}.xlsx"
    opened = open_year(Book.open(ctx.ledger), year + 1, into=new)
    pdf = ctx.folder / f"statements-{year}.pdf"
    made = statements.write(ctx.ledger, year, pdf=pdf, company="Menuiserie Favre SA")
    totals = [row for row in made[0].rows if row[1] is not None and not row[0].startswith(" ")]
    ctx.facts["year_end"] = {"refused": refused, "result": opened.result, "assets": totals[0][1]}
    return tr("year end: closing {year} first refused (left in {refused}), then closed after the opening, payroll and "
              "9907 entries ({periods}); {next} opened in {new} ({entries} entries, profit {profit} to {retained}); "
              "balance sheet and income statement in {ledger} and {pdf} (total assets {assets} = liabilities and "
              "equity {liabilities})", ctx.language, year=year, refused=refused, periods=", ".join(closed.periods),
              next=year + 1, new=new.name, entries=opened.entries, profit=format_amount(opened.result),
              retained=opened.retained, ledger=ctx.ledger.name, pdf=pdf.name, assets=format_amount(totals[0][1]),
              liabilities=format_amount(totals[1][1]))
