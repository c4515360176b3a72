"""The one reporter: every diagnostic, message and log record of a command goes through it.

Why one: library code returns ``Diagnostic`` objects and logs (xsl:message, WeasyPrint's
font warnings); a command must show them all the same way — as compiler-style lines
(``file:line:col: severity: message [code]``) on stderr, or as one JSON document on stdout
with ``--format json`` — and ``--quiet``/``--verbose`` must mean the same for every command.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ..codes import doc
from ..errors import Diagnostic

STYLES = {"error": "red", "warning": "yellow"}
LEVELS = {"error": 0, "warning": 1, "info": 2}


class Reporter:
    """Shows a command's diagnostics and results; ``finish`` ends the command with its exit code."""

    def __init__(self, fmt: str = "text", verbosity: int = 1):
        self.fmt = fmt
        self.verbosity = verbosity  # 0 quiet (errors only), 1 default, 2 verbose (also each step, library notes)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        self.out = Console(highlight=False, soft_wrap=True)
        self.diagnostics: list[Diagnostic] = []
        self.messages: list[str] = []
        self.results: dict[str, Any] = {}

    @property
    def json(self) -> bool:
        return self.fmt == "json"

    def shows(self, severity: str) -> bool:
        """--quiet: errors only; otherwise errors, warnings and notes."""
        return LEVELS.get(severity, 2) <= (0 if self.verbosity == 0 else 2)

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)
        if not self.json and self.shows(diagnostic.severity):
            self.err.print(diagnostic.format(), style=STYLES.get(diagnostic.severity, ""), markup=False)

    def detail(self, text: str, severity: str = "") -> None:
        """A line that belongs to the diagnostic before it (a source snippet, a hint)."""
        if not self.json and self.shows(severity or "warning"):
            self.err.print(text, style=STYLES.get(severity, ""), markup=False)

    def say(self, text: str) -> None:
        """A line of the command's result for people (not shown with --quiet; in JSON under "messages")."""
        self.messages.append(text)
        if not self.json and self.verbosity > 0:
            self.out.print(text, markup=False)

    def step(self, text: str) -> None:
        """What the command is doing now: shown with --verbose."""
        if not self.json and self.verbosity > 1:
            self.err.print(text, markup=False, style="dim")

    def result(self, **values: Any) -> None:
        """Structured results of the command (the JSON output's other keys)."""
        self.results.update(values)

    def finish(self, code: int = 0) -> NoReturn:
        if self.json:
            document = {"exit_code": code, **self.results,
                        "diagnostics": [_as_json(d) for d in self.diagnostics], "messages": self.messages}
            self.out.print(json.dumps(document, ensure_ascii=False, indent=1, default=str), markup=False)
        sys.exit(code)

    @contextlib.contextmanager
    def progress(self) -> Iterator:
        """A progress callback (what, done, total) for long work: a bar on a terminal, steps with --verbose."""
        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=self.err,
                       transient=True, disable=self.json or self.verbosity == 0 or not self.err.is_terminal)
        with bar:
            task = bar.add_task("", total=None)

            def update(what: str, done: int, total: int) -> None:
                bar.update(task, description=what, completed=done, total=total or None)
                if done < total or total == 0:
                    self.step(what)

            yield update

    @contextlib.contextmanager
    def capturing_logs(self) -> Iterator[None]:
        """Log records of the libraries (xsl:message, font warnings) become diagnostics while the command runs."""
        handler = _DiagnosticHandler(self)
        root = logging.getLogger()
        level = root.level
        root.addHandler(handler)
        root.setLevel(logging.INFO if self.verbosity > 1 else logging.WARNING)
        try:
            yield
        finally:
            root.removeHandler(handler)
            root.setLevel(level)


class _DiagnosticHandler(logging.Handler):
    def __init__(self, reporter: Reporter):
        super().__init__()
        self.reporter = reporter

    def emit(self, record: logging.LogRecord) -> None:
        severity = "error" if record.levelno >= logging.ERROR else "warning" if record.levelno >= logging.WARNING \
            else "info"
        origin = record.name.split(".")[0]
        # the package's own records may carry their diagnostic: log.warning(…, extra={"diagnostic": Diagnostic(…)})
        carried = getattr(record, "diagnostic", None)
        if isinstance(carried, Diagnostic):
            self.reporter.diagnostic(carried)
            return
        code = "publish.log" if origin in ("edition", "weasyprint", "fontTools") else f"log.{origin}"
        self.reporter.diagnostic(Diagnostic(code, severity, record.getMessage()))


def _as_json(diagnostic: Diagnostic) -> dict:
    """A diagnostic in the JSON output, with its code's one line from the registry (edition/codes.py) as "doc"."""
    return {"file": diagnostic.file, "line": diagnostic.line, "column": diagnostic.column,
            "severity": diagnostic.severity, "code": diagnostic.code, "message": diagnostic.message,
            "doc": doc(diagnostic.code)}
