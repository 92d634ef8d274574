"""The demo as a list of steps over one context; each later issue appends its step (documents, payments, bank
statement, reconciliation, posting, reports)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from engine import mandate
from engine.demo import bank, posting, purchases, reports, sales, setup, vat_return, year_end
from engine.i18n import tr
from engine.services import ledger_sync
from engine.progress import silent
from engine.store.book import Book

YEAR = 2026


@dataclass
class DemoContext:
    folder: Path
    year: int = YEAR
    invoicing: Path | None = None
    ledger: Path | None = None
    facts: dict = field(default_factory=dict)
    language: str = "en"  # the books' own language: sheet names, headers, drop-down values (issue 18)


def step_books(ctx: DemoContext) -> str:
    ctx.invoicing, ctx.ledger = setup.create_books(ctx.folder, ctx.language)
    counts = setup.fill_invoicing(Book.open(ctx.invoicing))
    counts.update(setup.fill_ledger(Book.open(ctx.ledger), ctx.year))
    ctx.facts.update(counts)
    return tr("books: {invoicing} ({clients} clients, {articles} articles, {creditors} creditors) and {ledger} "
              "({accounts} accounts, {rates} VAT rates)", ctx.language, invoicing=ctx.invoicing.name,
              clients=counts["clients"], articles=counts["articles"], creditors=counts["creditors"],
              ledger=ctx.ledger.name, accounts=counts["accounts"], rates=counts["vat_rates"])


def step_mandate(ctx: DemoContext) -> str:
    """A local mandate (SQLite in DIR/.comptoir) links the books; the ledger publishes its chart back."""
    with mandate.create_local(ctx.folder, "Menuiserie Favre SA", invoicing=[ctx.invoicing], ledger=ctx.ledger) as m:
        ledger_sync.publish_chart(Book.open(ctx.ledger), m)
        invoicing = Book.open(ctx.invoicing)
        copied = ledger_sync.refresh_chart(invoicing, m)
        invoicing.save()
        ctx.facts["mandate_id"] = m.mandate_id
    store = (ctx.folder / ".comptoir" / "mandate.sqlite").resolve()  # absolute: it reads right from any folder
    return tr("mandate: local store {store}, {rows} chart rows published to invoicing", ctx.language, store=store,
              rows=copied)


STEPS: list[tuple[str, Callable[[DemoContext], str]]] = [
    ("Creating the books", step_books),
    ("Linking them in a mandate", step_mandate),
    ("Issuing sales documents", sales.step),
    ("Receiving and paying supplier invoices", purchases.step),
    ("Importing and reconciling the bank statement", bank.step),
    ("Reminding the clients who are late", sales.reminders_step),
    ("Posting the year", posting.step),
    ("Writing the VAT return files", vat_return.step),
    ("Reports and dashboard", reports.step),
    ("Closing the year, opening the next, financial statements", year_end.step),
]


def run(folder: Path, progress=silent, echo=print, language: str = "en") -> DemoContext:
    ctx = DemoContext(folder=Path(folder), language=language)
    for index, (label, step) in enumerate(STEPS):
        progress(index, len(STEPS), tr(label, language))  # the labels above are the catalogue's ids
        echo(step(ctx))
    progress(len(STEPS), len(STEPS), tr("done", language))
    return ctx
