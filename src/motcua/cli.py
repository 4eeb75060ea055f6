"""The ``motcua`` command: run the demo, the web server, the job worker and admin commands.

    motcua demo [--port 8000]     migrate, load the demo province, serve web + worker
    motcua serve [--port 8000]    the web server (gunicorn)
    motcua worker                 the job worker (Procrastinate)
    motcua load-demo              load the demo province and accounts (idempotent)
    motcua manage <command> …     any Django management command
    motcua <command> …            a motcua management command, e.g. ``motcua import-holidays``

A user's mistake (a wrong DATABASE_URL, a busy port, a database not migrated) ends with one line
on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import time

PROG = "motcua"


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


# --- Django setup and checks ----------------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    from django.core.exceptions import ImproperlyConfigured

    from motcua.embedded_db import EmbeddedDatabaseError

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        raise UserError(f"configuration error: {exc}") from None
    except EmbeddedDatabaseError as exc:
        raise UserError(f"embedded database: {exc}") from None


def check_database() -> None:
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        params = connection.settings_dict
        where = f"{params.get('HOST') or 'localhost'}:{params.get('PORT') or 5432}/{params['NAME']}"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise UserError(f"cannot connect to the database {where}: {reason}") from None


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def require_migrated() -> None:
    pending = pending_migrations()
    if pending:
        raise UserError(
            f"the database is missing {len(pending)} migration(s) (first: {pending[0]}); "
            f"run `{PROG} manage migrate`"
        )


def migrate(verbosity: int = 1) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UserError(
                    f"port {port} on {host} is already in use; choose another with --port "
                    f"(make demo PORT=8080)"
                ) from None
            raise UserError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


# --- child processes ------------------------------------------------------------------------


def child_environment(host: str | None = None, port: int | None = None) -> dict[str, str]:
    """Children connect to the same database; they do not own the embedded server. Outside
    prod they also learn the address they are served at, for links in messages and the
    sandboxes' callbacks."""
    from django.conf import settings

    env = dict(os.environ)
    if host and port and not settings.IS_PROD and "MOTCUA_PUBLIC_URL" not in os.environ:
        env["MOTCUA_PUBLIC_URL"] = f"http://{host}:{port}"
    env["DATABASE_URL"] = settings.DATABASE_URL
    env["MOTCUA_HOME"] = str(settings.MOTCUA_HOME)
    env["MOTCUA_ENV"] = settings.ENV
    env["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    return env


# Above the idle timeout of the proxy in front (nginx keeps 75 s, most load balancers 60 s): a
# server that closes an idle connection first races the proxy's next request on it, which then
# fails without an answer. gunicorn's own default (2 s) suits only clients talking to it directly.
KEEPALIVE_SECONDS = 75


def gunicorn_command(
    host: str, port: int, workers: int, threads: int, keepalive: int = KEEPALIVE_SECONDS
) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable, "-m", "gunicorn", "motcua.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--threads", str(threads),
        "--keep-alive", str(keepalive),
        "--worker-class", "gthread",
        "--access-logfile", "-",
        "--graceful-timeout", "10",
        "--no-control-socket",  # several instances may run on one machine (tests, demo)
    ]  # fmt: skip


def worker_command() -> list[str]:
    return [sys.executable, "-m", "motcua.cli", "worker"]


def supervise(children: dict[str, subprocess.Popen]) -> int:
    """Wait until a child stops or we are interrupted; then stop every child."""
    exit_code = 0
    try:
        while True:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    print(f"{PROG}: {name} stopped (exit status {code})", file=sys.stderr)
                    return code or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print(f"\n{PROG}: stopping…", file=sys.stderr)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return exit_code


def _sigterm_as_interrupt(signum, frame):
    raise KeyboardInterrupt


# --- commands -------------------------------------------------------------------------------


def cmd_serve(args) -> int:
    check_port_free(args.host, args.port)
    setup_django()
    check_database()
    require_migrated()
    from django.conf import settings

    if settings.IS_PROD:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    print(f"{PROG}: web on http://{args.host}:{args.port}/", flush=True)
    web = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        gunicorn_command(args.host, args.port, args.workers, args.threads, args.keep_alive),
        env=child_environment(args.host, args.port),
    )
    return supervise({"web server": web})


