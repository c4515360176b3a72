"""The editor's decisions for mentions no register can settle (the project's [paths] mentions, e.g. registers/mentions.toml).

A short form such as "CC" names a different body in different places (the Central
Committee of the CPC or of the VKP(b)); no variant in a register could say which. The
editor settles each such mention once, by quoting enough of its context:

    [[mention]]
    conversation = "1952-09-19-stalin-zhou-enlai"   # the file's key (<output>/tei/<key>.xml)
    context = "a group of CC members"               # as printed; spacing and line breaks do not matter
    name = "CC"                                      # the name inside the context
    ref = "cc-cpc"                                   # a register id

A decision whose context no longer occurs is reported, never silently dropped.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import Diagnostic, EditionError
from ..registers import Registers

MENTIONS_FILE = "mentions.toml"


@dataclass(frozen=True)
class Decision:
    conversation: str
    context: str
    name: str
    ref: str
    kind: str

    @cached_property  # made once: it is asked for in every run of text of the conversation
    def pattern(self) -> re.Pattern:
        return re.compile(r"\s+".join(re.escape(word) for word in self.context.split()))


def load_decisions(path: Path, registers: Registers) -> list[Decision]:
    """The decisions in ``path`` (the project's [paths] mentions; a folder means its mentions.toml); none without it."""
    path = path / MENTIONS_FILE if path.is_dir() else path
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise EditionError(Diagnostic("mentions.syntax", "error", str(exc), str(path))) from None
    decisions = []
    for number, entry in enumerate(data.get("mention", []), 1):
        where = f"[[mention]] number {number}"
        missing = [k for k in ("conversation", "context", "name", "ref") if not isinstance(entry.get(k), str)]
        if missing:
            raise EditionError(Diagnostic("mentions.incomplete", "error", f"{where} lacks {', '.join(missing)}", str(path)))
        entity = registers.entities.get(entry["ref"])
        if entity is None:
            raise EditionError(Diagnostic("mentions.unknown-ref", "error",
                                          f"{where}: no register entry '{entry['ref']}'", str(path)))
        if entry["name"] not in entry["context"]:
            raise EditionError(Diagnostic("mentions.name-outside", "error",
                                          f"{where}: '{entry['name']}' is not in its context", str(path)))
        decisions.append(Decision(entry["conversation"], entry["context"], entry["name"], entry["ref"], entity.kind))
    return decisions


def decided_spans(text: str, decisions: list[Decision], used: set[Decision]) -> list[tuple[int, int, Decision]]:
    """Where the decisions' names stand in ``text`` (one joined run of a text)."""
    spans = []
    for decision in decisions:
        for m in decision.pattern.finditer(text):
            inner = re.search(r"\s+".join(re.escape(w) for w in decision.name.split()), m.group(0))
            if inner:
                spans.append((m.start() + inner.start(), m.start() + inner.end(), decision))
                used.add(decision)
    return spans
