"""Sub-commands of ``comptoir``: one module per area, each with ``register(subparsers)``."""
