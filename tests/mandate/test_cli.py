"""``comptoir mandate ...`` end to end, in-process through engine.cli.main (exit status and output)."""
from __future__ import annotations

import json

import pytest

from engine import mandate as mandates
from engine.cli import main
from tests.mandate.conftest import batch


def test_create_then_status_on_a_book(tmp_path, capsys):
    assert main(["mandate", "create", "--invoicing", str(tmp_path / "ventes.xlsx"),
                 "--ledger", str(tmp_path / "compta.xlsx"), "--name", "Atelier Dupont"]) == 0
    link = json.loads((tmp_path / ".comptoir" / "mandate.json").read_text())
    assert (link["name"], link["backend"], link["invoicing"], link["ledger"]) == \
        ("Atelier Dupont", "sqlite", ["ventes.xlsx"], "compta.xlsx")
    assert (tmp_path / ".comptoir" / "mandate.sqlite").exists()
    with mandates.open_book(tmp_path / "ventes.xlsx") as m:
        mandates.publish_batch(m, batch("sales-1"), publisher="anna@pc-1")
    capsys.readouterr()
    assert main(["mandate", "status", str(tmp_path / "compta.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "Atelier Dupont (local): 1 batch(es) waiting" in out and "by anna@pc-1" in out
    assert main(["mandate", "status", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [b["batch_id"] for b in report["waiting"]] == ["sales-1"]


def test_create_twice_and_status_without_mandate_are_clear_errors(tmp_path, capsys):
    args = ["mandate", "create", "--ledger", str(tmp_path / "compta.xlsx")]
    assert main(args) == 0
    assert main(args) == 2
    assert "a mandate already exists here" in capsys.readouterr().err
    (tmp_path / "other").mkdir()
    assert main(["mandate", "status", str(tmp_path.parent / "nowhere-else")]) == 2
    assert "no mandate found beside it" in capsys.readouterr().err


@pytest.mark.postgres
def test_publish_subscribe_revoke_through_the_cli(pg, tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["mandate", "create", "--ledger", str(a / "compta.xlsx"), "--folder", str(a)]) == 0
    assert main(["mandate", "publish", str(a), "--server", pg.dsn]) == 0
    ticket = capsys.readouterr().out.strip().splitlines()[-1]
    assert ticket.startswith("comptoir1:")
    assert pg.dsn.split("@")[0].split(":")[-1] not in (a / ".comptoir" / "mandate.json").read_text()  # owner pw
    assert main(["mandate", "subscribe", ticket, "--folder", str(b), "--invoicing", "ventes.xlsx"]) == 0
    assert main(["mandate", "status", str(b)]) == 0
    assert "shared on server 127.0.0.1" in capsys.readouterr().out
    mandate_id = json.loads((a / ".comptoir" / "mandate.json").read_text())["id"]
    assert main(["mandate", "revoke", mandate_id, "--server", pg.dsn, "--no-reissue"]) == 0
    capsys.readouterr()
    assert main(["mandate", "status", str(b)]) == 2
    assert "refused this mandate's secret" in capsys.readouterr().err
    assert main(["mandate", "publish", str(a)]) == 2  # no --server, no COMPTOIR_SERVER
