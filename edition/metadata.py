"""Editor-supplied metadata: the edition's (the project file, edition.toml) and each document's.

A document's file ``<meta>/<transcript stem>.toml`` (the project's [paths] meta) says what its transcript does
not: a fragment's title and date, a place, a layout override, sure typos to record as
sic/corr. Everything taken from here is marked in the TEI as supplied by the editor.

    layout = "fragment"                 # optional: force a reader
    [defaults]                          # for every record in the file
    place = "Moscow"
    note = "Place from the archive's catalogue."
    [[record]]                          # the n-th record of the file (1-based)
    index = 1
    title = "Minutes of Conversation between I.V. Stalin and Zhou Enlai"
    date = 1952-09-19
    time = "22:00"                      # when the meeting began: tells two meetings of one day apart
    conversation = "1952-09-19-stalin-zhou-enlai"   # optional: an explicit key grouping versions
    [[signature]]                       # a reference of the transcript the editors know under a current signature
    written = "APRF, f. 45, op.1, d.329"   # (part of) the reference as the transcript writes it
    current = "RGASPI, f. 558, op. 11, d. 329"   # the file's signature today (folios: the written ones)
    evidence = "Where this comes from: sources, with addresses"   # required: the header cites it
    [[participant]]                     # a role the transcript does not state, with its evidence
    id = "shi-zhe"                      # the register's id
    role = "interpreter"                # one or more of author interpreter present recorder speaker
    note = "Why: the sources"
    [[correction]]                      # a sure typo, as a whole word
    sic = "каксго-либо"
    corr = "какого-либо"
    count = 1                           # how often it is in the transcript (default 1; otherwise not applied)
    evidence = "Why it is a typo: the dictionary form, the translation's reading, the name elsewhere (with places)"
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import Diagnostic, EditionError

RECORD_KEYS = {"title", "date", "time", "place", "conversation", "role", "original_language", "translator",
               "obtained_by", "note", "source", "lang", "publisher", "published", "url", "not_established"}
# what the editors may say could not be established about a record's source (written to the header as such)
UNESTABLISHED = {"translator", "publisher", "published", "url", "archival", "source"}


@dataclass
class RecordMeta:
    title: str | None = None
    date: dt.date | None = None
    time: str | None = None  # 'HH:MM', when the meeting began (tells two meetings of one day apart)
    place: str | None = None
    conversation: str | None = None
    role: str | None = None
    original_language: str | None = None
    translator: str | None = None
    obtained_by: list[str] | None = None
    note: str | None = None
    source: str | None = None
    lang: str | None = None
    publisher: str | None = None  # who published the source the transcript was taken from
    published: str | None = None  # when, as the source says it ("April 2013")
    url: str | None = None  # where
    not_established: dict[str, str] | None = None  # a fact of the source that could not be found: why, what was tried

    def merged(self, over: "RecordMeta") -> "RecordMeta":
        values = {f.name: getattr(over, f.name) if getattr(over, f.name) is not None else getattr(self, f.name)
                  for f in fields(self)}
        return RecordMeta(**values)


@dataclass(frozen=True)
class SignatureDecision:
    """The editors' word that a reference written in a transcript names a file now kept under another signature
    (fonds moved between archives: APRF f. 45 op. 1 → RGASPI f. 558 op. 11). Why with evidence: the merge of two
    msDesc into one is an editorial claim, and the header must say what it rests on."""

    written: str
    current: str
    evidence: str


@dataclass(frozen=True)
class RoleDecision:
    """The editors' word on a participant's role that the transcript does not state (who interpreted), with the
    evidence; marked in the header as supplied by the editors."""

    id: str
    roles: tuple[str, ...]
    note: str


ROLES = ("author", "interpreter", "present", "recorder", "speaker")
CORRECTION_KEYS = {"sic", "corr", "count", "evidence"}


class Correction(tuple):
    """A sure typo of a transcript: ``(sic, corr)``, as the readers unpack it, with the editors' ``evidence``
    (why it is a typo: the translation's reading, the dictionary form, the name's spelling elsewhere in the same
    record). Why a pair with an attribute: every reader takes the corrections as pairs; only the TEI writer needs
    the evidence, which it finds on the Choice the reader makes from the pair (``Choice.evidence``)."""

    evidence: str | None

    def __new__(cls, sic: str, corr: str, evidence: str | None = None) -> "Correction":
        self = super().__new__(cls, (sic, corr))
        self.evidence = evidence
        return self

    def __getnewargs__(self):  # pickling and copying keep the evidence
        return (self[0], self[1], self.evidence)

    @property
    def sic(self) -> str:
        return self[0]

    @property
    def corr(self) -> str:
        return self[1]


@dataclass
class DocMeta:
    layout: str | None = None
    defaults: RecordMeta = field(default_factory=RecordMeta)
    records: dict[int, RecordMeta] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    correction_counts: list[int] = field(default_factory=list)  # how often each typo is in the transcript
    signatures: list[SignatureDecision] = field(default_factory=list)
    roles: list[RoleDecision] = field(default_factory=list)
    path: Path | None = None

    def for_record(self, index: int) -> RecordMeta:
        return self.defaults.merged(self.records.get(index, RecordMeta()))


def _load_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(Diagnostic("meta.syntax", "error", str(exc), str(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionError(Diagnostic("meta.unreadable", "error", str(exc), str(path))) from None


def _record(data: dict, path: Path, where: str) -> RecordMeta:
    unknown = set(data) - RECORD_KEYS - {"index"}
    if unknown:
        raise EditionError(Diagnostic("meta.unknown-key", "error",
                                      f"unknown key(s) {', '.join(sorted(unknown))} in {where}; "
                                      f"known: {', '.join(sorted(RECORD_KEYS))}", str(path)))
    date = data.get("date")
    if date is not None and not isinstance(date, dt.date):
        raise EditionError(Diagnostic("meta.bad-date", "error",
                                      f"date in {where} must be a TOML date like 1952-09-19", str(path)))
    time = data.get("time")
    if time is not None and not (isinstance(time, str) and re.fullmatch(r"\d{2}:\d{2}", time)):
        raise EditionError(Diagnostic("meta.bad-time", "error", f'time in {where} must be "HH:MM", e.g. "22:00"',
                                      str(path)))
    key = data.get("conversation")
    if key is not None and not (isinstance(key, str) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key)):
        raise EditionError(Diagnostic("meta.bad-key", "error",
                                      f"conversation in {where} must be lower-case letters, digits and single hyphens, "
                                      f'e.g. "1950-01-22-stalin-mao-zedong" (it names the TEI file and the web page)',
                                      str(path)))
    for key in ("publisher", "published", "url"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            raise EditionError(Diagnostic("meta.bad-value", "error", f"{key} in {where} must be a string", str(path)))
    if "url" in data and not re.fullmatch(r"https?://\S+", data["url"]):
        raise EditionError(Diagnostic("meta.bad-value", "error", f"url in {where} must be an http(s) address",
                                      str(path)))
    unknown = data.get("not_established")
    if unknown is not None and not (isinstance(unknown, dict) and set(unknown) <= UNESTABLISHED
                                    and all(isinstance(v, str) and v.strip() for v in unknown.values())):
        raise EditionError(Diagnostic("meta.bad-value", "error",
                                      f"not_established in {where} must be a table of {', '.join(sorted(UNESTABLISHED))} "
                                      'to what was tried, e.g. not_established = { translator = "Not named in …" }',
                                      str(path)))
    values = {k: v for k, v in data.items() if k in RECORD_KEYS}
    return RecordMeta(**values)


def load_doc_meta(meta_dir: Path | None, transcript: Path) -> DocMeta:
    if meta_dir is None:
        return DocMeta()
    path = meta_dir / f"{transcript.stem}.toml"
    if not path.exists():
        return DocMeta()
    data = _load_toml(path)
    meta = DocMeta(layout=data.get("layout"), path=path)
    meta.defaults = _record(data.get("defaults", {}), path, "[defaults]")
    for entry in data.get("record", []):
        index = entry.get("index")
        if not isinstance(index, int) or index < 1:
            raise EditionError(Diagnostic("meta.record-index", "error",
                                          "each [[record]] needs index = 1, 2, ...", str(path)))
        meta.records[index] = _record(entry, path, f"[[record]] index {index}")
    for number, entry in enumerate(data.get("correction", []), 1):
        sic, corr, count = entry.get("sic"), entry.get("corr"), entry.get("count", 1)
        evidence = entry.get("evidence")
        if not isinstance(sic, str) or not sic.strip() or not isinstance(corr, str):
            raise EditionError(Diagnostic("meta.correction", "error",
                                          f"[[correction]] number {number} needs sic and corr strings", str(path)))
        unknown = set(entry) - CORRECTION_KEYS
        if unknown:
            raise EditionError(Diagnostic("meta.unknown-key", "error",
                                          f"unknown key(s) {', '.join(sorted(unknown))} in [[correction]] number "
                                          f"{number}; known: {', '.join(sorted(CORRECTION_KEYS))}", str(path)))
        if evidence is not None and not isinstance(evidence, str):
            raise EditionError(Diagnostic("meta.correction", "error", f"[[correction]] number {number}: evidence "
                                          "must be a string (why it is a typo, with the places)", str(path)))
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise EditionError(Diagnostic("meta.correction", "error", f"[[correction]] number {number}: count must "
                                          "be how many times the typo is in the transcript (1, 2, …)", str(path)))
        meta.corrections.append(Correction(sic, corr, " ".join(evidence.split()) if evidence else None))
        meta.correction_counts.append(count)
    for number, entry in enumerate(data.get("signature", []), 1):
        values = [entry.get(k) for k in ("written", "current", "evidence")]
        if not all(isinstance(v, str) and v.strip() for v in values) or set(entry) - {"written", "current", "evidence"}:
            raise EditionError(Diagnostic("meta.signature", "error",
                                          f"[[signature]] number {number} needs written, current and evidence "
                                          "(strings: the reference as written, the file's signature today, and "
                                          "where that comes from)", str(path)))
        meta.signatures.append(SignatureDecision(*(" ".join(v.split()) for v in values)))
    for number, entry in enumerate(data.get("participant", []), 1):
        pid, role, note = entry.get("id"), entry.get("role"), entry.get("note")
        roles = tuple(role.split()) if isinstance(role, str) else ()
        if (not isinstance(pid, str) or not roles or not set(roles) <= set(ROLES) or not isinstance(note, str)
                or not note.strip() or set(entry) - {"id", "role", "note"}):
            raise EditionError(Diagnostic("meta.participant", "error",
                                          f"[[participant]] number {number} needs id (a register id), role (one or "
                                          f"more of {', '.join(ROLES)}) and note (the evidence)", str(path)))
        meta.roles.append(RoleDecision(pid, roles, " ".join(note.split())))
    return meta


def checked_corrections(meta: DocMeta, text: str, transcript: Path) -> tuple[DocMeta, list[Diagnostic]]:
    """Keep the corrections that occur (as whole words) as often as the editor said (``count``, default 1).

    Why: a correction is meant for one typo; ``sic = "the"`` would otherwise rewrite every 'the' of the record.
    One found a different number of times is not applied, and the editor is told where it occurs."""
    kept: list[Correction] = []
    diagnostics: list[Diagnostic] = []
    for correction, expected in zip(meta.corrections, meta.correction_counts):
        sic, corr = correction
        if not getattr(correction, "evidence", None):
            # Why only a warning: the typo is still recorded as sic/corr with the editors' @resp, and the header
            # says that no evidence was given; but a correction a reader cannot check is not yet publishable.
            diagnostics.append(Diagnostic(
                "meta.correction-evidence", "warning",
                f"correction '{sic}' → '{corr}' gives no evidence: say why it is a typo in evidence = \"…\" (the "
                "translation's reading, the dictionary form, the name's spelling elsewhere in the record, with the "
                "places); the header says that none was given", str(meta.path) if meta.path else str(transcript)))
        found = [m.start() for m in correction_pattern(sic).finditer(text)]
        if found and len(found) != expected:
            lines = sorted({text.count("\n", 0, at) + 1 for at in found})
            shown = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
            diagnostics.append(Diagnostic(
                "meta.correction-count", "warning",
                f"correction '{sic}' → '{corr}' ({meta.path}) is in the transcript {len(found)} times, not "
                f"{expected}: not applied (lines {shown}); if every one is the typo, say count = {len(found)}",
                str(transcript), lines[0]))
            continue
        kept.append(correction if isinstance(correction, Correction) else Correction(sic, corr))
    return dataclasses.replace(meta, corrections=kept, correction_counts=[]), diagnostics


def correction_pattern(sic: str) -> re.Pattern:
    """``sic`` as a whole word (a typo inside a longer word is another word). The word comes first and the test of
    the character before it after it (a look-behind over the word and one more character): a pattern that begins
    with the look-behind is tried at every character, 30 times slower than one that begins with a literal."""
    word = re.escape(sic)
    return re.compile(rf"{word}(?<!\w{word})(?!\w)")


EDITORIAL_LANG = "en"  # the language of the header and of the editors' notes


def editorial_lang(root) -> str | None:
    """xml:lang for a part of the TEI document ``root`` written in the editors' language (teiHeader, a standOff
    with the registers' notes): None when the document's own language (its first text's) is that already."""
    return None if root.get("{http://www.w3.org/XML/1998/namespace}lang") == EDITORIAL_LANG else EDITORIAL_LANG


# Values that stand for "not filled in yet": the project template's and the seeds' former ones. An edition that
# still carries one names nobody responsible for it; the TEI header says so instead of printing the placeholder.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "editors": frozenset({"the edition project team", "first editor", "editor"}),
    "publisher": frozenset({"publisher", "edition project"}),
}
CONTACT = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}|https?://\S+", re.I)


