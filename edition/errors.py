"""Errors and diagnostics shared by the whole package.

Library code raises or returns these; only the CLI prints them, as
``file:line:col: severity: message [code]``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: str  # "error" | "warning" | "info"
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def format(self) -> str:
        where = self.file or "edition"  # a message about the run, not about a file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


class EditionError(Exception):
    """An error the user can act on; carries a Diagnostic and the CLI exit code."""

    exit_code = 1

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


class InputError(EditionError):
    """Input that cannot be read at all (missing, empty, binary, undecodable)."""

    exit_code = 3
