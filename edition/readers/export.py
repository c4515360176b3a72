"""Any archive export, whatever its layout: normalise, find the front matter, run the extractors.

This reader is a configuration of the extractors in ``edition.extract``: it knows no
particular file. The export is normalised (form feeds, centred cover, one-line dumps),
the cover and labelled fields are read, the citation split into its parts, the body cut
into paragraphs and structure, and each fact (kind, dates, people, provenance) is found
by the extractor made for it.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from typing import Callable

from ..dates import find_dates, is_date_line, ocr_digits, parse_date
from ..errors import Diagnostic
from ..extract.citation import Citation, parse_citation
from ..extract.front import FOOTNOTE_MARK, LABEL, NAME_FIELDS, label_name, Front, read_front
from ..extract.normalise import Line, normalise
from ..extract.people import PeopleFinder, PersonCue, sentences
from ..extract.when import NUMERIC_DATE, conversation_date, document_kind, heading_date, meeting_time, numeric_date
from ..archival import find_archival
from ..model import BlockNote, Division, DocumentDate, Para, PersonRef, Provenance, ReadResult, Version
from ..registers import local_person_name
from ..source import Source
from .base import (ReadEnv, Reader, decided_roles, detect_lang, find_place, make_version, merge_people,
                   unused_corrections)
from .endnotes import attach_page_footnotes, page_footnotes
from .structure import (SIGNATURE, BodyContext, build_body, find_label_speakers, match_speaker, under_signature,
                        with_break)
from .text import Chunk, RawPara, is_upper_text, join_paras
from .wilson import WilsonReader

LANGUAGE_CODES = {"russian": "ru", "english": "en", "chinese": "zh", "russian transcription": "ru"}
RECORD_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:record|memorandum|minutes|notes?) of (?:a |the )?conversation|"
                            r"^\s*(?:from the (?:diary|journal) of|запись беседы|из дневника|cipher telegram|шифртелеграмма|"
                            r"telegram|cable|report)\b", re.I | re.M)
# 'Copy No. 2', 'Экз. № 1', 'Экз. единственный' (the only copy), 'Only copy'
COPY = r"(?:(?:copy|экз\.?)\s*(?:no\.?|№)\s*\d+|экз\.?\s*единственный|(?:only|sole|single) copy)"
CLASSIFICATION = re.compile(r"(?:(?:top |строго )?(?:secret|confidential|совершенно секретно|секретно|сов\. секретно"
                            r"|снятие копий воспрещается|copying (?:is )?prohibited)"
                            r"(?:\s*" + COPY + r")?[.\s]*)+|" + COPY + r"\.?", re.I)
DIARY_HEADING = re.compile(r"^\s*(?:from the (?:diary|journal) of|из дневника)\b", re.I)
SENT = re.compile(r"\b(?:sent|dispatched|отправлена|послана|передана)\b", re.I)
DRAFTED = re.compile(r"\b(?:Drafted|Written|Compiled|Prepared|Составлен[оа]?|Записано)\s+(?:on\s+)?(.{6,30}?\d{4})",
                     re.I)
DOCUMENT_NUMBER = re.compile(r"(?:document|doc\.|документ)?\s*(?:no\.?|№|#)?\s*\d{1,4}\.?", re.I)
INDENTED_LABEL = re.compile(r"^(?:[\u4e00-\u9fff]{1,8}：|[A-ZА-ЯЁ][\w.'’ -]{0,30}:\s)")
BRACKETED = re.compile(r"\[[^\[\]]+\]")  # an editor's description of what is on the page
ADDRESSED = re.compile(r"^(?:To|Товарищу|Тов\.)\s+\S")
TRANSLATED_LINE = re.compile(r"^\[?Translated (?:from (?:the )?\w+ )?by\s", re.I)
SOURCE_LABEL_BEFORE = re.compile(r"\b(?:Source|Sources|Archive|Источник)\s*:\s*$", re.I)
SOURCE_LINE = re.compile(r"^[\[(¹*\d\s]*(?:Source|Sources|Archive|Источник)s?\s*:", re.I)
FUNCTION = re.compile(r"[a-zа-я]|(?:Deputy|Vice|Ambassador|Chairman|Secretary|Minister|Counsel+or|Premier|President|"
                      r"Head|Member|Interpreter|General|Marshal|Commander|Director|Chief|First|Second|Third|Chargé|"
                      r"Attach|Adviser|Advisor|Consul|Officer|Editor|Заместитель|Посол|Председатель|Министр|Секретарь|"
                      r"Советник|Переводчик)\b")
NOT_SIGNED = re.compile(r"(?:Translated|Translation|Source|Copy|Copies|Distribution|Distributed|Sent:?\s*to|Recorded|Записал|Printed|Original|Verified|"
                        r"Переведено|Перевод|Верно|Разослано|Источник)\b", re.I)
# the author speaking: a pronoun, or a cable's verb without a subject ('15 декабря … имел беседу с Гао Ганом')
FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our)\b|\b(?:я|мне|меня|мы|нам|нас)\b|\b(?:имел|имели) (?:беседу|встречу)\b"
                          r"|\bбыл принят\b")
OPENING_SENTENCES = 6
SIGNATURE_WORDS = 12


class ExportReader(Reader):
    name = "export"
    description = "any archive export (Wilson Center PDF text, one-line dump, labelled sheet, plain record)"

    def detect(self, source: Source) -> float:
        head = source.text[:4000]
        if re.search(r"^(?:#+\s*\**|\*\*)(Citation|Summary):", head, re.M):
            return 0.3  # a Markdown web export: the wilson reader's
        labels = {m.group("label") for line in normalise(head).lines if (m := LABEL.match(line.text))}
        if {"Citation", "Contents"} <= labels or len(labels) >= 3:
            return 0.97
        return 0.55 if RECORD_HEADING.search(head[:1500]) else 0.2

    def read(self, source: Source, env: ReadEnv) -> ReadResult:
        norm = normalise(source.text)
        front = read_front(norm.lines)
        given_back = {line.no for line in _unclaimed_fields(front, norm.lines, PeopleFinder(env.register))}
        claimed = set(front.claimed) - given_back  # the record's own fields, but for those that name nobody
        body_lines = [line for line in norm.lines[:front.body_start] if line.no in given_back] + [
            line for line in norm.lines[front.body_start:] if line.no not in claimed]
        if front.body_prefix and body_lines:
            body_lines[0] = Line(front.body_prefix, body_lines[0].no, 0, body_lines[0].page_break)
        diagnostics: list[Diagnostic] = []
        if norm.flattened:
            diagnostics.append(Diagnostic("convert.flattened", "warning", "the export is one long line: its paragraphs "
                                          "and page breaks are lost; the body is kept as one paragraph", str(source.path), 1))
        if not front.fields:
            diagnostics.append(Diagnostic("convert.no-layout", "warning", "no known layout recognised (no cover or "
                                          "labelled fields); read by the general extractors", str(source.path)))
        citation = parse_citation(front.value("Citation") or front.value("Source") or "")
        paragraphs, footnotes = page_footnotes(_paragraphs(body_lines))  # a printed page's notes under a rule
        parts = _scripts(paragraphs)  # a Russian transcription and its English translation
        main = next((i for i, (part_lang, _) in enumerate(parts) if part_lang == "en"), 0)
        lang, paras = parts[main]
        kept = {n for p in paras for n in p.line_nos}  # this part's lines (the whole body if one script)
        body_lines = [line for line in body_lines if line.no in kept] or body_lines
        chunks = join_paras(_stamps_apart(paras))
        ctx = BodyContext(env.register, lang, env.meta.corrections)
        ctx.extra_speakers = find_label_speakers(chunks, env.register, source.text[:5000])
        preceding, chunks = _preceding_document(chunks)
        stamps = [c for c in chunks[:3] if CLASSIFICATION.fullmatch(c.plain)]
        record = [c for c in chunks if c not in stamps]  # the chunks after the classification stamps
        _mark_headings(record)
        blocks: list = []
        if preceding:  # kept with their page breaks: the running head of the page they begin
            blocks.append(Division("preceding-document", [Para(with_break(ctx.inline(c.text, c), c.pb_before))
                                                          for c in preceding]))
        blocks += [BlockNote(ctx.inline(c.text, c), type="classification") for c in stamps]
        blocks += build_body(record, ctx, points=True)
        blocks = attach_page_footnotes(blocks, footnotes)

        heading = _heading_text(record)
        title = front.value("Title") or front.title or citation.title or heading
        if heading and title is front.title and not citation.text and not document_kind(title) and document_kind(heading):
            title = heading  # a teletype's or a masthead's lines above the record's own 'MEMORANDUM OF CONVERSATION'
        # a memorandum for the record is of the kind its subject says ('SUBJECT: Conversation of Ambassador …')
        kind = document_kind(title) or document_kind(heading) or document_kind(front.value("Subject"))
        provenance = self._provenance(source, front, citation, title, body_lines, chunks,
                                      [text for page in footnotes for _, text in page.notes])
        provenance.classification = front.classification + [c.plain for c in stamps]
        stated = (provenance.original_language or "").strip().lower()
        original_lang = LANGUAGE_CODES.get(re.sub(r"\W+$", "", stated.split()[0]) if stated else "", None)
        translated = (original_lang is not None and original_lang != lang) or (
            original_lang is None and provenance.translator is not None)
        role = "translation" if translated else "original"

        doc_date = self._document_date(front, citation, chunks)
        said = _sentences(chunks)
        conv_date, reported = self._conversation_date(
            kind, heading if heading and heading_date(heading) else title or heading, front, chunks, doc_date)
        is_conversation = kind == "record" or reported or bool(ctx.speakers)
        if not is_conversation:
            conv_date = None
        people, authors, addressees = self._people(env, front, title, chunks, said, is_conversation,
                                                     diagnostics, source, ctx.speakers,
                                                     lambda chunk: match_speaker(chunk, ctx) is not None)

        date_text = conv_date.text if conv_date else (doc_date.text if doc_date else None)
        version = make_version(source=source, env=env, index=1, lang=lang, role=role, title=title,
                               date_text=None, place=find_place(env.register, front.place, title, *(s for s, _ in said[:3])),
                               provenance=provenance, blocks=blocks, ctx=ctx,
                               body_lines=sorted({line.no for line in body_lines}),
                               header_lines=sorted(set(front.header_lines)))
        if version.date is None and (conv_date or doc_date):
            version.date = (conv_date or doc_date).when
        version.date_text = date_text
        version.kind, version.is_conversation = kind, is_conversation
        if version.time is None and is_conversation:  # on the cover, the Time field, or the record's dateline
            dateline = next((c.plain for c in record[:5] if date_text and date_text in c.plain), None)
            version.time = next(filter(None, map(meeting_time, filter(None, (
                front.value("Time"), front.date_text, front.value("Date"), heading, dateline)))), None)
        version.date_detail = conv_date
        if doc_date and (conv_date is None or doc_date.when != conv_date.when):
            version.document_date = doc_date
        version.people, version.authors, version.addressees = people, authors, addressees
        decided = decided_roles(env, version)  # the editors' role decisions, over the extractors' people
        if decided:
            version.people = merge_people(version.people, decided)
        version.principals = [p.id for p in people if "speaker" in p.roles][:2] or [p.id for p in people][:2]
        version.speakers, version.present = [], []
        versions = [version]
        for index, (other_lang, other_paras) in enumerate(parts):
            if index != main:  # the same document in another language: the same header facts, its own text
                versions.append(self._sibling(version, other_lang, other_paras, original_lang, env, ctx))
        diagnostics += ctx.diagnostics + unused_corrections(env, ctx.used_corrections, source)
        return ReadResult(self.name, versions, front.dropped + norm.dropped + [page.rule for page in footnotes],
                          diagnostics)

    @staticmethod
    def _sibling(version: Version, lang: str, paras: list[RawPara], original_lang: str | None, env: ReadEnv,
                 main_ctx: BodyContext) -> Version:
        ctx = BodyContext(env.register, lang, env.meta.corrections)
        chunks = join_paras(paras)
        ctx.extra_speakers = find_label_speakers(chunks, env.register, version.title or "")
        role = "original" if lang == (original_lang or "ru") else "translation"
        translator = version.provenance.translator if role == "translation" else None
        sibling = dataclasses.replace(version, lang=lang, blocks=build_body(chunks, ctx, points=True),
                                      body_lines=[n for p in paras for n in p.line_nos], id="", role=role,
                                      provenance=dataclasses.replace(version.provenance, translator=translator))
        main_ctx.diagnostics += ctx.diagnostics
        main_ctx.used_corrections |= ctx.used_corrections
        return sibling

    # ------------------------------------------------------------------ facts

    @staticmethod
    def _provenance(source: Source, front: Front, citation: Citation, title: str | None,
                    body_lines: list[Line], chunks: list[Chunk], notes: list[str]) -> Provenance:
        prov = Provenance(seed=source.name, publisher=citation.publisher, page_title=title,
                          citation=citation.text or None, url=citation.url, translator=citation.translator,
                          obtained_by=citation.obtained_by, archival=list(citation.archival),
                          published_in=citation.published_in)
        if not prov.archival:  # a reference paragraph of the document itself ("АВП РФ. Ф. 07. Оп. 23а …")
            texts = [c.plain for c in chunks[-6:]] + [c.plain for c in chunks[:6]] + notes  # or a page's note
            for text in texts + [t[a:b] for t in texts for a, b in sentences(t)]:  # a paragraph or sentence that is one
                refs = find_archival(text)
                if refs and (refs[0][1] - refs[0][0] >= 0.6 * len(text.strip("[]()_ ")) or SOURCE_LINE.match(text)
                             or SOURCE_LABEL_BEFORE.search(text[:refs[0][0]])  # '[Translated … Source: AVP RF, …]'
                             or not text[:refs[0][0]].strip("[(_ ")  # a note or paragraph opening with it
                             or refs[0][1] >= len(text.rstrip(" .])")) - 1):  # a sentence ending with it ('… copy in
                    # RGASPI, f. 82, op. 2, d. 1266, ll. 34-38.')
                    prov.archival.append(refs[0][2])
                    break
        if not prov.translator:  # 'Translated from the Russian by …' at the head or the foot of the document
            foot, head = (" ".join(line.text for line in lines) for lines in (body_lines[-12:], body_lines[:12]))
            for text in (foot, head, *notes):  # or in a page's note
                stated = parse_citation(text)
                if stated.translator:
                    prov.translator, prov.original_language = stated.translator, stated.translated_from
                    break
        if not prov.archival and front.value("Archive"):  # 'Archive: APRF, f. 45, op. 1, d. 343, ll. 97-103'
            prov.archival += [ref for _, _, ref in find_archival(front.value("Archive"))[:1]]
        if not prov.translator and front.value("Translated by"):  # 'Translated by: Harriet Ostrander'
            prov.translator = parse_citation(f"Translated by {front.value('Translated by')}.").translator
        if not prov.translator:  # 'Original language: Russian. Translated by …' in a field
            stated = parse_citation(" ".join(f.text for f in front.fields.values()))
            prov.translator = stated.translator
        summary = front.value("Summary") or front.value("Description") or front.value("Subject")
        prov.summary = [summary] if summary else []
        # the stated field first, then the citation's or the document's own "translated from the …"
        prov.original_language = front.value("Original Language") or citation.translated_from or prov.original_language
        return prov

    @staticmethod
    def _conversation_date(kind: str | None, heading: str | None, front: Front, chunks: list[Chunk],
                           doc_date: DocumentDate | None) -> tuple[DocumentDate | None, bool]:
        """The date of the conversation, and whether the text itself reports one ('on 7 January').

        A record is dated by its own heading, else the cover; any document that says when talks
        took place in its opening sentences is dated by that (its heading dates the document)."""
        conv_date = own = None
        if kind == "record":
            cover_text = next((t for t in (front.date_text, front.value("Date"), front.value("Time"))
                               if t and parse_date(t)), None)  # 'Time: 20 September 1950, 3 p.m. to 5 p.m.'
            fields = next((t for t in (front.value("Date"), front.value("Time")) if t and parse_date(t)), None)
            # the record's own words: its title, its fields, a heading under the title ('(беседа состоялась 3 марта
            # 1951 года)')
            own = (heading and heading_date(heading)) or (fields and heading_date(fields)) or next(
                (found for c in chunks[:6] if c.heading and (found := heading_date(c.plain))), None)
            conv_date = own or (cover_text and heading_date(cover_text)) or doc_date
        told = _sentences([c for c in chunks if not c.heading])
        found = conversation_date(told[:OPENING_SENTENCES], doc_date.when if doc_date else None)
        # the text's 'my conversation with … of 28 June' over the archive's cover date (a covering letter's), not
        # over the record's own heading
        if found and (conv_date is None or kind != "record" or not own):
            conv_date = found
        return conv_date, found is not None

    @staticmethod
    def _document_date(front: Front, citation: Citation, chunks: list[Chunk]) -> DocumentDate | None:
        closing = " ".join(c.plain for c in chunks[-4:])
        drafted = DRAFTED.search(closing)  # 'Drafted January 4, 1950, by N. T. Fedorenko.'
        if drafted and (found := _first_date(drafted.group(1))):
            return found
        for chunk in chunks[:3]:  # a diary's own heading dates its entry ('From the diary of … 26 March 1950'), whatever
            if DIARY_HEADING.match(chunk.plain) and (found := _first_date(chunk.plain)):  # the archive's cover says
                return found
        sent = _sent_date(chunks)
        if front.value("Time") or front.value("Place"):  # 'DATE: / TIME: / PLACE:' say when the talk was; the
            # document's own date is then the one under its signature ('16 November 1950') or the one it was sent on
            dateline = next((c.plain for c in chunks[-6:] if is_date_line(c.plain)), None)
            if dateline or sent:
                return _first_date(dateline) if dateline else sent
        for chunk in chunks[:3]:  # the date in the document's own block of stamps ('SECRET' / 'Copy No. 2' /
            lines = chunk.raw_lines  # '22 May 1951' / 'No. 0196'), over the archive's cover date (the talk's)
            if len(lines) > 1 and any(CLASSIFICATION.fullmatch(line) for line in lines):
                dated = next((line for line in lines if is_date_line(line)), None)
                if dated:
                    return _first_date(dated)
        for text in (front.date_text, front.value("Date"), citation.date_text):
            day = parse_date(text) if text else None
            if day:
                return DocumentDate(day, text)
        for chunk in chunks[:5]:  # the record's own dateline ('Moscow, 14 February 1950', '1 December 1949 Entry No. 41'),
            # or a line that is a dateline in a block of lines ('Secret' / 'Beijing, 10 October 1952' / 'No. 0412/p')
            for text in (chunk.plain, *(line for line in chunk.raw_lines if is_date_line(line))):
                if _dated(text):
                    return _first_date(text)
        if sent:
            return sent
        for chunk in chunks[-3:]:  # a closing dateline ("10.1.1949", "Moscow, 5 March 1949.", "16/XII-49 г." above "№ 1187")
            for line in reversed(chunk.raw_lines[-2:]):
                day = (numeric_date(line) if NUMERIC_DATE.fullmatch(line.strip(" .")) or line is chunk.raw_lines[-1]
                       else None) or (parse_date(line) if is_date_line(line) else None)
                if day:
                    return DocumentDate(day, line)
        return None

    @staticmethod
    def _people(env: ReadEnv, front: Front, title: str | None, chunks: list[Chunk],
                said: list[tuple[str, int | None]], is_conversation: bool, diagnostics: list[Diagnostic],
                source: Source, speakers: list[str], opens_turn: Callable[[Chunk], bool]):
        finder = PeopleFinder(env.register)
        principals, authors, addressees = finder.title(title, None) if title else ([], [], [])
        if front.value("Author"):
            authors += finder.names_in(front.value("Author"), "field", front.fields["Author"].lines[0], roles={"author"})
        for chunk in (c for c in chunks[:5] if c.heading):  # 'FROM THE DIARY OF … N. V. ROSHCHIN'
            authors += finder.diary_author(chunk.plain, chunk.first_line)
        opening = next((c for c in chunks if not c.heading and not is_date_line(c.plain)), None)
        if opening is not None:
            addressees += finder.address(opening.plain, opening.first_line)
        cues: list[PersonCue] = list(principals)
        field_roles = {"Participants": {"present"}, "Present": {"present"}, "Interpreter": {"interpreter"},
                       "Recorded by": {"recorder"}}
        for label, field_role in field_roles.items():
            found = front.fields.get(label)
            for entry in found.entries if found else []:  # 'V. M. Molotov, Deputy Chairman …' one a line
                for part in re.split(r";\s*|(?<=[^\W\d_]{2}\.)\s+(?=[A-Z][a-z ]+:)", entry):
                    roles = field_role
                    inner = LABEL.match(part)  # 'Present: Premier Zhou Enlai. Interpreter: Shi Zhe.'
                    if inner and label_name(inner.group("label")) in field_roles:
                        roles, part = field_roles[label_name(inner.group("label"))], inner.group("rest")
                    name, _, function = part.partition(",")
                    if function and not _is_function(function.strip()):
                        name, function = part, ""  # a list of names, not 'Name, Deputy Chairman of …'
                    extra = {"interpreter"} if re.search(r"interpret|переводчик", function, re.I) else set()
                    cues += finder.names_in(name, "field", found.lines[0], roles=roles | extra)
        for chunk in chunks[:12]:  # 'From the Soviet side:   From the Chinese side:' over two columns of names
            cues += finder.side_table(chunk.raw_lines, chunk.first_line)
        for index, (sentence, line) in enumerate(said):
            cues += finder.attendance(sentence, line)
            if index < OPENING_SENTENCES:
                cues += finder.opening(sentence, line)
        # who speaks in the narrative; in a record of labelled turns, only in what comes before them (inside a
        # turn, 'Chairman Mao asked me to tell you' is its speaker reporting someone else)
        narrative = said if not speakers else _sentences(list(itertools.takewhile(lambda c: not opens_turn(c), chunks)))
        spoke = [c for s, line in narrative for c in finder.speech(s, line)]
        for pid in speakers:  # labelled turns
            person = env.register.persons.get(pid)
            spoke.append(PersonCue(person.name("en") if person else local_person_name(pid), pid if person else None,
                                   {"speaker"}, None, "turn"))
        # the signature: the last short paragraph that is not a dateline, a number or a page's footer ('SHTYKOV'
        # above 'No. 18', '19.1.50' and 'digitalarchive.wilsoncenter.org   p. 3')
        closing = [c for c in chunks[1:] if not _not_signature(c.plain)][-1:]
        for chunk in closing:
            if len(chunk.plain.split()) <= SIGNATURE_WORDS:
                authors += finder.signature(chunk.plain, chunk.first_line)
        addressed = {c.key for c in addressees}
        cues += [c for c in spoke if c.key not in addressed]
        if is_conversation and FIRST_PERSON.search(" ".join(s for s, _ in said)):
            cues += [PersonCue(a.written, a.pid, {"author", "speaker"}, a.line, a.cue) for a in authors]
        if not is_conversation:
            cues = []
        people = _merge(cues)
        for person in people:
            if not person.registered:
                diagnostics.append(Diagnostic(
                    "entities.unregistered-person", "warning",
                    f"'{person.written}' is not in the register of persons; listed as written (add it to persons.xml)",
                    str(source.path), person.line))
        return people, _merge(authors), _merge(addressees)


def _merge(cues: list[PersonCue]) -> list[PersonRef]:
    """One PersonRef per person, roles united, in order of first cue; a bare surname joins a full name."""
    merged: dict[str, PersonRef] = {}
    for cue in cues:
        key = cue.key
        if cue.pid is None:
            surname = cue.written.split()[-1].casefold()
            key = next((k for k, ref in merged.items() if not ref.registered
                        and ref.written.split()[-1].casefold() == surname), key)
        ref = merged.setdefault(key, PersonRef(key, cue.written, set(), cue.pid is not None, cue.line))
        if len(cue.written) > len(ref.written) and not ref.registered:
            ref.written = cue.written
        ref.roles |= cue.roles
    for ref in merged.values():
        if "speaker" in ref.roles:
            ref.roles.discard("present")
    return list(merged.values())


def _scripts(paras: list[RawPara]) -> list[tuple[str, list[RawPara]]]:
    """The body cut where the script changes for good (a Russian transcription, then the English
    translation); a part needs five paragraphs, so a quoted Russian phrase does not start one."""
    parts: list[tuple[str, list[RawPara]]] = []
    for lang, part in WilsonReader.split_languages(paras):
        if parts and len(part) < 5:  # a page's footer or a few lines in another script: the part above's
            parts[-1][1].extend(part)
        elif len(parts) == 1 and len(parts[0][1]) < 5:  # or the part below's, at the start (an empty scan page's
            parts[0] = (lang, parts[0][1] + list(part))  # footer above the Russian transcription)
        else:
            parts.append((lang, list(part)))
    if len(parts) > 1 and all(len(part) >= 5 for _, part in parts):
        return parts
    text = " ".join(line for p in paras for line in p.lines)
    return [(detect_lang(text), paras)]


def _stamps_apart(paras: list[RawPara]) -> list[RawPara]:
    """A stamp on the line right above the title ('СЕКРЕТНО' over 'ЗАПИСЬ БЕСЕДЫ …', no blank line between) is a
    paragraph of its own: the classification, not the first word of the title."""
    out: list[RawPara] = []
    for index, para in enumerate(paras):
        if index < 3 and len(para.lines) > 1 and CLASSIFICATION.fullmatch(para.lines[0].strip()):
            out.append(dataclasses.replace(para, lines=para.lines[:1], line_nos=para.line_nos[:1],
                                           hard=para.hard[:1]))
            out.append(dataclasses.replace(para, lines=para.lines[1:], line_nos=para.line_nos[1:],
                                           hard=para.hard[1:], blanks_before=0, page_break=False))
        else:
            out.append(para)
    return out


def _paragraphs(lines: list[Line]) -> list[RawPara]:
    """Blank lines and page breaks cut paragraphs (join_paras rejoins a sentence a page cut)."""
    paras: list[RawPara] = []
    margin = 0  # the least indent of the paragraph's lines
    for line in lines:
        # an indented line opening a turn: a new paragraph without a blank line ('    罗申：…' under '…出击。', or under
        # a one-line turn indented as much)
        opens_turn = paras and line.indent >= 2 and INDENTED_LABEL.match(line.text) and (
            line.indent > margin or INDENTED_LABEL.match(paras[-1].lines[0]))
        if not paras or line.blanks_before or line.page_break or opens_turn:
            margin = line.indent
            paras.append(RawPara([], [], line.blanks_before, page_break=line.page_break))
        margin = min(margin, line.indent)
        paras[-1].lines.append(line.text)
        paras[-1].line_nos.append(line.no)
        paras[-1].hard.append(False)
    return paras


def _preceding_document(chunks: list[Chunk]) -> tuple[list[Chunk], list[Chunk]]:
    """The end of the document printed before this one on the same page of a collection (its last paragraphs and its
    signature, 'A. GROMYKO', above 'No. 23' / 'Record of Conversation …'), and the rest. The words stay in the text,
    in a division of their own: they are not this record's, and its title, people and dates are not in them."""
    for start, chunk in enumerate(chunks[:10]):
        if RECORD_HEADING.match(chunk.plain) or DOCUMENT_NUMBER.fullmatch(chunk.plain):
            signed = [i for i in range(start) if SIGNATURE.match(chunks[i].plain)]
            return (chunks[:signed[-1] + 1], chunks[signed[-1] + 1:]) if signed else ([], chunks)
    return [], chunks


