"""The one document model between readers and writers.

Readers (one per source layout) build these objects from a transcript; writers
(TEI first, everything else derives from TEI) only ever see these objects. Like
pandoc's AST, the model knows nothing about any particular layout: adding a
layout means adding a reader, never touching the writers.

Inline content is a list of ``Inline`` items (plain ``str`` or one of the small
inline classes). Block content is a list of ``Block`` items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .errors import Diagnostic

# ---------------------------------------------------------------- inline


@dataclass
class Supplied:
    """Words a translator or archivist inserted in square brackets."""

    content: list["Inline"]
    reason: str = "clarification"  # "abbreviation": a word completed ('comr[ade]'); "punctuation": a mark
    cert: str | None = None  # "low": the translator's own question mark ('[troops?]')
    lang: str | None = None  # the language of the words, when not the text's ('zh-Latn': romanised Chinese)


@dataclass
class Gap:
    """Something in the original that could not be read or was not transcribed.

    ``desc`` keeps the source's own description, e.g. "illegible signature".
    """

    reason: str
    desc: str = ""
    unit: str | None = None


@dataclass
class Choice:
    """A sure typo of the source: ``sic`` is kept, ``corr`` is the editor's; ``evidence`` says why it is a typo
    (from the document's metadata: the translation's reading, the dictionary form, the name elsewhere)."""

    sic: str
    corr: str
    evidence: str | None = None


@dataclass
class PageBreak:
    """A page break of the scan or typescript; ``n`` when the page number is printed; ``furniture``, what the new
    page prints above the text ('- 2 -', a repeated 'Совершенно секретно'), kept as page furniture, not text."""

    n: str | None = None
    cert: str | None = None
    furniture: list["FormWork"] = field(default_factory=list)


@dataclass
class LineBreak:
    """A line break worth keeping.

    ``hyphen``: the word was hyphenated at line end (the hyphen is removed and recorded).
    ``kind``: "paragraph-split" when a source paragraph break interrupted a sentence.
    """

    hyphen: bool = False
    kind: str | None = None


@dataclass
class Note:
    """A remark that is not part of the record's own words (translator, archive, editor)."""

    content: list["Inline"]
    type: str = "translator"
    resp: str | None = None
    n: str | None = None


@dataclass
class DateRef:
    """A date or time in the text, normalised where possible."""

    text: str
    when: str | None = None
    kind: str = "date"  # "date" | "time" | "duration"


Inline = Union[str, Supplied, Gap, Choice, PageBreak, LineBreak, Note, DateRef]

# ---------------------------------------------------------------- blocks


@dataclass
class Head:
    content: list[Inline]


@dataclass
class Dateline:
    content: list[Inline]


@dataclass
class Para:
    content: list[Inline]
    type: str | None = None  # a typed block ("attendance") is written as ab[@type]


@dataclass
class FormWork:
    """Page furniture of the scan kept as such (archive stamps, running numbers)."""

    text: str
    type: str = "header"


@dataclass
class BlockPageBreak:
    """A page break between blocks (PageBreak's, with the new page's furniture)."""

    n: str | None = None
    cert: str | None = None
    furniture: list[FormWork] = field(default_factory=list)

    @classmethod
    def of(cls, brk: PageBreak) -> "BlockPageBreak":
        return cls(brk.n, brk.cert, list(brk.furniture))


@dataclass
class BlockNote:
    content: list[Inline]
    type: str = "translator"


@dataclass
class Turn:
    """One speaker's turn: the label as printed, the person it resolves to, the speech."""

    who: str
    label: str
    paras: list[list[Inline]]


@dataclass
class Closer:
    """Signatures and the closing dateline of a record or letter."""

    signed: list[list[Inline]] = field(default_factory=list)
    dateline: list[Inline] | None = None
    salute: list[Inline] | None = None


@dataclass
class Division:
    """A typed section: a record, a covering letter, a numbered point, endorsements..."""

    type: str
    blocks: list["Block"] = field(default_factory=list)
    n: str | None = None
    salute: list[Inline] | None = None


@dataclass
class ListBlock:
    items: list[tuple[str, list[Inline]]]


Block = Union[Head, Dateline, Para, FormWork, BlockPageBreak, BlockNote, Turn, Closer, Division, ListBlock]

# ---------------------------------------------------------------- metadata


