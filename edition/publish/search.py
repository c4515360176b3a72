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

``search.html`` (written by the builder from ``xslt/search.xsl``, with ``js/search.js``) loads
``pagefind/pagefind.js``, merges the Russian and other indexes into one search, and offers the
filters. Pagefind needs a web server: from ``file://`` the browser refuses to load it, and the page
says so.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import concurrent.futures
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from ..outputs import write_atomic
from .xslt import PublishError

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
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.parse(str(tei), parser).getroot()
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
    digest = hashlib.sha1(f"{name}\n{value}".encode("utf-8")).hexdigest()[:16]
    return "edf" + digest.translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop")) + "x"


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


async def _index(folder: str) -> list[tuple[str, bytes]]:
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    try:
        index = await service.create_index({})
        await index.add_directory(folder)  # one request (the service answers one message per 0.1 s)
        # written to disk, not fetched over the pipe: get_files' reply of a corpus of 100 conversations is over
        # the 2 MiB the package's reader takes, and the build then waits for ever
        out = Path(folder).parent / "index"
        await index.write_files(output_path=str(out))
    finally:
        await service.close()
    return [(path.relative_to(out).as_posix(), path.read_bytes()) for path in sorted(out.rglob("*")) if path.is_file()]


def _run(coroutine):
    """``asyncio.run`` in a thread of its own: the caller may be running an event loop (an application, Playwright's
    synchronous API), in which ``asyncio.run`` is refused."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagefind") as pool:
        return pool.submit(asyncio.run, coroutine).result()


def write_index(out_dir: Path, versions: list[Version]) -> list[Path]:
    """Pagefind's index of ``versions`` in ``out_dir/pagefind/`` (each file written whole; files of an earlier
    index that this one does not have are removed). Returns the files written."""
    try:
        with tempfile.TemporaryDirectory(prefix="edition-search-") as tmp:
            pages = Path(tmp) / "pages"
            for n, version in enumerate(versions):  # one folder per page: the keys are unique within it
                path = pages / f"{n:06d}" / f"{re.sub(r'[^A-Za-z0-9_-]', '_', version.key)}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(_document(version))
            files = _run(_index(str(pages)))
    except FileNotFoundError as exc:  # no binary: the package pagefind[extended] is missing its half
        raise PublishError(f"the search index needs Pagefind's binary ({exc}); install the package with "
                           f"pip install 'pagefind[extended]'") from None
    except (OSError, RuntimeError, AssertionError, asyncio.IncompleteReadError) as exc:
        raise PublishError(f"Pagefind failed to index the site: {exc}") from None
    folder = Path(out_dir) / FOLDER
    written = []
    for rel, data in files:
        if not _wanted(rel):
            continue
        target = (folder / rel).resolve()
        if folder.resolve() not in target.parents:  # pragma: no cover - Pagefind names its own files
            raise PublishError(f"Pagefind named a file outside its folder: {rel!r}")
        if rel == "pagefind-entry.json":  # its languages come in an order that changes from run to run
            entry = json.loads(data)
            entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
            data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(target, data)
        written.append(target)
    keep = set(written)
    if folder.is_dir():
        for old in sorted(folder.rglob("*")):
            if old.is_file() and old.resolve() not in keep:
                old.unlink()
    return sorted(written)
