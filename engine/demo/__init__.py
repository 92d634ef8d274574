"""``comptoir demo``: a realistic Swiss SME, run through the whole cycle on the embedded defaults."""
