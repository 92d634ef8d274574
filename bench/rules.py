"""Benchmark: the rule backtest (``comptoir bank rules check`` / ``rules test``) against recognition itself, on a
camt.053 of ``--size`` entries imported into a book with 300 rules (the merchants and suppliers of the generator's
texts, then rules that match nothing). Target (issue 17): check ≤ 1× a recognition run (it tries the rules only),
one rule's backtest ≤ 3× (it runs recognition twice on the pending movements, with and without the rule).

    .venv/bin/python bench/rules.py [--size 100000] [--repeat 3]

The best of ``--repeat`` runs counts (the machine is shared).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
RULES = 300
WORDS = ("card", "boulangerie", "café", "garage", "druck", "salaire", "atm", "charges", "rossi", "keller")


def _book(size: int):
    from engine.formats import camt
    from engine.services import bank
    from tests.bank.scenario import invoicing_book, statement
    rules = [dict(title=f"Rule {n}", contains=WORDS[n] if n < len(WORDS) else f"fournisseur {n}",
                  debit_account="6000", credit_account="3000") for n in range(RULES)]
    book = invoicing_book(50, rules=rules)
    bank.import_documents(book, [camt.parse(statement(size, 20), source="bench.xml")])
    return book


def _best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000), parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from engine.services import bank, bank_backtest
    book = _book(args.size)
    bank.reconcile(book)  # the proposals are made: the runs below compare like with like
    recognise = _best(args.repeat, lambda: bank.reconcile(book, ids=None))
    check = _best(args.repeat, lambda: bank_backtest.check(book))
    backtest = _best(args.repeat, lambda: bank_backtest.backtest(book, 4))
    print(f"{args.size} movements, {RULES} rules: recognition {recognise:.2f} s, rules check {check:.2f} s "
          f"({check / recognise:.2f}×), one rule's backtest {backtest:.2f} s ({backtest / recognise:.2f}×)")


if __name__ == "__main__":
    main()
