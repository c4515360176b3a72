"""The TEI writer: one Conversation (all its language versions) → one TEI P5 document.

The header says everything the transcripts say about the conversation and its
sources, and marks what the editor supplied (``@resp`` + a note). Each language
version is a ``text`` of its own inside ``text/group``.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

from lxml import etree

from .. import __version__
from ..extract.citation import canonical_url
from ..metadata import EDITORIAL_LANG, EditionMeta, editorial_lang
from ..model import (ArchivalRef, DocumentDate, Block, BlockNote, BlockPageBreak, Choice, Closer, Conversation, Dateline, DateRef,
                     Division, FormWork, Gap, Head, Inline, LineBreak, ListBlock, Note, PageBreak, Para, Supplied,
                     Turn, Version)
from ..registers import PersonRegister
from ..validation import add_xml_model

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# The editorial principles of every document (editorialDecl): for each, what a reader needs to know, then how it
# is encoded (a seg of type "encoding" naming elements, attributes and values: the printed edition leaves it
# out, the web page and the TEI keep it).
ENCODING_PRINCIPLES = [
    ("correction", "Typographical errors of the scan are left as they stand. Only sure typos are corrected, by "
                   "the editors: the source's reading is kept beside the correction, and the evidence for each "
                   "correction is recorded.",
     "Encoded as <gi>choice</gi> with <gi>sic</gi> and <gi>corr</gi>, <att>resp</att> naming the editors; the "
     "evidence is a <gi>note</gi> of <att>type</att> <val>correction</val> in <gi>notesStmt</gi> pointing to the "
     "<gi>choice</gi>."),
    ("normalization", "Spelling, transliteration and punctuation of each source are kept. Markdown decoration "
                      "of web exports is removed.", ""),
    ("hyphenation", "Words hyphenated at line end in the scan are joined, and the break is recorded.",
     "Encoded as <gi>lb</gi> with <att>break</att> <val>no</val> and <att>rend</att> <val>hyphen</val>."),
    ("segmentation", "The printed page numbers of the scan, and the new pages of a typescript (a run of blank "
                     "lines), are recorded where they fall. A paragraph break of the source that interrupts a "
                     "sentence is joined, and recorded.",
     "A page is <gi>pb</gi>, its printed number in <att>n</att>; a joined paragraph break is <gi>lb</gi> of "
     "<att>type</att> <val>paragraph-split</val>."),
    ("interpretation", "Square-bracketed insertions of translators and archivists are kept as words supplied, "
                       "illegible passages as the source describes them, and a bracketed question mark ending a "
                       "question as punctuation supplied. Speaker labels are kept as printed, each turn linked to "
                       "its participant.",
     "Encoded as <gi>supplied</gi>, <gi>gap</gi> and <gi>supplied</gi> of <att>reason</att> "
     "<val>punctuation</val>; the labels in <gi>speaker</gi>, the turn's participant in <att>who</att> of "
     "<gi>sp</gi>."),
]


def tei(tag: str, parent: etree._Element | None = None, text: str | None = None, **attrs: str | None) -> etree._Element:
    """Make a TEI element; ``xml_id``/``xml_lang`` become xml:id/xml:lang; None attributes are skipped."""
    name = f"{{{TEI_NS}}}{tag}"
    el = etree.SubElement(parent, name) if parent is not None else etree.Element(name, nsmap={None: TEI_NS})
    for key, value in attrs.items():
        if value is None:
            continue
        if key.startswith("xml_"):
            key = f"{{{XML_NS}}}{key[4:]}"
        el.set(key.rstrip("_").replace("_", "-") if not key.startswith("{") else key, value)
    if text:
        el.text = text
    return el


def _append_text(el: etree._Element, text: str) -> None:
    try:
        last = el[-1]  # found from the end: len(el) would count a long paragraph's children at every string
    except IndexError:
        el.text = (el.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def slug(text: str) -> str:
    text = text.lower().replace("ё", "е")
    return re.sub(r"[^a-z0-9а-я]+", "-", text).strip("-") or "x"


def translated_from(prov, edition: EditionMeta) -> str:
    """'translated from the Russian by', naming the stated original language (else the edition's originals')."""
    stated = (prov.original_language or "").split()
    language = stated[0].capitalize() if stated else edition.language_name(edition.original_language)
    return f"translated from the {language} by"


def _translator_ids(names) -> dict[str, str]:
    """'tr-<surname>' per translator; two translators of one surname are told apart by a number."""
    ids: dict[str, str] = {}
    for name in dict.fromkeys(n for n in names if n):
        base = f"tr-{slug(name.split()[-1])}"
        ident, n = base, 2
        while ident in ids.values():
            ident, n = f"{base}-{n}", n + 1
        ids[name] = ident
    return ids


def _unfilled_note(edition: EditionMeta, keys: list[str]) -> str:
    """What the header must not pass off as fact: the project file's keys that still hold a placeholder or are
    missing. Why in the header: a reader of the TEI alone would otherwise take 'The edition project team' for the
    editors' name."""
    shown = {"editors": f"editors ({', '.join(repr(e) for e in edition.editors) or 'none'})",
             "publisher": f"publisher ({edition.publisher!r})", "contact": "contact"}
    return ("Not yet filled in by the editors in the edition's project file (edition.toml): "
            f"{', '.join(shown.get(k, k) for k in keys)}. The names given here are placeholders, not the names of "
            "the persons responsible for the edition.")


