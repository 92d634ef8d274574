"""The morning report: per mandate what the night did (files, movements, entries) and what needs a person
(movements to sort, refused files, broken books, batches left waiting on a closed period), each with the book and
the cell to open — as a workbook (a sheet of mandates, a sheet of things to do), a PDF, or JSON for other tools.

The counts come from the office database; the findings (which name clients' movements) from the file each mandate's
run wrote beside its books, read here by whoever has access to them.
"""
from __future__ import annotations

import json
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from engine.domain.reports.model import Column, arrange
from engine.i18n import tr
from engine.office import queue
from engine.office.steps import KINDS

MANDATE_COLUMNS = (
    Column("name", "Mandate"), Column("state", "State"), Column("files", "Files", "int"),
    Column("movements", "New movements", "int"), Column("recognised", "Recognised", "int"),
    Column("posted", "Posted", "int"), Column("without_entry", "Without entry", "int"),
    Column("entries_pulled", "Entries pulled", "int"),
    Column("to_sort", "To sort", "int"), Column("refused_files", "Refused files", "int"),
    Column("book_errors", "Book errors", "int"), Column("batches_waiting", "Batches waiting", "int"),
    Column("attempts", "Attempts", "int"), Column("seconds", "Seconds", "number"), Column("folder", "Folder"),
)
# the check-only night's "book open": a book open in Excel, which the night cannot write (report_only.py)
ORDER = (*KINDS[:1], "book open", *KINDS[1:])
TODO_COLUMNS = (Column("name", "Mandate"), Column("kind", "What"), Column("book", "Book"), Column("cell", "Cell"),
                Column("message", "Detail"), Column("hint", "How to fix"))


def gather(office, night: str) -> dict:
    """The night as one JSON-able dict: the tally, and per mandate its counts, state and findings."""
    mandates = []
    for job in queue.jobs(office, night):
        items, path = [], job.get("details")
        if path and Path(path).exists():
            try:
                items = json.loads(Path(path).read_text(encoding="utf-8")).get("items", [])
            except ValueError:
                items = [{"kind": "failed", "file": path, "message": "the findings file is damaged",
                          "hint": "run the mandate again (comptoir office run --retry-failed)"}]
        if job["state"] == "failed" and job.get("error") and not any(i["kind"] == "failed" for i in items):
            items.insert(0, {"kind": "failed", "file": job.get("folder") or "", "sheet": "", "row": None,
                             "column": "", "message": job["error"], "hint": ""})
        for item in items:
            item["book"] = _book(job.get("folder"), item.get("file") or "")
            item["cell"] = _cell(item)
        items.sort(key=lambda i: ORDER.index(i["kind"]) if i["kind"] in ORDER else len(ORDER))
        mandates.append({"name": job.get("name") or f"(removed mandate {job['mandate']})",
                         "folder": job.get("folder"), "state": job["state"], "attempts": job["attempts"],
                         "worker": job.get("worker"), "seconds": job.get("seconds"), "error": job.get("error"),
                         "counts": job["counts"], "findings": path, "items": items})
    tally = queue.tally(office, night)
    return {"night": night, "tally": {"done": tally.done, "failed": tally.failed, "running": tally.running,
                                      "todo": tally.todo, "total": tally.total}, "mandates": mandates}


def _book(folder: str | None, file: str) -> str:
    if not file:
        return folder or ""
    path = Path(file)
    return str(path if path.is_absolute() or not folder else Path(folder) / path)


def _cell(item: dict) -> str:
    if not item.get("sheet"):
        return ""
    row = item.get("row")
    if item.get("column") and row is not None:
        return f"{item['sheet']}!{item['column']}{row}"
    return f"{item['sheet']} row {row}" if row is not None else item["sheet"]


