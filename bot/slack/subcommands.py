"""The /csterm sub-command registry: each command's help lives next to it, and help is built here only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from bot.render.blocks import without_share
from bot.render.limits import MAX_SECTION
from bot.render.views import View
from bot.slack.deps import Deps

HELP_INTRO = (
    "Look up any customer-success term, metric or acronym. Answers are private to you until you press"
    " *Share in channel*."
)
HELP_INTRO_IN_CONVERSATION = (  # help shown in a thread or a DM, where every answer is visible to those in it
    "Ask me about any customer-success term, metric or acronym: I answer right here. `/csterm TERM` answers"
    " privately instead, with a *Share in channel* button."
)
HELP_ELSEWHERE = (
    "Mention @csterm with a question in any channel or thread, or send me a direct message. Mention @csterm"
    " with nothing else in a thread to explain every term in the thread's first message."
)


@dataclass(frozen=True)
class Reply:
    text: str
    blocks: list[dict[str, Any]]
    response_type: str = "ephemeral"
    key: Hashable | None = field(default=None, compare=False)  # the view's cache key (View.key), private replies

    @classmethod
    def of(cls, view: View) -> Reply:
        """A private reply showing `view`."""
        return cls(view.text, view.blocks, key=view.key)

    def in_conversation(self) -> Reply:
        """The reply as a message in a thread or DM, seen by everyone there: nothing left to Share."""
        return Reply(self.text, without_share(self.blocks), "in_channel")

    def as_message(self) -> dict[str, Any]:
        """The acknowledgement body, key for key as bolt's ack(text=, response_type=, blocks=) builds it."""
        message: dict[str, Any] = {"text": self.text, "response_type": self.response_type}
        if self.blocks:
            message["blocks"] = self.blocks
        return message


@dataclass(frozen=True)
class SubcommandContext:
    args: str
    payload: dict[str, Any]
    deps: Deps
    in_conversation: bool = False  # a mention or a DM (public to those there) rather than a private slash answer


Handler = Callable[[SubcommandContext], Awaitable[Reply]]


@dataclass(frozen=True)
class Usage:
    """One way to use /csterm, for help: `usage` is written without the leading command."""

    usage: str
    summary: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Subcommand:
    """`handler` answers /csterm; `conversation` answers the same words in a mention or DM (None: there the words
    are a glossary query)."""

    name: str
    usage: str
    summary: str
    examples: tuple[str, ...]
    handler: Handler
    conversation: Handler | None = None


@dataclass
class SubcommandRegistry:
    command: str = "/csterm"
    free_forms: list[Usage] = field(default_factory=list)
    _commands: dict[str, Subcommand] = field(default_factory=dict)

    def add(self, subcommand: Subcommand) -> None:
        key = subcommand.name.casefold()
        if key in self._commands:
            raise ValueError(f"sub-command {subcommand.name!r} is registered twice")
        self._commands[key] = subcommand

    def add_free_form(self, usage: Usage) -> None:
        """A usage that is not a sub-command word (`TERM`, `A vs B`), listed in help before the sub-commands."""
        self.free_forms.append(usage)

    def get(self, name: str) -> Subcommand | None:
        return self._commands.get(name.casefold())

    def all(self) -> list[Subcommand]:
        return list(self._commands.values())

    def split(self, text: str) -> tuple[Subcommand | None, str]:
        """The sub-command the text starts with and the rest, or (None, whole text) for a glossary query."""
        first, _, rest = text.strip().partition(" ")
        found = self.get(first) if first else None
        return (found, rest.strip()) if found else (None, text.strip())

    def _usages(self) -> list[Usage]:
        return [*self.free_forms, *(Usage(s.usage, s.summary, s.examples) for s in self.all())]

    def _line(self, usage: Usage) -> str:
        line = f"`{self.command} {usage.usage}`"
        examples = ", ".join(f"`{self.command} {e}`" for e in usage.examples)
        return f"{line}  {usage.summary}" + (f"\n      e.g. {examples}" if examples else "")

    def help_text(self, intro: str = HELP_INTRO) -> str:
        lines = [intro.replace("*", ""), *(self._line(u) for u in self._usages()), HELP_ELSEWHERE]
        return "\n".join(lines)

    def help_blocks(self, intro: str = HELP_INTRO) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = [
            {"type": "header", "text": {"type": "plain_text", "text": "csterm: how to use it"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": intro}},
        ]
        chunk = ""
        for line in (self._line(u) for u in self._usages()):
            if chunk and len(chunk) + len(line) + 1 > MAX_SECTION:
                blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
                chunk = ""
            chunk = f"{chunk}\n{line}" if chunk else line
        if chunk:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": HELP_ELSEWHERE}]})
        return blocks

    def help_reply(self, *, in_conversation: bool = False) -> Reply:
        """Usage with examples; in a thread or DM it does not promise private answers."""
        intro = HELP_INTRO_IN_CONVERSATION if in_conversation else HELP_INTRO
        return Reply(text=self.help_text(intro), blocks=self.help_blocks(intro))
