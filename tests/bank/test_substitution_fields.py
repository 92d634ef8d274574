"""Audit 17: `bank substitution add BOOK refno --movement 69 --marked 445566 --before "REF-"` on the communication
"Acompte REF-445566" was refused ("the pattern does not give back …"): the details searched were the bank's text, the
communication, the counterparty … joined on one line, never shown, and the pattern wanted the value at the very end
of them. The manual (§6.5.2) says the text after is not needed when the information is at the end: of its field.
Now each field is a line of the details, the value may end its field, the error shows the details searched, and a
marked number is not forced to digits (REF-44A566 next month is still read)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from engine.cli import main
from engine.domain.reconcile import movements as mv
from engine.domain.reconcile import substitutions as subst
from engine.errors import BusinessRuleError
from engine.store.book import Book
from tests.bank import flowers
from tests.company import blank, book  # noqa: F401 (fixtures)


def _deposits(book):
    iban = flowers.fill(book)
    moves = [(69, "Acompte REF-445566"), (70, "Acompte REF-44A566 chantier Verbier"), (71, "Acompte sans référence")]
    book.put("Movements", [*book.records("Movements"), *(
        book.new("Movements", movement_id=n, bank_iban=iban, booking_date=date(2026, 3, 20), direction="credit",
                 amount=D("5000.00"), currency="CHF", bank_text="VIREMENT SEPA", remittance=text,
                 counterparty="Hôtel des Alpes SA", counterparty_address="Grand-Rue 22, 1950 Sion",
                 state="pending", action="post") for n, text in moves)])
    book.save()


def test_a_value_that_ends_its_field_needs_no_text_after(book, capsys):
    _deposits(book)
    path = str(book.path)
    assert main(["bank", "substitution", "add", path, "refno", "--movement", "69", "--marked", "445566",
                 "--before", "REF-"]) == 0
    out = capsys.readouterr().out
    # 69: 445566 (ends "Acompte REF-445566", the counterparty follows on the next field); 70: the value after REF- is
    # 44A566 (not cut to the digits 44); 71 has no REF-; the florist's movements 1-5 neither
    assert "movement 69: 445566" in out and "movement 70: 44A566" in out
    assert "extracts a value from 2 of 8 movement(s)" in out


def test_the_details_searched_are_shown_when_the_example_does_not_work():
    text = "VIREMENT SEPA\nAcompte REF-445566\nHôtel des Alpes SA"
    assert subst.extract(subst.pattern_from_example(text, "VIREMENT"), text) == "VIREMENT"  # starts the details
    with pytest.raises(BusinessRuleError) as refused:
        subst.pattern_from_example(text, "REF")  # neither starts nor ends a field: the text around is needed
    assert "«VIREMENT SEPA | Acompte REF-445566 | Hôtel des Alpes SA»" in str(refused.value)
    with pytest.raises(BusinessRuleError) as refused:
        subst.pattern_from_example(text, "999")
    assert 'the marked text "999" is not in the movement (its details: «VIREMENT SEPA | Acompte' in str(refused.value)


def test_the_fields_of_a_movement_are_lines_of_its_details(book):
    _deposits(book)
    m = next(x for x in book.records("Movements") if x.movement_id == 69)
    assert mv.raw_text(m) == "VIREMENT SEPA\nAcompte REF-445566\nHôtel des Alpes SA\nGrand-Rue 22, 1950 Sion"
    pattern = subst.pattern_from_example(mv.raw_text(m), "445566", before="REF-")
    assert subst.extract(pattern, mv.raw_text(replace(m, remittance="Solde REF-990011"))) == "990011"
