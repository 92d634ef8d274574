"""The pure domain: documents, VAT, payments, posting, matching. Values in, values out (STYLE.md §2)."""
