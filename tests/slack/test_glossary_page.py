"""GET /glossary on the served app: the exported page of the served glossary, cached, with an ETag and 304."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.export.formats import export_glossary
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.support import mini_matcher
from tests.slack.test_http_end_to_end import Served, _serve


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with FakeSlackAPI() as slack:
        async for served in _serve(slack, mini_matcher(), tmp_path / "csterm.db"):
            yield served


async def test_glossary_page_is_the_exported_page_with_an_etag(served: Served) -> None:
    async with served.http.get(f"{served.url}/glossary") as response:
        assert response.status == 200
        assert response.content_type == "text/html"
        body = await response.text()
        etag = response.headers["ETag"]
    expected = export_glossary(mini_matcher().glossary, "html", today=served.app.deps.clock().date())
    assert body == expected
    assert 'id="net-revenue-retention"' in body
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 10
    async with served.http.get(f"{served.url}/glossary") as again:
        assert again.headers["ETag"] == etag and await again.text() == body
    assert served.slack.calls == []  # the page needs nothing from Slack


async def test_a_matching_if_none_match_gets_304_without_a_body(served: Served) -> None:
    async with served.http.get(f"{served.url}/glossary") as response:
        etag = response.headers["ETag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        async with served.http.get(f"{served.url}/glossary", headers={"If-None-Match": header}) as cached:
            assert cached.status == 304, header
            assert await cached.read() == b""
            assert cached.headers["ETag"] == etag
    async with served.http.get(f"{served.url}/glossary", headers={"If-None-Match": '"stale"'}) as stale:
        assert stale.status == 200 and len(await stale.read()) > 1000
    junk = ", ".join(['"x"'] * 2000)
    async with served.http.get(f"{served.url}/glossary", headers={"If-None-Match": junk[:8000]}) as flooded:
        assert flooded.status == 200


async def test_the_page_is_built_once(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.slack import glossary_page

    builds: list[date] = []
    real = glossary_page.export_glossary

    def counting(*args: object, **kwargs: object) -> str:
        builds.append(date.today())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(glossary_page, "export_glossary", counting)
    for _ in range(3):
        async with served.http.get(f"{served.url}/glossary") as response:
            assert response.status == 200
    assert len(builds) == 1


async def test_clients_that_accept_gzip_get_it_with_its_own_etag(served: Served) -> None:
    async with served.http.get(f"{served.url}/glossary", headers={"Accept-Encoding": "identity"}) as plain:
        body, plain_tag = await plain.read(), plain.headers["ETag"]
        assert "Content-Encoding" not in plain.headers
    async with served.http.get(f"{served.url}/glossary", headers={"Accept-Encoding": "gzip, br"}) as zipped:
        assert zipped.headers["Content-Encoding"] == "gzip" and zipped.headers["Vary"] == "Accept-Encoding"
        assert await zipped.read() == body  # aiohttp un-gzips it
        assert int(zipped.headers["Content-Length"]) < len(body) / 2
        zipped_tag = zipped.headers["ETag"]
    assert zipped_tag != plain_tag
    async with served.http.get(f"{served.url}/glossary", headers={"Accept-Encoding": "gzip",
                                                                 "If-None-Match": zipped_tag}) as cached:
        assert cached.status == 304


async def test_concurrent_first_requests_share_one_build_off_the_loop(
        served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow first build runs off the event loop: /healthz answers meanwhile, and concurrent first requests
    wait for the same build instead of starting their own."""
    import asyncio
    import threading

    from bot.slack import glossary_page

    builds: list[int] = []
    release = threading.Event()
    real = glossary_page.export_glossary

    def slow(*args: object, **kwargs: object) -> str:
        builds.append(1)
        release.wait(10)  # blocks whoever runs the build until the test lets it go
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(glossary_page, "export_glossary", slow)

    async def fetch() -> bytes:
        async with served.http.get(f"{served.url}/glossary") as response:
            assert response.status == 200
            return await response.read()

    first = [asyncio.create_task(fetch()) for _ in range(3)]
    for _ in range(200):  # until the build has started
        if builds:
            break
        await asyncio.sleep(0.01)
    try:
        async with served.http.get(f"{served.url}/healthz") as health:
            assert health.status == 200
        assert not any(task.done() for task in first)
    finally:
        release.set()
    bodies = await asyncio.gather(*first)
    assert len(set(bodies)) == 1 and len(bodies[0]) > 1000
    assert len(builds) == 1
