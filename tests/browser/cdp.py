"""A headless Chromium driven over the DevTools protocol with aiohttp's websocket client (no Selenium).

`HeadlessChromium.start()` launches the browser on a random debugging port in its own session and temporary
profile; `page()` gives a `Page` that sends protocol commands and waits for their answers. `stop()` ends the
browser's process group (only the processes this helper started).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_LISTENING = re.compile(r"DevTools listening on (ws://127\.0\.0\.1:(\d+)/\S+)")


def find_browser() -> str | None:
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


class BrowserError(RuntimeError):
    pass


@dataclass
class Page:
    socket: aiohttp.ClientWebSocketResponse
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        await self.socket.send_json({"id": number, "method": method, "params": params})
        async with asyncio.timeout(30):
            async for message in self.socket:
                data = message.json()
                if data.get("id") == number:
                    if "error" in data:
                        raise BrowserError(f"{method}: {data['error']}")
                    return dict(data.get("result") or {})
        raise BrowserError(f"{method}: the browser closed the connection")

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited if it is a promise)."""
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, within: float = 10.0) -> Any:
        """Poll until the expression is truthy; its value."""
        for _ in range(int(within / 0.05)):
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.05)
        raise BrowserError(f"{expression!r} stayed false for {within} s")

    async def type_text(self, text: str) -> None:
        """Key presses into the focused element, one character at a time, as a person types."""
        for char in text:
            await self.send("Input.dispatchKeyEvent", type="keyDown", text=char, key=char, unmodifiedText=char)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=char)

    async def press(self, key: str, code: str, key_code: int) -> None:
        await self.send("Input.dispatchKeyEvent", type="rawKeyDown", key=key, code=code,
                        windowsVirtualKeyCode=key_code)
        await self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=key_code)

    async def click_at(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


@dataclass
class HeadlessChromium:
    executable: str
    process: subprocess.Popen[bytes] | None = None
    port: int = 0
    profile: str = ""
    http: aiohttp.ClientSession | None = None

    async def start(self) -> HeadlessChromium:
        self.port = await asyncio.to_thread(self._launch)
        self.http = aiohttp.ClientSession()
        return self

    def _launch(self, within: float = 60.0) -> int:
        """Start Chromium and read its debugging port from what it logs (to a file: nobody must keep reading a
        pipe)."""
        self.profile = tempfile.mkdtemp(prefix="csterm-chromium-")
        log = os.path.join(self.profile, "stderr.log")
        with open(log, "wb") as stderr:
            self.process = subprocess.Popen(
                [self.executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                 "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                 f"--user-data-dir={self.profile}/profile", "about:blank"],
                stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
            )
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            with open(log, encoding="utf-8", errors="replace") as text:
                logged = text.read()
            found = _LISTENING.search(logged)
            if found:
                return int(found.group(2))
            if self.process.poll() is not None:
                raise BrowserError("Chromium exited before listening:\n" + logged[-2000:])
            time.sleep(0.05)
        raise BrowserError(f"Chromium did not start listening within {within} s")

    async def page(self) -> Page:
        assert self.http is not None
        async with self.http.get(f"http://127.0.0.1:{self.port}/json/list") as response:
            targets = await response.json()
        target = next(t for t in targets if t.get("type") == "page")
        socket = await self.http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=64 * 1024 * 1024)
        return Page(socket)

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                await asyncio.to_thread(self.process.wait, 5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                await asyncio.to_thread(self.process.wait, 5)
        shutil.rmtree(self.profile, ignore_errors=True)