def _mark_headings(chunks: list[Chunk]) -> None:
    """The record's own headings ('A Telegram about the Meeting …', 'FROM THE DIARY OF …'), with what may stand
    between them and above them: datelines ('1 December 1949 Entry No. 41'), a block of stamps and a date
    ('Совершенно секретно' / 'Экз. № 1' / '7 марта 1951 г.', '[stamp: …]'), 'Translated from the Russian by …' above 'No. 23',
    an address ('To the Minister … Comrade A. Ya. VYSHINSKY') above a report's title."""
    for chunk in chunks[:6]:
        plain = chunk.plain
        if _dated(plain) or TRANSLATED_LINE.match(plain) or ADDRESSED.match(plain) or all(
                CLASSIFICATION.fullmatch(line) or is_date_line(line) or BRACKETED.fullmatch(line)
                for line in chunk.raw_lines):  # '[handwritten: To Comrade Stalin. V. Molotov]', '[stamp: …]'
            continue
        if DOCUMENT_NUMBER.fullmatch(plain):  # 'DOCUMENT No. 7' above the title of a printed collection
            chunk.heading = True
            continue
        if len(plain) < 250 and not plain.endswith((":", ",")) and (
                RECORD_HEADING.match(plain) or document_kind(plain) and not plain.endswith(".")
                or (chunk is chunks[0] and len(chunk.raw_lines) <= 3 and is_upper_text(plain))):  # 'ANSWERS OF …'
            chunk.heading = True
        elif not chunk.heading:
            break


