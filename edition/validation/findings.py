"""One problem found in a document, before it is located, folded and printed.

Why not :class:`edition.errors.Diagnostic` directly: a finding first points at a node (an
element, maybe one of its attributes); :mod:`locate` turns that into a line and column,
:mod:`report` folds repeats and adds the source line. Only then does it become a
Diagnostic (frozen, shared with the rest of the project).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..errors import Diagnostic


@dataclass
class Finding:
    code: str
    message: str
    severity: str = "error"
    element: etree._Element | None = None
    attribute: str | None = None  # Clark name of the attribute concerned, if any
    hint: str | None = None
    line: int | None = None
    column: int | None = None
    layer: str = ""  # "xml" | "schema" | "rules" | "tei"
    snippet: str | None = None
    repeats: list[int] = field(default_factory=list)  # lines of the folded findings like this one

    def diagnostic(self, file: str) -> Diagnostic:
        message = " ".join(self.message.split())
        if self.repeats:
            message += f" (and {len(self.repeats)} more like this)"
        return Diagnostic(self.code, self.severity, message, file, self.line, self.column)

    def as_json(self, file: str) -> dict:
        return {"file": file, "line": self.line, "column": self.column, "severity": self.severity,
                "code": self.code, "message": " ".join(self.message.split()), "layer": self.layer,
                "snippet": self.snippet, "hint": self.hint, "more": len(self.repeats),
                "more_lines": self.repeats}

    @classmethod
    def from_diagnostic(cls, diagnostic: Diagnostic, layer: str = "xml") -> "Finding":
        return cls(diagnostic.code, diagnostic.message, diagnostic.severity, line=diagnostic.line,
                   column=diagnostic.column, layer=layer)
