"""The printed edition: one print-HTML document rendered to PDF by WeasyPrint."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic, EditionError
from ..outputs import make_readable, output_error
from . import spreads, xslt
from .builders import _copy, _resolve, edition_params, listing_xml, read_conversations
from .xslt import PublishError

log = logging.getLogger(__name__)


#: the print layouts (print.xsl's print-layout), the first the default
LAYOUTS = ("facing", "columns", "sequence")


@dataclass(frozen=True)
class PrintOptions:
    """The ``[print]`` table of edition.toml: ``layout`` (one of :data:`LAYOUTS`), ``facing``, the
    translation(s) to set facing the original, by version id ("en-rozas"), its last part ("rozas")
    or a translator's family name, the first that a conversation has, else its first translation; and
    ``volume_size``, the conversations of a volume (0: the edition is one book), for an edition too large
    to set as one (docs/print.md, "Volumes")."""

    layout: str = LAYOUTS[0]
    facing: tuple[str, ...] = ()
    volume_size: int = 0

    @classmethod
    def from_table(cls, table: object, config: Path | None) -> "PrintOptions":
        def bad(message: str) -> EditionError:
            return EditionError(Diagnostic("project.bad-print", "error", f"[print] {message}",
                                           str(config) if config else None))

        if table is None:
            return cls()
        if not isinstance(table, dict):
            raise bad("must be a table (layout, facing)")
        unknown = sorted(set(table) - {"layout", "facing", "volume_size"})
        if unknown:
            raise bad(f"takes the keys layout, facing and volume_size, not {', '.join(unknown)}")
        layout = table.get("layout", LAYOUTS[0])
        if layout not in LAYOUTS:
            raise bad(f"layout must be one of {', '.join(LAYOUTS)}; got {layout!r}")
        facing = table.get("facing", [])
        if isinstance(facing, str):
            facing = [facing]
        if not isinstance(facing, list) or not all(isinstance(k, str) and k.strip() for k in facing):
            raise bad(f"facing must be a version or translator (or a list of them), e.g. \"rozas\"; got {facing!r}")
        size = table.get("volume_size", 0)
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise bad(f"volume_size must be a whole number of conversations, 0 or more (0: one book); got {size!r}")
        return cls(layout, tuple(k.strip() for k in facing), size)

    def as_inputs(self) -> dict:
        """For the build's record of what the PDF was made from."""
        return {"layout": self.layout, "facing": list(self.facing)}

    def volumes(self, convs: list) -> list[tuple[str, str, list]]:
        """The books of conversations ``convs`` (in the edition's order): (the folder under pdf/ — "" for one
        book —, the volume's label for its title page, its conversations). A volume holds ``volume_size``
        conversations, the last the rest; an edition of no more is one book."""
        size = self.volume_size
        if not size or len(convs) <= size:
            return [("", "", list(convs))]
        parts = [convs[i:i + size] for i in range(0, len(convs), size)]
        return [(f"volume-{n}", f"Volume {n} of {len(parts)}: {_span(part)}", part)
                for n, part in enumerate(parts, start=1)]


def _span(convs: list) -> str:
    """"16 December 1949 – 13 January 1950": the dates of a volume's first and last conversations."""
    first, last = (_date_words(conv.when) or conv.title for conv in (convs[0], convs[-1]))
    return first if first == last else f"{first} – {last}"


def _date_words(when: str) -> str:
    """"1950-01-22" -> "22 January 1950" (as the TEI writer words dates); a date that is not a whole ISO date as
    it is."""
    import datetime

    from ..writers.tei import long_date

    try:
        return long_date(datetime.date.fromisoformat(when))
    except (TypeError, ValueError):
        return when or ""


