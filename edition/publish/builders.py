"""Builders for the published forms of the edition (in the manner of Sphinx builders).

``HtmlBuilder().build(tei_paths, out_dir, edition)`` writes the web site:
``out_dir/index.html``, ``out_dir/names.html`` (the index of names; an entity named in many
conversations lists them all on a page of its own, ``names/<id>.html``), one
``<stem>.html`` per TEI file and beside it the TEI file itself (``<stem>.xml``, the page's
download), ``edition.css`` and ``align.js`` (the sentence alignment on pages with several
language versions), ``search.html``, ``search.js`` and the Pagefind index ``pagefind/``
(:mod:`edition.publish.search`), and, when the site's address is known (``site_url``),
``sitemap.xml``.

``PdfBuilder`` (:mod:`edition.publish.pdf`) writes the printed edition.

``edition`` is the edition's metadata: ``title``, ``subtitle``, ``editors``
(list of str), ``publisher``, ``year``, ``licence`` (missing keys are empty); ``site_url``, where
the site is published (the pages' permanent URLs, the sitemap); ``names_per_entry``, how many
conversations an entry of the index of names lists (default :data:`NAMES_PER_ENTRY`); ``pdf``, whether the
PDF builder makes the printed edition (then every page links it).
Every output file is written atomically (temporary file + ``os.replace``), but for the entities' pages,
which Saxon writes itself (an edition's build makes them in its staging folder, swapped in whole).
Failures raise :class:`~edition.publish.xslt.PublishError`.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..outputs import make_readable, write_atomic
from ..resources import resource, xslt_dir
from . import xslt
from .xslt import PublishError

log = logging.getLogger(__name__)

XSLT_DIR = xslt_dir()  # the package's edition/xslt/ (package data)

TEI_NS = "http://www.tei-c.org/ns/1.0"
_NS = {"t": TEI_NS}


# ------------------------------------------------------------------ inputs

@dataclass(frozen=True)
class Conversation:
    """What the builders need to know about one TEI file before transforming it."""

    path: Path
    when: str   # ISO date of the conversation, "" if unknown
    title: str

    @property
    def stem(self) -> str:
        return self.path.stem


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_conversation(path: str | os.PathLike) -> Conversation:
    """Check that ``path`` is a well-formed TEI document and read its date and title."""
    path = Path(path).resolve()
    try:
        root = etree.parse(str(path), _parser()).getroot()
    except OSError as exc:
        raise PublishError(f"cannot read TEI file: {exc}", file=path) from None
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        where = f" (line {line}, column {col})" if line else ""
        raise PublishError(f"not well-formed XML{where}: {exc.msg}", file=path) from None
    return conversation_of(root, path)


def conversation_of(root: etree._Element, path: Path) -> Conversation:
    """The date and title of a TEI document already parsed (``path``: where it is, or will be, written)."""
    path = Path(path).resolve()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise PublishError(f"not a TEI document: the root element is {root.tag!r}, "
                           f"expected TEI in the namespace {TEI_NS}", file=path)
    when = root.xpath("string(t:teiHeader/t:profileDesc/t:settingDesc/t:setting/t:date[1]/@when)", namespaces=_NS)
    if not when and len(path.stem) >= 10 and path.stem[4] == "-" and path.stem[7] == "-":
        when = path.stem[:10]
    titles = root.xpath("t:teiHeader/t:fileDesc/t:titleStmt/t:title", namespaces=_NS)
    main = [t for t in titles if t.get("type") == "main"] or titles
    title = " ".join("".join(main[0].itertext()).split()) if main else path.stem
    return Conversation(path=path, when=when, title=title)


def read_conversations(tei_paths: Iterable[str | os.PathLike]) -> list[Conversation]:
    """The conversations, checked and sorted chronologically (then by file name)."""
    return ordered([read_conversation(p) for p in tei_paths])  # none: a new edition's empty site and PDF


def ordered(convs: Iterable[Conversation]) -> list[Conversation]:
    """Conversations sorted chronologically (then by file name); two that would publish to one name refused."""
    convs = list(convs)
    seen: dict[str, Path] = {}
    for conv in convs:
        if conv.stem in seen:
            raise PublishError(f"two TEI files would publish to the same name {conv.stem!r}: "
                               f"{seen[conv.stem]} and {conv.path}", file=conv.path)
        seen[conv.stem] = conv.path
    return sorted(convs, key=lambda c: (c.when or "9999", c.stem))


def listing_xml(convs: Iterable[Conversation], href: Callable[[Conversation], str]) -> str:
    """``<conversations><conversation href="…" src="file:///…"/>…</conversations>``."""
    root = etree.Element("conversations")
    for conv in convs:
        etree.SubElement(root, "conversation", href=href(conv), src=conv.path.as_uri())
    return etree.tostring(root, encoding="unicode")


def _join_names(names: Iterable[str]) -> str:
    names = [n.strip() for n in names if n and n.strip()]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@functools.cache
def family_name_first() -> list[str]:
    """The patterns of edition/data/name-order.toml: a first word that puts the family name first."""
    with (resource("data", "name-order.toml")).open("rb") as handle:
        return [entry["first_word"] for entry in tomllib.load(handle).values()]


def edition_params(edition: Mapping[str, object]) -> dict:
    """The edition metadata as the xs:string stylesheet parameters edition-*, and the name-order patterns."""
    editors = edition.get("editors") or []
    if isinstance(editors, str):
        editors = [editors]
    return {
        "edition-title": str(edition.get("title") or ""),
        "edition-subtitle": str(edition.get("subtitle") or ""),
        "edition-editors": _join_names(str(e) for e in editors),
        # false while edition.toml's editors are placeholders (EditionMeta.as_params leaves them out): the web's
        # "Cite this" then names no editor, as the title pages do
        "editors-named": bool(editors),
        "edition-publisher": str(edition.get("publisher") or ""),
        "edition-year": str(edition.get("year") or ""),
        "edition-licence": str(edition.get("licence") or ""),
        "site-url": site_url(edition),
        # one book: its link; volumes: none (each page links its own, the contents all: "pdf-volumes")
        "pdf-href": PDF_HREF if edition.get("pdf") and not edition.get("pdf_volumes") else "",
        "pdf-volumes": [f"{PDF_DIR}/{folder}/edition.pdf\t{label}\t{' '.join(stems)}"
                        for folder, label, stems in edition.get("pdf_volumes") or ()],
        "names-per-entry": NAMES_PER_ENTRY if edition.get("names_per_entry") is None else int(edition["names_per_entry"]),
        "family-name-first": family_name_first(),
    }


ENTITY_PAGES = "names"  # the folder of the entities' own pages (names.xsl), beside names.html
NAMES_PER_ENTRY = 20  # the conversations an entry of names.html lists, unless edition.toml's [site] says; more: its page
PDF_DIR = "../pdf"  # the printed edition (edition.publish.pdf) from the site's folder (build/html)
PDF_HREF = f"{PDF_DIR}/edition.pdf"


def volume_of(params: dict) -> dict[str, str]:
    """The link of the volume each conversation (by stem) is printed in, from the parameter "pdf-volumes"
    (edition_params: "href<TAB>label<TAB>stem stem …" per volume); empty for one book."""
    found = {}
    for volume in params.get("pdf-volumes") or ():
        href, _, stems = volume.split("\t")
        found.update(dict.fromkeys(stems.split(), href))
    return found


def site_url(edition: Mapping[str, object]) -> str:
    """Where the site is published (``edition["site_url"]``, from edition.toml's ``[site] url``), ending in "/";
    "" when not known."""
    url = str(edition.get("site_url") or "").strip()
    return url if not url or url.endswith("/") else url + "/"


# ------------------------------------------------------------------ outputs

def _atomic_write_bytes(path: Path, data: bytes) -> Path:
    write_atomic(path, data)
    return path


def _copy(src: Path, dest: Path) -> Path:
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise PublishError(f"cannot read {src.name}: {exc}", file=src) from None
    return _atomic_write_bytes(dest, data)


def _resolve(rel: str) -> Path:
    """A builder's stylesheet, CSS or script: an absolute path as it is, a relative one inside :data:`XSLT_DIR`."""
    p = Path(rel)
    return p if p.is_absolute() else XSLT_DIR / p


@dataclass
class HtmlBuilder:
    """The web site: an index page and one page per conversation.

    ``stylesheet``, ``css``, ``js`` (and the other paths) are relative to :data:`XSLT_DIR` unless absolute.
    """

    name: str = "html"
    stylesheet: str = "html.xsl"
    index_stylesheet: str = "index.xsl"
    names_stylesheet: str = "names.xsl"
    names_name: str = "names.html"
    css: str = "css/edition.css"
    css_name: str = "edition.css"
    js: str = "js/align.js"
    js_name: str = "align.js"
    search_stylesheet: str = "search.xsl"
    search_name: str = "search.html"
    search_js: str = "js/search.js"
    search_js_name: str = "search.js"
    sitemap_name: str = "sitemap.xml"
    pdf_href: str = ""  # link to the printed edition (index and pages); default: PDF_HREF when the PDF is built
    reuse_search: bool = True  # the last build's search shards, where unchanged (False: --force makes them again)

    def build(self, tei_paths: list[Path], out_dir: Path, edition: dict, *,
              conversations: Iterable[Conversation] | None = None,
              pages: Callable[[list["PageJob"]], object] | None = None, listing: bool = True,
              keep: "Keep | None" = None, page_versions: Callable | None = None) -> list[Path]:
        """Write ``index.html``, ``names.html``, ``<stem>.html`` per conversation, the CSS and the script into ``out_dir``.

        Returns the files written: index, index of names, the entities' own pages, the pages chronologically, the CSS,
        the script.
        For an incremental or parallel build (the pipeline's): ``conversations``, what the caller already knows
        of the TEI files (else each is read); ``pages``, what makes the pages from their jobs (default
        :meth:`make_pages`, each in turn here); ``listing=False``: the caller has the index and names pages;
        ``keep``, what makes (or reuses) each of the other outputs (see :data:`Keep`; default: made);
        ``page_versions``, what reads a page's versions for the search index (default
        :func:`edition.publish.search.page_versions`; the pipeline's keeps them between builds).
        """
        out_dir = Path(out_dir)
        convs = ordered(conversations) if conversations is not None else read_conversations(tei_paths)
        params = edition_params(edition)
        if self.pdf_href:
            params["pdf-href"] = self.pdf_href
        keep = keep or _make
        jobs = self.page_jobs(convs, out_dir, params)
        (pages or self.make_pages)(jobs)
        listed = self.listing(convs, out_dir, params) if listing else [out_dir / "index.html", out_dir / self.names_name]
        css, = keep(self.css_name, lambda: [_copy(_resolve(self.css), out_dir / self.css_name)], [_resolve(self.css)], {})
        js, = keep(self.js_name, lambda: [_copy(_resolve(self.js), out_dir / self.js_name)], [_resolve(self.js)], {})
        tei = [path for conv in convs  # the page's download
               for path in keep(self.tei_name(conv), functools.partial(lambda c: [_copy(c.path, out_dir / self.tei_name(c))],
                                                                        conv), [conv.path], {})]
        search_values = {"search": [self.search_stylesheet, self.search_js, self.search_js_name, self.search_name,
                                    self.css_name, self.names_name], "edition-title": params["edition-title"],
                         "pages": [job.output.name for job in jobs], "pagefind": _version("pagefind")}
        search = keep(self.search_name, lambda: self.search(convs, jobs, out_dir, params, page_versions),
                      [*(conv.path for conv in convs), *(job.output for job in jobs), _resolve(self.search_stylesheet),
                       _resolve(self.search_js)], search_values)
        sitemap = keep(self.sitemap_name, lambda: self.sitemap(convs, out_dir, params["site-url"]), [],
                       {"url": params["site-url"], "pages": [conv.stem for conv in convs], "names": self.names_name})
        return [*listed, *(job.output for job in jobs), css, js, *tei, *search, *sitemap]

    def tei_name(self, conv: Conversation) -> str:
        return f"{conv.stem}.xml"

    def search(self, convs: list[Conversation], jobs: list["PageJob"], out_dir: Path, params: dict,
               versions_of: Callable | None = None) -> list[Path]:
        """The search page, its script and the Pagefind index of every page's sentences (``versions_of(page, TEI
        file, href)``: a page's versions as the index sees them, default :func:`~edition.publish.search.page_versions`)."""
        from .search import facets, page_versions, write_index

        versions_of = versions_of or page_versions
        versions = [version for conv, job in zip(convs, jobs)
                    for version in versions_of(job.output, conv.path, job.output.name)]
        files = write_index(out_dir, versions, reuse=self.reuse_search)
        page = Path(out_dir) / self.search_name
        xslt.load(_resolve(self.search_stylesheet)).transform(None, page, xml_text="<search/>", params={
            "css-href": self.css_name, "search-js-href": self.search_js_name, "index-href": "index.html",
            "names-href": self.names_name, "edition-title": params["edition-title"],
            "facets": json.dumps(facets(versions), ensure_ascii=False)})
        return [page, _copy(_resolve(self.search_js), out_dir / self.search_js_name), *files]

    def sitemap(self, convs: list[Conversation], out_dir: Path, url: str) -> list[Path]:
        """``sitemap.xml`` (the sitemaps.org protocol) of the contents, the index of names and every page, when
        the site's address is known (a sitemap's addresses are absolute); else none."""
        if not url:
            return []
        ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
        root = etree.Element(f"{{{ns}}}urlset", nsmap={None: ns})
        for href in ["", self.names_name, *(f"{conv.stem}.html" for conv in convs)]:
            etree.SubElement(etree.SubElement(root, f"{{{ns}}}url"), f"{{{ns}}}loc").text = url + href
        path = Path(out_dir) / self.sitemap_name
        write_atomic(path, etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
        return [path]

    def page_jobs(self, convs: list[Conversation], out_dir: Path, params: dict) -> list["PageJob"]:
        """One job per conversation (``convs`` in the edition's order), with its neighbours' links."""
        def href(conv: Conversation) -> str:
            return f"{conv.stem}.html"

        jobs, volumes = [], volume_of(params)
        for i, conv in enumerate(convs):
            prev = convs[i - 1] if i > 0 else None
            nxt = convs[i + 1] if i + 1 < len(convs) else None
            jobs.append(PageJob(conv.path, Path(out_dir) / href(conv), {
                "css-href": self.css_name,
                "align-js-href": self.js_name,
                "index-href": "index.html",
                "names-href": self.names_name,
                "edition-title": params["edition-title"],
                "family-name-first": params["family-name-first"],
                "site-url": params["site-url"],
                "editors-named": params["editors-named"],
                "tei-href": self.tei_name(conv),
                "pdf-href": volumes.get(conv.stem, params.get("pdf-href", "")),
                "search-href": self.search_name,
                "prev-href": href(prev) if prev else "",
                "prev-label": _short_label(prev) if prev else "",
                "next-href": href(nxt) if nxt else "",
                "next-label": _short_label(nxt) if nxt else "",
            }))
        return jobs

    def make_pages(self, jobs: list["PageJob"]) -> None:
        for job in jobs:
            self.page(job)

    def page(self, job: "PageJob") -> Path:
        """One conversation's page (the per-page entry point: a worker process can run it on its own), with the
        layout of its versions in rows made here (:func:`edition.publish.layout.layout_param`: quicker in Python
        than in the stylesheet)."""
        params = {**job.params, "rows-layout": _rows_layout(job.source)}
        xslt.load(_resolve(self.stylesheet)).transform(job.source, job.output, params=params)
        return job.output

    def listing_params(self, params: dict) -> tuple[dict, dict]:
        """The parameters of the index page and of the names page."""
        pdf = params.get("pdf-href") or self.pdf_href
        return ({**params, "css-href": self.css_name, "pdf-href": pdf, "names-href": self.names_name,
                 "search-href": self.search_name},
                {"css-href": self.css_name, "index-href": "index.html", "edition-title": params["edition-title"],
                 "family-name-first": params["family-name-first"], "pdf-href": pdf,
                 "names-per-entry": params.get("names-per-entry", NAMES_PER_ENTRY)})

    def listing(self, convs: list[Conversation], out_dir: Path, params: dict) -> list[Path]:
        """The index page and the index of names, made from all conversations."""
        listing = listing_xml(convs, lambda conv: f"{conv.stem}.html")
        return self.write_listing(out_dir, listing, listing, params)

    def write_listing(self, out_dir: Path, index_xml: str, names_xml: str, params: dict) -> list[Path]:
        """The contents page from ``index_xml`` and the index of names from ``names_xml`` (listings, see
        :func:`listing_xml`): index.html, names.html and the pages of the entities names.xsl lists apart
        (``names/<id>.html``: an entity named in more conversations than the parameter ``names-per-entry``,
        edition.toml's ``[site] names_per_entry``), these sorted by name. The entity pages of an earlier run in ``out_dir`` are removed first: they are this builder's
        own output, and one no longer listed apart would stay otherwise."""
        index_params, names_params = self.listing_params(params)
        out_dir = Path(out_dir)
        index, names, entities = out_dir / "index.html", out_dir / self.names_name, out_dir / ENTITY_PAGES
        for stale in entities.glob("*.html"):
            stale.unlink()
        xslt.load(_resolve(self.index_stylesheet)).transform(None, index, xml_text=index_xml, params=index_params)
        xslt.load(_resolve(self.names_stylesheet)).transform(None, names, xml_text=names_xml, params=names_params)
        made = sorted(entities.glob("*.html"))
        if not made and entities.is_dir() and not any(entities.iterdir()):
            entities.rmdir()  # no entity listed apart: no folder
        for page in made:  # written by Saxon itself (xsl:result-document): readable as the umask says
            make_readable(page)
        return [index, names, *made]


# How the builder has an output other than the pages made: ``keep(name, make, sources, values)`` returns the
# output's files (``make()`` writes them and returns them); ``sources``, the files it is made from (TEI files,
# pages, the builder's stylesheet or CSS), ``values`` what else it depends on (JSON-able) besides the builder's own code and stylesheets. An
# incremental build (edition/pipeline.py) reuses the last build's files when these are the same.
Keep = Callable[[str, Callable[[], list[Path]], list[Path], dict], list[Path]]


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - the search index says so
        return "absent"


def _make(name: str, make: Callable[[], list[Path]], sources: list[Path], values: dict) -> list[Path]:
    return make()


@dataclass(frozen=True)
class PageJob:
    """One page of the web edition: the TEI file, the page to write, the stylesheet's parameters (picklable)."""

    source: Path
    output: Path
    params: dict


def _rows_layout(source: Path) -> str:
    """html.xsl's ``rows-layout`` for the TEI file ``source``; "" (the stylesheet does what it would without it)
    for a file without the attribute value "paragraph" (no paragraph links: not parsed, a page in one version or
    in plain columns) or one lxml cannot read (the transform then says why)."""
    from .layout import layout_param

    try:
        data = Path(source).read_bytes()
        if b'"paragraph"' not in data and b"'paragraph'" not in data:
            return ""
        return layout_param(etree.fromstring(data, _parser()))
    except (OSError, etree.XMLSyntaxError):
        return ""


def _short_label(conv: Conversation) -> str:
    return conv.when or conv.title


def _builders() -> dict[str, type]:
    from .pdf import PdfBuilder  # its own module: the printed edition's layout
    return {"html": HtmlBuilder, "pdf": PdfBuilder}



def get_builder(name: str) -> HtmlBuilder | PdfBuilder:
    """A builder by name ("html" or "pdf")."""
    try:
        return _builders()[name]()
    except KeyError:
        raise PublishError(f"unknown builder {name!r} (known: {', '.join(sorted(_builders()))})") from None
