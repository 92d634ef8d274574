"""A private PostgreSQL cluster for a test run, from the Debian binaries; installs nothing.

``initdb`` into a temp dir, start on a free 127.0.0.1 port with its socket in that dir, password authentication
(scram) for every TCP login — so a mandate role's secret is really checked — and stop + delete it afterwards.
initdb refuses root, so under root the cluster runs as the ``postgres`` system user (the Debian package creates it).

    with PgServer() as pg:
        pg.dsn  # postgresql://postgres:<pw>@127.0.0.1:<port>/comptoir
"""
from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The newest /usr/lib/postgresql/<v>/bin holding initdb and pg_ctl, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, dbname: str = "comptoir"):
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found: apt-get install postgresql")
        self.dbname = dbname
        self.password = secrets.token_urlsafe(16)
        self.port = 0
        self.dir: Path | None = None
        self._user = None
        if os.geteuid() == 0:
            try:
                self._user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root needs the 'postgres' system user (apt-get install postgresql)")

    @property
    def data(self) -> Path:
        return self.dir / "data"

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/{self.dbname}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        def demote():
            if self._user:
                os.setgid(self._user.pw_gid)
                os.setuid(self._user.pw_uid)
        env = dict(os.environ, LC_ALL="C.UTF-8", PGTZ="UTC")
        if self._user:
            env["HOME"] = str(self.dir)
        return subprocess.run(args, preexec_fn=demote, env=env, capture_output=True, text=True, check=check,
                              cwd=self.dir, timeout=60)

    def start(self) -> "PgServer":
        self.dir = Path(tempfile.mkdtemp(prefix="comptoir-pg-"))
        if self._user:
            os.chown(self.dir, self._user.pw_uid, self._user.pw_gid)
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password)
        if self._user:
            os.chown(pwfile, self._user.pw_uid, self._user.pw_gid)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--pwfile", str(pwfile),
                  "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--no-sync")
        pwfile.unlink()
        self.port = _free_port()
        self.boot()
        self._createdb()
        return self

    def _createdb(self) -> None:
        import psycopg
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", password=self.password,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {self.dbname}")

    def boot(self) -> None:
        """Start (or restart after :meth:`kill`) the server; returns once it accepts connections."""
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=on -c max_connections=60")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-o", options,
                  "-w", "-t", "30", "start")

    def kill(self) -> None:
        """Stop abruptly, as a crash would: every backend dies; uncommitted work is lost on restart."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)

    def stop(self) -> None:
        if self.dir is None:
            return
        if (self.data / "postmaster.pid").exists():
            # Immediate: the cluster is deleted next, so a clean shutdown checkpoint would only cost time.
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def log(self) -> str:
        path = self.dir / "log" if self.dir else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def __enter__(self) -> "PgServer":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()
