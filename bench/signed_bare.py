"""The second reference for bench.wrk_load: a bare aiohttp handler doing only the work no /csterm answer avoids.

It checks the Slack signature and parses the form with the very functions csterm's own path calls (the request
gate's `text_of`, slash_http's `parse_form`), then answers a constant. csterm's req/s divided by this one's, in
the same run, is the share of the unavoidable cost csterm adds nothing to; the bare handler (bench.ceiling) is
what aiohttp alone costs.

    SLACK_SIGNING_SECRET=… python -m bench.signed_bare --port 8999
"""

from __future__ import annotations

import argparse
import os

from aiohttp import web

from bot.slack.http_gate import Refused, RequestGate
from bot.slack.slash_http import FORM, parse_form

BODY = b'{"response_type":"ephemeral","text":"ok"}'


def make_app(secret: str) -> web.Application:
    gate = RequestGate(secret)

    async def signed_constant(request: web.Request) -> web.Response:
        body = await request.read()
        try:
            text = gate.text_of(request, body)
        except Refused as refused:
            return refused.response
        fields = parse_form(text) if request.content_type == FORM else {}
        if fields.get("command") != "/csterm":
            return web.Response(status=400)
        return web.Response(body=BODY, content_type="application/json")

    app = web.Application()
    app.router.add_post("/slack/events", signed_constant)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    web.run_app(make_app(os.environ["SLACK_SIGNING_SECRET"]), host="127.0.0.1", port=args.port, access_log=None,
                print=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
