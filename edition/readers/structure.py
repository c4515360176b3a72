"""The body of one record: headings, speaker turns, numbered points, closing matter.

Readers cut a transcript into records and hand each record's chunks to
``build_body``; what differs between layouts is passed as options (numbered
points or not), so the rules for speakers and closings live in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import is_date_line, ocr_digits
from ..errors import Diagnostic
from ..extract.people import VALEDICTION
from ..model import (Block, BlockPageBreak, Closer, Dateline, Division, Head, Inline, ListBlock,
                     PageBreak, Para, Turn)
from ..registers import PersonRegister, local_person_id, normalise_name
from ..metadata import correction_pattern
from .text import LB, SIGNATURE_LINE, Chunk, apply_corrections, is_upper_text, mark_durations, parse_inline

TITLE_START = re.compile(r"^(Record|Protocol|Minutes|Memorandum|Conversation|Запись|Протокол|Памятная)\b", re.I)
CLOSING = [re.compile(p, re.I) for p in (
    r"^(the )?(conversation|meeting|talks?) (lasted|took|continued|started|began|ended)\b",
    r"^(also )?present\b", r"^persons present\b", r"^recorded by\b", r"\battended\.?$",
    r"^беседа (продолжалась|длилась|началась|закончилась)", r"^(на беседе )?присутствовали", r"^записал",
)]
ATTENDANCE = re.compile(r"present|attended|присутствовал", re.I)
RECORDED_BY = re.compile(r"^(recorded by|записал)", re.I)
HONORIFIC = r"(?:(?:Comrade|Comrades|Comr\.|Товарищ|Тов\.|т\.)\s*)?"
LABEL_COLON = re.compile(r"^(?P<label>" + HONORIFIC + r"(?P<name>[^\W\d_][\w\-.’' ]{0,40}?)\s*[:：])\s*(?P<rest>.*)$", re.S)  # '罗申：' too
LABEL_CAPS = re.compile(
    r"^(?P<label>(?:Comrade\s+)?(?P<name>[A-ZА-ЯЁ][A-ZА-ЯЁ\-]+(?:\s+[A-ZА-ЯЁ][A-ZА-ЯЁ\-]+){0,2})"
    r"(?:[.,:](?=\s|$))?)\s*(?P<rest>.*)$", re.S)
NUMERIC_DATE = re.compile(r"\d{1,2}\.(?:\d{1,2}|[IVX]{1,4})\.\d{2,4}(?:\s*г)?")
NAME_PARTICLES = {"de", "van", "von", "del", "da", "bin", "al", "ibn"}
POINT = re.compile(r"^(\d{1,2})[./]\s+\S")
# a cable's number and short date under its signature ('16/XII-49 г. № 1187', 'No. 4170/sh', 'l6.I.50'), and a
# page's footer ('digitalarchive.wilsoncenter.org   p. 3'): below a signature, they sign nothing
CLOSING_NUMBERS = re.compile(r"(?:(?:No\.?|№)\s*\d+[\w/]*|[\d./\-\sгIVX])+")
FOOTER = re.compile(r"digitalarchive\.wilsoncenter\.org|https?://|www\.|\bPage \d+ of \d+\b", re.I)
SIGNATURE = re.compile(SIGNATURE_LINE.pattern + r"|^\[signature\]|^/")


def is_closing(text: str) -> bool:
    return any(p.search(text) for p in CLOSING)


@dataclass
class BodyContext:
    """What building one record's body needs and collects."""

    register: PersonRegister
    lang: str
    corrections: list[tuple[str, str]] = field(default_factory=list)
    used_corrections: set[int] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    extra_speakers: dict[str, str] = field(default_factory=dict)  # label -> local id (unknown persons)

    def inline(self, text: str, chunk: Chunk) -> list[Inline]:
        items = parse_inline(text, chunk.breaks, lambda m: self.warn("convert.unmatched-bracket", m, chunk.first_line))
        return apply_corrections(items, self.corrections, self.used_corrections)

    def names(self, plain: str) -> list[str]:
        """The persons a line names, read with the corrections of the metadata ('Родин' → 'Рощин'): misreadings
        are no register variants."""
        for sic, corr in self.corrections:
            plain = correction_pattern(sic).sub(lambda _, corr=corr: corr, plain)
        return self.register.index.ids(plain)

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, "warning", message, None, line))

    def add(self, bucket: list[str], ids: list[str]) -> None:
        for pid in ids:
            if pid not in bucket:
                bucket.append(pid)


