"""Incremental builds: what each output was made from, so that a rebuild redoes only what changed.

A build leaves a manifest in its output folder (``.edition-build.json``): for each output (a conversation's
TEI file, its validation, its page; the index and names pages; the PDF) the content hashes of what it was made
from, by name (``inputs``), and the files it is (size, modification time, inode and a hash of each). The next
build computes the same inputs; an output whose inputs are unchanged and whose files are still as the last
build left them is reused — hard-linked from the output into the staging folder, so the staging, swap and
lock of :mod:`edition.outputs` stay as they are — and everything else is made again. ``explain`` says which.

What an output depends on (every hash is of content, never of a time):

- the *tool*: the package's version, a hash of its files (code and data) and, apart, of its stylesheets
  (``edition/xslt``) and its schema (``edition/schema``), and the versions of lxml and saxonche;
- the *project*: ``edition.toml`` (metadata in every header and page, the period the rules check); the
  registers (every file of the registers folder: the simplest correct rule, any change rebuilds every
  document); the editor's mention decisions;
- a *transcript*: its text, its metadata file, its path. Its read result is kept in the output's cache
  (``.edition-cache/<hash>.pickle``, a staging part like the others), so that an unchanged transcript is not
  read again; the conversations are still grouped from all read results, which is cheap;
- a *conversation's TEI*: its name, the read results of its transcripts, its alignment overrides file;
- its *validation*: the TEI file's hash, the schema, tei_all when checked; its *page*: the TEI file's hash, the
  stylesheets, the page's parameters (which include its neighbours' names and dates);
- the *index and names pages* and the *PDF*: every TEI file's hash, in the edition's order (the PDF also
  WeasyPrint's version and whether a font with Chinese glyphs is installed).

A TEI file made again but byte for byte as before leaves its validation and page reused (the hashes are of
the TEI, not of what it was made from). Likewise the HTML builder's other outputs (CSS, scripts, the TEI beside
each page, the search index, the sitemap) are keyed by the files they are made from, each page's search units by
the page and its TEI, the contents and names pages by the extracts (a word of the text changes neither); the
entity index is kept in the cache too (``registers.IndexCache``), keyed by the registers' files and the tool.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import pickle
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic
from .outputs import _umask, link_into_staging, write_atomic

MANIFEST = ".edition-build.json"
CACHE = ".edition-cache"  # the read results (a staging part)
FORMAT = 1  # of the manifest; another one is not read (everything is rebuilt)


# ------------------------------------------------------------------ hashes

def digest(data: bytes | str) -> str:
    return hashlib.blake2b(data.encode() if isinstance(data, str) else data, digest_size=16).hexdigest()


def file_digest(path: Path | None) -> str:
    """The hash of a file's content; "absent" when there is no such file."""
    if path is None:
        return "absent"
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return "absent"


def folder_digest(folder: Path, exclude: Iterable[Path] = (), file_hash: Callable[[Path], str] = file_digest) -> str:
    """One hash of every file under ``folder`` (names and contents); compiled Python files left out, and the
    files under ``exclude`` (paths under ``folder``). ``file_hash``: how each file is hashed (a FileHashes')."""
    folder = Path(folder)
    if not folder.is_dir():
        return "absent"
    skip = []
    for path in exclude:
        try:
            skip.append(Path(path).relative_to(folder).parts)
        except ValueError:
            continue  # not under the folder
    h = hashlib.blake2b(digest_size=16)
    for base, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        rel = Path(base).relative_to(folder).parts
        for name in sorted(files):
            parts = (*rel, name)
            if name.endswith(".pyc") or any(parts[:len(s)] == s for s in skip):
                continue
            h.update("/".join(parts).encode() + b"\0" + file_hash(Path(base) / name).encode() + b"\0")
    return h.hexdigest()


