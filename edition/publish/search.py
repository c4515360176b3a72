"""The web edition's full-text search: a Pagefind index of the site's pages, in ``pagefind/``.

Pagefind (the PyPI package ``pagefind`` with its binary) keeps one index per language, each stemmed
with its language's Snowball stemmer, so "Сталину" finds "Сталин" in the Russian index and "talks"
finds "talk" in the English one. A page of the edition holds several languages, and Pagefind indexes a
whole page in the one language of its ``<html lang>``; so what it indexes is made here: for each
version of each page, a document in the version's language whose headings are the version's sentences
(where the TEI has sentences), else its passages (the blocks that carry a permalink), each with the id
it has on the page, so that every sentence is a result of its own (a Pagefind "sub-result") that leads
to it (``page.html#ru-b5-s1``). The texts are read from the pages as published (what a reader sees,
without page-break numbers, note references and permalink signs); the meta (title, date, version,
page) and the filters from the page and the TEI header:

- ``language``: the version's language ("Russian", "English"), from the TEI's ``langUsage``;
- ``participant``: the persons of ``particDesc``, by their preferred English name;
- ``year``: the year of the conversation.

A filter's value is a word of the version's document (``edf…x``, :func:`facet_token`), outside its
sentences, and the search page keeps the results of a query that each chosen value's word finds too:
Pagefind's own filters are written in an order that changes from run to run,
and a build must give the same bytes every time (docs/development.md, "Incremental builds").

The index is in shards (:func:`write_index`): a page's shard is a hash of its name (:func:`shard_of`), each
shard is a Pagefind bundle of its own in ``pagefind/shard-NN/``, and a rebuild indexes again only the shards
whose documents changed (a shard's ``edition-shard.json`` says what it was made from).

``search.html`` (written by the builder from ``xslt/search.xsl``, with ``js/search.js``) reads
``pagefind/shards.json``, loads the first shard's ``pagefind.js``, merges every shard's Russian and other
indexes into one search, and offers the filters. Pagefind needs a web server: from ``file://`` the browser refuses to load it, and the page
says so.
"""

from __future__ import annotations

import asyncio
import hashlib
import concurrent.futures
import json
import logging
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from ..incremental import digest, file_digest
from ..outputs import write_atomic
from .xslt import PublishError

log = logging.getLogger(__name__)

TEI_NS = "http://www.tei-c.org/ns/1.0"
_NS = {"t": TEI_NS}

FOLDER = "pagefind"
# what the search page needs of Pagefind's bundle (not its ready-made user interfaces)
_WANTED_PREFIXES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "pagefind.", "wasm.",
                    "index/", "fragment/", "filter/")
_UNWANTED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")
# not part of what a reader reads: page-break numbers, note references, permalink signs, hidden labels
_SKIP = {"tei-pb", "note-ref", "permalink", "visually-hidden", "version-tag"}


