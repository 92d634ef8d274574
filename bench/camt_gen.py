"""The camt.053 generator lives in engine/demo/camt_gen.py (the installed demo needs it); benches import it here."""
from engine.demo.camt_gen import NAMES, OWN_IBAN, creditor_reference, generate, main, qr_reference

__all__ = ["NAMES", "OWN_IBAN", "creditor_reference", "generate", "main", "qr_reference"]

if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv))
