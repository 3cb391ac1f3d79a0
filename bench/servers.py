"""The servers bench.requests talks to, each in its own subprocess: `csterm serve --http` and the ceiling."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.signing import signed_headers, slash_body

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"
CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "bench-client-secret"
READY_TIMEOUT_S = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    spawned_at: float  # time.perf_counter() just before the spawn

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def csterm_env(port: int, api_url: str, glossary: Path, db_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "CSTERM_"))}
    return env | {
        "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api_url,
        "PORT": str(port), "CSTERM_DB_PATH": str(db_path), "CSTERM_GLOSSARY": str(glossary),
    }


def _spawn(argv: list[str], env: Mapping[str, str], port: int, name: str, cpu: int | None = None) -> Server:
    """Start `argv` in its own process, pinned to `cpu` (taskset) when given."""
    if cpu is not None:
        argv = ["taskset", "-c", str(cpu), *argv]
    log = Path(tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".log")[1])
    with log.open("wb") as out:
        spawned = time.perf_counter()
        process = subprocess.Popen(argv, cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
    return Server(process, port, log, spawned)


def start_csterm(api_url: str, glossary: Path, db_path: Path, *, store: bool = True, cpu: int | None = None,
                 extra_env: Mapping[str, str] | None = None) -> Server:
    """`csterm serve --http`, or (store=False) the same app with a recorder that does nothing."""
    port = free_port()
    argv = [sys.executable, "-m", "bot", "serve", "--http"] if store else [sys.executable, "-m", "bench.app_nostore"]
    env = csterm_env(port, api_url, glossary, db_path) | dict(extra_env or {})
    return _spawn(argv, env, port, "csterm", cpu)


def start_signed_bare(cpu: int | None = None) -> Server:
    """The signed reference (bench/signed_bare.py): signature check and form parsing, then a constant."""
    port = free_port()
    env = dict(os.environ) | {"SLACK_SIGNING_SECRET": SECRET}
    return _spawn([sys.executable, "-m", "bench.signed_bare", "--port", str(port)], env, port, "signed-bare", cpu)


def start_csterm_oauth(api_url: str, glossary: Path, db_path: Path) -> Server:
    """`csterm serve --http` in OAuth mode (client credentials, no bot token): tokens from the installations."""
    port = free_port()
    env = csterm_env(port, api_url, glossary, db_path)
    del env["SLACK_BOT_TOKEN"]
    env |= {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}
    return _spawn([sys.executable, "-m", "bot", "serve", "--http"], env, port, "csterm-oauth")


def start_bolt_floor(api_url: str) -> Server:
    """A bare slack_bolt app acking a constant (bench/bolt_floor.py): what bolt itself costs."""
    port = free_port()
    env = csterm_env(port, api_url, Path(os.devnull), Path(os.devnull))
    return _spawn([sys.executable, "-m", "bench.bolt_floor"], env, port, "bolt-floor")


def start_ceiling(cpu: int | None = None) -> Server:
    port = free_port()
    return _spawn([sys.executable, "-m", "bench.ceiling", "--port", str(port)], os.environ, port, "ceiling", cpu)


async def database_open(server: Server) -> None:
    """Wait until csterm's /healthz says its database is open (it opens in the background after start-up)."""
    url = server.url.replace("/slack/events", "/healthz")
    deadline = time.perf_counter() + READY_TIMEOUT_S
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while time.perf_counter() < deadline:
            async with session.get(url) as response:
                if (await response.json()).get("database") == "open":
                    return
            await asyncio.sleep(0.05)
    raise RuntimeError(f"the database did not open within {READY_TIMEOUT_S} s; see {server.log}")


async def first_answer(server: Server, query: str, response_url: str, within_s: float = READY_TIMEOUT_S) -> float:
    """Seconds from spawning the server to its first 200 answer to a signed /csterm request."""
    deadline = time.perf_counter() + within_s
    body = slash_body(query, 0, response_url)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while time.perf_counter() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"server exited with {server.process.returncode}; see {server.log}")
            try:
                async with session.post(server.url, data=body, headers=signed_headers(SECRET, body)) as response:
                    if response.status == 200:
                        await response.read()
                        return time.perf_counter() - server.spawned_at
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.005)
    raise RuntimeError(f"no answer within {within_s} s; see {server.log}")
