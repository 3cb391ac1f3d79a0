"""csterm's Slack app exactly as `csterm serve --http` builds it, but with a lookup recorder that does nothing.

Diagnostic for bench.requests: the gap between this and `csterm serve` is what recording each lookup in the
store costs per request. Same environment variables as `csterm serve`.

    python -m bench.app_nostore
"""

from __future__ import annotations

import asyncio
import os

from bot.config import Settings
from bot.glossary.load import load_glossary
from bot.search.matcher import Matcher


class NullRecorder:
    async def record_lookup(self, *, team_id: str, enterprise_id: str | None, query: str, status: str,
                            term: str | None) -> None:
        return None


async def serve(settings: Settings) -> None:
    from bot.slack.app import create_app
    from bot.slack.serve import serve_http, stop_on_signals
    from bot.store.handle import StoreHandle

    matcher = Matcher.build(load_glossary(settings.glossary_path))
    stop = asyncio.Event()
    stop_on_signals(stop)
    store = StoreHandle(settings.database_url)
    await serve_http(create_app(settings, matcher, NullRecorder(), store), port=settings.port, stop=stop,
                     host="127.0.0.1", background=[store])


def main() -> int:
    asyncio.run(serve(Settings.from_env(os.environ)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