# a title before the name in a speaker label ('Chairman Mao:', 'Premier Zhou:', 'Посол Панюшкин:')
LABEL_TITLE = re.compile(r"^(?:(?:vice|deputy)[- ])?(?:chairman|premier|prime minister|president|ambassador|minister|"
                         r"marshal|general|secretary|comrade|mr\.?|председатель|премьер|посол|министр|маршал|генерал|"
                         r"товарищ)\s+", re.I)


def resolve_label(name: str, register: PersonRegister) -> str | None:
    """The register's person a speaker label names: as written, else without the title before the name."""
    pid = register.index.resolve(name)
    if pid is None and LABEL_TITLE.match(name):
        pid = register.index.resolve(LABEL_TITLE.sub("", name, count=1))
    return pid


def match_speaker(chunk: Chunk, ctx: BodyContext) -> tuple[str, str, str] | None:
    """(person id, label as printed, rest of the paragraph) if the chunk opens a turn."""
    text = chunk.text
    for pattern in (LABEL_COLON, LABEL_CAPS):
        m = pattern.match(text)
        if not m:
            continue
        name = m.group("name").strip()
        if pattern is LABEL_CAPS and not name.isupper():
            continue
        if pattern is LABEL_CAPS and m.group("label").strip() == chunk.raw_lines[0].strip():
            continue  # a name in capitals alone on its line, no stop after it ('SHTYKOV' / 'No. 18'): a signature
        pid = resolve_label(name, ctx.register) or ctx.extra_speakers.get(normalise_name(name))
        if pid:
            return pid, m.group("label"), m.group("rest")
    return None


def find_label_speakers(chunks: list[Chunk], register: PersonRegister, context: str = "") -> dict[str, str]:
    """Speakers a label does not name by itself: 'Name:' labels used at least twice in the record. A label that is
    a word of the name of exactly one person the document names in full (its text and ``context``, e.g. the
    cover: 'Liu:' when it names Liu Shaoqi, a surname the register shares between several persons) is that
    person; any other, a person not in the register (a local id)."""
    speakers = _question_answer_speakers(chunks, register)
    counts: dict[str, int] = {}
    for chunk in chunks:
        m = LABEL_COLON.match(chunk.plain)
        if m and QA_LABEL.fullmatch(m.group("name").strip()):
            continue
        words = m.group("name").split() if m else []
        # a label is a name: 'Stalin said:' opens reported speech, not a turn
        if m and len(words) <= 3 and all(w[:1].isupper() or w in NAME_PARTICLES for w in words):
            key = normalise_name(m.group("name"))
            if not resolve_label(m.group("name"), register):
                counts[key] = counts.get(key, 0) + 1
    labels = [key for key, n in counts.items() if n >= 2]
    if not labels:  # the names of the whole text are looked for only when a label needs them
        return speakers
    named = register.index.ids(context + "\n" + "\n".join(chunk.plain for chunk in chunks))
    name_words = {pid: {normalise_name(word) for name in register.persons[pid].names for word in name.text.split()}
                  for pid in named if pid in register.persons}
    for key in labels:
        owners = [pid for pid, own in name_words.items() if key in own]
        speakers[key] = owners[0] if len(owners) == 1 else local_person_id(key)
    return speakers


# 'Question 1:' / 'Answer:' (a delegation's questions and the answers given to them): the labels name no one; the
# record's opening says who asked and who answered ('The questions were put by Comrade Li Fuchun …; the answers were
# given by Comrade Stalin', 'Comrade Liu Shaoqi read them out …, and Comrade Stalin answered each of them')
QA_LABEL = re.compile(r"(?P<kind>question|answer|вопрос|ответ)(?:\s+(?:no\.\s*|№\s*)?\d{1,2})?", re.I)
ANSWERED = re.compile(r"\banswer|\brepl(?:y|ied)|\bответ", re.I)
ASKED = re.compile(r"\bquestion|\basked\b|\bput\b|\bread\b|\bposed\b|\bвопрос|\bзадал|\bзачитал", re.I)
CLAUSE_BREAK = re.compile(r"(?<=[^\W\d_]{2}[.!?])\s+|[;:]\s*|,\s*(?:and|while|и|а)\s+|\s+and\s+(?=(?:Comrade|Comrades|the|[A-Z]))")


