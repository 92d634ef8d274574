"""Fixtures: a private PostgreSQL server for the session (tests/mandate/pg_server.py), and a fresh mandate on
either backend for the parametrised tests."""
from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest

from engine import mandate as mandates
from engine.mandate import Batch, Entry
from tests.mandate.pg_server import PgServer, binaries


@pytest.fixture(scope="session")
def pg():
    """The owner's view of a real server: COMPTOIR_TEST_PG_DSN if scripts/pg_test_server gave one, else our own."""
    external = os.environ.get("COMPTOIR_TEST_PG_DSN")
    if external:
        yield type("External", (), {"dsn": external, "kill": None, "boot": None})()
        return
    if binaries() is None:
        pytest.skip("PostgreSQL server binaries are absent (apt-get install postgresql)")
    with PgServer() as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request):
    return request.param


@pytest.fixture
def make_mandate(backend, tmp_path, request):
    """``make_mandate(name)`` → an open mandate on the test's backend, in its own folder under tmp_path."""
    opened = []

    def make(name: str = "Atelier Test", folder_name: str = "books"):
        folder = tmp_path / folder_name
        local = mandates.create_local(folder, name, invoicing=["ventes.xlsx"], ledger="compta.xlsx")
        if backend == "postgresql":
            server = request.getfixturevalue("pg")
            mandates.publish(local, server.dsn)
            local = mandates.open_folder(folder)
        opened.append(local)
        return local

    yield make
    for m in opened:
        m.close()


def entry(n: int, amount: str = "100.00", **extra) -> Entry:
    """A sales entry as the posting would make it: invoice n, revenue 3200 against receivables 1100."""
    return Entry(date=date(2025, 1 + n % 12, 1 + n % 28), voucher=f"F-{n:05d}", debit="1100", credit="3200",
                 amount=Decimal(amount), vat_code="V81", vat_amount=(Decimal(amount) * Decimal("0.081")
                                                                     / Decimal("1.081")).quantize(Decimal("0.01")),
                 analytic_code="A1", label=f"Invoice {n}", group=f"G{n}", reference=f"R{n}", source_id=f"doc-{n}",
                 **extra)


def batch(batch_id: str, count: int = 3, start: int = 1, **extra) -> Batch:
    return Batch(batch_id=batch_id, source="ventes.xlsx", session=extra.pop("session", 1), kind=extra.pop("kind", "sales"),
                 entries=tuple(entry(n, f"{n}.{n % 100:02d}") for n in range(start, start + count)), **extra)
