"""Memoranda: a title heading, a date line, first-person narrative in numbered points,
closing lines (duration, who was present) and the author's signature."""

from __future__ import annotations

import re

from ..model import Provenance, ReadResult
from ..source import Source
from .base import ReadEnv, Reader, detect_lang, find_place, make_version, unused_corrections
from .structure import BodyContext, build_body
from .text import join_paras, split_paras
from ..dates import is_date_line


class MemorandumReader(Reader):
    name = "memorandum"
    description = "memorandum or record with numbered points and a closing signature"

    def detect(self, source: Source) -> float:
        text = source.text
        points = len(re.findall(r"^\s*\d{1,2}\.\s+\S", text, re.M))
        title = bool(re.match(r"\s*(#+\s*)?(Record|Memorandum|Запись|Памятная)", text))
        if not title:  # numbered points and 'I said' alone are any report's: the export reader's extractors read more
            return 0.0
        return min(0.85, 0.25 * title + 0.15 * min(points, 3) + 0.15 * bool(re.search(r"\bI (informed|said|noted|asked)\b", text)))

    def read(self, source: Source, env: ReadEnv) -> ReadResult:
        paras = split_paras(source.lines)
        lang = detect_lang(source.text)
        ctx = BodyContext(env.register, lang, env.meta.corrections)
        chunks = join_paras(paras)
        blocks = build_body(chunks, ctx, points=True)
        title = chunks[0].plain if chunks else None
        date_text = next((c.plain for c in chunks[:4] if is_date_line(c.plain)), None)
        version = make_version(source=source, env=env, index=1, lang=lang, role="original", title=title,
                               date_text=date_text, place=find_place(env.register, title), blocks=blocks, ctx=ctx,
                               provenance=Provenance(seed=source.name),
                               body_lines=[n for p in paras for n in p.line_nos], header_lines=[])
        return ReadResult(self.name, [version], [], ctx.diagnostics + unused_corrections(env, ctx.used_corrections, source))