def long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


class TeiWriter:
    """Writes a Conversation as a TEI element tree."""

    def __init__(self, edition: EditionMeta, register: PersonRegister):
        self.edition = edition
        self.register = register

    # ------------------------------------------------------------ document

    def write(self, conv: Conversation) -> etree._ElementTree:
        # the document's language is its first text's (the original's, when there is one: issue 9); the header,
        # in the editors' English, says so itself when that differs
        root = tei("TEI", xml_lang=conv.versions[0].lang if conv.versions else EDITORIAL_LANG)
        self.translator_ids = _translator_ids(v.provenance.translator for v in conv.versions)
        self._known = {p.id for p in conv.participants}
        self._header(root, conv)
        outer = tei("text", root)
        group = tei("group", outer)
        self._corrections: dict[tuple, list[str]] = {}  # (version, sic, corr, evidence) -> the choices' ids
        for version in conv.versions:
            self._text(group, version)
        self._correction_notes(root)
        # Oxygen and other editors validate against our RNG and Schematron on opening (build/schema/)
        return add_xml_model(etree.ElementTree(root))

    def _editor_resp(self) -> str | None:
        """The editors as a responsibility (@resp); None (no attribute) for an edition that names no editor."""
        return " ".join(f"#ed{i}" for i in range(1, len(self.edition.editors) + 1)) or None

    # ------------------------------------------------------------ header

    def _header(self, root: etree._Element, conv: Conversation) -> None:
        header = tei("teiHeader", root, xml_lang=editorial_lang(root))
        file_desc = tei("fileDesc", header)
        title_stmt = tei("titleStmt", file_desc)
        supplied = {fact.field for v in conv.versions for fact in v.editorial}
        tei("title", title_stmt, conv.title, type="main", resp=self._editor_resp() if "title" in supplied else None)
        sub = ", ".join(x for x in (long_date(conv.date) if conv.date else None, conv.place) if x)
        if sub:
            tei("title", title_stmt, sub, type="sub")
        for i, name in enumerate(self.edition.editors, 1):
            tei("editor", title_stmt, name, xml_id=f"ed{i}")
        for name, ident in self.translator_ids.items():
            resp = tei("respStmt", title_stmt)
            prov = next(v.provenance for v in conv.versions if v.provenance.translator == name)
            tei("resp", resp, translated_from(prov, self.edition))
            tei("persName", resp, name, xml_id=ident)
        pub = tei("publicationStmt", file_desc)
        tei("publisher", pub, self.edition.publisher)
        if self.edition.publisher_place:
            tei("pubPlace", pub, self.edition.publisher_place)
        if self.edition.contact:  # where readers write to the edition (edition.toml's contact)
            tei("addrLine", tei("address", pub), self.edition.contact)
        tei("idno", pub, conv.key, type="edition")
        avail = tei("availability", pub)
        tei("licence", avail, self.edition.licence, target=self.edition.licence_url or None)
        tei("date", pub, self.edition.year, when=self.edition.year if re.fullmatch(r"\d{4}", self.edition.year) else None)
        facts: dict[tuple, list[str]] = {}
        for version in conv.versions:
            for fact in version.editorial:
                facts.setdefault((fact.field, fact.value, fact.note), []).append(version.id)
        unfilled = self.edition.placeholders
        if facts or unfilled:
            notes = tei("notesStmt", file_desc)
            if unfilled:
                tei("note", notes, _unfilled_note(self.edition, unfilled), type="editorial")
            for (name, value, note), ids in facts.items():
                tei("note", notes, f"{name.replace('_', ' ').capitalize()} of {', '.join(ids)} ({value}) supplied "
                    f"by the editors: {note}", type="editorial", resp=self._editor_resp())
        self._source_desc(file_desc, conv)
        self._encoding_desc(header)
        self._profile_desc(header, conv, "date" in supplied, "place" in supplied)
        rev = tei("revisionDesc", header)
        seeds = ", ".join(dict.fromkeys(v.provenance.seed for v in conv.versions))
        tei("change", rev, f"Converted from {seeds} by edition {__version__}.")

    def _source_desc(self, file_desc: etree._Element, conv: Conversation) -> None:
        source_desc = tei("sourceDesc", file_desc)
        # one msDesc per archival file: a file cited under its current signature by one transcript and (as the
        # editors decided, with evidence) under its former one by another is one, the former as altIdentifier
        chosen: dict[tuple, ArchivalRef] = {}
        for version in conv.versions:
            for ref in version.provenance.archival:
                if ref.key not in chosen or (ref.former is not None and chosen[ref.key].former is None):
                    chosen[ref.key] = ref
        dated: dict[tuple, list[tuple[str, str, dict]]] = {}  # when the archival documents were written and signed
        for version in conv.versions:
            found = document_dates(version.blocks, conv.date)
            if found and version.provenance.archival:
                dated.setdefault(version.provenance.archival[0].key, found)
        ms_ids: dict[tuple, str] = {}
        for key, ref in chosen.items():
            ms_ids[key] = f"ms{len(ms_ids) + 1}"
            self._ms_desc(source_desc, ref, ms_ids[key], dated.get(key, []))
        # an archive's citation that credits the translator is the translation's: the original's bibl leaves it to
        # the translation's (the Russian scan was not "Translated by Danny Rozas")
        translations_cited = {v.provenance.citation for v in conv.versions
                              if v.role == "translation" and v.provenance.citation}
        for version in conv.versions:
            prov = version.provenance
            corresp = " ".join(f"#{ms_ids[r.key]}" for r in prov.archival) or None
            bibl = tei("bibl", source_desc, xml_id=f"src-{version.id}", type=version.role, corresp=corresp)
            tei("title", bibl, prov.page_title or version.title or conv.title)
            given = {fact.field for fact in version.editorial}  # what the editors supplied is theirs (@resp)
            resp = {key: self._editor_resp() if key in given else None for key in ("publisher", "published", "url")}
            if prov.publisher:
                tei("publisher", bibl, prov.publisher, resp=resp["publisher"])
            if prov.published:
                tei("date", bibl, prov.published, resp=resp["published"])
            url = canonical_url(prov.url) if prov.url else None
            if url:
                tei("ptr", bibl, target=url, resp=resp["url"])
            if prov.translator:
                resp = tei("respStmt", bibl)
                tei("resp", resp, translated_from(prov, self.edition))
                tei("persName", resp, prov.translator, ref=f"#{self.translator_ids[prov.translator]}")
            if prov.obtained_by:
                resp = tei("respStmt", bibl)
                tei("resp", resp, "obtained by")
                for name in prov.obtained_by:
                    tei("persName", resp, name)
            tei("idno", bibl, prov.seed, type="transcript")
            tei("textLang", bibl, self.edition.language_name(version.lang), mainLang=version.lang)
            for ref in prov.archival:  # as the transcript writes it (not the editors' current signature)
                written = ref.former if ref.evidence and ref.former is not None else ref
                tei("note", bibl, written.raw, type="archival-reference")
            if prov.published_in:
                tei("note", bibl, prov.published_in, type="published-in")
            if prov.citation and not (version.role == "original" and prov.citation in translations_cited):
                tei("note", bibl, prov.citation, type="citation")
            if prov.original_language:
                tei("note", bibl, prov.original_language, type="original-language")
            if prov.summary:
                summary = tei("note", bibl, type="summary")
                for para in prov.summary:
                    tei("p", summary, para)
            for fact, why in prov.not_established.items():  # said plainly, not guessed
                label = {"archival": "Archival reference", "published": "Date of publication", "url": "Address",
                         "source": "Source"}.get(fact, fact.capitalize())
                tei("note", bibl, f"{label}: not established. {why}",
                    type="not-established", resp=self._editor_resp())
            if url and url != prov.url:
                tei("note", bibl, f"The transcript gives the address {prov.url}, a copy of the archive's site; the "
                    f"archive's own address of the document ({url}) is given instead.", type="url-as-found",
                    resp=self._editor_resp())

    def _ms_desc(self, parent: etree._Element, ref: ArchivalRef, ident: str,
                 dates: list[tuple[str, str, dict]] = ()) -> None:
        """The archival original. msIdentifier: the reference's parts in the archive's hierarchy (fond, opis,
        papka, por, delo, tom) as typed idno, then the reference as written; a former signature as
        altIdentifier[@type='former'] (TEI allows it one idno: the signature as written, its parts marked
        inside). The folios as msItem/locus, several ranges ('ll. 5, 7-9') as a locusGrp. The settlement is the
        city of the archive's register entry (org[@type='archive']/location/settlement), found by the entity index."""
        from ..archival import HIERARCHY

        def place(el: etree._Element, r: ArchivalRef) -> None:
            settlement = self.register.index.archive_city(r.repository)
            if settlement:
                tei("settlement", el, settlement)
            tei("repository", el, r.repository)

        def folio(value: str) -> str:  # the normalised form for @from/@to: '12 ob.' -> '12ob', '23а' -> '23a'
            value = re.sub(r"[\s.]", "", value.lower()).replace("об", "ob")
            return value.translate(str.maketrans("абвгдезиклмнопрстуфх", "abvgdeziklmnoprstufh"))

        ms = tei("msDesc", parent, xml_id=ident)
        ms_id = tei("msIdentifier", ms)
        place(ms_id, ref)
        for kind in HIERARCHY:
            value = getattr(ref, kind)
            if value:
                tei("idno", ms_id, value, type=kind)
        tei("idno", ms_id, ref.raw, type="reference")
        former = ref.former
        if former is not None:
            alt = tei("altIdentifier", ms_id, type="former")
            if former.repository != "unknown":  # none written: TEI takes the msIdentifier's repository
                place(alt, former)
            idno = tei("idno", alt, type="reference")
            done, last = 0, None
            for kind, start, end in former.spans:
                if kind not in HIERARCHY:
                    continue
                if last is None:
                    idno.text = former.raw[done:start] or None
                else:
                    last.tail = former.raw[done:start] or None
                last = tei("idno", idno, former.raw[start:end], type=kind)
                done = end
            if last is None:
                idno.text = former.raw
            else:
                last.tail = former.raw[done:] or None
        if ref.folio_ranges:
            item = tei("msItem", tei("msContents", ms))
            holder = tei("locusGrp", item) if len(ref.folio_ranges) > 1 else item
            for start, end in ref.folio_ranges:
                tei("locus", holder, f"ll. {start}–{end}" if start != end else f"l. {start}",
                    from_=folio(start), to=folio(end))
            original = self.edition.original_language  # an archive's file holds the original
            tei("textLang", item, self.edition.language_name(original), mainLang=original)
        if dates:  # the document's own dates (a covering letter's, a signature's), as written, normalised
            origin = tei("origin", tei("history", ms))
            for n, (label, text, attrs) in enumerate(dates):
                _append_text(origin, ("; " if n else "") + f"{label} ")
                tei("origDate", origin, text, type=attrs.pop("type"), **attrs)
            _append_text(origin, ".")
        if ref.evidence and former is not None:  # the editors' identification of the two signatures, with its sources
            history = tei("custodialHist", tei("adminInfo", tei("additional", ms)))
            tei("custEvent", history, f"Kept formerly as {former.raw}, now as {ref.raw}: {ref.evidence}",
                type="transfer", resp=self._editor_resp())

    def _encoding_desc(self, header: etree._Element) -> None:
        enc = tei("encodingDesc", header)
        project = tei("projectDesc", enc)
        tei("p", project, f"{self.edition.title}. {self.edition.subtitle}".strip(" ."))
        decl = tei("editorialDecl", enc)
        for tag, words, encoding in ENCODING_PRINCIPLES:
            el = tei(tag, decl, eol="some") if tag == "hyphenation" else tei(tag, decl)
            para = tei("p", el, words)
            if encoding:
                para.text += " "
                para.append(etree.fromstring(f'<seg xmlns="{TEI_NS}" type="encoding">{encoding}</seg>'))
        for text in self.edition.principles:
            tei("p", tei("interpretation", decl), text)

    def _profile_desc(self, header: etree._Element, conv: Conversation, date_supplied: bool,
                      place_supplied: bool) -> None:
        profile = tei("profileDesc", header)
        usage = tei("langUsage", profile)
        for lang in dict.fromkeys(v.lang for v in conv.versions):
            tei("language", usage, self.edition.language_name(lang), ident=lang)
        self._creation(profile, conv)
        conversation = any(v.is_conversation for v in conv.versions)
        if conversation and (conv.date or conv.place):
            setting = tei("setting", tei("settingDesc", profile))
            if conv.place:
                tei("placeName", setting, conv.place, resp=self._editor_resp() if place_supplied else None)
            if conv.date:
                detail = next((v.date_detail for v in conv.versions if v.date_detail), None)
                self._date(setting, conv.date, detail, resp=self._editor_resp() if date_supplied else None)
        if conv.participants:
            persons = tei("listPerson", tei("particDesc", profile))
            for part in conv.participants:
                entity = self.register.persons.get(part.id)
                if entity is not None:  # the register's entry, whole: names, variants, dates, Wikidata id
                    person = copy.deepcopy(entity.element)
                    person.tail = None
                    person.set("role", part.role)
                    persons.append(person)
                    continue
                person = tei("person", persons, xml_id=part.id, role=part.role)
                for lang, name in part.names.items():
                    tei("persName", person, name, xml_lang=lang)
                tei("note", person, "Not in the edition's register of persons.", type="editorial")
        classes = list(dict.fromkeys(c for v in conv.versions for c in v.provenance.classification))
        if classes:
            keywords = tei("keywords", tei("textClass", profile))
            for cls in classes:
                tei("term", keywords, cls, type="classification")

    @staticmethod
    def _date(parent: etree._Element, day: dt.date, detail: DocumentDate | None, resp: str | None = None) -> None:
        """A date element: a day, or a range of days; @cert when its year was inferred."""
        if detail and detail.to and detail.when == day:
            tei("date", parent, f"{long_date(day)} – {long_date(detail.to)}", from_=day.isoformat(),
                to=detail.to.isoformat(), cert=detail.cert, resp=resp)
        else:
            tei("date", parent, long_date(day), when=day.isoformat(),
                cert=detail.cert if detail and detail.when == day else None, resp=resp)

    def _creation(self, profile: etree._Element, conv: Conversation) -> None:
        """When the document was written (a cable, report or letter), and who sent it to whom."""
        def written_on(version: Version) -> DocumentDate | None:
            return version.document_date or (None if version.is_conversation or not version.date else
                                             DocumentDate(version.date, version.date_text or ""))

        # the first version that says when it was written or by whom to whom (all versions share these facts)
        version = next((v for v in conv.versions if written_on(v) or v.authors or v.addressees), None)
        if version is None:
            return
        written = written_on(version)
        if written is not None:
            self._date(tei("creation", profile), written.when, written)
        if version.authors or version.addressees:
            corresp = tei("correspDesc", profile)
            for kind, people in (("sent", version.authors), ("received", version.addressees)):
                if not people:
                    continue
                action = tei("correspAction", corresp, type=kind)
                for person in people:
                    tei("persName", action, person.written,
                        ref=f"#{person.id}" if person.registered and person.id in self._known else None)
                if kind == "sent" and written is not None:
                    self._date(action, written.when, written)

    def _correction_notes(self, root: etree._Element) -> None:
        """One note per correction of the metadata in notesStmt, pointing (@target) to the choices it made, with
        the editors' evidence: a reader of a corr can see why the source's reading is taken for a typo."""
        if not self._corrections:
            return
        file_desc = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc")
        notes = file_desc.find(f"{{{TEI_NS}}}notesStmt")
        if notes is None:
            notes = tei("notesStmt")
            file_desc.find(f"{{{TEI_NS}}}publicationStmt").addnext(notes)
        for (version, sic, corr, evidence), ids in self._corrections.items():
            times = f" ({len(ids)} times)" if len(ids) > 1 else ""
            why = evidence or "no evidence is given in the document's metadata."
            tei("note", notes, f"Correction in {version}: the source reads '{sic}'{times}, corrected by the editors to "
                f"'{corr}'. Evidence: {why}", type="correction", target=" ".join(f"#{i}" for i in ids),
                resp=self._editor_resp())

    # ------------------------------------------------------------ texts

    def _text(self, group: etree._Element, version: Version) -> None:
        text = tei("text", group, xml_id=version.id, xml_lang=version.lang, type=version.role,
                   decls=f"#src-{version.id}")
        self._version_id = version.id
        # whose pages a page break is: the version's source (the scan of the original, the published
        # translation's PDF), the bibl its @decls names (issue 9: never an unlabelled pb)
        self._pages_of = f"#src-{version.id}"
        self._resp = (f"#{self.translator_ids[version.provenance.translator]}"
                      if version.provenance.translator else None)
        body = tei("body", text)
        blocks = version.blocks
        # the end of the document printed before this one: a division beside the record, not in it
        lead = 1 if blocks and isinstance(blocks[0], Division) and blocks[0].type == "preceding-document" else 0
        if not any(isinstance(b, Division) and b.type == "record" for b in blocks):
            blocks = blocks[:lead] + [Division("record", list(blocks[lead:]))]
        for block in blocks:
            self._block(body, block)

    def _block(self, parent: etree._Element, block: Block) -> None:
        if isinstance(block, Head):
            self._inline(tei("head", parent), block.content)
        elif isinstance(block, Dateline):
            self._inline(tei("dateline", parent), block.content)
        elif isinstance(block, Para):
            self._inline(tei("ab", parent, type=block.type) if block.type else tei("p", parent), block.content)
        elif isinstance(block, FormWork):
            tei("fw", parent, block.text, type=block.type)
        elif isinstance(block, BlockPageBreak):
            tei("pb", parent, n=block.n, cert=block.cert, edRef=self._pages_of)
            for furniture in block.furniture:
                tei("fw", parent, furniture.text, type=furniture.type)
        elif isinstance(block, BlockNote):
            self._inline(tei("note", parent, type=block.type), block.content)
        elif isinstance(block, Turn):
            sp = tei("sp", parent, who=f"#{block.who}")
            tei("speaker", sp, block.label)
            for para in block.paras or [[]]:
                self._inline(tei("p", sp), para)
        elif isinstance(block, Closer):
            closer = tei("closer", parent)
            if block.salute:
                self._inline(tei("salute", closer), block.salute)
            for signed in block.signed:
                self._inline(tei("signed", closer), signed)
            if block.dateline:
                self._inline(tei("dateline", closer), block.dateline)
        elif isinstance(block, Division):
            div = tei("div", parent, type=block.type, n=block.n)
            if block.salute:
                self._inline(tei("salute", tei("opener", div)), block.salute)
            children = _in_order(block.blocks) if _has_content(block.blocks) else _as_blocks(block.blocks)
            for child in children:
                self._block(div, child)
        elif isinstance(block, ListBlock):
            lst = tei("list", parent, type="ordered")
            for n, content in block.items:
                self._inline(tei("item", lst, n=n), content)
        else:  # pragma: no cover - the model is closed
            raise TypeError(f"unknown block {block!r}")

    def _inline(self, parent: etree._Element, items: list[Inline]) -> None:
        for item in items:
            if isinstance(item, str):
                _append_text(parent, item)
            elif isinstance(item, Supplied):
                self._inline(tei("supplied", parent, reason=item.reason, resp=self._resp, cert=item.cert,
                                 xml_lang=item.lang), item.content)
            elif isinstance(item, Gap):
                gap = tei("gap", parent, reason=item.reason, unit=item.unit)
                if item.desc:
                    tei("desc", gap, item.desc)
            elif isinstance(item, Choice):
                ids = self._corrections.setdefault((self._version_id, item.sic, item.corr, item.evidence), [])
                number = sum(len(v) for k, v in self._corrections.items() if k[0] == self._version_id) + 1
                ids.append(f"{self._version_id}-corr{number}")
                choice = tei("choice", parent, xml_id=ids[-1])
                tei("sic", choice, item.sic)
                tei("corr", choice, item.corr, resp=self._editor_resp())
            elif isinstance(item, PageBreak):
                tei("pb", parent, n=item.n, cert=item.cert, edRef=self._pages_of)
                for furniture in item.furniture:
                    tei("fw", parent, furniture.text, type=furniture.type)
            elif isinstance(item, LineBreak):
                if item.hyphen:
                    tei("lb", parent, break_="no", rend="hyphen")
                else:
                    tei("lb", parent, type=item.kind)
            elif isinstance(item, Note):
                resp = self._editor_resp() if item.type == "editorial" else self._resp
                self._inline(tei("note", parent, type=item.type, n=item.n, resp=resp, place="inline"), item.content)
            elif isinstance(item, DateRef):
                if item.kind == "date":
                    tei("date", parent, item.text, when=item.when)
                elif item.kind == "time":
                    tei("time", parent, item.text, when=item.when)
                else:
                    tei("time", parent, item.text, dur=item.when)
            else:  # pragma: no cover
                raise TypeError(f"unknown inline {item!r}")


