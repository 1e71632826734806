"""The `bugzot-server` command: run the server (default), manage tokens, run a job worker, import a bundle.

Bad input exits non-zero with one line on stderr naming the problem; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from typing import Any

from bugzot_server import __version__


class _Parser(argparse.ArgumentParser):
    """argparse, but bad input is one line on stderr (no usage dump) and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)


def _port(text: str) -> int:
    """--port: an integer 1..65535 (uvicorn would silently listen elsewhere for 99999)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a TCP port; use 1..65535")
    return port


def _count(minimum: int, what: str):  # noqa: ANN202 - an argparse type
    """An integer option that must be at least ``minimum`` (uvicorn takes --workers 0 without a word)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is not a {what}; use {minimum} or more")
        return value

    return parse


def _public_url(text: str) -> str:
    """--public-url: http(s) with a host, or the URLs in every answer would be unusable."""
    from bugzot_server.config import check_public_url

    try:
        return check_public_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _db_options(p: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    p.add_argument("--data-dir", default=default, help="where the database and files live (default: $BUGZOT_SERVER_DATA_DIR or the user data dir)")
    p.add_argument("--database-url", default=default, help="SQLAlchemy URL, e.g. postgresql://user@host/db (default: $BUGZOT_DATABASE_URL or SQLite in the data dir)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bugzot-server", description="Store bug reports from BugZot Desktop.")
    parser.add_argument("--version", action="version", version=f"bugzot-server {__version__}")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--workers", type=_count(1, "worker count"), default=1, help="uvicorn worker processes (default: 1)")
    parser.add_argument("--open", action="store_true", default=None, help="no tokens: for a local single-user setup only (also BUGZOT_OPEN=1)")
    parser.add_argument("--protect-pages", action="store_true", default=None, help="require a token for the HTML pages too")
    parser.add_argument("--public-url", type=_public_url, help="base URL used in answers, e.g. https://bugs.example.com")
    parser.add_argument("--job-workers", type=_count(0, "worker count"), default=1, help="post-processing worker processes started with the server, at low priority (default: 1; 0: run 'bugzot-server worker' yourself)")
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    _db_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    tok = sub.add_parser("token", help="create, list or revoke API tokens")
    tsub = tok.add_subparsers(dest="token_command", metavar="ACTION", required=True, parser_class=_Parser)
    for name, helptext in (("create", "create a token and print it once, on the last line"), ("revoke", "revoke a token")):
        tp = tsub.add_parser(name, help=helptext)
        tp.add_argument("name", help="who or what uses the token, e.g. 'alice-laptop'")
        _db_options(tp, suppress=True)
    _db_options(tsub.add_parser("list", help="list tokens (never their secrets)"), suppress=True)

    wk = sub.add_parser("worker", help="claim and run image post-processing jobs (run on any host sharing the storage)")
    wk.add_argument("--threads", type=_count(1, "thread count"), default=1, help="jobs run at once (default: 1)")
    wk.add_argument("--once", action="store_true", help="run what is due now, then exit")
    _db_options(wk, suppress=True)

    imp = sub.add_parser("import", help="import an outbox bundle (bugzot outbox export); idempotent")
    imp.add_argument("file", help="the bundle file")
    _db_options(imp, suppress=True)
    return parser


def _settings(args: argparse.Namespace) -> Any:
    from bugzot_server.config import Settings

    overrides: dict[str, Any] = {}
    for key in ("data_dir", "database_url", "public_url"):
        if getattr(args, key, None):
            overrides[key] = getattr(args, key)
    for key in ("open", "protect_pages"):
        if getattr(args, key, None):
            overrides[key] = True
    return Settings(**overrides)


def _fail(message: str) -> int:
    print(f"bugzot-server: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pydantic import ValidationError

    from bugzot_desktop.core.errors import BugzotError
    from bugzot_server.db import SchemaError
    from bugzot_server.errors import ClientError

    try:
        settings = _settings(args)
        if args.command == "token":
            return _token(args, settings)
        if args.command == "worker":
            return _worker(args, settings)
        if args.command == "import":
            return _import(args, settings)
        return _serve(args, settings)
    except ClientError as exc:
        return _fail(exc.message)
    except ValidationError as exc:  # a BUGZOT_* variable with a bad value: name it, one line
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err.get("loc") else "a setting"
        env = name if name.isupper() else f"BUGZOT_{name.upper()}"
        return _fail(f"{env}: {str(err.get('ctx', {}).get('error') or err['msg']).removeprefix('Value error, ')}")
    except (SchemaError, BugzotError, OSError, ValueError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the database is unreachable, a bad URL, ...: one line, no traceback
        return _fail(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def _database(settings: Any) -> Any:
    from bugzot_server.db import Database, ensure_schema

    db = Database(settings.resolved_database_url())
    ensure_schema(db)
    return db


def _token(args: argparse.Namespace, settings: Any) -> int:
    from bugzot_server import tokens

    db = _database(settings)
    try:
        if args.token_command == "create":
            secret = tokens.create(db, args.name)
            print(f"Created token {args.name!r}. It is shown only now; store it in the app's settings:")
            print(secret)
        elif args.token_command == "revoke":
            tokens.revoke(db, args.name)
            print(f"Revoked token {args.name!r}.")
        else:
            rows = tokens.list_tokens(db)
            if not rows:
                print("No tokens. Create one with: bugzot-server token create NAME")
            for t in rows:
                print(f"{t.name}\t{t.created_at}\t{'revoked' if t.revoked else 'active'}")
    finally:
        db.dispose()
    return 0


def _worker(args: argparse.Namespace, settings: Any) -> int:
    from bugzot_server.jobs import JobRunner
    from bugzot_server.storage import Storage

    db = _database(settings)
    runner = JobRunner(db, Storage(settings.resolved_data_dir() / "storage"), settings)
    try:
        if args.once:
            print(f"Ran {runner.run_pending()} job(s).")
            return 0
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        from bugzot_server.jobs import lower_priority

        lower_priority()
        runner.start(args.threads)
        print(f"bugzot-server worker: claiming jobs from {db.engine.url.render_as_string(hide_password=True)}", file=sys.stderr)
        parent = int(os.environ.get("BUGZOT_PARENT_PID", "0"))
        # Started by `bugzot-server`: end with it, even if it was killed without a chance to stop us.
        while not stop.wait(1.0):
            if parent and os.getppid() != parent:
                break
        return 0
    finally:
        runner.stop()
        db.dispose()


def _import(args: argparse.Namespace, settings: Any) -> int:
    from pathlib import Path

    from bugzot_server.bundles import import_bundle
    from bugzot_server.storage import Storage

    db = _database(settings)
    try:
        result = import_bundle(db, Storage(settings.resolved_data_dir() / "storage"), settings, Path(args.file))
    finally:
        db.dispose()
    print(f"Imported {result.imported} report(s); {result.already_present} were already stored.")
    print(f"Data dir: {settings.resolved_data_dir()}; database: {_shown_url(settings.resolved_database_url())}")
    return 0


def _shown_url(url: str) -> str:
    """A database URL with its password masked, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _check_bindable(host: str, port: int) -> None:
    """Refuse a taken address in one line before anything starts (uvicorn would print its banner first).

    Bound the way uvicorn binds (same family rule, SO_REUSEADDR), so a port that only has
    connections in TIME_WAIT counts as free but one with a listener does not. The socket is
    closed again at once; with --workers N uvicorn's parent binds it once for all workers.
    """
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        where = f"[{host}]:{port}" if family == socket.AF_INET6 else f"{host}:{port}"
        if exc.errno == errno.EADDRINUSE:
            raise ValueError(f"{where} is already in use; choose another --port") from None
        raise ValueError(f"cannot listen on {where}: {exc.strerror or exc}") from None


def _serve(args: argparse.Namespace, settings: Any) -> int:
    import uvicorn

    from bugzot_server.config import get_settings, is_loopback

    _check_bindable(args.host, args.port)
    db = _database(settings)  # migrate once here, before worker processes start
    try:
        from bugzot_server import tokens

        has_tokens = any(not t.revoked for t in tokens.list_tokens(db))
    finally:
        db.dispose()
    if settings.open and not is_loopback(args.host):
        bar = "!" * 78
        print(
            f"{bar}\nWARNING: bugzot-server runs OPEN (no tokens) and listens on {args.host}:{args.port}.\n"
            "Anyone who can reach this address can file and read reports. Use --open only on loopback,\n"
            f"or drop --open / BUGZOT_OPEN and create tokens with 'bugzot-server token create NAME'.\n{bar}",
            file=sys.stderr,
        )
    elif settings.open:
        print("bugzot-server: open mode (no tokens), loopback only.", file=sys.stderr)
    elif not has_tokens:
        print("bugzot-server: no API tokens yet; create one with 'bugzot-server token create NAME'.", file=sys.stderr)
    os.environ.update(settings.env())  # worker processes build their settings from the environment
    get_settings.cache_clear()
    job_workers: list[subprocess.Popen] = []
    # The API processes never post-process: with --job-workers N our own worker processes do,
    # with 0 the operator's `bugzot-server worker` processes do (the API used to claim jobs itself then).
    os.environ["BUGZOT_JOB_THREADS"] = "0"
    if args.job_workers > 0:
        # Post-processing in its own low-priority processes: its CPU and its database
        # round trips stay out of the API workers' event loops and GILs.
        env = {
            **os.environ,
            "BUGZOT_JOB_POLL_SECONDS": os.environ.get("BUGZOT_JOB_POLL_SECONDS", "1"),
            "BUGZOT_PARENT_PID": str(os.getpid()),
        }
        for _ in range(args.job_workers):
            job_workers.append(subprocess.Popen([sys.executable, "-m", "bugzot_server", "worker"], env=env))
    print(f"bugzot-server {__version__}: data in {settings.resolved_data_dir()}, http://{args.host}:{args.port}/", file=sys.stderr)
    # uvicorn re-raises SIGTERM after its graceful shutdown; turn that into SystemExit so
    # the `finally` below still stops the job workers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(
            "bugzot_server.main:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers if args.workers > 1 else None,
            log_level=args.log_level,
        )
    finally:
        for proc in job_workers:
            proc.terminate()
        for proc in job_workers:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0