@dataclass
class EditionMeta:
    title: str
    subtitle: str
    editors: list[str]
    publisher: str
    licence: str
    licence_url: str
    year: str
    languages: dict[str, str]
    principles: list[str]
    original_language: str = "ru"  # the language of the originals, unless a document says otherwise
    period: tuple[dt.date, dt.date] | None = None  # dates outside it are flagged as implausible (date.implausible)
    contact: str | None = None  # where readers write to the edition: an e-mail address or a URL
    publisher_place: str | None = None

    @property
    def placeholders(self) -> list[str]:
        """The keys that still hold a placeholder ('The edition project team') or are missing (contact): what the
        editors must fill in before publication. Why a property: the header states it, so no one mistakes the
        placeholder for a name."""
        missing = [key for key, values in PLACEHOLDERS.items()
                   if any(v.strip().lower() in values for v in ([self.publisher] if key == "publisher" else
                                                                 self.editors))]
        if not self.editors:
            missing.insert(0, "editors")
        if not self.contact:
            missing.append("contact")
        return list(dict.fromkeys(missing))

    def language_name(self, code: str) -> str:
        return self.languages.get(code, code)

    def as_params(self) -> dict:
        """The publishing builders' parameters (title page, PDF metadata, site footer). Editors that are still
        placeholders are left out, so no title page says 'Edited by The edition project team'."""
        editors = [] if "editors" in self.placeholders else self.editors
        return {"title": self.title, "subtitle": self.subtitle, "editors": editors,
                "publisher": self.publisher, "year": self.year, "licence": self.licence}