def _question_answer_speakers(chunks: list[Chunk], register: PersonRegister) -> dict[str, str]:
    """The speaker of each 'Question N:' and 'Answer:' label, from the sentences before the first of them: the
    person named in a clause about answering answers, the one in a clause about questions asks. Without both
    labels, or without the persons, none: the labels stay paragraphs' words."""
    labels: list[tuple[int, str, str]] = []  # (chunk index, label key, kind)
    for index, chunk in enumerate(chunks):
        m = LABEL_COLON.match(chunk.plain)
        qa = m and QA_LABEL.fullmatch(m.group("name").strip())
        if qa:
            labels.append((index, normalise_name(m.group("name")), qa.group("kind").lower()))
    kinds = {"answer" if kind in ("answer", "ответ") else "question" for _, _, kind in labels}
    if kinds != {"question", "answer"}:
        return {}
    opening = " ".join(chunk.plain for chunk in chunks[:labels[0][0]])
    asker = answerer = None
    for clause in CLAUSE_BREAK.split(opening):
        named = [pid for pid in register.index.ids(clause) if pid in register.persons]
        if len(named) != 1:
            continue
        if answerer is None and ANSWERED.search(clause):
            answerer = named[0]
        elif asker is None and ASKED.search(clause) and named[0] != answerer:
            asker = named[0]
    if asker is None or answerer is None:
        return {}
    return {key: answerer if kind in ("answer", "ответ") else asker for _, key, kind in labels}


def with_break(items: list[Inline], brk: PageBreak | None) -> list[Inline]:
    return [brk, *items] if brk else items


def _is_signature(chunk: Chunk, ctx: BodyContext) -> bool:
    """A closing signature: initials and a surname, a name from the register, 'Recorded by', '[signature]'."""
    text = re.sub(rf"\s*{NUMERIC_DATE.pattern}\s*$", "", chunk.plain)  # 'Terebin. 10.1.1949'
    if re.fullmatch(r"[A-ZА-ЯЁ][\w’'-]{2,}\.?", text) and not VALEDICTION.match(text):
        return True  # a surname alone closing the record
    return (bool(SIGNATURE.match(text)) or bool(RECORDED_BY.match(text)) or text.startswith("[signature")
            or (len(text.split()) <= 4 and ctx.register.index.resolve(text) is not None))


def under_signature(text: str) -> bool:
    """What stands under a signature and signs nothing: a number and a short date, a dateline, a page's footer."""
    return bool(CLOSING_NUMBERS.fullmatch(ocr_digits(text)) or is_date_line(text) or FOOTER.search(text))


def _is_dateline_with_place(chunk: Chunk) -> bool:
    """A date on its own line with the place or hour under it ('3 September 1952' / 'Kremlin, 10:00 p.m.'):
    the record's dateline, over two or three short lines."""
    lines = chunk.raw_lines
    return (not chunk.breaks and 2 <= len(lines) <= 3 and is_date_line(lines[0])
            and all(len(line.split()) <= 6 and not line.rstrip().endswith(":") for line in lines[1:]))


def build_body(chunks: list[Chunk], ctx: BodyContext, points: bool = False) -> list[Block]:
    """Blocks of one record: leading heads and dateline, turns or points, closing matter."""
    blocks: list[Block] = []
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        head_like = is_date_line(chunk.plain) or chunk.heading or is_upper_text(chunk.plain) or (
            index == 0 and TITLE_START.match(chunk.plain))
        if chunk.pb_before and head_like:  # otherwise the page break goes with the paragraph below
            blocks.append(BlockPageBreak.of(chunk.pb_before))
        if is_date_line(chunk.plain):
            blocks.append(Dateline(ctx.inline(chunk.text, chunk)))
        elif (len(chunk.raw_lines) > 1 and not chunk.breaks and is_date_line(chunk.raw_lines[-1])
              and is_upper_text(" ".join(chunk.raw_lines[:-1]))):
            # a heading whose last line is the date: the date is the dateline
            blocks.append(Head(ctx.inline(LB.join(chunk.raw_lines[:-1]), chunk)))
            blocks.append(Dateline(ctx.inline(chunk.raw_lines[-1], chunk)))
        elif _is_dateline_with_place(chunk):
            blocks.append(Dateline(ctx.inline(LB.join(chunk.raw_lines), chunk)))
        elif chunk.heading or is_upper_text(chunk.plain) or (index == 0 and TITLE_START.match(chunk.plain)):
            blocks.append(Head(ctx.inline(chunk.text, chunk)))
        else:
            break
        index += 1
    body = chunks[index:]
    lead = 0  # attendance lines that open a record ('Присутствовали: …') are not its closing
    while lead < len(body) - 1 and is_closing(body[lead].plain) and ATTENDANCE.search(body[lead].plain):
        lead += 1
    # the closing begins at a closing formula after which no turn opens ('Present: …' above the dialogue is not
    # the record's end, wherever the heading above it ends)
    last_turn = max((i for i, c in enumerate(body) if match_speaker(c, ctx) is not None), default=-1)
    closing_at = next((i for i, c in enumerate(body) if i >= max(lead, last_turn + 1) and is_closing(c.plain)),
                      len(body))
    # A record without closing formulas may still end with a signature, perhaps above its number and date.
    if closing_at == len(body) and body:
        last = len(body) - 1
        while last > 0 and under_signature(body[last].plain):
            last -= 1
        if _is_signature(body[last], ctx):
            closing_at = last
    blocks += _main(body[:closing_at], ctx, points)
    blocks += _closing(body[closing_at:], ctx)
    return blocks


