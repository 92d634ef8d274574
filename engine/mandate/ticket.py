"""The ticket that opens a shared mandate: ``comptoir1:`` + base64url(JSON of mandate id, server, secret).

Like a Crésus Synchro ticket it is the only thing another machine needs to subscribe. The secret is the password of
the mandate's own database role (see :mod:`engine.mandate.shared`): the server, not this client, checks it.

>>> t = Ticket(mandate_id="0f" * 16, host="db.example.ch", port=5432, dbname="comptoir", secret="s3cret-s3cret-s3cret")
>>> text = build(t)
>>> text.startswith("comptoir1:")
True
>>> parse(text) == t
True
>>> parse("comptoir1:bm90IGpzb24")
Traceback (most recent call last):
...
engine.errors.InvalidFormat: the ticket is damaged (not a comptoir1 ticket's content) — copy the whole ticket again
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass

from engine.errors import InvalidFormat

PREFIX = "comptoir1:"
MANDATE_ID = re.compile(r"^[0-9a-f]{32}$")  # uuid4 hex: also the suffix of the role name, so it must stay this tame
_HOST = re.compile(r"^[A-Za-z0-9.:\-\[\]_/]+$")
_HINT = "copy the whole ticket again"


@dataclass(frozen=True, slots=True, kw_only=True)
class Ticket:
    mandate_id: str
    host: str
    port: int = 5432
    dbname: str = "comptoir"
    secret: str

    @property
    def role(self) -> str:
        return role_name(self.mandate_id)

    @property
    def server(self) -> str:
        """Where, without the secret (safe to print and to keep in ``mandate.json``)."""
        return f"{self.host}:{self.port}/{self.dbname}"


def role_name(mandate_id: str) -> str:
    """The PostgreSQL role of a mandate; row-level security compares rows against it."""
    if not MANDATE_ID.match(mandate_id):
        raise InvalidFormat(f"mandate id {mandate_id!r} is not 32 hexadecimal digits", _HINT)
    return f"cm_{mandate_id}"


def build(ticket: Ticket) -> str:
    payload = {"m": ticket.mandate_id, "h": ticket.host, "p": ticket.port, "d": ticket.dbname, "s": ticket.secret}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse(text: str) -> Ticket:
    text = (text or "").strip()
    if not text.startswith(PREFIX):
        raise InvalidFormat(f"{text[:20]!r}… is not a Comptoir ticket (it must start with {PREFIX})", _HINT)
    body = text[len(PREFIX):]
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        ticket = Ticket(mandate_id=str(payload["m"]), host=str(payload["h"]), port=int(payload["p"]),
                        dbname=str(payload["d"]), secret=str(payload["s"]))
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InvalidFormat("the ticket is damaged (not a comptoir1 ticket's content)", _HINT) from None
    role_name(ticket.mandate_id)
    if not _HOST.match(ticket.host) or not _HOST.match(ticket.dbname) or not 0 < ticket.port < 65536:
        raise InvalidFormat(f"the ticket names an unusable server {ticket.host!r}", _HINT)
    if len(ticket.secret) < 16:
        raise InvalidFormat("the ticket's secret is too short", _HINT)
    return ticket
