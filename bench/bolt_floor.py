"""The floor slack_bolt sets for bench.requests: a bare AsyncApp whose one /csterm listener acks a constant.

Same signing secret and port conventions as `csterm serve --http`; no glossary, no store. The gap between the
ceiling and this is what slack_bolt and its aiohttp adapter cost; the gap between this and csterm is csterm's own.

    SLACK_BOT_TOKEN=xoxb-x SLACK_SIGNING_SECRET=... SLACK_API_URL=... PORT=8999 python -m bench.bolt_floor
"""

from __future__ import annotations

import os

from aiohttp import web
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient


async def constant_answer(ack: AsyncAck) -> None:
    await ack(response_type="ephemeral", text="ok")


def main() -> int:
    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], process_before_response=True)
    app.command("/csterm")(constant_answer)
    web_app = app.web_app(path="/slack/events")
    web.run_app(web_app, host="127.0.0.1", port=int(os.environ["PORT"]), access_log=None, print=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
