"""Fragments of minutes that start at 'Present:' (no title, no date), with speakers in
capitals ('STALIN answers that…'), hard-wrapped lines, and closing times and signatures.
The title and date must come from the document's metadata file."""

from __future__ import annotations

import re

from ..errors import Diagnostic
from ..model import Para, Provenance, ReadResult
from ..source import Source
from .base import ReadEnv, Reader, detect_lang, make_version, unused_corrections
from .structure import LABEL_CAPS, BodyContext, build_body, is_closing
from .text import LB, RawPara, join_paras, split_paras, split_wrapped

PRESENT = re.compile(r"^\s*(Present|Присутствовали)\s*:", re.I)


class FragmentReader(Reader):
    name = "fragment"
    description = "fragment of minutes starting at 'Present:', speakers in capitals"

    def detect(self, source: Source) -> float:
        return 0.95 if PRESENT.match(source.text.lstrip("\ufeff")) else 0.0

    def read(self, source: Source, env: ReadEnv) -> ReadResult:
        paras = split_paras(source.lines)
        lang = detect_lang(source.text)
        ctx = BodyContext(env.register, lang, env.meta.corrections)
        diagnostics: list[Diagnostic] = []
        blocks = []
        body_lines: list[int] = []
        if paras and PRESENT.match(paras[0].lines[0]):
            present = paras.pop(0)
            body_lines += present.line_nos
            chunk = join_paras([RawPara(present.lines, present.line_nos, 0, heading=True)])[0]
            blocks.append(Para(ctx.inline(chunk.text, chunk), type="attendance"))
            ctx.add(ctx.present, ctx.names(chunk.plain))
        width = max((len(line) for p in paras for line in p.lines), default=80)

        def starts_new(line: str) -> bool:
            m = LABEL_CAPS.match(line)
            return bool(m and m.group("name").isupper() and env.register.index.resolve(m.group("name"))) or is_closing(line)

        wrapped = [part for para in paras for part in split_wrapped(para, width, starts_new)]
        blocks += build_body(join_paras(wrapped), ctx)
        meta = env.meta.for_record(1)
        if not (meta.title and meta.date):
            diagnostics.append(Diagnostic("meta.fragment-undated", "warning",
                                          f"a fragment has no title or date of its own: give them in "
                                          f"<meta>/{source.path.stem}.toml, in the project's meta folder ([[record]] index = 1, title, date)"))
        version = make_version(source=source, env=env, index=1, lang=lang, role="translation", title=None,
                               date_text=None, place=None, provenance=Provenance(seed=source.name), blocks=blocks,
                               ctx=ctx, body_lines=body_lines + [n for p in wrapped for n in p.line_nos], header_lines=[])
        diagnostics += ctx.diagnostics + unused_corrections(env, ctx.used_corrections, source)
        return ReadResult(self.name, [version], [], diagnostics)


__all__ = ["FragmentReader", "LB"]
