"""Sub-commands of ``comptoir``: one module per area, each with ``register(subparsers)``.

:data:`MODULES` says which module holds each command, so a run imports only the module it needs (importing every
area costs ~0.9 s: PDF, database and report libraries); ``comptoir --help`` still imports them all. A test checks
the map against what the modules register.
"""
MODULES = {
    "addin": "addin", "bank": "bank", "new": "books", "check": "books", "camt": "camt", "demo": "demo",
    "documents": "documents", "id": "ids", "mandate": "mandate", "post": "posting", "unpost": "posting",
    "repost": "posting", "vat-close": "posting", "unposted": "posting", "ledger": "posting",
    "purchases": "purchases", "payments": "purchases", "qrbill": "qrbill", "report": "reports",
}