class FileHashes:
    """The hashes of the files a build is made from, remembered from the last build by each file's stat.

    Why: a no-op rebuild of 1,000 conversations read and hashed some 4,000 files (the transcripts, their metadata,
    the registers, the tool's own files) to learn that nothing changed: 0.4 s of its 2 s (docs/scale.md). A file
    whose size, modification and change times, inode and device are those it had when the last build hashed it is
    taken to have the same content. A file changed less than ``SETTLED_NS`` before it was hashed is not
    remembered (hashed again next time): an edit in the same tick of the file system's clock as the hashing would
    leave the stat as it was (git's "racily clean" entries). The change time cannot be set back by ``touch``."""

    SETTLED_NS = 2_000_000_000

    def __init__(self, known: Mapping[str, list] | None = None):
        self.known = dict(known or {})  # path -> [size, mtime_ns, ctime_ns, inode, device, digest]
        self.seen: dict[str, list] = {}  # this build's, to remember next time

    def file(self, path: Path | str | None) -> str:
        """The hash of a file's content (``file_digest``); "absent" when there is no such file."""
        if path is None:
            return "absent"
        name = str(path)
        try:
            st = os.stat(name)
        except OSError:
            return file_digest(Path(name))
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
        known = self.known.get(name)
        if known is not None and known[:5] == stamp:
            self.seen[name] = known
            return known[5]
        hashed = file_digest(Path(name))
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.SETTLED_NS:
            self.seen[name] = [*stamp, hashed]
        return hashed

    def folder(self, folder: Path, exclude: Iterable[Path] = ()) -> str:
        return folder_digest(folder, exclude, self.file)


def value_digest(value: object) -> str:
    """The hash of a JSON-able value (parameters, lists of hashes)."""
    return digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def tool_inputs(hashes: FileHashes | None = None) -> dict[str, str]:
    """What of the tool the outputs depend on: its version, its files (code and data), its stylesheets, its
    schema, the XML libraries' versions."""
    from importlib import metadata

    from lxml import etree

    from .resources import package_dir

    package = package_dir()
    try:
        version = metadata.version("edition")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source folder
        version = "unknown"
    try:
        saxon = metadata.version("saxonche")
    except metadata.PackageNotFoundError:  # pragma: no cover
        saxon = "absent"
    folder = (hashes or FileHashes()).folder
    return {"version": version, "code": folder(package, exclude=[package / "xslt", package / "schema"]),
            "xslt": folder(package / "xslt"), "schema": folder(package / "schema"),
            "libraries": f"lxml {'.'.join(map(str, etree.LXML_VERSION))}, saxonche {saxon}"}


# ------------------------------------------------------------------ the manifest

def stat_of(path: Path | str) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns, st.st_ino]


@dataclass
class Record:
    """One output of a build: what it was made from, the files it is, and what else the next build needs of
    it (the diagnostics it gave, a validation report, a conversation's date and title)."""

    inputs: dict
    files: dict[str, dict] = field(default_factory=dict)  # path relative to the output -> {"stat", "digest"}
    data: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"inputs": self.inputs, "files": self.files, "data": self.data}

    @classmethod
    def from_json(cls, value: dict) -> "Record":
        return cls(dict(value["inputs"]), dict(value.get("files", {})), dict(value.get("data", {})))


def load_manifest(out_dir: Path) -> tuple[dict[str, Record], FileHashes]:
    """The last build's records by output name, and the hashes of the files it was made from (FileHashes); none
    when there was no build, or it cannot be read."""
    try:
        value = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
        if value.get("format") != FORMAT:
            return {}, FileHashes()
        records = {name: Record.from_json(record) for name, record in value["outputs"].items()}
        known = {name: entry for name, entry in value.get("sources", {}).items()
                 if isinstance(entry, list) and len(entry) == 6}
        return records, FileHashes(known)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, FileHashes()


