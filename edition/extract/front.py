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

from ..dates import find_dates, is_date_line
from ..model import Dropped
from .when import document_kind
from .normalise import LABELS, Line

# other words for a field, and the side that may qualify a list of participants ('Chinese participants:',
# 'Soviet participants:': one field, its entries from both lines)
LABEL_SYNONYMS = {"note-taker": "Recorded by", "notetaker": "Recorded by", "note taker": "Recorded by",
                  "recorder": "Recorded by", "interpreters": "Interpreter", "participant": "Participants",
                  "translator": "Translated by",
                  # the fields of Chinese records ('地点：中南海颐年堂', '在座：…', '翻译：师哲', '记录：…')
                  "时间": "Time", "日期": "Date", "地点": "Place", "在座": "Present", "出席": "Present", "参加者": "Participants",
                  "参加人员": "Participants", "翻译": "Interpreter", "记录": "Recorded by", "记录人": "Recorded by"}
SIDE = r"(?:(?:Chinese|Soviet|Russian|Korean|Vietnamese|Mongolian|American|British|Indian)(?:\s+side)?\s+|中方|苏方|我方)"
LABEL = re.compile(r"^[#*\s]*(?P<label>(?:" + SIDE + r"(?=participants?\b|present\b|参加|出席))?(?:"
                   + "|".join(re.escape(label) for label in (*LABELS, *LABEL_SYNONYMS)) + r"))\s*[:：][*\s]*(?P<rest>.*)$",
                   re.I)
FOOTNOTE_MARK = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰*]+$")
DOCUMENT_NUMBER = re.compile(r"^(?:No\.\s*)?\d{1,4}\.?$")
CONTENTS_ITEM = re.compile(
    r"^(?:(?:English|Russian|Chinese|German|French)\s+(?:Translation|Transcription|Transcript)"
    r"|Original\s+Scan|Scan\s+of\s+Original(?:\s+Document)?|(?:Translation|Transcript(?:ion)?)\s*-\s*\w+|Original)\b",
    re.I)
STAMP = re.compile(r"^(?:top |strictly )?(?:secret|confidential)\b\.?|^(?:совершенно |строго )?секретно\b\.?"
                   r"|^(?:copy|экз\.?)\s*(?:no\.?|№)?\s*\d+(?:\s+(?:of|из)\s+\d+)?\b\.?", re.I)
RULE_LINE = re.compile(r"^[_=─━—-]{8,}$")  # a printed rule: it ends a field, and sets a masthead off the document
BULLET = re.compile(r"^[•·▪◦*–—-]\s+")
KIND_START = re.compile(r"\b(?:Record|Memorandum|Minutes|Transcript) of (?:a |the )?[Cc]onversation|\b(?:Cable|Telegram|"
                        r"Letter|Report)\b(?=,| from| of| to)")
MAX_COVER_LINES = 15
VALUE_ENDS_BLANKS = 2  # blank lines that end a field whose value starts on the line after its label
# Fields whose value is a list of names: only lines right under the label belong to it. After a blank line comes
# the record itself ("Present:\n\nThe talk began."), which must stay in the text: a list field keeps only the
# names it yields, so prose taken into it would be lost.
NAME_FIELDS = {"Participants", "Present", "Author", "Interpreter", "Recorded by", "Translated by", "Copies to",
               "Distribution"}


@dataclass
class Field:
    """A labelled field; ``entries`` are its lines with their continuations joined (one person a line);
    ``written``, its labels as the source has them ('Chinese participants', 'Soviet participants')."""

    label: str
    text: str
    lines: list[int]
    entries: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


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
    number: str | None = None  # the document's number in a printed collection ('6.')
    place: str | None = None  # the place of the cover's dateline ('Moscow, January 3, 1950.')
    classification: list[str] = field(default_factory=list)
    claimed: list[int] = field(default_factory=list)  # lines after body_start that are fields (the record's own)

    def value(self, label: str) -> str | None:
        found = self.fields.get(label)
        return found.text if found else None


