"""Reference data files with their provenance headers (chart of accounts, VAT rates, movement types, postcodes)."""
