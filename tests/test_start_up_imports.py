"""`csterm serve` answers before SQLAlchemy loads (bot/store/handle.py): nothing on the way to the first answer
may import it. Checked in a fresh interpreter, since this test process has imported everything already."""

from __future__ import annotations

import subprocess
import sys

ANSWER_PATH = ("bot.cli", "bot.cli.serve_command", "bot.slack.app", "bot.slack.serve", "bot.store.handle",
               "bot.store.lookup_writer", "bot.daily.scheduler")


def test_the_answer_path_does_not_import_sqlalchemy() -> None:
    program = (f"import importlib, sys\nfor name in {ANSWER_PATH!r}: importlib.import_module(name)\n"
               "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'aiosqlite', 'asyncpg')))")
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_store_module_does_import_it() -> None:  # the check above can see an import when there is one
    program = "import sys, bot.store.store\nprint('sqlalchemy' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "True"
