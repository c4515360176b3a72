"""The contents page and the index of names of a build, made from small per-document extracts.

Why: the two pages need every document. Made from the TEI files (``index.xsl`` and ``names.xsl`` on a listing of
them), every change to one transcript had every TEI document parsed again by Saxon, and held in memory at once
(docs/scale.md: 293 s for one change at 1,000 conversations, 1.1 GB). Instead each TEI file gets its *extract*
(``xslt/extract.xsl``, ``ed:document-extract`` in ``xslt/common/names-model.xsl``: its row of the contents, its
entities' records, and its mentions grouped by entity), made when the TEI file is made and kept, like the other
outputs, as long as the file's hash is the same (edition/incremental.py). The pages are made from a listing with
the extracts inside its entries: one document for Saxon to parse, a tenth of the TEI's size, with each entity
record that several documents carry identically given once (see :func:`listings`). The stylesheets give the
same pages from either listing (``ed:entity-index`` makes the extracts itself from a plain listing: the printed
edition and ``HtmlBuilder.listing``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xml.sax.saxutils import quoteattr

from .publish.xslt import PublishError

EXTRACTS = ".edition-extracts"  # the extracts: a hidden staging part, as the read cache is
STYLESHEET = "extract.xsl"
# the markers extract.xsl puts between an extract's parts and between its records
RECORDS, RECORD, ENTITIES = "<?ed-records?>", "<?ed-record?>", "<?ed-entities?>"


def make_extract(tei: Path, output: Path) -> Path:
    """Write the extract of one TEI file (the per-document task: a worker process can run it)."""
    from .publish import xslt
    from .resources import xslt_dir

    xslt.load(xslt_dir() / STYLESHEET).transform(tei, output)
    return output


def listings(entries: Sequence[tuple[str, Path, Path]]) -> tuple[str, str]:
    """The listings of ``names.xsl`` and of ``index.xsl``, for ``entries`` (href, TEI file, its extract) in the
    edition's order: ``<conversations><conversation href src><extract …/></conversation>…</conversations>``.

    In the names listing, an entity record (a register entry copied into a document, a participant) that is,
    byte for byte and in the same place (standOff or not), a copy of one an earlier document gave is left out:
    the index takes from an entity's records the first name, date or key of each kind, their distinct
    occupations, and whether any is a register's copy, none of which a later identical copy changes, and most
    documents carry the same copies of the same entries. The contents' listing keeps only what a row needs.
    The extracts are cut at the markers extract.xsl writes, not parsed: at 1,000 documents, parsing them and
    serialising every record again to compare it took 2.7 s of a 13 s rebuild."""
    names, index = ["<conversations>"], ["<conversations>"]
    seen: set[str] = set()
    for href, tei, extract_path in entries:
        text = Path(extract_path).read_text(encoding="utf-8")
        try:
            head, rest = text[text.index("<extract"):].split(RECORDS, 1)
            records, entities = rest.split(ENTITIES, 1)
        except ValueError:
            raise PublishError("not an extract of extract.xsl (made again by a build with --force)",
                               file=extract_path) from None
        kept = []
        for record in records.split(RECORD) if records else ():
            if record not in seen:
                seen.add(record)
                kept.append(record)
        entry = f"<conversation href={quoteattr(href)} src={quoteattr(Path(tei).resolve().as_uri())}>"
        names += [entry, head, "<records>", *kept, "</records>", entities, "</conversation>"]
        index += [entry, head, "</extract></conversation>"]
    names.append("</conversations>")
    index.append("</conversations>")
    return "".join(names), "".join(index)


def make_pages(builder, entries: Sequence[tuple[str, Path, Path]], out_dir: Path, params: dict) -> list[Path]:
    """The contents page and the index of names of ``builder`` (an ``HtmlBuilder``) from the extracts, with the
    parameters it would give them (``HtmlBuilder.listing_params``)."""
    names_listing, index_listing = listings(entries)
    return builder.write_listing(out_dir, index_listing, names_listing, params)


def extract_name(stem: str) -> str:
    """An extract's file in the output, relative to it (and its record's name in the build manifest)."""
    return f"{EXTRACTS}/{stem}.xml"

