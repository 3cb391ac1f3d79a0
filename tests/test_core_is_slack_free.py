"""The core (glossary, search, formulas, render) and the offline CLI never import Slack's framework or the database."""

from __future__ import annotations

import subprocess
import sys


def test_core_and_offline_cli_do_not_import_slack_bolt() -> None:
    code = (
        "import sys\n"
        "import bot.glossary.load, bot.search.matcher, bot.search.phrases, bot.text.vocabulary, bot.formulas\n"
        "import bot.render.blocks, bot.render.text\n"
        "from bot.cli import main\n"
        "assert main(['define', 'NRR']) == 0\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('slack_bolt', 'bot.slack', 'sqlalchemy')))\n"
        "print('LEAKED', leaked)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "LEAKED []" in done.stdout
