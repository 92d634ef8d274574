"""The ledger's reference data published back to the invoicing side: accounts, VAT codes, analytic codes, periods.

Each kind is replaced as a whole (the ledger sheet is the truth), as JSON rows whose amounts, rates and dates are exact
strings, so the invoicing book offers only valid accounts and codes in its drop-downs.

>>> import tempfile
>>> from engine.mandate.store import create_local
>>> with tempfile.TemporaryDirectory() as folder, create_local(folder, "Demo") as m:
...     _ = publish_reference(m, Reference(accounts=({"number": "1020", "name": "Bank"},),
...                                        vat_codes=({"code": "V81", "rate": Decimal("8.1"),
...                                                    "valid_from": date(2024, 1, 1)},)))
...     ref = reference(m)
>>> ref.accounts, ref.vat_codes
(({'name': 'Bank', 'number': '1020'},), ({'code': 'V81', 'rate': '8.1', 'valid_from': '2024-01-01'},))
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal  # noqa: F401 - used by the doctest

from sqlalchemy import delete, select

from engine.mandate.batches import _changed, _lock_mandate
from engine.mandate.connection import Mandate, guarded
from engine.mandate.model import REFERENCE_KINDS, Reference, encode_json
from engine.mandate.tables import REFERENCE


def publish_reference(mandate: Mandate, data: Reference, kinds: tuple[str, ...] = REFERENCE_KINDS) -> datetime:
    """Replace the published reference data of ``kinds`` (all four by default) in one transaction."""
    now = datetime.now(timezone.utc)
    with guarded(mandate), mandate.engine.begin() as conn:
        lock = _lock_mandate(conn, mandate)
        conn.execute(delete(REFERENCE).where(REFERENCE.c.mandate_id == mandate.mandate_id,
                                             REFERENCE.c.kind.in_(kinds)))
        conn.execute(REFERENCE.insert(), [dict(mandate_id=mandate.mandate_id, kind=kind, published_at=now,
                                               payload=encode_json(list(getattr(data, kind)))) for kind in kinds])
        _changed(conn, mandate, lock.revision)
    return now


def reference(mandate: Mandate) -> Reference:
    """The reference data as last published (empty tuples for kinds never published)."""
    with guarded(mandate), mandate.engine.begin() as conn:
        rows = conn.execute(select(REFERENCE).where(REFERENCE.c.mandate_id == mandate.mandate_id)).all()
    found = {row.kind: tuple(json.loads(row.payload)) for row in rows if row.kind in REFERENCE_KINDS}
    latest = max((row.published_at for row in rows), default=None)
    return Reference(**found, published_at=latest)
