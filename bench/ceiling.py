"""The ceiling for bench.requests: a bare aiohttp handler answering every POST with a constant 200.

    python -m bench.ceiling --port 8999
"""

from __future__ import annotations

import argparse

from aiohttp import web

BODY = b'{"response_type":"ephemeral","text":"ok"}'


async def constant(_request: web.Request) -> web.Response:
    return web.Response(body=BODY, content_type="application/json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    app = web.Application()
    app.router.add_post("/slack/events", constant)
    app.router.add_get("/healthz", constant)
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
