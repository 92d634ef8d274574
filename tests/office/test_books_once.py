"""Issue 20, what the audit left: a mandate's night reads each workbook once and saves each once (it opened the ledger
five times and the invoicing book twice — the bank chart, the posting's periods, the pull and each check read them
again), while the books end as before: the hand-written statement of test_night gives the same three entries."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from engine.office import steps
from engine.office.registry import Registered
from engine.store import sources
from tests.office.test_night import _client, _journal


def test_each_book_is_opened_once_and_saved_once(tmp_path, monkeypatch):
    folder = _client(tmp_path)
    opened, saved = Counter(), Counter()
    init, stage = sources.XlsxSource.__init__, sources.XlsxSource.stage

    def counted_open(self, path):
        opened[Path(path).name] += 1
        init(self, path)

    def counted_save(self, *args, **kwargs):
        saved[self.path.name] += 1
        return stage(self, *args, **kwargs)

    monkeypatch.setattr(sources.XlsxSource, "__init__", counted_open)
    monkeypatch.setattr(sources.XlsxSource, "stage", counted_save)
    mandate = Registered(id=1, name="a", folder=str(folder), invoicing="invoicing.xlsx", ledger="ledger.xlsx",
                         bank_folder="bank", shared=None)
    found = steps.run(mandate)
    assert dict(opened) == {"invoicing.xlsx": 1, "ledger.xlsx": 1}
    assert dict(saved) == {"invoicing.xlsx": 1, "ledger.xlsx": 1}
    # the statement's five movements: three posted (84.30, 12.00, 4,000.00), one paying F-1, one to sort
    assert (found.counts["posted"], found.counts["without_entry"], found.counts["to_sort"]) == (3, 1, 1)
    assert _journal(folder) == [("2002", "1020", Decimal("4000.00")), ("6500", "1020", Decimal("84.30")),
                                ("6940", "1020", Decimal("12.00"))]
