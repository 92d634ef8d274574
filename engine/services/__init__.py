"""Use cases: one module each, taking a Book (and a Mandate), returning values and problems."""