def cmd_worker(args) -> int:
    setup_django()
    check_database()
    require_migrated()
    from django.core.management import call_command

    print(f"{PROG}: job worker started", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        call_command("procrastinate", "worker", "--concurrency", str(args.concurrency))
    return 0


def cmd_load_demo(args) -> int:
    setup_django()
    check_database()
    require_migrated()
    from motcua.demo.loader import load_demo

    result = load_demo()
    print_demo_summary(result, base_url=None)
    return 0


def cmd_demo(args) -> int:
    check_port_free(args.host, args.port)
    setup_django()
    check_database()
    print(f"{PROG}: applying migrations…", flush=True)
    migrate(verbosity=0)
    from motcua.demo.loader import load_demo

    result = load_demo()
    env = child_environment(args.host, args.port)
    web = subprocess.Popen(  # noqa: S603
        gunicorn_command(args.host, args.port, workers=2, threads=4), env=env
    )
    worker = subprocess.Popen(worker_command(), env=env)  # noqa: S603
    print_demo_summary(result, base_url=f"http://{args.host}:{args.port}")
    return supervise({"web server": web, "job worker": worker})


def print_demo_summary(result, base_url: str | None) -> None:
    lines = [
        f"Demo province: {result.province_name} ({result.commune_count} communes/wards, "
        f"{result.agency_count} agencies)"
    ]
    if base_url:
        lines += [
            f"Portal:        {base_url}/",
            f"Admin:         {base_url}/quan-tri/",
            f"Health:        {base_url}/healthz",
            f"API schema:    {base_url}/api/v1/schema/",
        ]
    lines.append("Demo accounts (also in " + str(result.credentials_file) + "):")
    for account in result.accounts:
        lines.append(
            f"  {account['username']:<16} {account['password']:<14} {account['role']}"
            + (f" — {account['agency']}" if account.get("agency") else "")
        )
    if base_url:
        lines.append("Press Ctrl-C to stop.")
    print("\n".join(lines), flush=True)


def cmd_manage(argv: list[str]) -> int:
    setup_django()
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line([f"{PROG} manage", *argv])
    except OperationalError:
        check_database()  # says in one line why the database cannot be reached
        raise
    return 0


def motcua_command_names() -> dict[str, str]:
    """motcua's own management commands by dashed name (import_holidays -> import-holidays)."""
    from django.core.management import get_commands

    return {
        name.replace("_", "-"): name
        for name, app in get_commands().items()
        if isinstance(app, str) and app.startswith("motcua.")
    }


BUILTIN_COMMANDS = frozenset({"demo", "serve", "worker", "load-demo", "manage"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", metavar="command")

    def add_web_options(p, default_port=8000):
        p.add_argument("--port", type=int, default=int(os.environ.get("PORT", default_port)))
        p.add_argument("--host", default=os.environ.get("MOTCUA_HOST", "127.0.0.1"))

    demo = sub.add_parser("demo", help="migrate, load the demo province, run web and worker")
    add_web_options(demo)
    demo.set_defaults(handler=cmd_demo)

    serve = sub.add_parser("serve", help="run the web server")
    add_web_options(serve)
    # Three single-threaded workers per vCPU of the reference 2-vCPU machine: with 2 × 4, each
    # worker's threads wait for its interpreter lock and 4 % of the machine stayed idle under
    # load; with 6 × 1 none did, for 5-6 % more submissions (docs/performance.md, 2026-12-07).
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 6)))
    serve.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 1)))
    serve.add_argument(
        "--keep-alive",
        type=int,
        default=int(os.environ.get("WEB_KEEPALIVE", KEEPALIVE_SECONDS)),
        help="seconds an idle connection is kept (above the proxy's idle timeout)",
    )
    serve.set_defaults(handler=cmd_serve)

    worker = sub.add_parser("worker", help="run the job worker")
    worker.add_argument(
        "--concurrency", type=int, default=int(os.environ.get("WORKER_CONCURRENCY", 4))
    )
    worker.set_defaults(handler=cmd_worker)

    load = sub.add_parser("load-demo", help="load the demo province and accounts (idempotent)")
    load.set_defaults(handler=cmd_load_demo)

    sub.add_parser("manage", help="run a Django management command", add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    # Ctrl-C stops everything even when we were started from a shell that ignores SIGINT for
    # background jobs (Python keeps an inherited "ignore" and would never raise KeyboardInterrupt).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if argv and argv[0] == "manage":
            return cmd_manage(argv[1:])
        parser = build_parser()
        if argv and not argv[0].startswith("-") and argv[0] not in BUILTIN_COMMANDS:
            setup_django()
            commands = motcua_command_names()
            if argv[0] in commands:
                return cmd_manage([commands[argv[0]], *argv[1:]])
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help()
            return 2
        return args.handler(args)
    except UserError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
