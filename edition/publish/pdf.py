"""The printed edition: one print-HTML document rendered to PDF by WeasyPrint."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..outputs import make_readable, output_error
from . import xslt
from .builders import _copy, _resolve, edition_params, listing_xml, read_conversations
from .xslt import PublishError

log = logging.getLogger(__name__)


@dataclass
class PdfBuilder:
    """The printed edition: one print-HTML document rendered to PDF by WeasyPrint.

    The index of names at the end lists the pages of the mentions. A first rendering
    prints them with CSS ``target-counter()`` (one per mention: WeasyPrint cannot
    remove duplicates); with ``measure_index`` (the default) the pages of the mention
    anchors are read from that rendering and handed back to the stylesheet
    (``mention-pages``), which prints each page once, with ranges. The index is the
    last section, so this moves nothing before it; the pages are measured again and
    the rendering repeated (at most ``max_passes`` times) should anything have moved.
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

    def build(self, tei_paths: list[Path], out_dir: Path, edition: dict) -> Path:
        """Write ``edition.html``, ``print.css`` and ``edition.pdf`` into ``out_dir``; return the PDF path."""
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
        params = {**edition_params(edition), "css-href": self.css_name, "chinese-names": chinese}
        sheet.transform(None, html_path, xml_text=listing, params=params)
        document = self.render(html_path)
        if self.measure_index:
            pages = mention_pages(document)
            for _ in range(self.max_passes):
                if not pages:
                    break
                sheet.transform(None, html_path, xml_text=listing, params={
                    **params, "mention-pages": [f"{anchor} {page}" for anchor, page in sorted(pages.items())]})
                document = self.render(html_path)
                measured, pages = pages, mention_pages(document)
                if measured == pages:
                    break
            else:
                if pages:
                    raise PublishError("the pages of the index of names do not settle: the index moves the text "
                                       "before it", file=html_path)
        return self.write_pdf(document, html_path, out_dir / self.pdf_name)

    @staticmethod
    def render(html_path: Path):
        """Lay out ``html_path`` with WeasyPrint; return the ``weasyprint.Document``."""
        try:
            import weasyprint
        except ImportError as exc:  # pragma: no cover - a broken install
            raise PublishError(f"WeasyPrint is not available: {exc}") from None
        try:
            return weasyprint.HTML(filename=str(html_path)).render()
        except Exception as exc:  # WeasyPrint raises many kinds; the user needs one message
            raise PublishError(f"PDF rendering failed: {type(exc).__name__}: {exc}", file=html_path) from None

    @staticmethod
    def write_pdf(document, html_path: Path, pdf_path: Path) -> Path:
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{pdf_path.name}.", suffix=".tmp", dir=pdf_path.parent)
        os.close(fd)
        try:
            document.write_pdf(tmp)
            make_readable(tmp)
            os.replace(tmp, pdf_path)
        except OSError as exc:  # the disk, not the document
            raise output_error(pdf_path, exc) from None
        except Exception as exc:
            raise PublishError(f"PDF rendering failed: {type(exc).__name__}: {exc}", file=html_path) from None
        finally:
            Path(tmp).unlink(missing_ok=True)
        return pdf_path

    @classmethod
    def render_pdf(cls, html_path: Path, pdf_path: Path) -> Path:
        """Render ``html_path`` to ``pdf_path`` as it is (one pass)."""
        return cls.write_pdf(cls.render(html_path), html_path, pdf_path)


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