@dataclass
class PdfBuilder:
    """The printed edition: one print-HTML document rendered to PDF by WeasyPrint.

    **Facing pages** (``layout="facing"``, docs/print.md): a conversation whose original is
    aligned with a translation is printed in spreads, the original on the verso and the
    translation (the first of ``facing`` that names one, else the first) on the recto, each
    spread opening with the same passage on both sides. The spreads are measured and packed
    first (:mod:`edition.publish.spreads`); a side that still runs over its page in the book is
    split and the book set again (at most ``max_passes`` times). ``"columns"`` sets the two side
    by side on each page; ``"sequence"`` prints the versions one after another.

    **The index of names** lists the pages of the mentions. With ``measure_index`` (the
    default) the book is set once without it (print.xsl ``part=body``: the index is only its
    heading, where it starts), the pages of the mention anchors are read from that setting and
    handed to the stylesheet (``mention-pages``), which makes the index alone (``part=index``,
    each page once, with ranges, its page counter going on from the body's); its pages follow
    the body's in the PDF (``Document.copy``). The index is the book's last part, so its
    content moves nothing before it. Without ``measure_index`` the book is set once with a CSS
    ``target-counter()`` per mention (WeasyPrint cannot remove duplicates).

    **Tagged PDF**: ``pdf_variant`` (PDF/UA-1 by default) with the structure elements'
    ``/Lang`` from the HTML's ``lang`` (Russian passages ``ru``, Chinese names ``zh``), XMP
    metadata from the HTML's title and authors (the edition's, or one conversation's).
    """

    name: str = "pdf"
    stylesheet: str = "print.xsl"
    css: str = "css/print.css"
    css_name: str = "print.css"
    html_name: str = "edition.html"
    pdf_name: str = "edition.pdf"
    measure_index: bool = True
    max_passes: int = 3
    chinese_names: bool | None = None  # None: print Chinese names only when a font has their glyphs
    layout: str = "facing"
    facing: tuple[str, ...] = ()
    pdf_variant: str | None = "pdf/ua-1"
    #: processes setting the book: 2 sets the body in parts, in a second process at the same time
    #: (docs/print.md, "The body in two processes": the same book, not faster for the seeds' book on
    #: shared cores, hence not the default)
    jobs: int = 1
    #: (what, seconds) of the settings made in the second process, for benchmarks/print.py
    timings: list = field(default_factory=list)

    def build(self, tei_paths: list[Path], out_dir: Path, edition: dict) -> Path:
        """Write ``edition.html``, ``print.css`` and ``edition.pdf`` into ``out_dir``; return the PDF path."""
        if self.layout not in LAYOUTS:
            raise PublishError(f"unknown print layout {self.layout!r} (known: {', '.join(LAYOUTS)})")
        out_dir = Path(out_dir)
        convs = read_conversations(tei_paths)
        sheet = xslt.load(_resolve(self.stylesheet))
        html_path = out_dir / self.html_name
        _copy(_resolve(self.css), out_dir / self.css_name)
        listing = listing_xml(convs, lambda c: f"{c.stem}.html")
        chinese = has_font_for("zh") if self.chinese_names is None else self.chinese_names
        if not chinese:
            log.warning("no font with Chinese glyphs is installed (Debian: fonts-noto-cjk): "
                        "the printed index of names leaves out the Chinese forms of names")
        params = {**edition_params(edition), "css-href": self.css_name, "chinese-names": chinese,
                  "edition-editor-list": _editors(edition), "print-layout": self.layout, "facing": list(self.facing),
                  "volume-label": str(edition.get("volume") or "")}

        fonts = _font_config()  # one for every setting of the book: fonts are loaded once

        def typeset(extra: dict, path: Path = html_path, render: bool = True) -> object:
            sheet.transform(None, path, xml_text=listing, params={**params, **extra})
            return self.render(path, fonts) if render else None

        self.timings.clear()
        in_parts = self.jobs > 1 and self.measure_index and (os.cpu_count() or 1) > 1
        document = front = worker = None
        try:
            if in_parts:
                try:
                    worker = _Worker()
                except (OSError, RuntimeError, ValueError, AssertionError) as exc:  # e.g. in a daemonic process
                    log.info("no second process to set the book (%s): set in one", exc)
                else:
                    try:
                        document, front = self.body_in_parts(typeset, html_path, fonts, worker)
                    except PublishError as exc:
                        log.warning("the body could not be set in parts (%s): set in one process", exc)
                        document = front = None
            if document is None:
                breaks = self.spread_breaks(typeset, html_path) if self.layout == "facing" else []
                # the index of names, with the pages of the mentions, is set on its own after the rest (the
                # "body", which ends with the index's heading only): it is the book's last part, so the pages
                # before it are those of the body, whatever the index holds
                part = {"part": "body" if self.measure_index else "book"}
                document = typeset({"spread-breaks": breaks, **part})
                document, breaks = self.settle_spreads(document, breaks, lambda extra: typeset({**extra, **part}),
                                                       html_path)
            if self.measure_index:
                document = self.add_index(document, typeset, html_path, fonts)
            if front is not None:
                try:
                    document = front(document)
                except PublishError as exc:
                    log.warning("the contents could not be set again in parts (%s): the book is set in one", exc)
                    document = None
        finally:
            if worker is not None:
                worker.close()
            for stray in out_dir.glob(f".{html_path.stem}-part-*.html"):
                stray.unlink(missing_ok=True)
        if document is None:
            return dataclasses.replace(self, jobs=1).build(tei_paths, out_dir, edition)
        return self.write_pdf(document, html_path, out_dir / self.pdf_name, self.pdf_variant)

    def body_in_parts(self, typeset, html_path: Path, fonts, worker: "_Worker"):
        """The body set in parts (:class:`_Body`) by this process and ``worker`` at once.

        The worker measures the rectos of the facing conversations and sets the parts without
        facing conversations (their HTML is the same whatever the spreads: they are taken from a
        skeleton of the body, print.xsl's ``without-facing``), while this process measures the
        versos, packs the spreads and sets the facing conversations; each part is numbered from
        the page after the parts before it (``_numbered_from``: known only once those are
        paginated), the worker's pages come back pickled, and the contents, whose page numbers
        are in every part, are set again at the end with the numbers written in (by the worker,
        while the index is set here). Returns the body as one document (``Document.copy`` of all
        the parts' pages) and a function that puts the contents set again into the book; raises
        PublishError when the body cannot be set so (the caller sets it in one)."""
        import pickle

        facing = self.layout == "facing"
        if facing:
            # the measure's sides are pages of their own: the rectos measured in the worker
            typeset({"measure": True}, render=False)
            measure = html_path.read_text(encoding="utf-8")
            verso, recto = (_measure_sides(measure, kind) for kind in ("verso", "recto"))
            measure_file = html_path.with_name(f".{html_path.stem}-part-measure.html")
            measure_file.write_text(recto, encoding="utf-8")
            worker.set("measure-recto", measure_file, 1, measure=True)
        typeset({"part": "body", "spread-breaks": [], "without-facing": facing}, render=False)
        skeleton = _Body(html_path.read_text(encoding="utf-8"))
        log.debug("parts: the skeleton made")
        parts = skeleton.parts
        if parts is None:
            raise PublishError("no parts to set apart")
        for part in parts:  # set here: the facing conversations (or the last part); the rest in the worker
            part["here"] = part["facing"] if any(p["facing"] for p in parts) else part is parts[-1]
        last = len(parts) - 1
        files = [html_path.with_name(f".{html_path.stem}-part-{i}.html") for i in range(len(parts))]
        keys = [f"part-{i}" for i in range(len(parts))]
        for i, part in enumerate(parts):
            if not part["here"]:
                files[i].write_text(skeleton.part(part["range"], i == last), encoding="utf-8")
                worker.set(keys[i], files[i], 1 if i == 0 else None)
        body, breaks = skeleton, []
        if facing:
            html_path.write_text(verso, encoding="utf-8")
            document = self.render(html_path, fonts)
            measured = spreads.measured(document, verso)
            log.debug("parts: the versos measured")
            _, _, data, seconds = worker.wait("done", "measure-recto")
            self.timings.append(("measure of the rectos, second process", seconds))
            rectos = pickle.loads(data)
            for conv, other in rectos.items():  # each conversation's sides, verso then recto
                if conv not in measured:
                    raise PublishError("the rectos measured are not those of the versos")
                measured[conv].sides += other.sides
                measured[conv].passages = sorted(set(measured[conv].passages) | set(other.passages))
            breaks = self.packed(measured, document)
            log.debug("parts: the rectos received, the spreads packed")
            typeset({"part": "body", "spread-breaks": breaks}, render=False)
            body = _Body(html_path.read_text(encoding="utf-8"))
            if body.parts is None or [p["range"] for p in body.parts] != [p["range"] for p in parts] or any(
                    not p["here"] and body.pieces[k] != skeleton.pieces[k]
                    for p in parts for k in range(*p["range"])):
                raise PublishError("the parts without facing pages are not those of the body")
            log.debug("parts: the body made")
        counts: dict[int, int] = {}  # part -> its own pages
        told: dict[int, int] = {}    # the worker's parts -> the first page it was sent

        def count(i: int) -> int:
            if i not in counts:  # a worker's part: its pages once paginated, less the placeholder's
                counts[i] = worker.wait("made", keys[i])[2] - (i != last)
            return counts[i]

        def first_page(i: int) -> int:
            return 1 + sum(count(j) for j in range(i))

        def paginated(i: int, pages: int) -> None:
            """Part ``i`` set here is paginated: the worker's next part can be numbered (should the
            part be set again with other page counts, the body is set in one)."""
            counts[i] = pages - (i != last)
            if i < last and not parts[i + 1]["here"] and i + 1 not in told:
                told[i + 1] = first_page(i + 1)
                worker.first_page(keys[i + 1], told[i + 1])

        documents: dict[int, object] = {}
        for i, part in enumerate(parts):
            if not part["here"]:
                continue
            for attempt in range(self.max_passes + 1):
                html = body.part(part["range"], i == last)
                files[i].write_text(html, encoding="utf-8")
                document = _set_part(files[i], fonts, lambda i=i: first_page(i), lambda n, i=i: paginated(i, n))
                if not part["facing"]:
                    break
                misfits = spreads.misfits(document, html)
                held = spreads.spread_passages(html)
                more = sorted({f"{m.conv}-p{held[(m.conv, m.spread)][-1]}" for m in misfits
                               if len(held.get((m.conv, m.spread), ())) > 1} - set(breaks))
                if not more:
                    break
                if attempt == self.max_passes:
                    _warn(Diagnostic("print.spreads-unsettled", "warning",
                                     f"the facing pages did not settle after {self.max_passes} settings: some "
                                     "spreads are out of step"))
                    break
                log.info("facing pages: %d side(s) ran over their page; set again with %s split",
                         len(misfits), ", ".join(more))
                breaks = breaks + more
                typeset({"part": "body", "spread-breaks": breaks}, render=False)
                body = _Body(html_path.read_text(encoding="utf-8"))
                if body.parts is None or [p["range"] for p in body.parts] != [p["range"] for p in parts]:
                    raise PublishError("the parts changed with the spreads")
            own = _part_pages(document)
            if i != last and len(own) != len(document.pages) - 1:
                raise PublishError("a part's last page is not its placeholder's alone")
            documents[i], counts[i] = document, len(own)
            log.debug("parts: %s set here", keys[i])
            if any(page != first_page(j) for j, page in told.items()):
                raise PublishError("a part was numbered from a page that changed")
        pages = []
        for i, part in enumerate(parts):
            if part["here"]:
                pages += _part_pages(documents[i])
            else:
                _, _, data, seconds = worker.wait("done", keys[i])
                self.timings.append((f"{keys[i]}, second process", seconds))
                own = _unpickled_pages(data, fonts)
                if len(own) != count(i):
                    raise PublishError("a part's pages are not those counted")
                pages += own
                log.debug("parts: %s received", keys[i])
        document = next(iter(documents.values())).copy(pages)
        first_conv = next((k for k, c in enumerate(body.children) if c.tag == "article"), 0)
        if first_conv == 0:
            return document, None
        # the front matter set again, the contents' page numbers written in (the worker, while the
        # index is set here); it must have the pages it had in the first part
        targets = _anchor_pages(document)
        front_pages = targets.get(body.children[first_conv].get("id"), 1) - 1
        front_file = html_path.with_name(f".{html_path.stem}-part-front.html")
        front_file.write_text(body.part((0, first_conv), False, targets), encoding="utf-8")
        worker.set("front", front_file, 1)
        html_path.write_text(body.text, encoding="utf-8")  # the body's HTML, for the index

        def with_front(book):
            _, _, data, seconds = worker.wait("done", "front")
            self.timings.append(("front, second process", seconds))
            made = _unpickled_pages(data, fonts)
            if len(made) != front_pages:
                raise PublishError("the front matter set again does not have the pages it had")
            return book.copy(made + book.pages[len(made):])

        return document, with_front

    def add_index(self, body, typeset, html_path: Path, fonts=None):
        """The body's pages up to the index's heading, then the index set on its own (its page
        counter going on from the body's) with the pages of the mentions in the body; the print
        HTML (``html_path``) becomes the whole book's. The index's two columns are balanced here
        (:func:`balance_index`), not by WeasyPrint's CSS columns."""
        start = index_page(body)
        if start is None:  # no names: no index
            return body
        pages = mention_pages(body)
        index_html = html_path.with_name(f".{html_path.stem}-index.html")  # beside print.css
        try:
            typeset({"part": "index", "index-first-page": start,
                     "mention-pages": [f"{anchor} {page}" for anchor, page in sorted(pages.items())]},
                    index_html, render=False)
            original = index_html.read_text(encoding="utf-8")
            expected = balance_index(index_html, text_block_height(body), lambda path: self.render(path, fonts))
            index = self.render(index_html, fonts)
            if expected is not None and len(index.pages) != expected:  # a column ran over: CSS columns
                log.warning("the index of names' columns did not come out as measured (%d pages, not %d): "
                            "set again with WeasyPrint's columns", len(index.pages), expected)
                index_html.write_text(original, encoding="utf-8")
                index = self.render(index_html, fonts)
            _splice_index(html_path, index_html)
        finally:
            index_html.unlink(missing_ok=True)
        return body.copy(body.pages[:start - 1] + index.pages)


    def spread_breaks(self, typeset, html_path: Path) -> list[str]:
        """Measure the facing conversations' passages and pack them into spreads (print.xsl's spread-breaks)."""
        document = typeset({"measure": True})
        return self.packed(spreads.measured(document, html_path.read_text(encoding="utf-8")), document)

    def packed(self, facing: dict, document) -> list[str]:
        """The spread breaks of the measured facing conversations (``document``: the measure's, whose
        first page is a book page)."""
        if not facing:
            return []
        capacity = text_block_height(document)
        breaks: list[str] = []
        for conv in facing.values():
            made, overlong = spreads.pack(conv, capacity)
            breaks += made
            for passage in overlong:
                _warn(Diagnostic(
                    "print.passage-too-long", "warning",
                    f"passage {passage.passage} of {passage.conv[2:]} ({passage.version}) is longer than a page "
                    f"({100 * passage.height / capacity:.0f}% of the text block): it runs over onto the next page, "
                    "and the facing pages after it are out of step"))
        return breaks

    def settle_spreads(self, document, breaks: list[str], typeset, html_path: Path):
        """Set the book again while a side of a spread runs over its page, splitting that spread."""
        for _ in range(self.max_passes):
            book = html_path.read_text(encoding="utf-8")
            misfits = spreads.misfits(document, book)
            held = spreads.spread_passages(book)
            more = [f"{m.conv}-p{held[(m.conv, m.spread)][-1]}" for m in misfits
                    if len(held.get((m.conv, m.spread), ())) > 1]
            more = sorted(set(more) - set(breaks))
            if not more:
                break
            log.info("facing pages: %d side(s) ran over their page; set again with %s split",
                     len(misfits), ", ".join(more))
            breaks = breaks + more
            document = typeset({"spread-breaks": breaks})
        else:
            if spreads.misfits(document, html_path.read_text(encoding="utf-8")):
                _warn(Diagnostic("print.spreads-unsettled", "warning",
                                 f"the facing pages did not settle after {self.max_passes} settings: some spreads "
                                 "are out of step"))
        return document, breaks

    @staticmethod
    def render(html_path: Path, font_config=None):
        """Lay out ``html_path`` with WeasyPrint; return the ``weasyprint.Document``."""
        try:
            import weasyprint
        except ImportError as exc:  # pragma: no cover - a broken install
            raise PublishError(f"WeasyPrint is not available: {exc}") from None
        try:
            return parsed_html(html_path).render(font_config=font_config)
        except Exception as exc:  # WeasyPrint raises many kinds; the user needs one message
            raise PublishError(f"PDF rendering failed: {type(exc).__name__}: {exc}", file=html_path) from None

    @staticmethod
    def write_pdf(document, html_path: Path, pdf_path: Path, pdf_variant: str | None = None) -> Path:
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{pdf_path.name}.", suffix=".tmp", dir=pdf_path.parent)
        os.close(fd)
        try:
            with tagged_languages(), _page_references_once():
                document.write_pdf(tmp, pdf_variant=pdf_variant)
            make_readable(tmp)
            os.replace(tmp, pdf_path)
        except OSError as exc:  # the disk, not the document
            raise output_error(pdf_path, exc) from None
        except Exception as exc:
            raise PublishError(f"PDF rendering failed: {type(exc).__name__}: {exc}", file=html_path) from None
        finally:
            Path(tmp).unlink(missing_ok=True)
        return pdf_path