def manifest_bytes(records: Mapping[str, Record], hashes: FileHashes | None = None) -> bytes:
    # without an indent: with one, json encodes in Python (0.9 s for the 4 MB of 1,000 conversations)
    return json.dumps({"format": FORMAT, "outputs": {name: r.as_json() for name, r in records.items()},
                       "sources": hashes.seen if hashes else {}},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


LABELS = {"version": "the tool's version", "code": "the tool's code", "xslt": "the stylesheets",
          "schema": "the project schema", "libraries": "the XML libraries", "project": "edition.toml",
          "registers": "the registers", "decisions": "the mention decisions", "alignment": "the alignment overrides",
          "text": "the transcript", "meta": "its metadata file", "path": "its path", "key": "its name",
          "sources": "its transcripts", "tei": "its TEI", "tei_schema": "tei_all", "params": "its parameters",
          "conversations": "the conversations", "from": "the files it is made from",
          "extracts": "the names extracts", "renderer": "the PDF renderer", "fonts": "the fonts"}


def changed(old: Mapping, new: Mapping) -> list[str]:
    """What differs between two sets of inputs, for people ("transcript 003.txt", "the registers")."""
    found = []
    for name in sorted(set(old) | set(new)):
        if old.get(name) == new.get(name):
            continue
        if name == "sources" and isinstance(old.get(name), dict) and isinstance(new.get(name), dict):
            found += list(dict.fromkeys(f"transcript {Path(source).name}" for source in sorted(set(old[name]) | set(new[name]))
                                        if old[name].get(source) != new[name].get(source)))
        elif name == "conversations" and isinstance(old.get(name), list) and isinstance(new.get(name), list):
            before, after = dict(map(tuple, old[name])), dict(map(tuple, new[name]))
            what = [f"{stem} {'added' if stem not in before else 'removed' if stem not in after else 'changed'}"
                    for stem in sorted(set(before) | set(after)) if before.get(stem) != after.get(stem)]
            found.append("conversations: " + ", ".join(what[:5]) + (f" and {len(what) - 5} more" if len(what) > 5
                                                                  else "") if what else "the order of conversations")
        else:
            found.append(LABELS.get(name, name))
    return found


class Plan:
    """The decisions of one build: each output reused from the last build or made again, and why."""

    def __init__(self, out_dir: Path, staging: Path, previous: dict[str, Record], force: bool = False,
                 explain: Callable[[str], None] | None = None, hashes: FileHashes | None = None):
        self.out_dir = Path(out_dir)
        self.staging = Path(staging)
        self.previous = previous
        # the inputs' hashes (remembered by stat); with --force every file is read and hashed again
        self.hashes = FileHashes() if force or hashes is None else hashes
        self.force = force
        self.records: dict[str, Record] = {}
        self.digests: dict[str, str] = {}  # of this build's files (reused or made), by path relative to the output
        self._explain = explain or (lambda text: None)
        self.mode = 0o666 & ~_umask()  # of the files a build writes
        self._folders: set[str] = set()  # of the staging folder, made

    def explain(self, text: str) -> None:
        self._explain(text)

    def reusable(self, name: str, inputs: dict, what: str | None = None) -> Record | None:
        """The last build's record of ``name`` if its inputs are ``inputs`` and its files are as it left them
        (then explained as reused), else None (explained as made again, saying why)."""
        reason = self.why(name, inputs)
        self.explain(f"{what or name}: " + ("reused" if reason is None else f"rebuilt ({reason})"))
        return self.previous[name] if reason is None else None

    def quietly_reusable(self, name: str, inputs: dict) -> bool:
        return self.why(name, inputs) is None

    def why(self, name: str, inputs: dict) -> str | None:
        """Why ``name`` must be made again; None when the last build's can be reused."""
        old = self.previous.get(name)
        if self.force:
            return "every output asked for (--force)"
        if old is None:
            return "new" if self.previous else "no previous build"
        if old.inputs != inputs:
            return "changed: " + ", ".join(changed(old.inputs, inputs))
        if not self.intact(old):
            return "the last build's file was changed or removed"
        return None

    def intact(self, record: Record) -> bool:
        """Whether the record's files are in the output as the build that made them left them."""
        out = str(self.out_dir)
        for rel, known in record.files.items():
            path = f"{out}/{rel}"
            try:
                if stat_of(path) == known.get("stat"):
                    continue
            except OSError:
                return False
            if file_digest(path) != known.get("digest"):
                return False
            known["stat"] = stat_of(path)  # the same content (a copied build): checked by hash once
        return True

    def reuse(self, name: str, record: Record) -> Record:
        """Put the record's files into the staging folder and keep the record for the next build.

        Hard-linked, not copied (``outputs.link_into_staging``): a no-op rebuild of 1,000 conversations copied
        and then removed 190 MB (docs/scale.md). The new edition shares a file with the last one only until the
        swap (nothing writes through a staging file); a file whose permissions are not the umask's is copied, so
        that the new edition's files are as readable as the umask says."""
        out, staging = str(self.out_dir), str(self.staging)
        for rel, known in record.files.items():
            link_into_staging(f"{out}/{rel}", f"{staging}/{rel}", self.mode, self._folders)
            known["stat"] = stat_of(f"{staging}/{rel}")  # a rename into the output keeps it
            self.digests[rel] = known["digest"]
        self.records[name] = record
        return record

    def made(self, name: str, inputs: dict, files: Iterable[Path], data: dict | None = None,
             digests: Mapping[str, str] | None = None) -> Record:
        """Record an output made in the staging folder (``files``: its paths there)."""
        entries = {}
        for path in files:
            rel = str(Path(path).relative_to(self.staging))
            entries[rel] = {"stat": stat_of(path), "digest": (digests or {}).get(rel) or file_digest(path)}
            self.digests[rel] = entries[rel]["digest"]
        record = self.records[name] = Record(inputs, entries, data or {})
        return record

    def carry(self, parts: Iterable[str]) -> None:
        """Keep the last build's records of the parts this build does not make (they stay in the output)."""
        parts = set(parts)
        for name, record in self.previous.items():
            if name not in self.records and record.files and all(rel.split("/")[0] in parts for rel in record.files):
                self.records[name] = record

    def removed(self, prefix: str) -> None:
        """Explain the last build's outputs of a part that this build no longer makes."""
        for name in sorted(self.previous):
            if name.startswith(prefix) and name not in self.records:
                self.explain(f"{name}: removed (nothing makes it any more)")

    def write(self) -> None:
        write_atomic(self.staging / MANIFEST, manifest_bytes(self.records, self.hashes))


# ------------------------------------------------------------------ diagnostics and reports as data

def diagnostics_json(diagnostics: Iterable[Diagnostic]) -> list[dict]:
    return [dataclasses.asdict(d) for d in diagnostics]


def diagnostics_from(values: Iterable[dict]) -> list[Diagnostic]:
    return [Diagnostic(**value) for value in values]


FINDING_FIELDS = ("code", "message", "severity", "attribute", "hint", "line", "column", "layer", "snippet", "repeats")


def report_json(report) -> dict:
    return {"profile": report.profile, "layers": list(report.layers),
            "findings": [{name: getattr(f, name) for name in FINDING_FIELDS} for f in report.findings]}


def report_from(value: dict, path: Path):
    from .validation import FileReport, Finding

    return FileReport(str(path), [Finding(**finding) for finding in value["findings"]], value["profile"],
                      list(value["layers"]))


def portable(report):
    """A finished validation report without its parsed tree (kept out of the manifest and of pickles)."""
    report.source = None
    for finding in report.findings:
        finding.element = None
    return report


# ------------------------------------------------------------------ the read cache

class _ModelUnpickler(pickle.Unpickler):
    """Read results only: the model's classes, diagnostics, dates and paths; anything else is refused, so that
    a file put into the cache cannot run code."""

    ALLOWED = {("edition.model", None), ("edition.errors", "Diagnostic"), ("edition.pipeline", "FileResult"),
               ("datetime", "date"), ("pathlib", "PosixPath"), ("pathlib", "Path"), ("builtins", "set"),
               ("builtins", "frozenset"), ("copyreg", "_reconstructor"), ("builtins", "object")}

    def find_class(self, module: str, name: str):
        if (module, None) in self.ALLOWED or (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a read result's")


def load_cached(path: Path):
    """A cached read result, or None when there is none or it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return _ModelUnpickler(io.BytesIO(handle.read())).load()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
        return None


def cache_bytes(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
