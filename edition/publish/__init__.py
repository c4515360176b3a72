"""Publishing layer: TEI conversations -> HTML site and PDF edition, through XSLT 3.0 (SaxonC-HE).

    from edition.publish import HtmlBuilder, PdfBuilder, PublishError
    HtmlBuilder().build(tei_paths, Path("build/html"), edition)   # -> list[Path]
    PdfBuilder().build(tei_paths, Path("build/pdf"), edition)     # -> Path to edition.pdf

The stylesheets, CSS and script ship inside the package, in ``edition/xslt/`` (:data:`XSLT_DIR`,
found with :mod:`edition.resources`).
"""

from .builders import XSLT_DIR, HtmlBuilder, get_builder
from .pdf import PdfBuilder
from .xslt import PublishError

__all__ = ["XSLT_DIR", "HtmlBuilder", "PdfBuilder", "PublishError", "get_builder"]
