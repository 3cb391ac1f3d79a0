"""The core (glossary, search, formulas, render) and the offline CLI never import Slack's framework or the database."""

from __future__ import annotations

import subprocess
import sys


def test_core_and_offline_cli_do_not_import_slack_bolt() -> None:
    code = (
        "import sys\n"
        "import bot.glossary.load, bot.search.matcher, bot.search.phrases, bot.text.vocabulary, bot.formulas\n"
        "import bot.render.blocks, bot.render.text\n"
        "import bot.render.home, bot.render.modals, bot.render.explain, bot.export.formats\n"
        "from bot.cli import main\n"
        "assert main(['define', 'NRR']) == 0\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('slack_bolt', 'bot.slack', 'sqlalchemy')))\n"
        "print('LEAKED', leaked)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "LEAKED []" in done.stdout


def test_export_imports_neither_slack_nor_the_database() -> None:
    code = (
        "import sys, tempfile, os\n"
        "from bot.cli import main\n"
        "out = os.path.join(tempfile.mkdtemp(), 'g.html')\n"
        "assert main(['export', '--format', 'html', '--out', out]) == 0\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('slack_sdk', 'slack_bolt', 'bot.slack', 'sqlalchemy',"
        " 'aiohttp')))\n"
        "print('LEAKED', leaked)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "LEAKED []" in done.stdout
