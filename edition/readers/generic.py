"""The fallback for transcripts in no known layout: paragraphs, a heading if the first
line looks like one, the first date found, 'Name:' speaker labels used more than once."""

from __future__ import annotations

from ..dates import find_dates
from ..errors import Diagnostic
from ..model import Provenance, ReadResult
from ..source import Source
from .base import ReadEnv, Reader, detect_lang, find_place, make_version, unused_corrections
from .structure import BodyContext, build_body, find_label_speakers
from .text import join_paras, split_paras


class GenericReader(Reader):
    name = "generic"
    description = "any other plain-text transcript (paragraphs, dates, 'Name:' labels)"

    def detect(self, source: Source) -> float:
        return 0.1

    def read(self, source: Source, env: ReadEnv) -> ReadResult:
        paras = split_paras(source.lines)
        lang = detect_lang(source.text)
        ctx = BodyContext(env.register, lang, env.meta.corrections)
        chunks = join_paras(paras)
        if chunks and len(chunks[0].plain) < 150 and not chunks[0].plain.endswith((".", ":")) and len(chunks) > 1:
            chunks[0].heading = True
        ctx.extra_speakers = find_label_speakers(chunks, env.register, source.text[:5000])
        blocks = build_body(chunks, ctx, points=True)
        title = chunks[0].plain if chunks and chunks[0].heading else None
        date_text = next((c.plain[s:e] for c in chunks[:6] for s, e, _ in find_dates(c.plain)), None)
        version = make_version(source=source, env=env, index=1, lang=lang, role="original", title=title,
                               date_text=date_text, place=find_place(env.register, title), blocks=blocks, ctx=ctx,
                               provenance=Provenance(seed=source.name),
                               body_lines=[n for p in paras for n in p.line_nos], header_lines=[])
        diagnostics = [Diagnostic("convert.no-layout", "warning",
                                  f"no known layout recognised; converted generically ({len(chunks)} paragraphs)")]
        diagnostics += ctx.diagnostics + unused_corrections(env, ctx.used_corrections, source)
        return ReadResult(self.name, [version], [], diagnostics)