def parsed_html(html_path: Path):
    """``weasyprint.HTML(filename=html_path)``, the document parsed by lxml (libxml2) instead of
    WeasyPrint's HTML5 parser in Python (tinyhtml5: 0.7 s of the book's 450 kB each setting, lxml
    0.05 s). The tree handed to WeasyPrint is the same for the print stylesheet's output (its
    serialisation is well-formed; tests/test_print_parse.py compares the two); should WeasyPrint's
    ``HTML`` change, its own parser is used. Either way with the print user-agent stylesheet
    (:func:`_user_agent_stylesheet`)."""
    import cssselect2
    import weasyprint
    from lxml import html as lxml_html

    try:
        from weasyprint.urls import URLFetcher, path2url

        root = lxml_html.parse(str(html_path), lxml_html.HTMLParser(
            remove_blank_text=False, remove_comments=True, encoding="utf-8")).getroot()
        document = weasyprint.HTML.__new__(weasyprint.HTML)
        document.base_url = path2url(str(html_path))
        document.url_fetcher = URLFetcher()
        document.media_type = "print"
        document.wrapper_element = cssselect2.ElementWrapper.from_html_root(_etree(root), content_language=None)
        document.etree_element = document.wrapper_element.etree_element
    except (ImportError, AttributeError, TypeError):  # another WeasyPrint
        document = weasyprint.HTML(filename=str(html_path))
    ua = _user_agent_stylesheet()
    if ua is not None:
        document._ua_stylesheets = lambda forms=False: [ua]
    return document


