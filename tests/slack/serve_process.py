"""The real `csterm serve` as an OS process, started as README tells a user: only the settings given, no others."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from types import TracebackType

import aiohttp

REPO = Path(__file__).resolve().parents[2]
OWN_SETTINGS = ("SLACK_", "CSTERM_", "DATABASE_URL", "PORT")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(settings: dict[str, str]) -> dict[str, str]:
    """The inherited environment without any csterm or Slack setting, plus exactly `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    return {**env, "PYTHONPATH": str(REPO), **settings}


class ServeProcess:
    """`python -m bot serve ARGS` with `settings` as its only csterm settings; stderr is kept in a file."""

    def __init__(self, args: list[str], settings: dict[str, str], log: Path) -> None:
        self.args = args
        self.settings = settings
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> ServeProcess:
        with self.log.open("ab") as stderr:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "serve", *self.args, cwd=REPO, env=environment(self.settings),
                stdout=asyncio.subprocess.DEVNULL, stderr=stderr,
            )
        return self

    @property
    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def wait_healthy(self, port: int, within: float = 30.0) -> dict[str, object]:
        assert self.process is not None
        async with aiohttp.ClientSession() as http:
            async with asyncio.timeout(within):
                while True:
                    if self.process.returncode is not None:
                        raise AssertionError(f"csterm serve exited with {self.process.returncode}:\n{self.stderr}")
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                            health = dict(await response.json())
                            if health.get("database") == "open":
                                return health
                    except aiohttp.ClientConnectionError:
                        pass
                    await asyncio.sleep(0.1)

    async def wait_exit(self, within: float = 30.0) -> int:
        assert self.process is not None
        async with asyncio.timeout(within):
            return await self.process.wait()

    async def stop(self) -> int:
        """SIGTERM, then the exit code (killed after 20 s)."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return await self.wait_exit(20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
                raise AssertionError(f"csterm serve did not stop on SIGTERM:\n{self.stderr}") from None
        return self.process.returncode

    async def __aenter__(self) -> ServeProcess:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
