"""Archive web pages (e.g. the Mao Archive): one page, several records, each with

    section headings, a covering letter (salute, text, signature, dateline),
    a classification ("Fully Secret"), the record's title and date, the record,
    endorsements of the last page, the archival reference and the translator,

and site navigation ("Click here to return…") at the end, which is not part of any record.
"""

from __future__ import annotations

import re

from ..archival import find_archival
from ..errors import Diagnostic
from ..model import (Block, BlockNote, Closer, Dateline, Division, Dropped, Head, Para, Provenance, ReadResult,
                     Version)
from ..source import Source
from .base import ReadEnv, Reader, detect_lang, find_place, make_version, plain_text, unused_corrections
from .structure import BodyContext, build_body, is_closing
from .text import Chunk, RawPara, join_paras, split_paras
from ..dates import is_date_line

SALUTE = re.compile(r"^(To Comrade|To Comrades|Товарищу|Тов\.)\s", re.I)
LETTER_TEXT = re.compile(r"\b(sending you|send you|направляю|посылаю)\b", re.I)
CLASSIFICATION = re.compile(r"^(fully secret|top secret|strictly secret|secret|совершенно секретно|секретно)\.?$", re.I)
TRANSLATED = re.compile(r"^Translated (?:from (?:the )?\w+ )?by\s+(?P<name>.+?)\.?$", re.I)
NAVIGATION = re.compile(r"^(Click here|Return to|Back to)\b", re.I)
WHOLE_PAREN = re.compile(r"^\((?P<text>[^()]+(?:\([^()]*\)[^()]*)*)\)$")