EDITION_KEYS = {"title", "subtitle", "editors", "publisher", "licence", "licence_url", "year", "languages",
                "principles", "original_language", "period", "contact", "publisher_place"}


def edition_meta_from(data: dict, path: Path) -> EditionMeta:
    """The edition's metadata from the top-level keys of its project file, checked: a wrong type (``editors =
    "One Person"`` would otherwise give one editor per letter) or an unknown key is a located error."""
    def fail(message: str, code: str = "meta.bad-value") -> EditionError:
        return EditionError(Diagnostic(code, "error", message, str(path)))

    unknown = sorted(set(data) - EDITION_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(EDITION_KEYS))}, [paths] and "
                   "[exchange]",
                   "meta.unknown-key")
    missing = [k for k in ("title", "editors", "publisher", "licence") if k not in data]
    if missing:
        raise fail(f"missing key(s) {', '.join(missing)} in the edition's metadata", "meta.missing-key")
    for key in ("title", "subtitle", "publisher", "licence", "licence_url", "original_language", "publisher_place"):
        if key in data and not isinstance(data[key], str):
            raise fail(f"{key} must be a string")
    contact = data.get("contact")
    if contact is not None and not (isinstance(contact, str) and CONTACT.fullmatch(contact.strip())):
        raise fail('contact must be an e-mail address or a URL, e.g. contact = "editors@example.org"')
    for key in ("editors", "principles"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(f'{key} must be a list of strings, e.g. {key} = ["First Editor", "Second Editor"]')
    languages = data.get("languages", {"ru": "Russian", "en": "English"})
    if not isinstance(languages, dict) or not all(isinstance(v, str) for v in languages.values()):
        raise fail('[languages] must map language codes to names, e.g. ru = "Russian"')
    year = data.get("year", dt.date.today().year)
    if not isinstance(year, (int, str)) or not str(year).isdigit():
        raise fail("year must be a number, e.g. year = 2026")
    original = data.get("original_language", "ru")
    if original not in languages:
        raise fail(f"original_language '{original}' is not one of [languages] ({', '.join(languages)})")
    period = data.get("period")
    if period is not None:
        bounds = (period.get("from"), period.get("to")) if isinstance(period, dict) else (None, None)
        if not all(isinstance(b, dt.date) for b in bounds) or bounds[0] > bounds[1]:
            raise fail("period must be a table of two TOML dates, e.g. period = { from = 1945-01-01, to = 1960-12-31 }")
        period = bounds
    return EditionMeta(
        title=data["title"], subtitle=data.get("subtitle", ""), editors=list(data["editors"]),
        contact=contact.strip() if contact else None,
        publisher_place=data.get("publisher_place") or None,
        publisher=data["publisher"], licence=data["licence"], licence_url=data.get("licence_url", ""),
        year=str(year), languages=dict(languages), principles=list(data.get("principles", [])),
        original_language=original, period=period)


def load_edition_meta(path: Path) -> EditionMeta:
    """The edition's metadata from a project file (``edition.toml``); its ``[paths]`` are the project's business."""
    data = _load_toml(path)
    data.pop("paths", None)
    return edition_meta_from(data, path)
