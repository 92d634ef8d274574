"""Stateful model test of the bank side (issue 15, "make this class of bug impossible to miss").

Random sequences of what a bookkeeper does with the bank: import a day's camt.053 (QR credits paying open
invoices, in full or in part, with or without the QRR type; bank charges; unknown credits; a grouped QR total whose
camt.054 details come before or after it), import a file again, recognise, edit a pending movement by hand, post,
put a movement back to pending, unpost everything and post it all again — on two copies of the books, one posting
with --ledger, the other through a local mandate (published, then pulled). Invariants checked after every step
against the files generated here (never the engine's reports):

- both roads give the same journal;
- each invoice's paid amount equals the sum of the credits naming it in the files;
- a hand edit survives recognition and import (marked modified);
- once everything is recognised and posted: the bank account 1020 in the ledger equals the sum of the files'
  entries (the statements' movement), and the transit account 9909 is at 0 once the details are in.

Budget: a short run in CI; ``COMPTOIR_BANK_MODEL_EXAMPLES`` / ``COMPTOIR_BANK_MODEL_STEPS`` for a long one by hand.
"""
from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bench.camt_gen import OWN_IBAN, qr_reference
from engine import mandate as mandates
from engine.formats import camt
from engine.services import bank, bank_post, ledger_sync, posting
from engine.services.bank_post import BankMandateSink
from engine.services.posting_sink import MandateSink
from tests.bank.scenario import amount, invoicing_book
from tests.posting.books import books

EXAMPLES = int(os.environ.get("COMPTOIR_BANK_MODEL_EXAMPLES", "30"))
STEPS = int(os.environ.get("COMPTOIR_BANK_MODEL_STEPS", "20"))
INVOICES = 6


def _ntry(value: Decimal, side: str, code: str, *, ref: str = "", details: str = "", info: str = "", day: date,
          batch: int = 0, bank_ref: str = "") -> str:
    domain, family, sub = code.split("/")
    return (f'<Ntry><Amt Ccy="CHF">{value}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
            f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
            + (f"<AcctSvcrRef>{bank_ref}</AcctSvcrRef>" if bank_ref else "")
            + f"<BkTxCd><Domn><Cd>{domain}</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn>"
            f"</BkTxCd><NtryDtls>{f'<Btch><NbOfTxs>{batch}</NbOfTxs></Btch>' if batch else ''}{details}</NtryDtls>"
            + (f"<AddtlNtryInf>{info}</AddtlNtryInf>" if info else "") + "</Ntry>")


def _tx(value: Decimal, ref: str, typed: bool) -> str:
    kind = "<Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp>" if typed else ""
    return (f'<TxDtls><Amt Ccy="CHF">{value}</Amt><RltdPties><Dbtr><Pty><Nm>Payeur</Nm></Pty></Dbtr></RltdPties>'
            f"<RmtInf><Strd><CdtrRefInf>{kind}<Ref>{ref}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>")


def _document(kind: str, day: date, entries: list[str], number: int) -> bytes:
    root, block = {"053": ("BkToCstmrStmt", "Stmt"), "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn")}[kind]
    version = "053.001.08" if kind == "053" else "054.001.08"
    return (f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{version}">'
            f"<{root}><GrpHdr><MsgId>M-{kind}-{number}</MsgId><CreDtTm>{day}T20:00:00</CreDtTm></GrpHdr>"
            f"<{block}><Id>S-{kind}-{number}</Id><Acct><Id><IBAN>{OWN_IBAN}</IBAN></Id></Acct>{''.join(entries)}"
            f"</{block}></{root}></Document>").encode()