#: WeasyPrint's user-agent rules for the pseudo-elements of every element ("::marker { … }"): what
#: becomes of each in the print user-agent stylesheet (None: left out)
_UA_PSEUDO_RULES = {
    "::marker {": "li::marker {",  # only list items have markers (print.css makes no other list-item)
    "::footnote-call {": None,     # print.css sets all of these for .footnote, the only footnotes
    "::footnote-marker {": None,
    "::note-call {": None,         # print.css has no notes (position: note())
    "::note-marker {": None,
    "::note-callback {": None,
}
_ua_sheet: list = []


def _user_agent_stylesheet():
    """WeasyPrint's user-agent stylesheet without its rules for the pseudo-elements of every element.

    Those rules (``::marker``, ``::footnote-call``, ``::note-call``, … without a selector before
    them) give each of the book's 3,800 elements six pseudo-element styles, which WeasyPrint
    computes for every element although only list items have markers and only footnotes
    (``.footnote``, print.css, which sets their calls and markers itself) have calls: 24,000 of
    the body's 27,000 computed styles, a third of the CSS cascade. Here ``::marker`` is kept for
    ``li`` and the rest left out; the same styles where they are used. None (WeasyPrint's own
    stylesheet) if its text is not as expected."""
    if not _ua_sheet:
        made = None
        try:
            import weasyprint.html as weasy_html
            from weasyprint import CSS
            from weasyprint.css.counters import CounterStyle

            text = weasy_html.UA
            lines = text.split("\n")
            changed = 0
            for i, line in enumerate(lines):
                for start, replacement in _UA_PSEUDO_RULES.items():
                    if line.startswith(start) and line.rstrip().endswith("}"):
                        lines[i] = "" if replacement is None else replacement + line[len(start):]
                        changed += 1
            if changed == len(_UA_PSEUDO_RULES):
                # its @counter-style rules are those of WeasyPrint's counter styles already: read into
                # a registry of their own (a setting uses WeasyPrint's)
                made = CSS(string="\n".join(lines), counter_style=CounterStyle())
        except (ImportError, AttributeError, TypeError):
            made = None
        _ua_sheet.append(made)
    return _ua_sheet[0]