class ArchivePageReader(Reader):
    name = "archive-page"
    description = "archive web page: covering letters, records, archival references, translator credits"

    def detect(self, source: Source) -> float:
        text = source.text
        score = 0.0
        score += 0.35 if re.search(r"^\s*To Comrade", text, re.M) else 0
        score += 0.35 if re.search(r"^\s*Translated (from .* )?by", text, re.M) else 0
        score += 0.2 if re.search(r"^\s*(RGASPI|APRF|AVP RF)\b", text, re.M) else 0
        score += 0.1 if NAVIGATION.search(text) else 0
        return score

    def read(self, source: Source, env: ReadEnv) -> ReadResult:
        paras = split_paras(source.lines)
        dropped: list[Dropped] = []
        diagnostics: list[Diagnostic] = []
        page_title = " ".join(paras[0].lines) if paras else None
        ends = [i for i, p in enumerate(paras) if TRANSLATED.match(" ".join(p.lines))]
        if not ends:
            ends = [len(paras) - 1]
        versions: list[Version] = []
        used: set[int] = set()
        start = 1
        for index, end in enumerate(ends, 1):
            record = paras[start:end + 1]
            version, record_used = self._record(source, env, index, record, page_title, paras[0].line_nos, diagnostics)
            used |= record_used
            versions.append(version)
            start = end + 1
        for para in paras[start:]:
            text = " ".join(para.lines)
            reason = "site navigation" if NAVIGATION.match(text) else "text after the last record"
            if reason != "site navigation":
                diagnostics.append(Diagnostic("convert.left-out", "warning",
                                              f"text after the last record left out: '{text[:60]}'", None,
                                              para.line_nos[0]))
            dropped.append(Dropped(para.line_nos[0], text, reason))
        diagnostics += unused_corrections(env, used, source)
        return ReadResult(self.name, versions, dropped, diagnostics)

    def _record(self, source: Source, env: ReadEnv, index: int, paras: list[RawPara], page_title: str | None,
                title_lines: list[int], diagnostics: list[Diagnostic]) -> tuple[Version, set[int]]:
        texts = [" ".join(p.lines) for p in paras]
        lang = detect_lang(" ".join(texts))
        ctx = BodyContext(env.register, lang, env.meta.corrections)
        prov = Provenance(seed=source.name, page_title=page_title)
        header_lines = list(title_lines)
        # Trailing credits: translator and archival reference go to the header.
        tail = len(paras)
        while tail > 0:
            text = texts[tail - 1]
            m = TRANSLATED.match(text)
            ref = _whole_reference(text) if len(text) < 120 else None
            if m:
                prov.translator = m.group("name").strip()
            elif ref:
                prov.archival.insert(0, ref)
            else:
                break
            header_lines += paras[tail - 1].line_nos
            tail -= 1
        paras, texts = paras[:tail], texts[:tail]
        blocks: list[Block] = []
        i = 0
        # Section headings of the page, then the covering letter.
        letter_at = next((k for k, t in enumerate(texts) if LETTER_TEXT.search(t)), None)
        salute_at = None
        if letter_at is not None:
            salute_at = max((k for k in range(letter_at) if SALUTE.match(texts[k])), default=None)
        heads_end = salute_at if salute_at is not None else (letter_at if letter_at is not None else 0)
        for k in range(heads_end):
            blocks.append(Head(ctx.inline(texts[k], _chunk(paras[k]))))
        i = heads_end
        if letter_at is not None:
            letter = Division("covering-letter")
            if salute_at is not None:
                letter.salute = ctx.inline(texts[salute_at], _chunk(paras[salute_at]))
                i = salute_at + 1
            closer = Closer()
            while i < len(paras):
                chunk = _chunk(paras[i])
                if is_date_line(texts[i]):
                    closer.dateline = ctx.inline(texts[i], chunk)
                    i += 1
                    break
                if WHOLE_PAREN.match(texts[i]) or texts[i].startswith("["):
                    closer.signed.append(ctx.inline(texts[i], chunk))
                else:
                    letter.blocks.append(Para(ctx.inline(texts[i], chunk)))
                i += 1
            if closer.signed or closer.dateline:
                letter.blocks.append(closer)
            blocks.append(letter)
        record = Division("record")
        while i < len(paras) and CLASSIFICATION.match(texts[i]):
            prov.classification.append(texts[i].rstrip("."))
            record.blocks.append(BlockNote(ctx.inline(texts[i], _chunk(paras[i])), type="classification"))
            i += 1
        # Endorsements: from the first whole-line parenthesis after the record's closing matter.
        closing_seen = False
        endorse_at = len(paras)
        for k in range(i, len(paras)):
            closing_seen = closing_seen or is_closing(texts[k])
            if closing_seen and WHOLE_PAREN.match(texts[k]):
                endorse_at = k
                break
        chunks = join_paras(paras[i:endorse_at])
        record.blocks += build_body(chunks, ctx)
        blocks.append(record)
        if endorse_at < len(paras):
            blocks.append(self._endorsements(paras[endorse_at:], texts[endorse_at:], ctx, prov))
        title_block = next((b for b in record.blocks if isinstance(b, Head)), None)
        title = plain_text(title_block.content) if title_block else None
        date_text = next((plain_text(b.content) for b in record.blocks if isinstance(b, Dateline)), None)
        if date_text is None and title:
            date_text = title
        place = find_place(env.register, *[plain_text(b.content) for b in blocks if isinstance(b, Head)], title, page_title)
        version = make_version(source=source, env=env, index=index, lang=lang, role="translation", title=title,
                               date_text=date_text, place=place, provenance=prov, blocks=blocks, ctx=ctx,
                               body_lines=[n for p in paras for n in p.line_nos], header_lines=header_lines)
        diagnostics += ctx.diagnostics
        return version, ctx.used_corrections

    @staticmethod
    def _endorsements(paras: list[RawPara], texts: list[str], ctx: BodyContext, prov: Provenance) -> Division:
        div = Division("endorsements")
        for para, text in zip(paras, texts):
            chunk = _chunk(para)
            m = WHOLE_PAREN.match(text)
            if m and not re.search(r"illegible", text):
                div.blocks.append(BlockNote(ctx.inline(m.group("text"), chunk), type="translator"))
            elif text.startswith("(") and ")" not in text:
                ctx.warn("convert.unmatched-bracket", "unmatched '(' kept as text in a translator's note",
                         para.line_nos[0])
                div.blocks.append(BlockNote(ctx.inline(text, chunk), type="translator"))
            elif CLASSIFICATION.match(text):
                prov.classification.append(text.rstrip("."))
                div.blocks.append(BlockNote(ctx.inline(text, chunk), type="classification"))
            else:
                div.blocks.append(Para(ctx.inline(text, chunk)))
        return div


def _chunk(para: RawPara) -> Chunk:
    return join_paras([para])[0]


def _whole_reference(text: str):
    """The archival reference that is the whole paragraph (a trailing full stop aside), else None: a paragraph
    with more in it than the reference stays in the text, so nothing of it is lost."""
    found = find_archival(text)
    if len(found) != 1:
        return None
    start, end, ref = found[0]
    return ref if not text[:start].strip() and not text[end:].strip(" .;") else None