def document_dates(blocks: list[Block], context: dt.date | None) -> list[tuple[str, str, dict]]:
    """When the archival document was written and signed, as it says: a covering letter's closing dateline
    ('31st of December 1949') and a date written beside a signature ('[signature illegible 31/XII]': its year the
    one nearest the conversation, @cert medium). Each as (label, text as written, attributes of origDate).
    Why: these dates are the document's, not the conversation's, and belong in its description (msDesc/history)."""
    from ..entities.datetimes import find_datetimes

    found: list[tuple[str, str, dict]] = []

    def dates_in(items: list[Inline], label: str, kind: str) -> None:
        text = "".join(i if isinstance(i, str) else getattr(i, "text", "") for i in items)
        for span in find_datetimes(text, context):
            attrs = dict(span.attrs)
            if span.tag == "date" and "when" in attrs and len(attrs["when"]) == 10:
                found.append((label, text[span.start:span.end], {"type": kind, **attrs}))
                return

    def walk(items: list[Block], division: str | None) -> None:
        for block in items:
            if isinstance(block, Division):
                walk(block.blocks, block.type)
            elif isinstance(block, Closer):
                if division == "covering-letter" and block.dateline:
                    dates_in(block.dateline, "Covering letter dated", "covering-letter")
                for line in block.signed:
                    unread = next((i for i, item in enumerate(line) if isinstance(item, Gap) and item.unit == "signature"),
                                  None)
                    if unread is not None:
                        dates_in(line[unread + 1:], "record signed" if division in ("record", "closing") else
                                 "signed", "signature")

    walk(blocks, None)
    return found


