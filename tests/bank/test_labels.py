"""Compiled label templates against a plain ``re.sub`` over the template: same text for predefined, month, custom,
unknown and date fields (the month and date formatting itself is checked by the doctests)."""
import re
from datetime import date
from decimal import Decimal

from engine.domain.reconcile import substitutions as subst

FACTS = {"partner": "Migros  Genève", "booking_date": date(2026, 1, 31), "amount": Decimal("12.50"),
         "reference": None, "raw": "PAIEMENT 1234 NUMERO DE COMMANDE"}
CUSTOM = {"order": r"PAIEMENT\s*(\d+)\s*NUMERO", "partner": r"(\d+)"}


def _plain(template, facts, custom):
    def one(match):
        name, spec = match.group(1), match.group(2) or ""
        if name not in subst.PREDEFINED and name not in custom:
            return match.group(0)
        return subst.value(name, spec, facts, custom)
    return " ".join(re.sub(r"\{(\w+)(?::([^{}]*))?\}", one, template).split())


def test_compiled_labels_equal_the_plain_substitution():
    templates = ["{partner} {month:%m.%Y}", "Loyer {previous_month:%B %Y} / {next_month}", "{order} {nope} {raw}",
                 "{amount} CHF le {booking_date} ({value_date:%Y})", "{reference}{document}", "sans champ",
                 "{{partner}}", "{partner:x}", "", "{month:%B}{month:%B}"]
    for template in templates:
        for custom in ({}, CUSTOM):
            assert subst.label(template, FACTS, custom) == _plain(template, FACTS, custom), (template, custom)
    assert subst.label("{partner} {order}", FACTS, CUSTOM) == "1234 1234"  # custom names win over predefined
