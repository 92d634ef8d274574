"""Issue 15 item 14: a subscribe the server refuses (or cannot be reached for) leaves the folder as it was."""
import socket

import pytest

from engine import mandate as mandates
from engine.mandate import MandateError, ticket as tickets


def _closed_port() -> int:
    with socket.socket() as s:  # bound then closed: nothing listens there, the connection is refused at once
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failed_subscribe_leaves_no_comptoir_folder(tmp_path):
    ticket = tickets.build(tickets.Ticket(mandate_id="ab" * 16, host="127.0.0.1", port=_closed_port(),
                                          secret="s3cret-s3cret-s3cret"))
    folder = tmp_path / "b"
    folder.mkdir()
    with pytest.raises(MandateError):
        mandates.subscribe(ticket, folder)
    assert list(folder.iterdir()) == []