def _dated(text: str) -> bool:
    """A dateline: a short line that is a date, or starts with one ('1 December 1949 Entry No. 41')."""
    found = find_dates(text)
    return bool(found) and len(text) < 80 and (is_date_line(text) or found[0][0] == 0)


def _sent_date(chunks: list[Chunk]) -> DocumentDate | None:
    """The date of a cable's service line ('Отправлена 16.XII.49 г. 04 ч. 20 м.', 'sent 14.4.50', 'SENT: 12 FEBRUARY
    1950, 0915 HOURS')."""
    for chunk in chunks[:5]:
        for line in chunk.raw_lines:
            if not SENT.search(line):
                continue
            if day := numeric_date(line):
                found = NUMERIC_DATE.search(ocr_digits(line))  # the span in the line as the scan has it ('l6.I.50')
                return DocumentDate(day, line[found.start():found.end()])
            if found := _first_date(line):
                return found
    return None


def _first_date(text: str) -> DocumentDate | None:
    """The first full date of ``text``, as written there."""
    found = find_dates(text)
    if not found:
        return None
    start, end, day = found[0]
    return DocumentDate(day, text[start:end])


def _not_signature(text: str) -> bool:
    """Closing lines that sign nothing: what stands under a signature (datelines, numbers, a page's footer),
    translators' and archives' lines."""
    return under_signature(text) or bool(NOT_SIGNED.match(text)) or bool(find_archival(text))


