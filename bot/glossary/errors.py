"""The one exception type for glossary problems, and the bundle of them a load raises."""

from __future__ import annotations

from collections.abc import Sequence


class GlossaryError(Exception):
    """One problem in a glossary file, located by file, line and term."""

    def __init__(self, file: str, line: int, term: str | None, message: str) -> None:
        self.file = file
        self.line = line
        self.term = term
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.term}: {self.message}" if self.term else f"{where}: {self.message}"


class GlossaryInvalid(Exception):
    """Every problem found in a glossary file; raised instead of returning a half-valid glossary."""

    def __init__(self, problems: Sequence[GlossaryError]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
        return "\n".join(lines)
