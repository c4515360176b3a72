"""Editor-supplied metadata: the edition's (seeds/edition.toml) and each document's.

A document's file ``seeds/meta/<transcript stem>.toml`` says what its transcript does
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
    [[correction]]
    sic = "каксго-либо"
    corr = "какого-либо"
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import Diagnostic, EditionError

RECORD_KEYS = {"title", "date", "place", "conversation", "role", "original_language", "translator",
               "obtained_by", "note", "source", "lang"}


@dataclass
class RecordMeta:
    title: str | None = None
    date: dt.date | None = None
    place: str | None = None
    conversation: str | None = None
    role: str | None = None
    original_language: str | None = None
    translator: str | None = None
    obtained_by: list[str] | None = None
    note: str | None = None
    source: str | None = None
    lang: str | None = None

    def merged(self, over: "RecordMeta") -> "RecordMeta":
        values = {f.name: getattr(over, f.name) if getattr(over, f.name) is not None else getattr(self, f.name)
                  for f in fields(self)}
        return RecordMeta(**values)


@dataclass
class DocMeta:
    layout: str | None = None
    defaults: RecordMeta = field(default_factory=RecordMeta)
    records: dict[int, RecordMeta] = field(default_factory=dict)
    corrections: list[tuple[str, str]] = field(default_factory=list)
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
    for entry in data.get("correction", []):
        if not isinstance(entry.get("sic"), str) or not isinstance(entry.get("corr"), str):
            raise EditionError(Diagnostic("meta.correction", "error",
                                          "each [[correction]] needs sic and corr strings", str(path)))
        meta.corrections.append((entry["sic"], entry["corr"]))
    return meta


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

    def as_params(self) -> dict:
        return {"title": self.title, "subtitle": self.subtitle, "editors": self.editors,
                "publisher": self.publisher, "year": self.year, "licence": self.licence}


def load_edition_meta(path: Path) -> EditionMeta:
    data = _load_toml(path)
    try:
        return EditionMeta(
            title=data["title"], subtitle=data.get("subtitle", ""), editors=list(data["editors"]),
            publisher=data["publisher"], licence=data["licence"], licence_url=data.get("licence_url", ""),
            year=str(data.get("year", dt.date.today().year)), languages=dict(data["languages"]),
            principles=list(data.get("principles", [])))
    except KeyError as exc:
        raise EditionError(Diagnostic("meta.missing-key", "error", f"missing key {exc} in edition metadata",
                                      str(path))) from None
