"""Undo what exporting did to a transcript, before any fact is looked for.

Archive exports reach us as ``pdftotext -layout`` texts (form feeds between pages, centred
cover lines, wide runs of spaces, a running header) or as web dumps flattened onto one
line, where the cover's labels run straight into the body. Every extractor works on the
same normalised lines, so none of them needs to know which export it came from.

Nothing is dropped silently: the running header is returned as ``dropped`` with its line,
and every form feed becomes a page break before the line that follows it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..model import Dropped

# The banner every Wilson Center PDF page starts with (on the cover only, in these exports).
RUNNING_HEADER = re.compile(
    r"^\s*Digital Archive\s+digitalarchive\.wilsoncenter\.org\s*(International History Declassified)?\s*$"
    r"|^\s*International History Declassified\s*$", re.I)
# Cover labels of archive exports; a flattened dump is cut before each of them.
LABELS = ("Citation", "Summary", "Original Language", "Contents", "Credits", "Title", "Author", "Date", "Time", "Keywords",
          "Source", "Description", "Subject", "Participants", "Present", "Place", "Location", "Archive",
          "Translated by", "Document", "Copies to", "Distribution", "Interpreter", "Recorded by")
LABEL_IN_RUN = re.compile(r"(?<=\S)\s+(?=(?:Citation|Summary|Original Language|Contents|Credits|Source|Keywords|"
                          r"Present|Participants|Subject):\s)", re.I)
# where a flattened page's record starts, and its speakers' turns ('… took place. STALIN: Well, …')
HEADING_IN_RUN = re.compile(r"(?<=\S)\s+(?=(?:Record|Memorandum|Minutes|Transcript) of (?:a |the )?[Cc]onversation\b)")
TURN_IN_RUN = re.compile(r"(?<=[.!?\]»”\"])\s+(?=(?:[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+\s){0,3}[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+:\s)")
BANNER_IN_RUN = re.compile(r"^\s*Digital Archive\s+digitalarchive\.wilsoncenter\.org\s+International History "
                           r"Declassified\s+", re.I)
FLAT_LINE = 1500  # characters: a line this long with labels in it is a flattened page


@dataclass
class Line:
    """One normalised line: its text, its 1-based source line, and what came before it."""

    text: str
    no: int
    indent: int = 0
    page_break: bool = False  # a form feed came before this line
    blanks_before: int = 0


@dataclass
class Normalised:
    lines: list[Line]
    dropped: list[Dropped] = field(default_factory=list)
    flattened: bool = False  # the export was one long line: paragraphs are lost


#: the heading of one side in a table of participants ('From the Soviet side', 'с китайской стороны'; its colon apart)
SIDE_HEADING = r"(?:(?:from|on) the \w+ side|с \w+ стороны)"
# two fields side by side ('Date:      Source:'), or the two sides of a table of participants ('From the Soviet
# side:      From the Chinese side:' over a name of each side a line)
TWO_LABELS = re.compile(r"^\s*(?:(?:" + "|".join(LABELS) + r"):\s{4,}(?=(?:" + "|".join(LABELS) + r"):)"
                        rf"|{SIDE_HEADING}:\s{{4,}}(?={SIDE_HEADING}:))", re.I)


def _unfold_columns(raw_lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) with two-column field blocks ('Date:      Source: …' and the lines under
    them, up to a blank line) read column by column: the left column first, then the right."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(raw_lines):
        m = TWO_LABELS.match(raw_lines[i])
        if not m:
            out.append((i + 1, raw_lines[i]))
            i += 1
            continue
        col = m.end()
        block = []
        while i < len(raw_lines) and raw_lines[i].strip():
            block.append((i + 1, raw_lines[i]))
            i += 1
        out += [(no, line[:col].rstrip()) for no, line in block if line[:col].strip()]
        out += [(no, " " * col + line[col:]) for no, line in block if line[col:].strip()]
    return out


# a Markdown export (of a web page): its headings, bold field labels and list bullets are decoration
MARKDOWN_LINE = re.compile(r"^(?:#{1,6}\s|\s*[-*]\s+\*\*[^*]+:?\*\*|\*\*[^*]+:?\*\*)", re.M)
MARKDOWN_DECORATION = re.compile(r"^#{1,6}\s+|^\s*[-*]\s+(?=\*\*)|\*\*")


# fields of a Chinese record on one line, each after a full-width semicolon: one line each
HAN_FIELDS = re.compile(r"[；;]\s*(?=[\u4e00-\u9fff]{1,5}：)")


# a database export's header: one 'key<TAB>value' a line ('title\tRecord of …', 'fond\t45', 'recorded_by\t…')
TAB_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_ ]{1,30})\t+(?P<value>\S.*)$")
ARCHIVE_PARTS = {"fond": "f.", "opis": "op.", "papka": "p.", "delo": "d.", "folios": "ll.", "listy": "ll."}


def _tab_fields(raw_lines: list[str]) -> list[str]:
    """A leading block of three or more 'key<TAB>value' lines as 'Key: value' fields (underscores as spaces); the
    archive's parts, each a field of its own, also written after the archive's name ('Archive: APRF, f. 45, op. 1,
    d. 332, ll. 1-8'), which is how a reference reads. Other lines as they are."""
    block = list(itertools.takewhile(lambda line: TAB_FIELD.match(line), raw_lines))
    if len(block) < 3:
        return raw_lines
    fields = [(m.group("key").replace("_", " ").strip(), m.group("value").strip()) for m in map(TAB_FIELD.match, block)]
    parts = [f"{ARCHIVE_PARTS[key.lower()]} {value}" for key, value in fields if key.lower() in ARCHIVE_PARTS]
    out = []
    for key, value in fields:
        if key.lower() == "archive" and parts:
            value = ", ".join([value, *parts])
        out.append(f"{key[:1].upper()}{key[1:]}: {value}")
    return out + raw_lines[len(block):]


def normalise(text: str) -> Normalised:
    """Normalised lines of a transcript's text (see the module docstring)."""
    out: list[Line] = []
    dropped: list[Dropped] = []
    flattened = False
    pending_break = False
    blanks = 0
    markdown = len(MARKDOWN_LINE.findall(text[:20000])) >= 3  # '# Title', '- **Date:** …', '**Stalin:** …'
    for no, raw in _unfold_columns(_tab_fields(text.split("\n"))):
        if markdown:
            raw = MARKDOWN_DECORATION.sub("", raw)
        pages = raw.split("\f")
        for page_index, piece in enumerate(pages):
            if page_index:
                pending_break = True
            pieces = [piece]
            if len(piece) > FLAT_LINE and len(LABEL_IN_RUN.findall(piece)) >= 2:
                flattened = True
                pieces = _unflatten(piece, no, dropped)
            for number, part in enumerate(pieces):
                if number:  # each piece of a flattened page is a paragraph of its own
                    blanks = max(blanks, 1)
                stripped = part.strip()
                if not stripped:
                    blanks += 1
                    continue
                if RUNNING_HEADER.match(stripped):
                    dropped.append(Dropped(no, " ".join(stripped.split()), "running header of the export"))
                    continue
                indent = len(part) - len(part.lstrip(" "))
                for field_no, field_text in enumerate(HAN_FIELDS.split(stripped)):  # '在座：…；翻译：师哲；记录：…'
                    out.append(Line(" ".join(field_text.split()), no, indent, pending_break and not field_no,
                                    blanks if not field_no else 0))
                pending_break = False
                blanks = 0
    return Normalised(out, dropped, flattened)


def _unflatten(piece: str, no: int, dropped: list[Dropped]) -> list[str]:
    """Cut a flattened page before each cover label; drop its banner (reported)."""
    banner = BANNER_IN_RUN.match(piece)
    if banner:
        dropped.append(Dropped(no, " ".join(banner.group(0).split()), "running header of the export"))
        piece = piece[banner.end():]
    parts = [turn for part in LABEL_IN_RUN.split(piece) for heading in HEADING_IN_RUN.split(part)
             for turn in TURN_IN_RUN.split(heading)]
    return [part for part in parts if part.strip()]