class Road:
    def __init__(self, folder: str | None):
        self.book = invoicing_book(INVOICES)
        # each invoice's one line (outside VAT, so its total is its line): posting checks lines against totals
        self.book.put("DocumentLines", [self.book.new("DocumentLines", document_number=f"F-{n}", position=1,
                                                      account="3400", vat_code="EXCLU", net_amount=amount(n),
                                                      vat_amount=Decimal("0.00")) for n in range(1, INVOICES + 1)])
        self.book.put("Documents", [replace(d, total_net=d.total_payable, total_vat=Decimal("0.00"),
                                            total_gross=d.total_payable) for d in self.book.records("Documents")])
        _, self.ledger = books()
        self.mandate = mandates.create_local(folder, "Bank model") if folder else None
        posting.post(self.book, None if self.mandate else self.ledger, date(2024, 1, 1), sink=self._sales_sink(),
                     save=False)  # the invoices are in the ledger (1100) before their money comes
        self.pull()

    def _sales_sink(self):
        return MandateSink(self.mandate) if self.mandate else None

    def _bank_sink(self):
        return BankMandateSink(self.mandate) if self.mandate else None

    def pull(self) -> None:
        if self.mandate:
            waiting = mandates.waiting_batches(self.mandate)
            if waiting:
                ledger_sync.apply_batches(self.ledger, waiting)
                mandates.acknowledge(self.mandate, waiting)

    def ledger_or_none(self):
        return None if self.mandate else self.ledger

    def journal(self) -> Counter:
        return Counter((e.date, e.debit, e.credit, e.amount, e.group or "") for e in self.ledger.records("Journal"))

    def balance(self, account: str) -> Decimal:
        return sum((e.amount if e.debit == account else -e.amount for e in self.ledger.records("Journal")
                    if account in (e.debit, e.credit)), Decimal("0.00"))


