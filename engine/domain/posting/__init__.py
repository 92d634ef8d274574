"""Posting, pure: documents and payments of the invoicing book → double entries of the ledger (manual §3.9, DOMAIN.md
§4): the entry model and its posting rules (:mod:`.entry`), a document's entries (:mod:`.documents`), a payment spread
pro rata over a document's VAT rates (:mod:`.spread`), foreign currency in CHF (:mod:`.currency`), the fingerprints
that lock posted fields (:mod:`.locks`), the rows of a book read as postable items (:mod:`.sources`), and the order
they post in (:mod:`.sessions`)."""