def _main(chunks: list[Chunk], ctx: BodyContext, points: bool) -> list[Block]:
    blocks: list[Block] = []
    container = blocks
    turn: Turn | None = None
    point: Division | None = None
    sub_list: ListBlock | None = None
    for chunk in chunks:
        speaker = match_speaker(chunk, ctx)
        if speaker:
            pid, label, rest = speaker
            if chunk.pb_before:
                container.append(BlockPageBreak.of(chunk.pb_before))
            turn = Turn(pid, label, [ctx.inline(rest, chunk)] if rest.strip() else [])
            container.append(turn)
            ctx.add(ctx.speakers, [pid])
            sub_list = None
            continue
        items = with_break(ctx.inline(chunk.text, chunk), chunk.pb_before)
        m = POINT.match(chunk.plain) if points else None
        if m:
            n = int(m.group(1))
            top = int(point.n) if point else 0
            continues_sub = sub_list is not None and n == len(sub_list.items) + 1
            if point is not None and (n == 1 or continues_sub) and not (n == top + 1 and not continues_sub):
                if not continues_sub:
                    sub_list = ListBlock([])
                    container.append(sub_list)
                sub_list.items.append((str(n), items))
                continue
            if n > top:
                if n != top + 1:
                    ctx.warn("convert.point-order", f"point {n} follows point {top}; kept as printed", chunk.first_line)
                point = Division("point", [Para(items)], n=str(n))
                blocks.append(point)
                container = point.blocks
                sub_list = None
                continue
        sub_list = None
        if turn is not None:
            turn.paras.append(items)
        else:
            container.append(Para(items))
    return blocks


def _closing(chunks: list[Chunk], ctx: BodyContext) -> list[Block]:
    """Attendance, duration and signatures (a div of their own, after any points);
    signatures at the very end form the closer."""
    if not chunks:
        return []
    tail = len(chunks)
    while tail > 0 and _is_signature(chunks[tail - 1], ctx):
        tail -= 1
    blocks: list[Block] = []
    for chunk in chunks[:tail]:
        if chunk.pb_before:
            blocks.append(BlockPageBreak.of(chunk.pb_before))
        if ATTENDANCE.search(chunk.plain):
            ctx.add(ctx.present, ctx.names(chunk.plain))
        blocks.append(Para(mark_durations(ctx.inline(chunk.text, chunk))))
    if tail < len(chunks):
        closer = Closer()
        for chunk in chunks[tail:]:
            lines = chunk.raw_lines if not chunk.breaks else [chunk.text]
            for number, line in enumerate(lines):
                items = with_break(ctx.inline(line, chunk), chunk.pb_before if number == 0 else None)
                if closer.dateline is None and (is_date_line(line) or NUMERIC_DATE.fullmatch(line.strip(" ."))):
                    closer.dateline = items  # 'Terebin.' / '10.1.1949': the closing dateline
                else:
                    closer.signed.append(items)
            ctx.add(ctx.present, ctx.names(chunk.plain))
        blocks.append(closer)
    # A closer alone may end a div; paragraphs after points need a div of their own.
    return blocks if len(blocks) == 1 and isinstance(blocks[0], Closer) else [Division("closing", blocks)]
