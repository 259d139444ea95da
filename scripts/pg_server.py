#!/usr/bin/env python3
"""Start and stop a throwaway PostgreSQL server for tests and local runs of the `postgres` target.

The server listens on 127.0.0.1 on a free port, keeps its data in a temporary folder, and is
deleted when stopped. initdb and pg_ctl refuse to run as root, so when this runs as root they run
as the `postgres` OS user (the folder is handed to that user).

Command line:

    eval "$(.venv/bin/python scripts/pg_server.py start)"   # prints `export MICROSEG_PG_...=...`
    .venv/bin/dbt build --target postgres
    .venv/bin/python scripts/pg_server.py stop               # stops it and deletes its folder

`start` records the server in a state file (default: $TMPDIR/microseg-pg-server.json, or
--state-file) that `stop` and `env` read.

From Python (pytest):

    from scripts.pg_server import PostgresServer
    with PostgresServer() as server:
        os.environ.update(server.env())
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in "
    "/usr/lib/postgresql/*/bin. Install them with: apt-get install -y postgresql "
    "(or run scripts/install_system_deps.sh)"
)
DEFAULT_STATE_FILE = Path(tempfile.gettempdir()) / "microseg-pg-server.json"
SERVER_USER = "postgres"


class PostgresServerError(RuntimeError):
    """The server could not be found, started or stopped."""


def find_bin_dir() -> Path:
    """Directory holding initdb, pg_ctl and postgres (PATH first, then Debian's layout, newest)."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(os.path.realpath(on_path)).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise PostgresServerError(INSTALL_HINT)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1:<port>.

    `start()` runs initdb + pg_ctl start and creates `user` (with `password`) owning `database`;
    `stop()` stops the server and deletes the folder. Usable as a context manager.
    """

    user: str = "microseg"
    password: str = field(default_factory=lambda: secrets.token_hex(12))
    database: str = "microseg"
    schema: str = "microseg"
    port: int | None = None
    parent_dir: str | None = None
    base_dir: Path | None = None
    bin_dir: Path | None = None

    # -- paths -------------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base_dir / "socket"

    @property
    def log_file(self) -> Path:
        return self.base_dir / "server.log"

    # -- process helpers ---------------------------------------------------------------------
    def _run_as_server_user(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        kwargs: dict = {"capture_output": True, "text": True, "cwd": str(self.base_dir)}
        if os.geteuid() == 0:
            kwargs["user"] = SERVER_USER
            kwargs["group"] = pwd.getpwnam(SERVER_USER).pw_gid
            kwargs["extra_groups"] = []
        result = subprocess.run(args, **kwargs)
        if check and result.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""
            raise PostgresServerError(
                f"{Path(args[0]).name} failed ({result.returncode}): "
                f"{(result.stderr or result.stdout).strip()}\n{log}"
            )
        return result

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> "PostgresServer":
        self.bin_dir = self.bin_dir or find_bin_dir()
        if os.geteuid() == 0:
            try:
                server_user = pwd.getpwnam(SERVER_USER)
            except KeyError as exc:
                raise PostgresServerError(
                    f"running as root needs the OS user '{SERVER_USER}' to run initdb: {INSTALL_HINT}"
                ) from exc
        # A folder of its own under the system temp dir: pytest's tmp_path (mode 0700, owned by
        # root) would not be reachable by the postgres user.
        self.base_dir = Path(tempfile.mkdtemp(prefix="microseg-pg-", dir=self.parent_dir))
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            os.chmod(self.base_dir, 0o700)
            for path in (self.base_dir, self.socket_dir):
                os.chown(path, server_user.pw_uid, server_user.pw_gid)
        try:
            self._init_cluster()
            self._start_server()
            self._create_role_and_database()
        except BaseException:
            self.stop()
            raise
        return self

    def _init_cluster(self) -> None:
        pwfile = self.base_dir / "superuser.pw"
        # The superuser gets a random password nobody keeps: it is reachable only through the
        # Unix socket in the server's own folder (trust), never over TCP.
        pwfile.write_text(secrets.token_hex(16) + "\n")
        if os.geteuid() == 0:
            server_user = pwd.getpwnam(SERVER_USER)
            os.chown(pwfile, server_user.pw_uid, server_user.pw_gid)
        os.chmod(pwfile, 0o600)
        self._run_as_server_user(
            [
                str(self.bin_dir / "initdb"),
                "-D", str(self.data_dir),
                "-U", "postgres",
                "--pwfile", str(pwfile),
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ]
        )
        pwfile.unlink()

    def _start_server(self) -> None:
        last_error: Exception | None = None
        for _ in range(5):
            port = self.port or free_port()
            options = " ".join(
                [
                    f"-p {port}",
                    f"-k {self.socket_dir}",
                    "-c listen_addresses=127.0.0.1",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=50",
                    "-c timezone=UTC",
                ]
            )
            try:
                self._run_as_server_user(
                    [
                        str(self.bin_dir / "pg_ctl"),
                        "-D", str(self.data_dir),
                        "-l", str(self.log_file),
                        "-o", options,
                        "-w", "-t", "60",
                        "start",
                    ]
                )
                self.port = port
                return
            except PostgresServerError as exc:  # port taken between probe and bind: retry
                last_error = exc
                if self.port is not None:
                    break
                time.sleep(0.2)
        raise PostgresServerError(f"could not start PostgreSQL: {last_error}")

    def _admin_sql(self, statements: list[str]) -> None:
        import psycopg2

        conn = psycopg2.connect(
            host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres"
        )
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                for statement in statements:
                    cur.execute(statement)
        finally:
            conn.close()

    def _create_role_and_database(self) -> None:
        escaped_password = self.password.replace("'", "''")
        self._admin_sql(
            [
                f'create role "{self.user}" login password \'{escaped_password}\'',
                f'create database "{self.database}" owner "{self.user}"',
            ]
        )

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder. Safe to call twice."""
        if self.base_dir is None or not self.base_dir.exists():
            return
        if (self.data_dir / "postmaster.pid").exists() and self.bin_dir is not None:
            self._run_as_server_user(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
                check=False,
            )
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- connection details ------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        """Environment variables read by the `postgres` target in profiles.yml."""
        return {
            "MICROSEG_PG_HOST": "127.0.0.1",
            "MICROSEG_PG_PORT": str(self.port),
            "MICROSEG_PG_USER": self.user,
            "MICROSEG_PG_PASSWORD": self.password,
            "MICROSEG_PG_DATABASE": self.database,
            "MICROSEG_PG_SCHEMA": self.schema,
        }

    def connect(self):
        """A psycopg2 connection as the project role."""
        import psycopg2

        return psycopg2.connect(
            host="127.0.0.1", port=self.port, user=self.user,
            password=self.password, dbname=self.database,
        )

    def to_state(self) -> dict:
        return {
            "base_dir": str(self.base_dir),
            "bin_dir": str(self.bin_dir),
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "database": self.database,
            "schema": self.schema,
        }

    @classmethod
    def from_state(cls, state: dict) -> "PostgresServer":
        return cls(
            user=state["user"], password=state["password"], database=state["database"],
            schema=state["schema"], port=state["port"], base_dir=Path(state["base_dir"]),
            bin_dir=Path(state["bin_dir"]),
        )


# -- command line ------------------------------------------------------------------------------
def _read_state(path: Path) -> PostgresServer:
    if not path.exists():
        raise PostgresServerError(f"no server recorded in {path} (run `start` first)")
    return PostgresServer.from_state(json.loads(path.read_text()))


def _print_exports(server: PostgresServer) -> None:
    for key, value in server.env().items():
        print(f"export {key}={value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Throwaway PostgreSQL server for the microseg `postgres` target: `start` creates a "
            "cluster in a temp folder on 127.0.0.1 and a free port, with a role and database, and "
            "prints `export MICROSEG_PG_*=...` lines (use: eval \"$(... start)\"); `env` prints "
            "them again; `stop` stops the server and deletes its folder."
        )
    )
    parser.add_argument("command", choices=["start", "stop", "env"])
    parser.add_argument("--state-file", type=Path, default=DEFAULT_STATE_FILE,
                        help=f"where `start` records the server for `stop`/`env` (default {DEFAULT_STATE_FILE})")
    parser.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    parser.add_argument("--user", default="microseg", help="role to create (default microseg)")
    parser.add_argument("--database", default="microseg", help="database to create (default microseg)")
    parser.add_argument("--schema", default="microseg", help="value for MICROSEG_PG_SCHEMA (default microseg)")
    parser.add_argument("--password", default=None, help="role password (default: random)")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            if args.state_file.exists():
                previous = _read_state(args.state_file)
                if previous.base_dir and previous.base_dir.exists():
                    raise PostgresServerError(
                        f"a server is already recorded in {args.state_file} (port {previous.port}); "
                        "run `stop` first or pass another --state-file"
                    )
            kwargs = {"user": args.user, "database": args.database, "schema": args.schema, "port": args.port}
            if args.password:
                kwargs["password"] = args.password
            server = PostgresServer(**kwargs).start()
            args.state_file.write_text(json.dumps(server.to_state(), indent=2))
            os.chmod(args.state_file, 0o600)
            print(f"# PostgreSQL {server.port} data in {server.base_dir}", file=sys.stderr)
            _print_exports(server)
        elif args.command == "env":
            _print_exports(_read_state(args.state_file))
        else:
            server = _read_state(args.state_file)
            server.stop()
            args.state_file.unlink()
            print(f"# stopped PostgreSQL on port {server.port} and deleted {server.base_dir}", file=sys.stderr)
    except PostgresServerError as exc:
        print(f"pg_server: {str(exc).splitlines()[0]}", file=sys.stderr)
        detail = "\n".join(str(exc).splitlines()[1:])
        if detail:
            print(detail, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