class BankSide(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.roads = [Road(None), Road(self.folder.name)]
        self.day = date(2024, 2, 1)
        self.files: list[bytes] = []
        self.money = Decimal("0.00")  # the files' movement on the account, each entry once
        self.paid = {f"F-{n}": Decimal("0.00") for n in range(1, INVOICES + 1)}
        self.due = {f"F-{n}": amount(n) for n in range(1, INVOICES + 1)}
        self.waiting_details: list[tuple] = []  # grouped totals whose camt.054 is still to come
        self.edits: dict[str, tuple] = {}  # import key → (credit account, label) typed by hand
        self.count = 0

    def teardown(self):
        for road in self.roads:
            if road.mandate:
                road.mandate.close()
        self.folder.cleanup()

    def _import(self, data: bytes) -> None:
        for road in self.roads:
            bank.import_documents(road.book, [camt.parse(data, source=f"f{self.count}.xml")])

    def _open(self):
        return [n for n in self.paid if self.paid[n] < self.due[n]]

    # ---- actions -------------------------------------------------------------------------------------------------

    @rule(pays=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["all", "half"]), st.booleans()),
                        max_size=3), fee=st.booleans(), unknown=st.booleans(), grouped=st.integers(0, 2),
          details_first=st.booleans())
    def a_days_statement(self, pays, fee, unknown, grouped, details_first):
        self.day += timedelta(days=1)
        self.count += 1
        entries, details = [], []
        for pick, share, typed in pays:
            open_ = self._open()
            if not open_:
                break
            number = open_[pick % len(open_)]
            left = self.due[number] - self.paid[number]
            value = left if share == "all" else (left / 2).quantize(Decimal("0.01"))
            n = int(number[2:])
            if grouped and len(details) < grouped:
                details.append((value, qr_reference(n), typed))  # its money counts with the total below
            else:
                entries.append(_ntry(value, "CRDT", "PMNT/RCDT/AUTT", details=_tx(value, qr_reference(n), typed),
                                     day=self.day, bank_ref=f"R{self.count}-{len(entries)}"))
                self.money += value
            self.paid[number] += value
        if fee:
            entries.append(_ntry(Decimal("2.50"), "DBIT", "ACMT/MDOP/CHRG", info="Frais de tenue de compte",
                                 day=self.day, bank_ref=f"F{self.count}"))
            self.money -= Decimal("2.50")
        if unknown:
            entries.append(_ntry(Decimal("77.70"), "CRDT", "PMNT/RCDT/AUTT", info="Versement", day=self.day,
                                 bank_ref=f"U{self.count}"))
            self.money += Decimal("77.70")
        if details:
            total = sum((d[0] for d in details), Decimal("0.00"))
            self.money += total
            entries.append(_ntry(total, "CRDT", "PMNT/RCDT/VCOM", batch=len(details), day=self.day,
                                 bank_ref=f"G{self.count}"))
            advice = _document("054", self.day, [_ntry(total, "CRDT", "PMNT/RCDT/VCOM", day=self.day,
                                                       details="".join(_tx(*d) for d in details),
                                                       bank_ref=f"N{self.count}")], self.count)
            if details_first:
                self._import(advice)
                self.files.append(advice)
            else:
                self.waiting_details.append(advice)
        statement = _document("053", self.day, entries, self.count)
        self._import(statement)
        self.files.append(statement)

    @precondition(lambda self: self.waiting_details)
    @rule()
    def the_advice_arrives(self):
        advice = self.waiting_details.pop(0)
        self._import(advice)
        self.files.append(advice)

    @precondition(lambda self: self.files)
    @rule(pick=st.integers(0, 10**6))
    def a_file_imported_again(self, pick):
        self._import(self.files[pick % len(self.files)])

    @rule()
    def recognise(self):
        for road in self.roads:
            bank.reconcile(road.book)

    @rule()
    def hand_edit_of_an_unknown_credit(self):
        """The 77.70 credits recognition leaves on 9907: the bookkeeper books one to 3600 'Vente comptant'."""
        key = next((m.import_key for m in self.roads[0].book.records("Movements") if m.state == "pending"
                    and m.credit_account == "9907" and m.import_key not in self.edits), None)
        if key is None:
            return
        for road in self.roads:
            road.book.put("Movements", [replace(m, credit_account="3600", label="Vente comptant")
                                        if m.import_key == key else m for m in road.book.records("Movements")])
        self.edits[key] = ("3600", "Vente comptant")

    @rule()
    def post(self):
        for road in self.roads:
            bank_post.post(road.book, ledger=road.ledger_or_none(), sink=road._bank_sink())
            posting.post(road.book, road.ledger_or_none(), date(2030, 1, 1), sink=road._sales_sink(), save=False)
            road.pull()

    @rule()
    def unpost_all_then_repost_all(self):
        before = [road.journal() for road in self.roads]
        for road in self.roads:
            bank_post.unpost_all(road.book, ledger=road.ledger_or_none(), sink=road._bank_sink())
            road.pull()
            bank_post.repost_all(road.book, ledger=road.ledger_or_none(), sink=road._bank_sink())
            road.pull()
        assert [road.journal() for road in self.roads] == before

    # ---- invariants ----------------------------------------------------------------------------------------------

    @invariant()
    def both_roads_give_the_same_journal(self):
        direct, through = (road.journal() for road in self.roads)
        assert direct == through

    @invariant()
    def each_invoice_is_paid_what_the_files_credited_for_it_once_recognised(self):
        for road in self.roads:
            movements = road.book.records("Movements")
            if any(m.state == "pending" and not m.why for m in movements):
                return  # not recognised yet
            paid = {d.number: d.paid or Decimal("0.00") for d in road.book.records("Documents")}
            waiting = {m.reference for m in movements if m.parent is None and m.why and "camt.054" in m.why}
            for number, expected in self.paid.items():
                if not waiting:
                    assert paid[number] <= expected
                    if not self.waiting_details:
                        assert paid[number] == expected, (number, paid[number], expected)

    @invariant()
    def hand_edits_survive(self):
        for road in self.roads:
            for m in road.book.records("Movements"):
                if m.import_key in self.edits and m.state == "pending":
                    assert (m.credit_account, m.label) == self.edits[m.import_key]

    @invariant()
    def once_all_is_posted_the_bank_account_is_the_files_money(self):
        for road in self.roads:
            movements = road.book.records("Movements")
            if self.waiting_details or any(m.state == "pending" for m in movements) or any(
                    p.posted_session is None for p in road.book.records("Payments")):
                return
            assert road.balance("1020") == self.money, (road.balance("1020"), self.money)
            assert road.balance("9909") == 0


BankSide.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                                      suppress_health_check=list(HealthCheck))
TestBankSide = BankSide.TestCase


def test_posting_twice_a_movement_that_cannot_post_yet_is_harmless_through_the_mandate():
    """Found by this model: an unknown credit not recognised yet posts no entry; a second 'bank post' then tried to
    withdraw from the mandate a batch it had never published ('batch … is not in mandate'), while --ledger went on."""
    machine = BankSide()
    try:
        machine.a_days_statement(details_first=False, fee=False, grouped=0, pays=[], unknown=True)
        machine.post()
        machine.post()
        machine.both_roads_give_the_same_journal()
    finally:
        machine.teardown()