def read_front(lines: list[Line]) -> Front:
    """Split the lines into front matter and body (see the module docstring)."""
    front = Front()
    first_label = next((i for i, line in enumerate(lines) if LABEL.match(line.text)), None)
    if first_label is None or first_label > MAX_COVER_LINES:  # a 'Date:' deep in a document is no cover
        return front
    _cover(lines[:first_label], front)
    front.body_start = _fields(lines, first_label, front)
    # the record's own block of fields under its stamp and heading ('TOP SECRET' / 'MEMORANDUM OF CONVERSATION' /
    # 'DATE: …' / 'TIME: …' / 'PLACE: …'): read as fields too, the lines above them staying the body's first
    start = front.body_start
    ahead = next((j for j in range(start, min(start + MAX_LINES_ABOVE_FIELDS, len(lines)))
                  if LABEL.match(lines[j].text)), None)
    if ahead is not None and ahead > start and _field_block(lines, ahead) and all(
            len(line.text) < 80 and not line.text.endswith(".") for line in lines[start:ahead]):
        front.claimed = [line.no for line in lines[ahead:_fields(lines, ahead, front)]]
    return front


MAX_LINES_ABOVE_FIELDS = 8


def _fields(lines: list[Line], i: int, front: Front) -> int:
    """Read the fields from line ``i`` on into ``front``; the index of the first line after them."""
    while i < len(lines):
        m = LABEL.match(lines[i].text)
        if RULE_LINE.match(lines[i].text):  # the rule under a block of fields
            front.dropped.append(Dropped(lines[i].no, lines[i].text, "a printed rule"))
            front.header_lines.append(lines[i].no)
            i += 1
            continue
        if not m:
            if OTHER_FIELD.match(lines[i].text) and not lines[i].blanks_before:  # 'Document ID: ERP-SS-0031'
                front.dropped.append(Dropped(lines[i].no, lines[i].text, "a field of the export the header has no "
                                             "place for"))
                i += 1
                continue
            break
        written, rest = m.group("label").strip(), m.group("rest").strip()
        label = label_name(written)
        front.dropped.append(Dropped(lines[i].no, f"{written}:", "field label of the export (its value is in the header)"))
        i += 1
        if label == "Contents":
            i = _contents(lines, i, rest, front)
            if front.body_prefix is not None or not _field_block(lines, i):
                break
            continue  # the record opens with fields of its own ('Time:', 'Place:', 'Chinese participants:')
        parts, numbers = ([rest], [lines[i - 1].no]) if rest else ([], [])
        # 'SUBJECT: …' sheets, and a list of names under its label: a blank line ends the value
        ends_at = 1 if rest or label in NAME_FIELDS else VALUE_ENDS_BLANKS
        value: list[Line] = []
        while i < len(lines) and not LABEL.match(lines[i].text) and not lines[i].page_break and not (
                rest and OTHER_FIELD.match(lines[i].text)) and not RULE_LINE.match(lines[i].text):
            if (parts or value) and lines[i].blanks_before >= ends_at:
                break
            if not parts and not value and lines[i].blanks_before and label in NAME_FIELDS:
                break
            value.append(lines[i])
            i += 1
        parts += [line.text for line in value]
        numbers += [line.no for line in value]
        entries = [[rest]] if rest else []  # each entry's lines, joined once it is complete
        column = min((line.indent for line in value), default=0)  # where the entries start
        for line in value:
            bullet = BULLET.match(line.text)
            if bullet:  # '•  N. V. Roshchin, Ambassador …', '-  Shi Zhe, interpreter': an entry of its own
                entries.append([line.text[bullet.end():]])
            elif entries and (line.indent > column or line.text[:1].islower()):  # a continuation ('the USSR')
                entries[-1].append(line.text)
            else:
                entries.append([line.text])
        made = Field(label, _join(parts), numbers, [" ".join(entry) for entry in entries], [written])
        before = front.fields.get(label)  # the same field again ('Soviet participants:' after 'Chinese …'): one
        front.fields[label] = made if before is None else Field(
            label, f"{before.text}; {made.text}", before.lines + made.lines, before.entries + made.entries,
            before.written + made.written)
        front.header_lines += numbers
    return i