CONTENT_BLOCKS = (Para, Turn, Division, ListBlock)


def _has_content(blocks: list[Block]) -> bool:
    return any(isinstance(b, CONTENT_BLOCKS) for b in blocks)


def _in_order(blocks: list[Block]) -> list[Block]:
    """TEI puts a division's headings and datelines before its content and its closers after it: one that stands
    elsewhere in the source (a heading after a paragraph) is written as a typed block where it stands, so the
    order of the source is kept and the TEI stays valid."""
    content = [i for i, b in enumerate(blocks) if isinstance(b, CONTENT_BLOCKS)]
    first, last = content[0], content[-1]
    out: list[Block] = []
    for i, block in enumerate(blocks):
        misplaced = (isinstance(block, (Head, Dateline)) and i > first) or (isinstance(block, Closer) and i < last)
        out += _as_blocks([block]) if misplaced else [block]
    return out


def _as_blocks(blocks: list[Block]) -> list[Block]:
    """A division with nothing but headings or signatures (a degenerate transcript) would not
    be valid TEI: its headings, datelines and signatures are written as typed blocks instead."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Head):
            out.append(Para(block.content, type="head"))
        elif isinstance(block, Dateline):
            out.append(Para(block.content, type="dateline"))
        elif isinstance(block, Closer):
            out += [Para(line, type="signed") for line in block.signed]
            if block.dateline:
                out.append(Para(block.dateline, type="dateline"))
        else:
            out.append(block)
    return out


# Elements whose content is elements only (in TEI and in our output): indenting them is safe.
# Everything else may hold text, where added whitespace would change the content.
STRUCTURAL = {f"{{{TEI_NS}}}{t}" for t in (
    "TEI teiHeader fileDesc titleStmt publicationStmt address availability notesStmt sourceDesc msDesc msIdentifier "
    "msContents msItem bibl respStmt encodingDesc projectDesc editorialDecl correction normalization "
    "hyphenation segmentation interpretation profileDesc langUsage creation correspDesc correspAction settingDesc "
    "altIdentifier locusGrp additional adminInfo custodialHist history "
    "setting particDesc listPerson "
    "person place org listPlace listOrg location textClass keywords revisionDesc text group front body back div "
    "sp closer opener list standOff linkGrp listBibl").split()}


def indent_structure(el: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; mixed content (p, head, signed...) is left byte for byte."""
    if el.tag not in STRUCTURAL or not len(el) or (el.text or "").strip() or any((c.tail or "").strip() for c in el):
        return
    el.text = "\n" + " " * (level + 1)
    for child in el:
        child.tail = "\n" + " " * (level + 1)
        indent_structure(child, level + 1)
    el[-1].tail = "\n" + " " * level


def serialise(tree: etree._ElementTree) -> bytes:
    indent_structure(tree.getroot())
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