def _etree(element):
    """An lxml element as the ``xml.etree`` tree WeasyPrint's parser makes (no comments)."""
    from xml.etree import ElementTree

    made = ElementTree.Element(element.tag, dict(element.attrib))
    made.text = element.text
    last = None
    for child in element:
        if isinstance(child.tag, str):
            last = _etree(child)
            last.tail = child.tail
            made.append(last)
        elif child.tail:  # a comment or processing instruction: its text after it stays
            if last is None:
                made.text = (made.text or "") + child.tail
            else:
                last.tail = (last.tail or "") + child.tail
    return made


def _font_config():
    try:
        from weasyprint.text.fonts import FontConfiguration
    except ImportError:  # pragma: no cover - a broken install; render() says so
        return None
    return FontConfiguration()


_INDEX_START = '<section class="names-index" id="index-of-names">'


def _splice_index(book_html: Path, index_html: Path) -> None:
    """Put the index section of ``index_html`` in place of the index's heading that ends ``book_html``."""
    book, index = (p.read_text(encoding="utf-8") for p in (book_html, index_html))
    at, end = book.rfind(_INDEX_START), book.rfind("</body>")
    section = index[index.rfind(_INDEX_START):index.rfind("</body>")]
    if at < 0 or end < at or not section:
        raise PublishError("the print HTML has no index of names to fill in", file=book_html)
    book_html.write_text(book[:at] + section + book[end:], encoding="utf-8")


#: what an index column may fill short of its room (CSS px): rounding
_COLUMN_SLACK = 0.01


def balance_index(index_html: Path, capacity: float, render) -> int | None:
    """Set the index of names' two columns as WeasyPrint's CSS columns would, but balanced here.

    WeasyPrint balances ``columns: 2`` by laying out the rest of the index again for every column
    and every trial height (its ``columns_layout``): most of the index's time. Here the index is
    set once in one column of the columns' width on one tall page (``body.ix-measure``,
    print.css), which gives every entry's height (entries are never split) and where each
    kind's entries start; the entries of each kind (``div.ix-columns``) are then dealt into
    pages of two explicit columns (``div.ix-chunk`` of two ``div.ix-col``) the way CSS columns
    fill them: on a page the rest does not fit, the first column and then the second filled to
    the foot of the text block (``capacity``, CSS px) less the kind's bottom margin, each with one
    entry at least, as WeasyPrint does; on the kind's last page the two balanced (the least height
    holding the rest, the first column filled first); a kind's heading on a new page
    (``section.ix-newpage``) when not even its first entry fits under it. The file is rewritten; the number of pages the index is to
    have, or None (the file left as it was, CSS columns) when the measure does not match it.
    """
    from lxml import html as lxml_html

    text = index_html.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(text)
    groups = tree.xpath("//div[contains(concat(' ', @class, ' '), ' ix-columns ')]")
    if not groups:
        return None
    measure_html = index_html.with_name(f"{index_html.stem}-measure.html")
    body = tree.find("body")
    body.set("class", (body.get("class", "") + " ix-measure").strip())
    try:
        measure_html.write_text(_serialise(tree, text), encoding="utf-8")
        measured = _index_measure(render(measure_html))
    finally:
        measure_html.unlink(missing_ok=True)
        body.set("class", body.get("class").replace("ix-measure", "").strip())
        if not body.get("class"):
            del body.attrib["class"]
    if measured is None or len(measured[1]) != len(groups) or any(
            len(kind["entries"]) != len(group) for kind, group in zip(measured[1], groups)):
        log.warning("the index of names could not be measured: its columns are WeasyPrint's")
        return None
    y, kinds = measured
    pages = 1
    for number, (kind, group) in enumerate(zip(kinds, groups)):
        spans, borders = kind["spans"], kind["borders"]
        limit = capacity - _COLUMN_SLACK
        if number:
            y += kinds[number - 1]["after"]
        if y > 0 and (not borders or y + kind["head"] + borders[0] > capacity - _COLUMN_SLACK):
            section = group.getparent()
            section.set("class", section.get("class", "") + " ix-newpage")
            y, pages = 0.0, pages + 1
        y += kind["head"]
        chunks, rest, balanced = [], list(range(len(spans))), False
        while rest:
            split = _balanced(rest, spans, borders, limit - y)
            if split is not None:
                chunks.append((rest[:split], rest[split:]))
                balanced = True
                # WeasyPrint's columns: the last entry's bottom margin counts on the kind's first
                # page, not on a page it goes on to
                height = _column_height if len(chunks) == 1 else _column_fill
                y += max(height(rest[:split], spans, borders), height(rest[split:], spans, borders))
                break
            # each column takes one entry at least (WeasyPrint's columns do)
            first = _fill(rest, spans, borders, limit - y) or rest[:1]
            second = _fill(rest[len(first):], spans, borders, limit - y) or rest[len(first):len(first) + 1]
            chunks.append((first, second))
            rest = rest[len(first) + len(second):]
            y, pages = 0.0, pages + 1  # the next chunk on a new page
        entries = list(group)
        for entry in entries:
            group.remove(entry)
            entry.tail = None
        group.text = None
        group.set("class", group.get("class") + " ix-balanced")
        for k, columns in enumerate(chunks):
            # the balanced end of a kind on a page it goes on to: no bottom margin (as above)
            chunk = lxml_html.Element("div", {"class": "ix-chunk ix-tight" if k and k == len(chunks) - 1
                                              and balanced else "ix-chunk"})
            for column in columns:
                box = lxml_html.Element("div", {"class": "ix-col"})
                box.extend(entries[i] for i in column)
                chunk.append(box)
            group.append(chunk)
    index_html.write_text(_serialise(tree, text), encoding="utf-8")
    return pages


def _serialise(tree, text: str) -> str:
    from lxml import html as lxml_html

    doctype = "<!DOCTYPE html>\n" if text.lstrip()[:9].lower() == "<!doctype" else ""
    return doctype + lxml_html.tostring(tree, encoding="unicode")


def _column_height(column: list[int], spans: list[float], borders: list[float]) -> float:
    """The height of a column holding these entries, the last one's bottom margin with it."""
    return sum(spans[i] for i in column)


def _column_fill(column: list[int], spans: list[float], borders: list[float]) -> float:
    """How far down these entries reach in a column (to the last one's border)."""
    return sum(spans[i] for i in column[:-1]) + borders[column[-1]] if column else 0.0