def _heading_text(chunks: list[Chunk]) -> str | None:
    """The record's own title: its 'Record of conversation …' heading if it has one, else all its headings."""
    heads = [FOOTNOTE_MARK.sub("", c.plain) for c in chunks[:5] if c.heading]  # '…, 17 March 1950¹'
    record = [h for h in heads if document_kind(h) == "record"]
    return (record or [" ".join(heads)])[0] if heads else None


def _is_function(text: str) -> bool:
    """Whether what follows a name and a comma in a list of participants is the person's function ('Deputy
    Chairman of …', 'interpreter'), not a second person with a title ('Counsellor Vaskov', 'Ambassador Roshchin':
    a title word, then a name)."""
    words = text.split()
    titled_name = len(words) <= 3 and all(w[:1].isupper() for w in words) and not FUNCTION.match(words[-1])
    return bool(FUNCTION.match(text)) and not titled_name


def _sentences(chunks: list[Chunk]) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    for chunk in chunks:
        text = chunk.plain
        for start, end in sentences(text):
            out.append((text[start:end], chunk.first_line))
    return out


def _unclaimed_fields(front: Front, lines: list[Line], finder: PeopleFinder) -> list[Line]:
    """The lines of name fields that name nobody ('Present: 0'): a name field keeps only the persons it names,
    so such a field goes back to the text, label and all, rather than being lost."""
    returned: set[int] = set()
    for label in [label for label in front.fields if label in NAME_FIELDS]:
        field = front.fields[label]
        if finder.names_in(field.text, "field", field.lines[0] if field.lines else None):
            continue
        written = {f"{w}:" for w in field.written or [label]}
        label_lines = [d for d in front.dropped if d.text in written and d.line not in returned]
        numbers = set(field.lines) | {d.line for d in label_lines}
        for label_line in label_lines:
            front.dropped.remove(label_line)
        returned |= numbers
        front.header_lines = [n for n in front.header_lines if n not in numbers]
        del front.fields[label]
    return [line for line in lines if line.no in returned]