@dataclass
class ArchivalRef:
    """An archival reference split into its parts, e.g. RGASPI F. 558. Op. 11. D. 329. LL. 8-18.

    Every value is kept as written ("0100" stays "0100", "23а" keeps its Cyrillic letter); a part the
    reference does not name is None. ``raw`` is the reference as written (whitespace collapsed) and
    ``spans`` says where each part's value stands in it, in the order written."""

    raw: str
    repository: str  # as written; "unknown" when the reference names none
    fond: str | None = None
    opis: str | None = None
    delo: str | None = None
    papka: str | None = None
    folios: tuple[str, str] | None = None  # first and last folio, as written ("12 ob.")
    por: str | None = None  # porjadkovyj nomer (AVP RF)
    tom: str | None = None  # volume of a delo
    folio_text: str | None = None  # the folio part as written: "ll. 5, 7-9", "л. 12 об."
    folio_ranges: list[tuple[str, str]] = field(default_factory=list)  # "ll. 5, 7-9" -> [("5", "5"), ("7", "9")]
    former: "ArchivalRef | None" = None  # a former signature given with it ("formerly APRF f. 45 …")
    # why the editors give this signature for the one written (a [[signature]] decision of the document metadata)
    evidence: str | None = field(default=None, compare=False)
    spans: tuple[tuple[str, int, int], ...] = field(default=(), compare=False, repr=False)

    @property
    def key(self) -> tuple:
        return (self.repository, self.fond, self.opis, self.papka, self.por, self.delo, self.tom, self.folios)


@dataclass
class Provenance:
    """Where a version comes from: the published source and the archival original."""

    seed: str
    publisher: str | None = None
    page_title: str | None = None
    citation: str | None = None
    url: str | None = None
    translator: str | None = None
    obtained_by: list[str] = field(default_factory=list)
    archival: list[ArchivalRef] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    original_language: str | None = None
    classification: list[str] = field(default_factory=list)
    published_in: str | None = None  # "Reprinted in …": the printed edition the text was taken from
    published: str | None = None  # when the source was published, as it says ("April 2013")
    not_established: dict[str, str] = field(default_factory=dict)  # facts of the source not to be had, and why


@dataclass
class Participant:
    id: str
    names: dict[str, str]  # lang -> preferred name
    role: str = "present"  # one or more of "author interpreter present recorder speaker"
    in_register: bool = True


@dataclass
class PersonRef:
    """A person a reader found, with the roles its cues give and the line of the first cue.

    ``id`` is the register's id, or a local id for a name the registers do not know
    (``registered`` False): such a person is listed as written, never dropped."""

    id: str
    written: str
    roles: set[str] = field(default_factory=set)
    registered: bool = True
    line: int | None = None


@dataclass
class DocumentDate:
    """A date with how sure it is: ``to`` for a range, ``cert`` 'medium' when the year was inferred."""

    when: dt.date
    text: str
    to: dt.date | None = None
    cert: str | None = None


@dataclass
class EditorialFact:
    """A piece of metadata the editor supplied because the transcript does not say it."""

    field: str
    value: str
    note: str


@dataclass
class Version:
    """One language version of one conversation, as one reader found it in one file."""

    lang: str
    role: str  # "original" | "translation"
    title: str | None
    date: dt.date | None
    date_text: str | None
    place: str | None
    provenance: Provenance
    blocks: list[Block]
    principals: list[str] = field(default_factory=list)  # person ids named in the title
    speakers: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    editorial: list[EditorialFact] = field(default_factory=list)
    body_lines: list[int] = field(default_factory=list)  # source line numbers kept in the text
    header_lines: list[int] = field(default_factory=list)  # source line numbers moved to the header
    conversation: str | None = None  # explicit grouping key from metadata
    time: str | None = None  # when in the day the meeting began ('22:00'): tells two meetings of one day apart
    id: str = ""
    # Filled by the export reader's extractors (older readers leave the defaults):
    kind: str | None = None  # "record" | "cable" | "report" | "letter" | "diary" | …
    is_conversation: bool = True  # False: a document that records no conversation (no settingDesc)
    people: list[PersonRef] = field(default_factory=list)  # participants with their roles
    authors: list[PersonRef] = field(default_factory=list)
    addressees: list[PersonRef] = field(default_factory=list)
    date_detail: DocumentDate | None = None  # the conversation date's range and certainty
    document_date: DocumentDate | None = None  # when the document itself was written, if it differs


@dataclass
class Dropped:
    """Source lines a reader deliberately leaves out, with the reason (reported to the user); ``line`` None when
    what is left out was found after the lines were joined (the rule above the notes)."""

    line: int | None
    text: str
    reason: str


@dataclass
class ReadResult:
    layout: str
    versions: list[Version]
    dropped: list[Dropped] = field(default_factory=list)
    diagnostics: list["Diagnostic"] = field(default_factory=list)  # without a file: the pipeline adds it


@dataclass
class Conversation:
    """All versions of one conversation: one TEI document."""

    key: str
    date: dt.date | None
    place: str | None
    title: str
    versions: list[Version]
    participants: list[Participant]
    editorial: list[EditorialFact] = field(default_factory=list)