def _fill(items: list[int], spans: list[float], borders: list[float], height: float) -> list[int]:
    """The entries from the first that fit in a column of ``height``, each with its bottom margin
    (as WeasyPrint's columns fill them)."""
    used, taken = 0.0, []
    for i in items:
        if used + spans[i] > height:
            break
        taken.append(i)
        used += spans[i]
    return taken


def _balanced(items: list[int], spans: list[float], borders: list[float], height: float) -> int | None:
    """How many of ``items`` the first of two balanced columns holds (the least column height that
    holds them all, at most ``height``, the first column filled first); None if they do not fit."""
    best = None
    for k in range(len(items) + 1):
        tallest = max(_column_height(items[:k], spans, borders), _column_height(items[k:], spans, borders))
        if tallest <= height and (best is None or tallest < best):
            best = tallest
    if best is None:
        return None
    return len(_fill(items, spans, borders, best))


def _index_measure(document):
    """From the index set in one column on one tall page: the top of its first kind, and for each
    kind (``section.index-kind``) its heading's height down to the first entry, each entry's height
    to the next one's top (``spans``) and its own (``borders``), the room after its last entry."""
    try:
        from weasyprint.formatting_structure.boxes import BlockBox
        if len(document.pages) != 1:
            return None
        page = document.pages[0]._page_box
        top, kinds, seen = None, [], set()
        for box in page.descendants():
            # an element's first block box (anonymous boxes inside it carry its element too)
            if not isinstance(box, BlockBox) or box.element is None or id(box.element) in seen:
                continue
            seen.add(id(box.element))
            classes = (box.element.get("class") or "").split()
            if "index-kind" in classes:
                if top is None:
                    top = box.position_y - page.content_box_y()
                kinds.append({"top": box.position_y, "after": box.margin_bottom, "boxes": []})
            elif "ix-entry" in classes and kinds:
                kinds[-1]["boxes"].append(box)
        for kind in kinds:
            boxes = kind.pop("boxes")
            ys = [b.border_box_y() for b in boxes]
            kind["entries"] = boxes
            kind["head"] = (ys[0] if ys else kind["top"]) - kind["top"]
            kind["borders"] = [b.border_height() for b in boxes]
            kind["spans"] = [b - a for a, b in zip(ys, ys[1:])] + ([boxes[-1].border_height() + boxes[-1].margin_bottom]
                                                                  if boxes else [])
        return (top or 0.0), kinds
    except (ImportError, AttributeError, TypeError):  # WeasyPrint's boxes are not public API
        return None


def index_page(document) -> int | None:
    """The page (1, 2, …) on which the index of names starts, None if the document has none."""
    for number, page in enumerate(document.pages, start=1):
        if "index-of-names" in page.anchors:
            return number
    return None


def _warn(diagnostic: Diagnostic) -> None:
    """Report a warning of the builder: logged, with the diagnostic for the CLI's reporter to print."""
    log.warning("%s", diagnostic.message, extra={"diagnostic": diagnostic})


def _editors(edition: dict) -> list[str]:
    editors = edition.get("editors") or []
    return [editors] if isinstance(editors, str) else [str(e) for e in editors]


def text_block_height(document) -> float:
    """The height of the text block of the book's pages (CSS px), from the measure document's
    first page, which print.css sets as a book page."""
    try:
        return float(document.pages[0]._page_box.height)
    except (AttributeError, IndexError) as exc:  # WeasyPrint's page boxes are not public API
        raise PublishError(f"cannot measure the pages for the facing layout with this WeasyPrint ({exc}); "
                           "use the sequence layout (--print-layout sequence)") from None


