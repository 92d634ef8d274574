"""The schema of every sheet, declared once: the templates, the loader, the validation drop-downs and the
writers all read it from here. Later issues add columns here and nowhere else."""
from engine.schema.columns import Column, SheetSchema, BookSchema
from engine.schema.invoicing import INVOICING
from engine.schema.ledger import LEDGER

BOOKS = {"invoicing": INVOICING, "ledger": LEDGER}

__all__ = ["Column", "SheetSchema", "BookSchema", "INVOICING", "LEDGER", "BOOKS"]
