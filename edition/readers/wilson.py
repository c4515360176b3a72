"""Wilson Center Digital Archive exports: date, title, Citation, Summary, Original
Language, Contents, then the document — an English translation, or (when Contents
lists "Original Scan") the Russian original followed by its English translation."""

from __future__ import annotations

import re

from ..archival import parse_archival
from ..errors import Diagnostic
from ..model import Dropped, FormWork, Provenance, ReadResult, Version
from ..source import Source
from .base import ReadEnv, Reader, detect_lang, find_place, make_version, unused_corrections
from .structure import BodyContext, build_body, find_label_speakers
from .text import RawPara, join_paras, split_paras

LABELS = ("Citation:", "Summary:", "Original Language:", "Contents:")
CONTENTS_ITEM = re.compile(r"^(Original Scan|Original|Transcript|(Translation|Transcript)\s*-\s*\w+)$", re.I)
URL = re.compile(r"^https?://\S+$")


def _is_furniture(para: RawPara) -> bool:
    """Archive stamps and folio numbers at the top of a scan ('№ 1, II', '- 106', '29')."""
    text = " ".join(para.lines)
    return len(text) <= 12 and not re.search(r"[^\W\d_]{4,}", text)


def furniture_type(text: str) -> str:
    """TEI's fw type of a line of page furniture: a bare number ('29', '29 об.') is the archive's folio number
    (folNum); a number between dashes ('- 106', '– 106 –') a page number of a bound or printed series (pageNum);
    anything else ('№ 1, II': a file's and copy's marks) a header."""
    text = " ".join(text.split())
    if re.fullmatch(r"\d{1,4}(?:\s?(?:об\.?|ob\.?|v|r))?", text):
        return "folNum"
    if re.fullmatch(r"[-–—]\s?\d{1,4}(?:\s?[-–—])?", text):
        return "pageNum"
    return "header"


class WilsonReader(Reader):
    name = "wilson"
    description = "Wilson Center Digital Archive export (Citation / Summary / Contents)"

    def detect(self, source: Source) -> float:
        found = {label for label in LABELS if re.search(rf"^[#*\s]*{re.escape(label)}[*\s]*$", source.text, re.M)}
        return 0.95 if {"Citation:", "Contents:"} <= found else 0.3 * len(found) / len(LABELS)

    def read(self, source: Source, env: ReadEnv) -> ReadResult:
        paras = split_paras(source.lines)
        dropped: list[Dropped] = []
        diagnostics: list[Diagnostic] = []
        sections: dict[str, list[RawPara]] = {"": []}
        current = ""
        body_start = len(paras)
        for i, para in enumerate(paras):
            text = " ".join(para.lines)
            if text in LABELS:
                current = text
                sections[current] = []
                dropped.append(Dropped(para.line_nos[0], text, "section label of the export (its content is in the header)"))
                continue
            if current == "Contents:":
                if CONTENTS_ITEM.match(text):
                    sections[current].append(para)
                    dropped.append(Dropped(para.line_nos[0], text,
                                           "contents label of the export (each part is a <text> of its own)"))
                    continue
                body_start = i
                break
            sections[current].append(para)
        top = sections[""]
        date_text = " ".join(top[0].lines) if top else None
        title = " ".join(top[1].lines) if len(top) > 1 else None
        citation_paras = sections.get("Citation:", [])
        citation = " ".join(" ".join(p.lines) for p in citation_paras if not URL.match(" ".join(p.lines)))
        url = next((" ".join(p.lines) for p in citation_paras if URL.match(" ".join(p.lines))), None)
        header_lines = [n for key in ("", "Citation:", "Summary:", "Original Language:")
                        for p in sections.get(key, []) for n in p.line_nos]
        provenance = self._provenance(source, citation, url, sections)
        provenance.page_title = title
        place = find_place(env.register, title, citation)
        body = paras[body_start:]
        parts = self.split_languages(body)
        has_original = any("original" in " ".join(p.lines).lower() for p in sections.get("Contents:", []))
        versions: list[Version] = []
        used: set[int] = set()
        for index, (lang, part) in enumerate(parts, 1):
            role = "original" if (lang == "ru" and has_original) else "translation"
            part_lines = [n for p in part for n in p.line_nos]
            blocks = []
            while part and lang == "ru" and _is_furniture(part[0]):
                blocks.append(FormWork(" ".join(part[0].lines), furniture_type(" ".join(part[0].lines))))
                part = part[1:]
            chunks = join_paras(part, page_numbers=(role == "original"))
            ctx = BodyContext(env.register, lang, env.meta.corrections)
            ctx.extra_speakers = find_label_speakers(chunks, env.register, source.text[:5000])
            blocks += build_body(chunks, ctx, points=True)
            used |= ctx.used_corrections
            diagnostics += ctx.diagnostics
            prov = provenance if role == "translation" else Provenance(
                seed=source.name, archival=provenance.archival, classification=provenance.classification,
                original_language=provenance.original_language, page_title=provenance.page_title,
                publisher=provenance.publisher, url=provenance.url, citation=provenance.citation)
            versions.append(make_version(
                source=source, env=env, index=index, lang=lang, role=role, title=title, date_text=date_text,
                place=place, provenance=prov, blocks=blocks, ctx=ctx,
                body_lines=part_lines,
                header_lines=header_lines))
        diagnostics += unused_corrections(env, used, source)
        return ReadResult(self.name, versions, dropped, diagnostics)

    @staticmethod
    def _provenance(source: Source, citation: str, url: str | None, sections: dict) -> Provenance:
        prov = Provenance(seed=source.name, citation=citation or None, url=url)
        m = re.search(r"Wilson Center Digital Archive", citation)
        if m:
            prov.publisher = m.group(0)
            rest = citation[m.end():]
            ref_text = re.split(r"\.\s+(?:Translated|Obtained|Contributed)\b", rest)[0].strip(" ,.")
            ref = parse_archival(ref_text)
            if ref:
                prov.archival.append(ref)
        t = re.search(r"Translated by ([^.]+?)\.", citation)
        if t:
            prov.translator = t.group(1).strip()
        o = re.search(r"Obtained by ([^.]+?)\.", citation)
        if o:
            prov.obtained_by = [o.group(1).strip()]
        prov.summary = [" ".join(p.lines) for p in sections.get("Summary:", [])]
        lang = sections.get("Original Language:", [])
        if lang:
            prov.original_language = " ".join(lang[0].lines)
        return prov

    @staticmethod
    def split_languages(body: list[RawPara]) -> list[tuple[str, list[RawPara]]]:
        """Cut the body where the script changes (Russian original, then the translation).

        Paragraphs without words (folio numbers) go with the next paragraph that has words;
        a single paragraph in the other script does not start a new part."""
        langs: list[str | None] = [detect_lang(" ".join(p.lines)) if re.search(r"[^\W\d_]{3,}", " ".join(p.lines))
                                   else None for p in body]
        following = None
        for i in range(len(langs) - 1, -1, -1):
            langs[i] = langs[i] or following
            following = langs[i]
        parts: list[tuple[str, list[RawPara]]] = []
        for i, para in enumerate(body):
            lang = langs[i] or (parts[-1][0] if parts else "en")
            lone = 0 < i < len(body) - 1 and langs[i - 1] == langs[i + 1] != lang
            if parts and (parts[-1][0] == lang or lone):
                parts[-1][1].append(para)
            else:
                parts.append((lang, [para]))
        return parts
