"""The demo as a list of steps over one context; each later issue appends its step (documents, payments, bank
statement, reconciliation, posting, reports)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from engine.demo import setup
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


def step_books(ctx: DemoContext) -> str:
    ctx.invoicing, ctx.ledger = setup.create_books(ctx.folder)
    counts = setup.fill_invoicing(Book.open(ctx.invoicing))
    counts.update(setup.fill_ledger(Book.open(ctx.ledger), ctx.year))
    ctx.facts.update(counts)
    return (f"books: {ctx.invoicing.name} ({counts['clients']} clients, {counts['articles']} articles, "
            f"{counts['creditors']} creditors) and {ctx.ledger.name} ({counts['accounts']} accounts, "
            f"{counts['vat_rates']} VAT rates)")


STEPS: list[tuple[str, Callable[[DemoContext], str]]] = [
    ("Creating the books", step_books),
]


def run(folder: Path, progress=silent, echo=print) -> DemoContext:
    ctx = DemoContext(folder=Path(folder))
    for index, (label, step) in enumerate(STEPS):
        progress(index, len(STEPS), label)
        echo(step(ctx))
    progress(len(STEPS), len(STEPS), "done")
    return ctx