def did(m: dict) -> str:
    """What a mandate's night did, in words."""
    c = {k: v for k, v in m["counts"].items()}
    if c.get("check_only"):  # what the next night would do and meet, as the real night counts it (audit of #20)
        words = [tr("checked only, nothing imported or posted: {files} bank file(s) waiting, {to_sort} movement(s) "
                    "to sort, {errors} book error(s)", files=c.get("files_waiting", 0), to_sort=c.get("to_sort", 0),
                    errors=c.get("book_errors", 0))]
        if c.get("refused_files"):
            words.append(tr("{count} bank file(s) refused", count=c["refused_files"]))
        if c.get("would_post"):
            words.append(tr("{count} movement(s) the night would post", count=c["would_post"]))
        if c.get("post_refused"):
            words.append(tr("posting refused {count} time(s)", count=c["post_refused"]))
        return ", ".join(words)
    words = [f"{c.get('files', 0)} file(s)", f"{c.get('movements', 0)} new movement(s)",
             f"{c.get('posted', 0)} posted", f"{c.get('without_entry', 0)} processed without an entry"]
    if c.get("skipped"):  # a statement dropped again is no file of the night's work (second audit of issue 20)
        words.insert(1, f"{c['skipped']} skipped as already imported")
    if c.get("documents_posted") or c.get("payments_posted"):
        words.append(f"{c.get('documents_posted', 0)} document(s) and {c.get('payments_posted', 0)} payment(s) "
                     "posted")
    words.append(f"{c.get('entries', 0)} entries published, {c.get('entries_pulled', 0)} pulled into the ledger")
    if c.get("retried"):  # the counts are the night's in total, the earlier attempt's work included
        words.append(tr("retried after a worker stopped"))
    return ", ".join(words)


def state(m: dict) -> str:
    """done / failed, and whether a worker stopped on it before (its counts are still the night's in total)."""
    return f"{m['state']} ({tr('retried')})" if m["counts"].get("retried") else m["state"]


def needs_a_person(night: dict) -> list[dict]:
    """The to-do rows, one per finding; a mandate's movements to sort one row, as on paper: their count, and the
    first's cell for the link (second audit of issue 20: 280 rows of movements drowned the rest)."""
    rows = []
    for m in night["mandates"]:
        rows += [{"name": m["name"], **item} for item in m["items"] if item["kind"] not in ("warning", "to sort")]
        sorting = [item for item in m["items"] if item["kind"] == "to sort"]
        if sorting:
            rows.append({"name": m["name"], **sorting[0],
                         "message": (f"{len(sorting)} movement(s) to sort, the first here: {sorting[0]['message']}"
                                     if len(sorting) > 1 else sorting[0]["message"])})
    return rows


def paper(night: dict) -> list[dict]:
    """The PDF's rows: per mandate a row of what was done (its counts), then what needs a person — its movements to
    sort as one row naming the first cell — with the book's path from the office's common root, the reason and the
    fix whole (the workbook has full paths and each movement)."""
    rows, root = [], common_root(night)

    def short(book: str) -> str:
        return on_paper(book, root)

    for m in night["mandates"]:
        c = m["counts"]
        rows.append({"name": m["name"], "kind": state(m), "files": c.get("files"), "movements": c.get("movements"),
                     "posted": c.get("posted"), "entries_pulled": c.get("entries_pulled"),
                     "to_sort": c.get("to_sort")})
        sorting = [i for i in m["items"] if i["kind"] == "to sort"]
        for item in m["items"]:
            if item["kind"] not in ("warning", "to sort"):
                rows.append({"name": "", "kind": item["kind"], "book": short(item["book"]),
                             "cell": item["cell"], "message": item["message"], "hint": item.get("hint")})
        if sorting:
            rows.append({"name": "", "kind": "to sort", "book": short(sorting[0]["book"]),
                         "cell": sorting[0]["cell"], "message": f"{len(sorting)} movement(s), the first here",
                         "hint": sorting[0].get("hint")})
    return rows