@contextlib.contextmanager
def _page_references_once():
    """While the PDF is written, ``pydyf.PDF.page_references`` made once per number of pages.

    It is a property that makes the tuple of every page's reference anew each time it is read,
    and WeasyPrint's tagger reads it for every structure element (10,000 for the seeds' 61
    pages: a tenth of the writing). The same references; pydyf's own if it changes."""
    try:
        import pydyf
        original = pydyf.PDF.__dict__["page_references"]
        original.fget  # noqa: B018 - a property
    except (ImportError, KeyError, AttributeError):
        yield
        return

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_edition_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(pdf))
            pdf.__dict__["_edition_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


_BLOCK_TAGS = {"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/LI", "/LBody", "/TD", "/TH", "/Div", "/Sect",
               "/Art", "/BlockQuote", "/Note", "/Caption"}


@contextlib.contextmanager
def tagged_languages():
    """While the PDF is written, give its structure elements the language of their HTML element.

    WeasyPrint tags the PDF (PDF/UA) but gives the language of the whole document only
    (``/Lang`` of the catalogue, from ``<html lang>``); a screen reader would read the Russian
    pages with English rules. Its tagger builds one structure element per box, recursively,
    through ``weasyprint.pdf.tags._build_box_tree``; this wraps that function for the time of
    the writing and sets ``/Lang`` on the elements made for a box whose element has ``lang``.
    Should WeasyPrint change it, the PDF is still written, without the languages, and a
    warning says so (tests/test_print.py checks the languages).
    """
    try:
        import pydyf
        from weasyprint.pdf import tags
        original = tags._build_box_tree
    except (ImportError, AttributeError):
        log.warning("this WeasyPrint tags the PDF differently: the PDF's passages carry no language of their own")
        yield
        return

    inherited: list[str] = []  # the languages of the elements being tagged, innermost last

    def build(box, parent, *args, **kwargs):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and getattr(box, "element_tag", None) != "html" else None
        if lang:
            inherited.append(lang)
        try:
            for made in original(box, parent, *args, **kwargs):
                # explicit on the element's own structure elements; inherited, on every block
                # (a reader asks a paragraph its language; spans follow their paragraph)
                if "Lang" not in made and inherited and (lang or str(made.get("S")) in _BLOCK_TAGS):
                    made["Lang"] = pydyf.String(inherited[-1])
                yield made
        finally:
            if lang:
                inherited.pop()

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original


# What setting a book costs, per megabyte of its TEI (docs/scale.md, the 100-conversation corpus: 8.5 MB of TEI,
# 1,065 pages in 163 s, 1.86 GB peak; the seeds, 0.43 MB: 61 pages, 0.35 GB): WeasyPrint keeps every page's
# boxes until the PDF is written, so memory grows with the book.
PAGES_PER_TEI_MB = 125
MEMORY_PER_TEI_MB = 200 * 2**20
MEMORY_BASE = 150 * 2**20


def large_book(at_once: list[int], memory: int | None, volumes: bool = False) -> Diagnostic | None:
    """A warning when the printed edition would need more than half of ``memory`` (this machine's, bytes; None:
    unknown, no warning) to be set, before an hour is spent finding out: the TEI bytes of the books set at
    once (one book; a volume, or two set together), ``volumes`` when they are volumes of the edition."""
    need = sum(MEMORY_BASE + MEMORY_PER_TEI_MB * size / 2**20 for size in at_once)
    if memory is None or not at_once or need <= memory / 2:
        return None
    share = f"{need / 2**30:.0f} GB of memory ({need / memory:.0%} of this machine's)"
    if volumes:
        what = "two of its volumes, set at once, need" if len(at_once) > 1 else "its largest volume to set needs"
        return Diagnostic("print.large-book", "warning",
                          f"the printed edition is too large for this machine: {what} about {share}: make the "
                          f"volumes smaller ([print] volume_size in edition.toml)"
                          + (", or set one at a time (--jobs 1)" if len(at_once) > 1 else ""))
    pages = round(PAGES_PER_TEI_MB * at_once[0] / 2**20, -2)
    return Diagnostic("print.large-book", "warning",
                      f"the printed edition is one book of about {pages:,.0f} pages, which needs about {share} to "
                      f"set: print it in volumes ([print] volume_size in edition.toml), or build with --no-pdf "
                      f"(docs/print.md)")


def machine_memory() -> int | None:
    """This machine's memory in bytes, or None when the system does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def has_font_for(lang: str) -> bool:
    """Whether fontconfig knows a font covering ``lang``; True when that cannot be asked."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return True
    try:
        found = subprocess.run([fc_list, f":lang={lang}", "family"], capture_output=True, text=True,
                               timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(found.strip())


_MENTION_ANCHOR = re.compile(r"^c-.+-m-\d+$")


def mention_pages(document) -> dict[str, int]:
    """The page number of every mention anchor ("c-<slug>-m-<n>") of a rendered print document.

    Page numbers are the pages' positions (1, 2, …): print.css numbers pages with the
    plain ``counter(page)``, never reset.
    """
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if _MENTION_ANCHOR.match(anchor):
                pages.setdefault(anchor, number)
    return pages


# ---------------------------------------------------------------------------------------------
# The body set in parts, in two processes (docs/print.md, "The body in parts")

_PART_END = "edition-part-end"  # the id of the placeholder that ends a part: where the next one starts


def _has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


class _Body:
    """The print HTML of the body, parsed once, cut into parts that can be set on their own.

    A conversation opens on a recto, so the book's pages after it do not depend on what comes
    before it except in their numbers. ``parts``: ranges of the body's children in book order,
    each ``{"range": (first, end), "facing": bool}``: the front matter with the conversations
    before the first facing one, the facing conversations (which need the spreads, measured
    first), the conversations after them with the index's heading; without facing conversations
    the conversations cut in two halves by the length of their HTML. None when it cannot be cut."""

    _MARK = "\ue000edition-body\ue000"

    def __init__(self, html: str):
        from lxml import html as lxml_html

        self.text = html
        root = lxml_html.fromstring(html)
        body = root.find("body")
        self.children = list(body) if body is not None else []
        self.pieces = [lxml_html.tostring(c, encoding="unicode") for c in self.children]  # with their tails
        self.parts = self._cut() if body is not None and not (body.text or "").strip() else None
        if self.parts is not None:
            for child in self.children:
                body.remove(child)
            body.text = self._MARK
            self.before, self.after = _serialise(root, html).split(self._MARK)

    def _cut(self) -> list[dict] | None:
        children = self.children
        convs = [i for i, c in enumerate(children) if c.tag == "article" and _has_class(c, "conversation")]
        if not convs or convs != list(range(convs[0], convs[-1] + 1)):
            return None
        facing = [i for i in convs if _has_class(children[i], "facing")]
        if facing:
            cuts = [facing[0], facing[-1] + 1]
        elif len(convs) > 1:
            sizes = [len(self.pieces[i]) for i in convs]
            half, total, cut = sum(sizes) / 2, 0, convs[-1]
            for i, size in zip(convs, sizes):
                if total + size / 2 > half:
                    cut = i
                    break
                total += size
            cuts = [max(cut, convs[0] + 1)]
        else:
            cuts = [convs[0]]
        bounds = [0, *cuts, len(children)]
        parts = [{"range": (a, b), "facing": any(a <= i < b for i in facing)} for a, b in zip(bounds, bounds[1:]) if a < b]
        return parts if len(parts) > 1 else None

    def part(self, part: tuple[int, int], last: bool, toc_pages: dict[str, int] | None = None) -> str:
        """The print HTML of one part: the same head, the body's children ``part`` (a range), then,
        unless it is the last part, an empty placeholder that opens a recto as the next part does
        (``.part-end``: the blank page before it comes out as in the whole body; its page is not
        the part's). The contents (``nav.toc``) get their page numbers written in (``data-pages``,
        each entry's ``data-page``: print.css sets those instead of ``target-counter``, whose
        targets are in other parts): ``toc_pages``, or "00" until they are known."""
        from lxml import html as lxml_html

        pieces = []
        for i in range(*part):
            child = self.children[i]
            if child.tag == "nav" and _has_class(child, "toc"):
                nav = lxml_html.fromstring(self.pieces[i])
                nav.set("data-pages", "")
                for link in nav.xpath(".//a[starts-with(@href, '#')]"):
                    link.set("data-page", str(toc_pages.get(link.get("href")[1:], 0)) if toc_pages else "00")
                pieces.append(lxml_html.tostring(nav, encoding="unicode"))
            else:
                pieces.append(self.pieces[i])
        if not last:
            pieces.append(f'<div class="part-end" id="{_PART_END}"></div>')
        return self.before + "".join(pieces) + self.after


def _part_pages(document) -> list:
    """A part's own pages: those before the page of its placeholder (``_Body.part``)."""
    for number, page in enumerate(document.pages):
        if _PART_END in page.anchors:
            return document.pages[:number]
    return document.pages


@contextlib.contextmanager
def _numbered_from(first_page, pages_made=None):
    """While a part is set: its pages numbered from ``first_page`` (an int, or a callable asked
    for it once the part is paginated, which may wait for the parts before it).

    WeasyPrint numbers a document's pages from 1 and makes the margin boxes (running heads,
    folios) last, after pagination (``layout_document``), from each page's counters; here the
    page counter of those states is moved by the part's first page, so that a part can be
    paginated before the pages before it are counted. ``pages_made(n)`` is told the part's
    number of pages (those of the whole document, placeholder's included) when it is paginated."""
    try:
        import weasyprint.layout as layout
        original = layout.make_margin_boxes
    except (ImportError, AttributeError):
        raise PublishError("this WeasyPrint makes pages differently: the book cannot be set in parts") from None
    offset: list[int] = []

    def make_margin_boxes(context, page, state):
        if not offset:
            if pages_made is not None:
                pages_made(len(context.page_maker) - 1)
            offset.append((first_page() if callable(first_page) else first_page) - 1)
        if offset[0]:
            quote_depth, counter_values, *rest = state
            counter_values = {**counter_values, "page": [value + offset[0] for value in counter_values["page"]]}
            state = (quote_depth, counter_values, *rest)
        return original(context, page, state)

    layout.make_margin_boxes = make_margin_boxes
    try:
        yield
    finally:
        layout.make_margin_boxes = original


_fonts_here: list = []  # the font configuration pages unpickled in this process refer to


def _this_process_fonts():
    return _fonts_here[-1]


def _placeholder(box, layout_done):
    from weasyprint.layout.absolute import AbsolutePlaceholder

    made = AbsolutePlaceholder(box)
    object.__setattr__(made, "_layout_done", layout_done)
    return made


def _pickled_pages(pages) -> bytes:
    """WeasyPrint's pages as bytes for another process: their font configuration becomes that
    process's (fonts are loaded per process), an absolutely positioned box's placeholder (whose
    ``__getattr__`` unpickling cannot go through) is made again around its box."""
    import copyreg
    import io
    import pickle

    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.text.fonts import FontConfiguration

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {
        **copyreg.dispatch_table,
        FontConfiguration: lambda fonts: (_this_process_fonts, ()),
        AbsolutePlaceholder: lambda p: (_placeholder, (object.__getattribute__(p, "_box"),
                                                       object.__getattribute__(p, "_layout_done"))),
    }
    pickler.dump(pages)
    return buffer.getvalue()


def _unpickled_pages(data: bytes, fonts) -> list:
    import pickle

    _fonts_here.append(fonts)
    try:
        return pickle.loads(data)
    finally:
        _fonts_here.pop()


def _set_part(html_path: Path, fonts, first_page, pages_made=None):
    """A part set as a document of its own, numbered from ``first_page`` (see ``_numbered_from``)."""
    with _numbered_from(first_page, pages_made):
        return PdfBuilder.render(html_path, fonts)


def _part_worker(connection) -> None:
    """The second process: sets the parts it is sent, in order, and sends back their pages.

    Messages in: ("set", key, html path, first page or None: to be sent, measure), ("first", key,
    page), ("stop",). Out: ("made", key, pages in the document), ("done", key, pickled pages, or
    with ``measure`` the facing conversations measured (``spreads.measured``), seconds), ("failed",
    key, message)."""
    import pickle
    import time

    fonts = _font_config()
    waiting: list = []

    def receive():
        return waiting.pop(0) if waiting else connection.recv()

    while True:
        message = receive()
        if message[0] != "set":
            return
        _, key, path, first, measure = message

        def first_page(key=key, first=first):
            if first is not None:
                return first
            while True:  # the first page, sent when the parts before are counted
                answer = connection.recv()
                if answer[0] == "first" and answer[1] == key:
                    return answer[2]
                if answer[0] == "stop":  # the build gave up on the parts
                    raise SystemExit(0)
                waiting.append(answer)

        start = time.perf_counter()
        try:
            document = _set_part(Path(path), fonts, first_page, lambda n, key=key: connection.send(("made", key, n)))
            if measure:  # what the measure gives, not its pages
                data = pickle.dumps(spreads.measured(document, Path(path).read_text(encoding="utf-8")))
            else:
                data = _pickled_pages(_part_pages(document))
            connection.send(("done", key, data, time.perf_counter() - start))
        except Exception as exc:  # noqa: BLE001 - sent back, the build decides
            connection.send(("failed", key, f"{type(exc).__name__}: {exc}"))


class _Worker:
    """A second process setting parts of the book (``spawn``: a fresh interpreter, nothing of
    the build's Saxon or threads inherited)."""

    def __init__(self):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_part_worker, args=(child,), name="edition-print-part", daemon=True)
        self.process.start()
        child.close()
        self.messages: list = []

    def set(self, key: str, path: Path, first_page: int | None, measure: bool = False) -> None:
        self.connection.send(("set", key, str(path), first_page, measure))

    def first_page(self, key: str, page: int) -> None:
        self.connection.send(("first", key, page))

    def wait(self, kind: str, key: str, timeout: float = 600.0):
        """The first message of ``kind`` about ``key`` (a failure of that part raises)."""
        while True:
            for message in self.messages:
                if message[1] == key and message[0] in (kind, "failed"):
                    self.messages.remove(message)
                    if message[0] == "failed":
                        raise PublishError(f"a part of the book could not be set: {message[2]}")
                    return message
            if not self.connection.poll(timeout):
                raise PublishError("the process setting a part of the book did not answer")
            try:
                self.messages.append(self.connection.recv())
            except EOFError:
                raise PublishError("the process setting a part of the book ended") from None

    def close(self) -> None:
        try:
            self.connection.send(("stop",))
        except (OSError, ValueError):
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
        self.connection.close()


def _anchor_pages(document) -> dict[str, int]:
    """anchor -> the page (1, 2, ...) where it is."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def _measure_sides(measure_html: str, kind: str) -> str:
    """The measure's HTML (print.xsl ``measure``) with only the sides of ``kind`` (verso or recto):
    each side is set on a page of its own there and measured from its top, so the versos and
    the rectos can be measured apart."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(measure_html)
    for side in root.xpath("//section[contains(concat(' ', @class, ' '), ' page-side ')]"):
        if not _has_class(side, kind):
            side.getparent().remove(side)
    return _serialise(root, measure_html)
