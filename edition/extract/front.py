"""The front matter of an archive export: its cover (date and title) and labelled fields.

Exports put a cover before the document: a date, a title wrapped over centred lines, then
fields under labels ("Citation:", "Summary:", "Original Language:", "Contents:", or on other
sheets "Title:", "Date:", "Source:" whose values may continue on the next lines). This
module finds where the cover ends and the document begins, wherever the labels are, and
returns each field's text with the source lines it came from (they go to the header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import find_dates
from ..model import Dropped
from .normalise import LABELS, Line

LABEL = re.compile(r"^[#*\s]*(?P<label>" + "|".join(re.escape(label) for label in LABELS) + r")\s*:[*\s]*(?P<rest>.*)$")
CONTENTS_ITEM = re.compile(
    r"^(?:(?:English|Russian|Chinese|German|French)\s+(?:Translation|Transcription|Transcript)"
    r"|Original\s+Scan|Scan\s+of\s+Original(?:\s+Document)?|(?:Translation|Transcript(?:ion)?)\s*-\s*\w+|Original)\b",
    re.I)
# Labels whose value is the body itself on sheets without a Contents field.
VALUE_ENDS_BLANKS = 2


@dataclass
class Field:
    label: str
    text: str
    lines: list[int]


@dataclass
class Front:
    """What the cover says, and where the document starts (an index into the lines)."""

    date_text: str | None = None
    title: str | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    contents: list[str] = field(default_factory=list)
    body_start: int = 0
    header_lines: list[int] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    body_prefix: str | None = None  # the body's first words when they share a line with the contents

    def value(self, label: str) -> str | None:
        found = self.fields.get(label)
        return found.text if found else None


def read_front(lines: list[Line]) -> Front:
    """Split the lines into front matter and body (see the module docstring)."""
    front = Front()
    first_label = next((i for i, line in enumerate(lines) if LABEL.match(line.text)), None)
    if first_label is None:
        return front
    _cover(lines[:first_label], front)
    i = first_label
    while i < len(lines):
        m = LABEL.match(lines[i].text)
        if not m:
            break
        label, rest = m.group("label"), m.group("rest").strip()
        front.dropped.append(Dropped(lines[i].no, f"{label}:", "field label of the export (its value is in the header)"))
        i += 1
        if label == "Contents":
            i = _contents(lines, i, rest, front)
            break
        parts, numbers = ([rest], [lines[i - 1].no]) if rest else ([], [])
        while i < len(lines) and not LABEL.match(lines[i].text) and not lines[i].page_break:
            if parts and lines[i].blanks_before >= VALUE_ENDS_BLANKS:
                break
            parts.append(lines[i].text)
            numbers.append(lines[i].no)
            i += 1
        front.fields[label] = Field(label, _join(parts), numbers)
        front.header_lines += numbers
    front.body_start = i
    return front


def _cover(cover: list[Line], front: Front) -> None:
    """The date line and the (wrapped) title above the first label."""
    texts = [line.text for line in cover]
    for index, text in enumerate(texts):
        found = find_dates(text)
        if found and found[0][0] == 0:
            start, end, _ = found[0]
            front.date_text = text[start:end]
            rest = [text[end:].strip(" ,.")] + texts[index + 1:]
            front.title = _join([r for r in rest if r]) or None
            break
    else:
        front.title = _join(texts) or None
    front.header_lines += [line.no for line in cover]


def _contents(lines: list[Line], i: int, rest: str, front: Front) -> int:
    """Consume the contents items ('English Translation', 'Original Scan'); return the body start."""
    def take(text: str) -> str:
        while True:
            m = CONTENTS_ITEM.match(text)
            if not m:
                return text
            front.contents.append(m.group(0))
            text = text[m.end():].strip()

    if rest:
        remainder = take(rest)
        front.header_lines.append(lines[i - 1].no)
        if remainder:  # a flattened export: the body follows on the same line
            front.body_prefix = remainder
            return i - 1
    while i < len(lines) and not lines[i].page_break and CONTENTS_ITEM.fullmatch(lines[i].text):
        take(lines[i].text)
        front.dropped.append(Dropped(lines[i].no, lines[i].text, "contents item of the export (each part is a <text>)"))
        i += 1
    return i


def _join(parts: list[str]) -> str:
    """Lines of one field joined, with hyphenation at line ends resolved."""
    out = ""
    for part in parts:
        if out.endswith("-") and part[:1].islower():
            out = out[:-1] + part
        else:
            out = f"{out} {part}" if out else part
    return out.strip()
