"""What every attempt of a mandate's night did, so a mandate taken again after its worker stopped reports the night
in total (audit of issue 20: the retried mandate showed 0 files and 0 movements — the first attempt had imported and
posted them, the second found them known).

Each attempt writes what it did beside the books (``.comptoir/office/NIGHT.attempts.json``) at two points: the bank
work (import, recognition, the batches published) just before the invoicing book is saved, with the book's stamp as
it was read; the batches pulled, by id, once the ledger is saved and before the mandate is told. The next attempt counts an earlier one's bank work only
when the invoicing book has changed since that stamp — the save took place; else the attempt died before it and this
one does the work again, and counts it once. With the counts go the findings of that bank work (a statement that
opens elsewhere, a refused file, a batch not posted): the next attempt does not find them again — the files are
listed as read, or read again as known — and the night's report would lose them for good (re-audit of issue 20).
The file sits beside the books, as the night's findings do.
"""
from __future__ import annotations

import json
from pathlib import Path

from engine.store.whole_file import write_whole

# what an attempt's bank work did (added up over the night's attempts; the batches pulled are counted by id); the
# other counts say how the books stand now (this attempt's: movements to sort, refused files, book errors…)
BANK = ("files", "skipped", "movements", "duplicates", "recognised", "posted", "without_entry", "entries",
        "documents_posted", "payments_posted")
# the findings of the bank work, and the count each adds to (the movements to sort are found again in the book)
FOUND = {"refused file": "refused_files", "bank file": "warnings", "recognition": "warnings",
         "not posted": "post_refused", "already imported": None}


def _stamp(path: Path) -> list:
    try:
        status = path.stat()
    except OSError:
        return []
    return [status.st_ino, status.st_size, status.st_mtime_ns]


def clear_stale(folder: str | Path) -> int:
    """The temporary files a killed worker left in the mandate's office folder (``.NIGHT.attempts.json.PID.tmp``
    and the findings' alike; second audit of issue 20, finding 6): this attempt holds the mandate, so no other
    writes there now; how many were removed."""
    removed = 0
    for temporary in (Path(folder) / ".comptoir" / "office").glob(".*.tmp"):
        try:
            temporary.unlink()
            removed += 1
        except OSError:  # gone already, or not ours to remove: harmless
            pass
    return removed


class Attempts:
    """This attempt's record among the night's, for one mandate; ``taker`` tells attempts apart (worker and take)."""

    def __init__(self, folder: str | Path, night: str, taker: str, invoicing: Path):
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in night)
        self.path = Path(folder) / ".comptoir" / "office" / f"{safe}.attempts.json"
        self.taker, self.invoicing = taker, invoicing
        try:
            records = json.loads(self.path.read_text(encoding="utf-8"))["attempts"]
        except (OSError, ValueError, KeyError, TypeError):
            records = []
        self.earlier = [r for r in records if isinstance(r, dict) and r.get("taker") != taker]
        self.mine: dict = {"taker": taker}
        now = _stamp(invoicing)  # judged before this attempt saves anything
        # an earlier attempt whose book is as it read it died before saving: this one does its work again
        self.counted = [bank if not bank.get("stamp") or bank["stamp"] != now else {}
                        for bank in ((r.get("bank") or {}) for r in self.earlier)]
        # saved, but stopped before its files were listed as read: this attempt reads the same files again and
        # finds the movements that attempt imported known — neither is more of the night's work
        unlisted = [bank for bank in self.counted if bank.get("stamp")]
        self.read_again = {"files": sum(b.get("files", 0) for b in unlisted),
                           "skipped": sum(b.get("files", 0) for b in unlisted),  # read again: known this time
                           "duplicates": sum(b.get("movements", 0) for b in unlisted)}

    @property
    def retried(self) -> bool:
        """An earlier attempt of this night took the mandate and stopped before finishing (its worker died)."""
        return any(not r.get("finished") for r in self.earlier)

    def finished(self) -> None:
        """This attempt ran to its end (done or failed, recorded in the office database); one that wrote nothing
        leaves nothing to mark."""
        if len(self.mine) > 1:
            self.mine["finished"] = True
            self._write()

    def bank_done(self, counts: dict, *, saved: bool, items=()) -> None:
        """The bank work of this attempt, before (``saved`` false: with the book's stamp) or after its save, and
        what it found (``items``, the findings' dicts: those of the bank work are kept)."""
        self.mine["bank"] = {**{k: int(counts.get(k, 0)) for k in BANK},
                             "stamp": None if saved else _stamp(self.invoicing),
                             "items": [i for i in items if i.get("kind") in FOUND]}
        self._write()

    def found(self, items: list, counts: dict) -> list:
        """``items`` of this attempt with what the earlier ones' counted bank work found and this one did not (each
        once), ``counts`` raised by what those add."""
        def same(item):
            return tuple(item.get(k) for k in ("kind", "file", "sheet", "row", "column", "message"))
        have = {same(i) for i in items}
        carried = []
        for bank in self.counted:
            for item in bank.get("items") or ():
                if isinstance(item, dict) and item.get("kind") in FOUND and same(item) not in have:
                    have.add(same(item))
                    carried.append(item)
                    if FOUND[item["kind"]]:
                        counts[FOUND[item["kind"]]] = counts.get(FOUND[item["kind"]], 0) + 1
        return [*carried, *items]

    def pulled(self, batches) -> None:
        """The batches this attempt's pull applied (the ledger saved, the mandate not told yet): by id, so a batch
        an attempt pulled again after its predecessor died before telling the mandate counts once."""
        self.mine["pull"] = {b.batch_id: len(b.entries) for b in batches}
        self._write()

    def total(self, counts: dict) -> dict:
        """``counts`` of this attempt with what the earlier ones did added."""
        out = dict(counts)
        for record, bank in zip(self.earlier, self.counted, strict=True):
            for key, value in bank.items():
                if key in BANK:
                    out[key] = out.get(key, 0) + int(value)
        pulled = {}
        for record in (*self.earlier, self.mine):
            pulled.update(record.get("pull") or {})
        if pulled:
            out.update(batches_pulled=len(pulled), entries_pulled=sum(int(n) for n in pulled.values()))
        for key, again in self.read_again.items():  # as far as this attempt did read them again (it may have
            out[key] = out.get(key, 0) - min(int(counts.get(key, 0)), again)  # found them listed after all)
        return out

    def _write(self) -> None:
        write_whole(self.path, json.dumps({"attempts": [*self.earlier, self.mine]}, indent=0).encode("utf-8"),
                    "what the night's attempts did")
