"""`csterm serve` that cannot start says why in one line (no traceback) and exits non-zero."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.slack.serve_process import ServeProcess, free_port
from tests.slack.support import BOT_TOKEN, MINI_GLOSSARY, SIGNING_SECRET
from tests.store.databases import POSTGRES_URL

HTTP = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": "http://127.0.0.1:9/",
        "CSTERM_GLOSSARY": str(MINI_GLOSSARY)}


def problems(stderr: str) -> list[str]:
    """What the process said apart from its INFO log lines."""
    return [line for line in stderr.splitlines() if " INFO " not in line and line.strip()]


async def test_a_port_already_in_use_is_one_line(tmp_path: Path) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", port))
        taken.listen()
        env = {**HTTP, "PORT": str(port), "CSTERM_DB_PATH": str(tmp_path / "csterm.db")}
        async with ServeProcess(["--http"], env, tmp_path / "serve.log") as serve:
            code = await serve.wait_exit()
    said = problems(serve.stderr)
    assert code == 1
    assert said == [f"csterm serve: cannot listen on port {port}: the address is already in use"], serve.stderr


@pytest.mark.parametrize("database_url", [
    "sqlite:///{tmp}/no/such/folder/csterm.db",
    "postgres://postgres@127.0.0.1:5432/no_such_database",
    "postgres://postgres@127.0.0.1:5432/test?sslmode=sometimes",
    "nosuchdb://somewhere/csterm",
])
async def test_a_bad_database_url_is_one_line(database_url: str, tmp_path: Path) -> None:
    if "127.0.0.1:5432" in database_url:
        assert POSTGRES_URL.startswith("postgresql://postgres@127.0.0.1:5432/")  # the server the tests use
    env = {**HTTP, "PORT": str(free_port()), "DATABASE_URL": database_url.format(tmp=tmp_path)}
    async with ServeProcess(["--http"], env, tmp_path / "serve.log") as serve:
        code = await serve.wait_exit()
    said = problems(serve.stderr)
    assert code == 1
    assert len(said) == 1 and said[0].startswith("csterm serve: cannot open the database "), serve.stderr