def common_root(night: dict) -> Path | None:
    """The folder every mandate of the night lies under, so a book on paper is its path from there (a bank folder
    elsewhere keeps its full path): Client/2026/ledger.xlsx and Client/2025/ledger.xlsx stay apart (audit of issue
    20: the PDF showed only the last folder, "drop/b-broken.xml"). One mandate: the folder above it, so its name
    shows."""
    folders = {Path(m["folder"]) for m in night["mandates"] if m.get("folder")}
    if not folders:
        return None
    try:
        root = Path(os.path.commonpath([str(p) for p in folders]))
    except ValueError:  # on two drives (C:\ and a network share): no common root, each book as it is
        return None
    return root.parent if root in folders else root


def on_paper(book: str, root: Path | None) -> str:
    """A book on paper: its path from the office's common root (as it is when it lies elsewhere)."""
    path = Path(book)
    if root is not None and path.is_absolute() and path.is_relative_to(root) and path != root:
        return str(path.relative_to(root))
    return book


PAPER_COLUMNS = (Column("name", "Mandate"), Column("kind", "What"), Column("files", "Files", "int"),
                 Column("movements", "New", "int"), Column("posted", "Posted", "int"),
                 Column("entries_pulled", "Pulled", "int"), Column("to_sort", "To sort", "int"),
                 Column("book", "Book"), Column("cell", "Cell"), Column("message", "Detail"),
                 Column("hint", "How to fix"))
WRAPPED = ("book", "message", "hint")  # on paper these run over lines, never cut


def _reports(night: dict):
    tally = night["tally"]
    period = (f"night {night['night']}: {tally['done']} done, {tally['failed']} failed, "
              f"{tally['todo'] + tally['running']} not finished, of {tally['total']}")
    rows = [{"name": m["name"], "state": state(m), "attempts": m["attempts"],
             "seconds": Decimal(str(m["seconds"])) if m["seconds"] is not None else None,
             "folder": m["folder"], **m["counts"]} for m in night["mandates"]]
    summary = arrange("Mandates", MANDATE_COLUMNS, rows, name="mandates", period=period)
    # the Total row adds up the counts too, not only the seconds (audit of issue 20)
    summary = replace(summary, totals=tuple(
        "Total" if index == 0 else sum(row[index] or 0 for row in summary.rows) if column.kind == "int"
        else summary.totals[index] if summary.totals else None for index, column in enumerate(summary.columns)))
    todo = arrange("What needs a person", TODO_COLUMNS, needs_a_person(night), name="todo", period=period,
                   sort=False)
    on_paper = arrange("Morning report", PAPER_COLUMNS, paper(night), name="morning", period=period, sort=False)
    return summary, todo, on_paper


def workbook(night: dict) -> bytes:
    """The ToDo sheet (each finding a row, a mandate's movements to sort one; its Book cell a link that opens the
    book at the cell) and the Mandates
    sheet (each mandate's counts)."""
    from engine.formats import report_xlsx
    summary, todo, _ = _reports(night)

    def links(book) -> None:
        sheet, first = book["ToDo"], 5  # the report's header is on row 4
        at = [c.key for c in TODO_COLUMNS].index("book") + 1
        for offset, row in enumerate(needs_a_person(night)):
            target = link(row.get("book") or "", row.get("cell") or "")
            if target:
                sheet.cell(first + offset, at).hyperlink = target

    return report_xlsx.build_many([(todo, "ToDo"), (summary, "Mandates")], company="Morning report", finish=links)


def link(book: str, cell: str) -> str:
    """``file:///…/invoicing.xlsx#'Movements'!S252``: Excel opens the book at the cell ("" for no local file)."""
    path = Path(book)
    if not path.is_absolute() or path.suffix.lower() not in (".xlsx", ".xlsm"):
        return ""
    if "!" in cell:
        sheet, where = cell.split("!", 1)
        return f"{path.as_uri()}#'{sheet}'!{where}"
    return path.as_uri()


def pdf(night: dict) -> bytes:
    """Per mandate what was done and what needs a person, on paper (the workbook lists each movement)."""
    from engine.formats import report_pdf
    root = common_root(night)
    company = f"Comptoir office - {tr('books under {folder}', folder=str(root))}" if root else "Comptoir office"
    return report_pdf.render_all([_reports(night)[2]], company=company, created=None, wrap=WRAPPED)