def label_name(found: str) -> str:
    """The label as LABELS spells it ('SUBJECT' → 'Subject', 'Chinese participants' → 'Participants',
    'Note-taker' → 'Recorded by')."""
    bare = re.sub(rf"(?i)^{SIDE}", "", " ".join(found.split())).lower()
    bare = LABEL_SYNONYMS.get(bare, bare).lower()
    return next(label for label in LABELS if label.lower() == bare)


def _cover(cover: list[Line], front: Front) -> None:
    """The date line and the (wrapped) title above the first label; a document number and
    a classification stamp on the cover are kept as such ('6.', 'SECRET Moscow, January 3, 1950.')."""
    blocks: list[list[str]] = []  # title lines, in runs without a blank line between them
    rules = [k for k, line in enumerate(cover) if RULE_LINE.match(line.text)]
    if rules:  # a publication's masthead above a rule ('COLD WAR DOCUMENTS IN TRANSLATION   No. 14'): not the title
        front.dropped += [Dropped(line.no, line.text, "masthead of the publication" if k < rules[-1] else "a printed rule")
                          for k, line in enumerate(cover[:rules[-1] + 1])]
        front.header_lines += [line.no for line in cover[:rules[-1] + 1]]
        cover = cover[rules[-1] + 1:]
    for line in cover:
        text = line.text
        while stamp := STAMP.match(text):  # 'TOP SECRET        Copy 1 of 3': two stamps on one line
            front.classification.append(stamp.group(0).strip())
            text = text[stamp.end():].strip()
        if not text:
            continue
        if DOCUMENT_NUMBER.match(text) and not blocks:
            front.number = text.rstrip(".")
            continue
        found = find_dates(text)
        if found and front.date_text is None and (found[0][0] == 0 or is_date_line(text)):
            start, end, _ = found[0]
            front.date_text = text[start:end]
            front.place = text[:start].strip(" ,") or None
            rest = text[end:].strip(" ,.")
            if rest:
                blocks.append([rest])
            continue
        if not blocks or line.blanks_before:
            blocks.append([])
        kind_at = KIND_START.search(text)
        if kind_at and kind_at.start() > 0 and len(text) > 150:  # a web page's navigation before the title
            front.dropped.append(Dropped(line.no, text[:kind_at.start()].strip(), "navigation of the web page"))
            text = text[kind_at.start():]
        blocks[-1].append(FOOTNOTE_MARK.sub("", text))
    titles = [_join(block) for block in blocks if block]
    # the title is the run that names a kind of document ('CIPHER TELEGRAM No. 1234'), else the first
    front.title = next((t for t in titles if document_kind(t)), titles[0] if titles else None)
    front.header_lines += [line.no for line in cover]


# a field the export has that the header does not use, in a block of fields ('Document ID: ERP-SS-0031', 'Page last
# updated: 4 March 2021'): it ends the field above it, which would otherwise take it as its value's next line
OTHER_FIELD = re.compile(r"^[A-Z][A-Za-z]+(?: [A-Za-z]+){0,3}: \S")

RECORD_FIELDS = {"Time", "Date", "Place", "Location", "Participants", "Present", "Interpreter", "Recorded by"}


def _field_block(lines: list[Line], i: int) -> bool:
    """Whether the lines at ``i`` are two or more fields of the record (when, where, who) one under the other:
    read as fields like the cover's. One 'Present: …' line is the record's own first paragraph."""
    labels = [m and label_name(m.group("label")) for m in (LABEL.match(line.text) for line in lines[i:i + 2])]
    return len(labels) == 2 and all(label in RECORD_FIELDS for label in labels) and not lines[i + 1].blanks_before


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
    out: list[str] = []  # non-empty pieces, joined once: a field may run on for thousands of lines
    for part in parts:
        if out and out[-1].endswith("-") and part[:1].islower():
            out[-1] = out[-1][:-1]
            if not out[-1]:
                out.pop()
        elif out:
            out.append(" ")
        if part:
            out.append(part)
    return "".join(out).strip()
