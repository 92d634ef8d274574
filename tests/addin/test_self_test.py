"""The Self-test button, run the way the other ribbon commands are tested: the demo books open as live workbooks in
xlwings' shapes (fake_excel), and each CH_ formula typed into a cell is computed by xlwings' own call_udf
(xlwings_harness), as Excel's COM server would."""
from __future__ import annotations

import ast
import datetime as dt
import re

from addin import ribbon, self_test
from tests.addin import xlwings_harness
from tests.addin.fake_excel import FakeBook, FakeRange, FakeSheet


class FormulaRange(FakeRange):
    """A cell that computes ``=CH_NAME(args)`` when a formula is typed into it, like Excel calling the UDF."""

    @property
    def formula(self):
        return None

    @formula.setter
    def formula(self, text):
        name, args = re.fullmatch(r"=(\w+)\((.*)\)", text).groups()
        args = re.sub(r"DATE\((\d+),(\d+),(\d+)\)", r"dt(\1,\2,\3)", args)
        values = [self._reference(a) if a.startswith("'[") else
                  eval(compile(ast.parse(a, mode="eval"), "f", "eval"), {"dt": dt.datetime})  # noqa: S307
                  for a in re.findall(r"'\[[^']+'![$A-Z0-9:]+|\"[^\"]*\"|dt\([^)]*\)|[\d.]+", args)]
        self.sheet.set(self.top, self.left, xlwings_harness.call(name, *values)[0][0])


    books: dict = {}  # workbook name → the FakeBook opened (an external reference reads its sheet)

    def _reference(self, text):
        """'[book.xlsx]Sheet'!$A$1:$BZ$2000 → that sheet's rows, as Excel hands a range to a UDF."""
        book, sheet = re.fullmatch(r"'\[([^\]]+)\]([^']+)'!.*", text).groups()
        return self.books[book].rows(sheet)


class ReportSheet(FakeSheet):
    def range(self, first, last=None):
        last = last or first
        return FormulaRange(self, first[0], first[1], last[0], last[1])


def test_self_test_drives_every_button_and_function_and_writes_the_report(tmp_path):
    opened = []

    def open_book(path):
        opened.append(FakeBook.from_file(path))
        FormulaRange.books[path.name] = opened[-1]
        return opened[-1]
    report = ReportSheet("Self-test")
    caller = FakeBook({"Sheet1": [["x"]]})
    text = ribbon.self_test(caller, open_book=open_book, report=report)
    rows = report.range((1, 1), (200, 3)).options(ndim=2).value
    rows = [r for r in rows if r[0] is not None]
    assert rows[0] == ["check", "result", "details"]
    checks = {r[0]: (r[1], r[2]) for r in rows[1:]}
    labels = [c.label for c in ribbon.COMMANDS if c.function != "self_test"]
    assert [f"button {label}" for label in labels] == [r[0] for r in rows[1:len(labels) + 1]]
    assert len(rows) - 1 == len(labels) + len(self_test.FORMULAS) + 1  # + CH_DOC_TOTAL on the demo book
    doc_total = [k for k in checks if "CH_DOC_TOTAL" in k]
    assert len(doc_total) == 1 and checks[doc_total[0]][0] != "failed"
    # a button with nothing selected says why it did nothing: "answered", not "passed"
    assert checks["button Record payment"][0] == "answered" and checks["button Check book"][0] == "passed"
    # the published examples, by hand: CH93 0076 2011 6238 5295 7 is valid and not a QR-IBAN; 1.02 -> 1.00
    assert checks["'=CH_IBAN_FORMAT(\"CH9300762011623852957\")"] == ("passed", "CH93 0076 2011 6238 5295 7")
    assert checks["'=CH_ROUND_CHF(1.02)"] == ("passed", "1.0")
    failed = {k: v for k, v in checks.items() if v[0] == "failed"}
    assert failed == {}, failed
    assert "0 failed" in text and caller.app.alerts == [("Comptoir", text)]
    assert len(opened) == 1 and opened[0].path.parent != tmp_path  # the demo books, in their own folder


def test_a_crashing_button_is_reported_not_raised(monkeypatch):
    def boom(xl_book=None):
        raise RuntimeError("simulated crash")
    monkeypatch.setattr(ribbon, "check_book", boom)
    rows = self_test.buttons(FakeBook({"Sheet1": [["x"]]}))
    assert rows[0] == ["button Check book", "failed", "RuntimeError: simulated crash"]
