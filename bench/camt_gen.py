"""The camt.053 generator lives in engine/demo/camt_gen.py (the demo needs it installed); benches import it here."""
from engine.demo.camt_gen import *  # noqa: F401,F403
from engine.demo.camt_gen import NAMES, OWN_IBAN, creditor_reference, generate, main, qr_reference  # noqa: F401

if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
