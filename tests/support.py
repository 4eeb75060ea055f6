"""Shared test fixtures and hooks, loaded for every test by the root ``conftest.py``: a real
browser (Debian's Chromium through Playwright), motcua subprocesses pointed at the test
database, artifacts for screenshots, and polling with a deadline.

Tests run against the session's embedded PostgreSQL (started by the settings module when
DATABASE_URL is unset) or the database DATABASE_URL names. A missing browser fails the run:
``make test`` installs Chromium, so its absence is a broken machine, never a reason to skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls from that thread. The ORM calls themselves stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parent.parent
# The project's shared data sits beside the repository (CI clones main with shared/ beside it).
SHARED_DATA = Path(os.environ.get("MOTCUA_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def shared_data(relative: str) -> Path:
    """A file of the shared data; a missing file fails the test (never a skip)."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.fail(f"shared data missing: {path} (set MOTCUA_SHARED_DATA)", pytrace=False)
    return path


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = Path(os.environ.get("MOTCUA_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make test` (it installs Debian's chromium "
            "as root) or `apt-get install chromium`",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, artifacts_dir, request):
    """A fresh browser page; on failure its screenshot is saved under the artifacts."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        page.screenshot(path=str(artifacts_dir / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, plus their serialized contents kept on the connection
    *class*: the live server and Playwright's greenlets can hand later tests a different
    connection object, which would lack the snapshot and restore nothing."""
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents is not None:
                type(connection)._test_serialized_contents = contents


def pytest_collection_modifyitems(items):
    """Every transactional test (browser, worker, concurrency) restores the migrated data first.

    A transactional test ends by flushing every table, which also removes the rows the data
    migrations loaded (process templates, official calendar decisions, role groups). Serialized
    rollback reloads them at the start of each transactional test, so no test depends on which
    ran before it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            # pytest-django reads the marker, not the fixtures, when a test has one.
            if not marker.kwargs.get("serialized_rollback"):
                kwargs = {**marker.kwargs, "serialized_rollback": True}
                item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
        elif (
            any(name in item.fixturenames for name in ("transactional_db", "live_server"))
            and "django_db_serialized_rollback" not in item.fixturenames
        ):
            item.fixturenames.append("django_db_serialized_rollback")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def wait_for(
    condition: Callable[[], object],
    timeout: float = 30.0,
    interval: float = 0.2,
    message: str = "condition",
) -> object:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {message}")
        time.sleep(interval)


@pytest.fixture
def poll():
    return wait_for


def test_database_url() -> str:
    """The URL of the database the current test uses (pytest-django's test database)."""
    from django.db import connection

    params = connection.settings_dict
    host = (params["HOST"] or "localhost").replace("/", "%2F")
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return (
        f"postgresql://{params['USER']}{password}@{host}:{params['PORT'] or 5432}/{params['NAME']}"
    )


test_database_url.__test__ = False  # a helper, not a test


def motcua_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"MOTCUA_ENV": "test", "DATABASE_URL": test_database_url(), "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


@pytest.fixture
def motcua_worker(transactional_db) -> Iterator[subprocess.Popen]:
    """A real ``motcua worker`` process running jobs from the test database."""
    process = subprocess.Popen(
        [sys.executable, "-m", "motcua.cli", "worker", "--concurrency", "1"],
        env=motcua_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_motcua(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "motcua.cli", *args],
        env=env or motcua_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        check=False,
    )


def http_get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    """GET ``url`` over real HTTP; returns (status, body) for error statuses too."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - test URLs
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