@dataclass
class Version:
    """One version of one conversation as the index sees it: its units (id, text) and what a result shows."""

    page: str  # the page's URL relative to the site's root
    key: str  # the version's id
    language: str  # ISO 639-1
    meta: dict[str, str]
    filters: dict[str, list[str]]
    units: list[tuple[str, str]] = field(default_factory=list)


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el) -> str:
    """The words of ``el`` as a reader reads them."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text and not (_classes(node) & _SKIP):
            parts.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # a comment
                pass
            elif not (_classes(child) & _SKIP) and child.tag not in ("script", "style", "sup"):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    if not (_classes(el) & _SKIP):
        walk(el)
    return " ".join("".join(parts).split())


def _header_facts(tei: Path) -> tuple[dict[str, str], list[str]]:
    """The language names (code -> name) and the participants' names of a TEI file."""
    try:  # the header only: parsed up to its end (a conversation's text is most of its file)
        for _, header in etree.iterparse(str(tei), events=("end",), tag=f"{{{_NS['t']}}}teiHeader",
                                         resolve_entities=False, no_network=True, load_dtd=False):
            root = header.getparent()
            break
        else:
            root = etree.Element("none")
    except (OSError, etree.XMLSyntaxError) as exc:
        raise PublishError(f"cannot read the TEI file for the search index: {exc}", file=tei) from None
    languages = {lang.get("ident"): " ".join("".join(lang.itertext()).split())
                 for lang in root.iterfind("t:teiHeader/t:profileDesc/t:langUsage/t:language", _NS)
                 if lang.get("ident")}
    people = []
    for person in root.iterfind("t:teiHeader/t:profileDesc/t:particDesc//t:person", _NS):
        names = person.findall("t:persName", _NS)
        best = ([n for n in names if n.get("type") == "preferred" and n.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"]
                or [n for n in names if n.get("type") == "preferred"] or names)
        if best:
            name = " ".join("".join(best[0].itertext()).split())
            if name and name not in people:
                people.append(name)
    return languages, people


def page_versions(page: Path, tei: Path, href: str) -> list[Version]:
    """The versions of one published page, with their sentences (else passages) as the reader sees them
    (``href``: the page's URL relative to the site's root)."""
    try:
        doc = html.parse(str(page)).getroot()
    except (OSError, etree.ParserError) as exc:
        raise PublishError(f"cannot read the page for the search index: {exc}", file=page) from None
    languages, people = _header_facts(tei)
    title = " ".join(doc.xpath("string(//h1)").split())
    when = doc.xpath("string(//p[@class='conv-date']/time/@datetime)")
    date = " ".join(doc.xpath("string(//p[@class='conv-date']/time)").split())
    versions = []
    for n, section in enumerate(doc.xpath("//section[contains(concat(' ', @class, ' '), ' version ')]"), 1):
        lang = (section.get("lang") or "en").split("-")[0].lower()
        label = " ".join(section.xpath("string(h2[@class='version-label'])").split())
        filters = {"language": [languages.get(lang, lang)], "participant": list(people)}
        if when[:4].isdigit():
            filters["year"] = [when[:4]]
        body = section.xpath(".//div[@class='text-body']")
        scope = body[0] if body else section
        units = scope.xpath(".//span[contains(concat(' ', @class, ' '), ' s ')][@id]")
        if not units:
            units = scope.xpath(".//*[@id][a[contains(concat(' ', @class, ' '), ' permalink ')]]")
        key = section.get("data-version") or section.get("id") or f"v{n}"
        version = Version(page=href, key=key, language=lang, filters=filters,
                          meta={"title": title, "date": date, "version": label, "page": href, "lang": lang})
        version.units = [(unit.get("id"), text) for unit in units if (text := _text(unit))]
        if version.units:
            versions.append(version)
    return versions


FACETS = (("language", "Language"), ("year", "Year"), ("participant", "Participant"))


def facet_token(name: str, value: str) -> str:
    """The word that stands for a filter's value in the index: "edf", 16 letters a-p (the hash's hex digits), "x":
    letters only (Pagefind splits a word at digits and finds its parts), ending in "x" (untouched by the English
    stemmer; the Russian one leaves Latin letters alone)."""
    hashed = hashlib.sha1(f"{name}\n{value}".encode("utf-8")).hexdigest()[:16]
    return "edf" + hashed.translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop")) + "x"


def facets(versions: Iterable[Version]) -> list[dict]:
    """What the search page offers to filter by: for each filter, its label and its values with their words,
    the values sorted (years in order, names alphabetically)."""
    out = []
    for name, label in FACETS:
        values = sorted({value for v in versions for value in v.filters.get(name, [])})
        if len(values) > 1:
            out.append({"name": name, "label": label,
                        "values": [[value, facet_token(name, value)] for value in values]})
    return out


def _document(version: Version) -> bytes:
    """The version as a document for Pagefind: in its language, each unit a heading with the unit's id (so each
    is a result of its own, a "sub-result", with its anchor), what a result shows as meta (not indexed), the filters
    as words of their own (:func:`facet_token`) outside every sentence."""
    root = etree.Element("html", lang=version.language)
    etree.SubElement(etree.SubElement(root, "head"), "title").text = version.meta["title"]
    body = etree.SubElement(root, "body", {"data-pagefind-body": ""})
    facts = etree.SubElement(body, "div", {"data-pagefind-ignore": "index"})
    for name, value in version.meta.items():
        etree.SubElement(facts, "span", {"data-pagefind-meta": name}).text = value
    # the filters as words of the document's own section (no sentence's): Pagefind's filter files are written in
    # an order that changes from run to run, these words are not (a build is byte for byte the same build)
    tokens = [facet_token(name, value) for name, values in version.filters.items() for value in values]
    if tokens:
        etree.SubElement(body, "p").text = " ".join(tokens)
    for uid, text in version.units:
        etree.SubElement(body, "h6", id=uid).text = text
    return b"<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="UTF-8")


def _wanted(path: str) -> bool:
    return path.startswith(_WANTED_PREFIXES) and not path.startswith(_UNWANTED)


IN_SERVICE = 2  # shards the Pagefind service holds at once


async def _index(folders: list[tuple[str, str]], out: str) -> None:
    """Each ``(name, folder)``'s documents indexed as a bundle of its own, written into ``out/name``: one Pagefind
    service for them all (its start is a good part of a small index's time), holding :data:`IN_SERVICE` shards at
    once, each deleted from it once written. Why: the service keeps every index it was given until it is told to
    delete it; all eight shards of 1,000 conversations at once made it 450 MB, the build's largest process."""
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    room = asyncio.Semaphore(IN_SERVICE)

    async def one(name: str, folder: str) -> None:
        async with room:  # more than one: the service works on one while it answers another
            index = await service.create_index({})
            await index.add_directory(folder)  # one request (the service answers one message per 0.1 s)
            # written to disk, not fetched over the pipe: get_files' reply of a corpus of 100 conversations is
            # over the 2 MiB the package's reader takes, and the build then waits for ever
            await index.write_files(output_path=str(Path(out) / name))
            await index.delete_index()

    try:
        await asyncio.gather(*(one(name, folder) for name, folder in folders))
    finally:
        await service.close()


ATTEMPTS = 3  # of indexing a shard whose answer or entry file came unreadable


def _entry_readable(bundle: Path) -> bool:
    try:
        json.loads((bundle / "pagefind-entry.json").read_bytes())
    except (OSError, ValueError):
        return False
    return True


def _index_with_retry(folders: list[tuple[str, str]], out: str) -> None:
    """``_index``, then every bundle's entry file read back; the bundles whose service answer or entry file was
    unreadable are indexed again, up to :data:`ATTEMPTS` times in all. Why: twice in some thirty builds a service
    answer read empty (JSONDecodeError, a fresh machine) and once a shard's ``pagefind-entry.json`` was empty
    (a build of 1,000 conversations under load); neither happened again on the same pages. Each retry writes the
    bundle's files anew and says so; a bundle still unreadable after the last attempt is a PublishError naming it."""
    todo = folders
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _run(_index(todo, out))
        except ValueError as exc:
            failed, reason = todo, f"an unreadable answer of the service ({exc})"
        else:
            failed, reason = [(name, folder) for name, folder in todo if not _entry_readable(Path(out) / name)], \
                "an unreadable entry file"
        if not failed:
            return
        names = ", ".join(name for name, _ in failed)
        if attempt == ATTEMPTS:
            raise PublishError(f"Pagefind gave {reason} for the search index's {names}, {ATTEMPTS} times")
        log.warning("the search index's %s: %s; indexing again", names, reason)
        for name, _ in failed:
            shutil.rmtree(Path(out) / name, ignore_errors=True)
        todo = failed


def _run(coroutine):
    """``asyncio.run`` in a thread of its own: the caller may be running an event loop (an application, Playwright's
    synchronous API), in which ``asyncio.run`` is refused."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagefind") as pool:
        return pool.submit(asyncio.run, coroutine).result()


SHARD_PAGES = 128  # the most pages a shard holds on average: 8 shards of about 125 pages at 1,000 conversations
SHARDS_FILE = "shards.json"  # the shards, for the search page: [{"path": "shard-00/", "languages": {"en": 120, …}}]
SHARD_MANIFEST = "edition-shard.json"  # in each shard: what it was made from and its files' hashes
_SHARD_FORMAT = "2"  # part of every shard's inputs: raise it when what a shard is made of changes


def shard_count(pages: int, shard_pages: int | None = None) -> int:
    """How many shards the index of ``pages`` pages has: the smallest power of two that keeps a shard at
    ``shard_pages`` (default :data:`SHARD_PAGES`) pages or fewer on average. A power of two: the count changes
    only when the edition doubles, and a page's shard (:func:`shard_of`) with it."""
    size = max(1, shard_pages or SHARD_PAGES)
    count = 1
    while count * size < pages:
        count *= 2
    return count


def shard_of(page: str, count: int) -> int:
    """The shard of a page (its URL relative to the site's root): a hash of its name, so that a page stays in its
    shard whatever else changes, is added or removed, and the shards are of about the same size."""
    return int(hashlib.sha1(page.encode("utf-8")).hexdigest()[:12], 16) % count


def _shard_name(n: int) -> str:
    return f"shard-{n:02d}"


def _previous_output(out_dir: Path) -> Path:
    """Where the last build left this output: an incremental build writes into a staging folder beside it
    (``<out>/.staging-…/html`` for ``<out>/html``, :class:`edition.outputs.Staging`), else the folder itself."""
    if out_dir.parent.name.startswith(".staging-"):
        return out_dir.parent.parent / out_dir.name
    return out_dir


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:  # pragma: no cover - not installed as a distribution
        return ""


def _reusable(folder: Path, inputs: str) -> dict[str, str] | None:
    """The files of the shard bundle in ``folder`` (relative name -> hash) when it was made from ``inputs`` and its
    files are as the build that made them left them; else None."""
    try:
        manifest = json.loads((folder / SHARD_MANIFEST).read_bytes())
        if manifest.get("inputs") != inputs:
            return None
        files = manifest["files"]
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {SHARD_MANIFEST}
        if present != set(files):
            return None
        for rel, made in files.items():
            if file_digest(folder / rel) != made:
                return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return files


def _shard_documents(versions: list[Version]) -> list[tuple[str, bytes]]:
    """A shard's documents for Pagefind, by the names they are given: one folder per page (the version keys are
    unique within a page), named after the page, so that a document's name does not depend on the other shards."""
    docs: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for version in versions:
        stem = re.sub(r"[^A-Za-z0-9_-]", "_", version.page.rsplit(".", 1)[0])
        name = f"{stem}/{re.sub(r'[^A-Za-z0-9_-]', '_', version.key)}"
        rel, n = f"{name}.html", 1
        while rel in seen:  # two keys alike once sanitized
            n += 1
            rel = f"{name}-{n}.html"
        seen.add(rel)
        docs.append((rel, _document(version)))
    return docs


def write_index(out_dir: Path, versions: list[Version], *, shard_pages: int | None = None,
                previous: Path | None = None, reuse: bool = True) -> list[Path]:
    """Pagefind's index of ``versions`` in ``out_dir/pagefind/``, in shards (:func:`shard_count`,
    :func:`shard_of`): each shard a Pagefind bundle of its own in ``pagefind/shard-NN/``, listed in
    ``pagefind/shards.json`` for the search page, which merges them into one search.

    A shard whose documents are those of the last build's shard of that name (in ``previous``, default: where the
    last build left this output, :func:`_previous_output`), and whose files are as that build left them, is
    reused: its files are left in place, or hard-linked from the last build into a staging folder; the others are
    indexed again (all of them when not ``reuse``: ``edition build --force``). Each file is written whole; files of an earlier index that this one does not have are removed.
    Returns the files of the index."""
    from ..outputs import link_into_staging

    out_dir = Path(out_dir)
    folder = out_dir / FOLDER
    old_folder = Path(previous or _previous_output(out_dir)) / FOLDER
    pages = list(dict.fromkeys(v.page for v in versions))
    count = shard_count(len(pages), shard_pages)
    shards: dict[int, list[Version]] = {}
    for version in versions:
        shards.setdefault(shard_of(version.page, count), []).append(version)
    # what a shard is made from: its versions (the documents are made of them alone, by this module's code),
    # this module's code, lxml's and Pagefind's versions; cheaper than making every shard's documents
    tool = f"{_SHARD_FORMAT}\n{_pagefind_version()}\n{etree.LXML_VERSION}\n{file_digest(Path(__file__))}\n"
    plan: list[tuple[str, str, list[Version], dict[str, str] | None]] = []
    for n in sorted(shards):
        name = _shard_name(n)
        h = hashlib.sha256(tool.encode("utf-8"))
        for v in shards[n]:
            h.update(json.dumps([v.page, v.key, v.language, v.meta, v.filters, v.units], ensure_ascii=False,
                                separators=(",", ":")).encode("utf-8") + b"\n")
        inputs = h.hexdigest()
        plan.append((name, inputs, shards[n], _reusable(old_folder / name, inputs) if reuse else None))
    written: list[Path] = []
    try:
        with tempfile.TemporaryDirectory(prefix="edition-search-") as tmp:
            todo = []
            for name, _, members, old in plan:
                if old is not None:
                    continue
                for rel, data in _shard_documents(members):
                    path = Path(tmp) / "pages" / name / rel
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                todo.append((name, str(Path(tmp) / "pages" / name)))
            if todo:
                _index_with_retry(todo, str(Path(tmp) / "index"))
            for name, inputs, _, old in plan:
                target_dir = folder / name
                if old is not None:
                    same = old_folder.resolve() == folder.resolve()
                    for rel in old:
                        if not same:
                            link_into_staging(old_folder / name / rel, target_dir / rel)
                        written.append(target_dir / rel)
                    if not same:
                        link_into_staging(old_folder / name / SHARD_MANIFEST, target_dir / SHARD_MANIFEST)
                    written.append(target_dir / SHARD_MANIFEST)
                    continue
                made = Path(tmp) / "index" / name
                files = {}
                for path in sorted(made.rglob("*")):
                    rel = path.relative_to(made).as_posix()
                    if not path.is_file() or not _wanted(rel):
                        continue
                    data = path.read_bytes()
                    if rel == "pagefind-entry.json":  # its languages come in an order that changes from run to run
                        try:
                            entry = json.loads(data)
                        except ValueError as exc:
                            raise PublishError(f"Pagefind wrote an unreadable entry file for the search index's "
                                               f"{name}: {exc}") from None
                        entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
                        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                    target = (target_dir / rel).resolve()
                    if folder.resolve() not in target.parents:  # pragma: no cover - Pagefind names its own files
                        raise PublishError(f"Pagefind named a file outside its folder: {rel!r}")
                    write_atomic(target_dir / rel, data)
                    written.append(target_dir / rel)
                    files[rel] = digest(data)
                manifest = {"inputs": inputs, "files": dict(sorted(files.items()))}
                write_atomic(target_dir / SHARD_MANIFEST,
                             json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8") + b"\n")
                written.append(target_dir / SHARD_MANIFEST)
    except FileNotFoundError as exc:  # no binary: the package pagefind[extended] is missing its half
        raise PublishError(f"the search index needs Pagefind's binary ({exc}); install the package with "
                           f"pip install 'pagefind[extended]'") from None
    except (OSError, RuntimeError, AssertionError, asyncio.IncompleteReadError) as exc:
        raise PublishError(f"Pagefind failed to index the site: {exc}") from None
    listing = []
    for name, *_ in plan:
        try:
            entry = json.loads((folder / name / "pagefind-entry.json").read_bytes())
        except (OSError, ValueError) as exc:
            raise PublishError(f"Pagefind wrote no entry file for the search index's {name}: {exc}") from None
        listing.append({"path": f"{name}/", "languages": {lang: value.get("page_count", 0)
                                                          for lang, value in sorted(entry.get("languages", {}).items())}})
    write_atomic(folder / SHARDS_FILE, json.dumps({"shards": listing}, ensure_ascii=False,
                                                  separators=(",", ":")).encode("utf-8"))
    written.append(folder / SHARDS_FILE)
    keep = set(map(str, written))  # all of them folder/…, as rglob names them: no need to resolve
    if folder.is_dir():
        for old in sorted(folder.rglob("*")):
            if str(old) not in keep and old.is_file():
                old.unlink()
        for old in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            if not any(old.iterdir()):
                old.rmdir()
    return sorted(written)
