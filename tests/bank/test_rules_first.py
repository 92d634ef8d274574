"""RuleSet.first (one trie scan for the candidate rules) against the plain definition: the first rule, in order,
of all rules, that passes every condition. Random rule sets and texts, fixed seed."""
import random
from datetime import date
from decimal import Decimal

from engine.domain.reconcile.rules import Rule, RuleSet

WORDS = ["muster", "ag", "migros", "café", "du", "lac", "17", "visa", "coop", "zürich", "sa", "x1"]


def _text(rng, count):
    return " ".join(rng.choice(WORDS) for _ in range(count))


def test_first_is_the_first_rule_in_order_that_matches():
    rng = random.Random(3)
    checked = matched = 0
    for _ in range(150):
        rules = [Rule(rule_id=n, order=rng.randint(0, 20), direction=rng.choice(["", "credit", "debit", "both"]),
                      contains=rng.choice(["", _text(rng, 1), _text(rng, 2), _text(rng, 3), f" {_text(rng, 2)} "]),
                      amount_min=rng.choice([None, Decimal(50)]), bank_code=rng.choice(["", "", "RCDT"]),
                      regex=rng.choice(["", "", "c.f", "^m"]), valid_from=rng.choice([None, date(2024, 6, 1)]))
                 for n in range(1, 40)]
        ruleset = RuleSet(rules)
        for _ in range(100):
            text = _text(rng, rng.randint(0, 6)) + rng.choice(["", ",", " 17x"])
            direction, amount = rng.choice(["credit", "debit", "other"]), Decimal(rng.choice([10, 100]))
            code, on = rng.choice(["", "PMNT/RCDT/AUTT"]), rng.choice([None, date(2024, 1, 1), date(2024, 7, 1)])
            expected = next((ruleset.rules[i] for i in range(len(ruleset.rules))
                             if ruleset._ok(i, "CH93", direction, amount, code, "", text, on)), None)
            assert ruleset.first("CH93", direction, amount, code, "", text, on) == expected, (text, direction)
            checked += 1
            matched += expected is not None
    assert matched > checked // 10  # the random sets do match often enough to test the order


def test_candidates_are_exactly_the_rules_whose_text_occurs():
    """Needles that overlap, nest, share prefixes or hold regex metacharacters: the scan finds each one that
    ``in`` finds (a needle that is a prefix of a longer one at the same place included)."""
    rng = random.Random(5)
    alphabet = "ab .(*\\é"
    for _ in range(300):
        needles = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 25))]
        ruleset = RuleSet([Rule(rule_id=n, order=n, contains=needle) for n, needle in enumerate(needles, start=1)])
        for _ in range(20):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            expected = [i for i, rule in enumerate(ruleset.rules)
                        if not rule.contains.strip() or rule.contains.casefold().strip() in text]
            assert ruleset.candidates(text) == expected, (needles, text)
