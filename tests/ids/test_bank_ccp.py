"""Bank master look-ups (oracle: schwifty's own IBAN API) and PostFinance postal accounts (DOMAIN.md §3 examples)."""
from __future__ import annotations

import random

import pytest
import schwifty
from stdnum.ch import esr

from engine.ids import ccp, iban
from engine.ids.bank import bank_for_iban, bank_for_iid


@pytest.mark.parametrize("value", [
    "CH52 0483 5012 3456 7100 0", "CH3709000000304442225", "LI21 0881 0000 2324 013A A", "CH9300762011623852957",
    "CH4431999123000889012", "CH2909000000250094239", "DE89370400440532013000",
])
def test_bank_matches_schwifty(value):
    bank = bank_for_iban(value)
    theirs = schwifty.IBAN(value)
    if value.startswith(("CH", "LI")):
        assert (bank.bic if bank else None) == (str(theirs.bic) if theirs.bic else None)
        assert (bank.name if bank else None) == theirs.bank_name
    else:
        assert bank is None


def test_qr_iid_of_postfinance():
    bank = bank_for_iid(30000)
    assert bank.name == "PostFinance AG" and bank.qr_iid and bank.bic == "POFICHBEXXX"


@pytest.mark.parametrize("account, expected", [
    ("10-8060-7", "CH09 0900 0000 1000 8060 7"),
    ("01-162-8", "CH32 0900 0000 0100 0162 8"),
])
def test_ccp_to_iban_domain_examples(account, expected):
    assert iban.format(ccp.to_iban(account)) == expected


def test_ccp_round_trip_and_check_digit_oracle():
    rng = random.Random(5)
    for _ in range(300):
        head = f"{rng.randint(1, 99):02d}{rng.randint(1, 999999):06d}"
        good = head + esr.calc_check_digit(head)  # independent: stdnum's ISR check digit
        bad = head + str((int(good[-1]) + 1) % 10)
        printed = ccp.format(good)
        assert ccp.is_valid(printed) and not ccp.is_valid(bad)
        assert "check digit" in ccp.explain(bad)
        account_iban = ccp.to_iban(printed)
        assert schwifty.IBAN(account_iban).bank_code == "09000"
        assert ccp.from_iban(account_iban) == printed


@pytest.mark.parametrize("value, words", [("10-8060", "9"), ("10-ABC-7", "digits only"), ("", "empty")])
def test_ccp_reasons(value, words):
    assert words in ccp.explain(value)


def test_ccp_from_a_postfinance_statement_iban():
    # The account of PostFinance's camt test platform (file names in ../shared/data/camt053).
    assert ccp.from_iban("CH2909000000250094239") == "25-9423-9"
    assert ccp.from_iban("CH9300762011623852957") is None
