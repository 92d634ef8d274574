"""The accounts and analytic codes a bank entry may name (audit 17): a multiple entry's lines (Movements.Lines), a
movement's AnalyticCode and a rule's counter-account are checked against the chart before anything is posted, not
only when the ledger pulls the batch (a batch the pull refuses waits in the mandate while the movements read
processed).

Accounts are those of the invoicing book's Accounts sheet (copied from the ledger by `mandate chart`), with those of
the ledger when it is at hand or its mandate published them (an account opened in the ledger since the last copy is
not refused); analytic codes those of the ledger's AnalyticCodes sheet, read the same way (the ledger's workbook when the
mandate reaches it, else what it last published). A book whose chart is
empty (never copied) is not judged: there is nothing to judge against.
"""
from __future__ import annotations

from engine.domain.reconcile import lines as multi
from engine.errors import BusinessRuleError, ComptoirError, Problem
from engine.i18n import tr
from engine.schema import terms


def _ledger_chart(book, ledger=None) -> tuple[set[str], set[str]]:
    """(accounts, analytic codes upper case) of ``ledger``, else as the book's mandate last published them."""
    if ledger is not None:
        return ({str(a.number).strip() for a in ledger.records("Accounts") if a.number},
                {str(c.code).strip().upper() for c in ledger.records("AnalyticCodes") if c.code})
    from engine.services.mandate_check import mandate_of, mandate_ledger
    mandate = mandate_of(book)
    if mandate is None:
        return set(), set()
    from engine import mandate as mandates
    try:
        with mandate:
            if (reachable := mandate_ledger(mandate)) is not None:  # its workbook beside the mandate: the truth
                return _ledger_chart(book, reachable)
            published = mandates.reference(mandate)
    except ComptoirError:
        return set(), set()
    return ({str(row.get("number") or "").strip() for row in published.accounts if row.get("number")},
            {str(row.get("code") or "").strip().upper() for row in published.analytic_codes if row.get("code")})


class Chart:
    """What a bank entry may name, read once for a whole run."""

    def __init__(self, book, ledger=None):
        own = {str(a.number).strip() for a in book.records("Accounts") if a.number}
        theirs, self.codes = _ledger_chart(book, ledger)
        self.accounts = own | theirs if own else set()
        # said in the book's language, naming its sheets as it does (Kontenplan, Kostenstellen)
        self.language, self.sheets = book.language, _sheets(book)

    def account_wrong(self, account: str) -> str:
        if self.accounts and str(account or "").strip() not in self.accounts:
            return tr("account {account} is not in the {sheet} sheet", self.language, account=account,
                      sheet=self.sheets[0])
        return ""

    def code_wrong(self, code: str) -> str:
        if code and self.codes and str(code).strip().upper() not in self.codes:
            return tr("analytic code {code} is not in the ledger's {sheet} ({codes})", self.language, code=code,
                      sheet=self.sheets[1], codes=", ".join(sorted(self.codes)))
        return ""

    def lines_wrong(self, spec: str) -> list[str]:
        out = []
        for number, line in enumerate(multi.parse(spec), start=1):
            out += [tr("line {line}: {problem}", self.language, line=number, problem=why)
                    for why in (self.account_wrong(line.account), self.code_wrong(line.analytic)) if why]
        return out


def _sheets(book) -> tuple[str, str]:
    """The chart's and the analytic codes' sheets as ``book`` names them."""
    return book.title("Accounts"), terms.sheet_name("AnalyticCodes", book.language)


def hint(book) -> str:
    accounts, codes = _sheets(book)
    return tr("choose an account of the {accounts} sheet and a code of the ledger's {codes} (a new one: add it in the "
              "ledger and run comptoir mandate chart; books without a mandate: add the account to this book's hidden "
              "{accounts} sheet too)", book.language, accounts=accounts, codes=codes)


def _movement(book, m, wrong: list[str]) -> str:
    return tr("movement {id}: {problems}", book.language, id=m.movement_id, problems="; ".join(wrong))


def refuse_lines(book, m, spec: str, chart: Chart | None = None) -> None:
    """``bank split``: a line naming an account or analytic code the ledger does not have is refused, at its cell."""
    wrong = (chart or Chart(book)).lines_wrong(spec)
    if wrong:
        raise BusinessRuleError(_movement(book, m, wrong), hint(book), book.table("Movements").source(m, "lines"))


def refuse_account(book, account: str) -> None:
    """``bank rule-from --account``: a counter-account that is not in the chart."""
    if account and (why := Chart(book).account_wrong(account)):
        raise BusinessRuleError(why, tr("choose an account of the {sheet} sheet", book.language,
                                        sheet=book.title("Accounts")), book.table("Accounts").cell(None))


def problems(book, movements, chart: Chart | None = None) -> list[Problem]:
    """Each pending movement's Lines or AnalyticCode cell naming what the chart does not have (check)."""
    return [problem for _, problem in by_movement(book, movements, chart)]


def by_movement(book, movements, chart: Chart | None = None) -> list[tuple[int, Problem]]:
    """(MovementId, problem) of :func:`problems`: bank post keeps those movements pending."""
    chart = chart or Chart(book)
    if not chart.accounts and not chart.codes:
        return []
    table, out = book.table("Movements"), []
    for m in movements:
        if m.state not in (None, "pending"):
            continue
        try:
            wrong = chart.lines_wrong(m.lines) if m.lines else []
        except ComptoirError:
            wrong = []  # a Lines cell that cannot be read is said where it is read (posting)
        if wrong:
            out.append((m.movement_id, Problem(table.source(m, "lines"), _movement(book, m, wrong), hint(book))))
        if why := chart.code_wrong(m.analytic_code):
            out.append((m.movement_id, Problem(table.source(m, "analytic_code"), _movement(book, m, [why]),
                                               hint(book))))
    return out


def rule_problems(book, chart: Chart | None = None) -> list[Problem]:
    """A rule's Lines or AnalyticCode naming what the chart does not have: every movement it recognises would be
    kept pending at posting, so check says it once, at the rule."""
    chart = chart or Chart(book)
    if not chart.accounts and not chart.codes:
        return []
    table, out = book.table("Rules"), []
    for rule in book.records("Rules"):
        try:
            wrong = chart.lines_wrong(rule.lines) if rule.lines else []
        except ComptoirError:
            wrong = []
        if why := chart.code_wrong(rule.analytic_code):
            wrong.append(why)
        if wrong:
            out.append(Problem(table.source(rule, "lines" if rule.lines else "analytic_code"),
                               tr("rule {id} «{title}»: {problems}", book.language, id=rule.rule_id,
                                  title=rule.title or "", problems="; ".join(wrong)), hint(book)))
    return out
