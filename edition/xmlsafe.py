"""Parsing XML that may come from anywhere, without network, DTDs or entity expansion."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .errors import Diagnostic, InputError

MAX_XML_BYTES = 50 * 1024 * 1024


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse a file safely, refusing DTD entity declarations and oversized input."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(Diagnostic("input.unreadable", "error", f"cannot read file: {exc.strerror}", name)) from None
    if size > MAX_XML_BYTES:
        raise InputError(Diagnostic("xml.too-large", "error", f"file is {size} bytes; the limit is {MAX_XML_BYTES}", name))
    try:
        tree = etree.parse(str(path), safe_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        raise InputError(Diagnostic("xml.not-well-formed", "error", exc.msg, name, line, col)) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(Diagnostic("xml.entity-declaration", "error",
                                    "the document declares entities in a DTD; refused for safety", name, 1, 1))
    return tree
