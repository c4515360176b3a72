"""``xml-model`` processing instructions, so editors' tools validate our files as we do.

Oxygen (and other editors that follow the W3C "Associating Schemas with XML documents"
note) read ``<?xml-model?>`` at the top of a file and validate it against the schema it
names, on opening and while typing. Every built TEI file names the project's RELAX NG and
Schematron; ``edition build`` copies them to ``build/schema/``, so from ``build/tei/`` the
relative href is ``../schema/…`` and the built edition stays self-contained.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from .grammar import SCHEMA_FILES, schema_dir

SCHEMA_HREF = "../schema/"
MODELS = (("edition.rng", "http://relaxng.org/ns/structure/1.0"),
          ("edition.sch", "http://purl.oclc.org/dsdl/schematron"))


def _ours(node: etree._Element) -> bool:
    return isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model" and \
        any(name in (node.get("href") or "") for name, _ in MODELS)


def add_xml_model(tree: etree._ElementTree, href: str = SCHEMA_HREF) -> etree._ElementTree:
    """Put the RELAX NG and Schematron xml-model PIs before the root, replacing earlier ones of ours.

    ``href`` is the directory of the schema files relative to where the document will be
    written (``../schema/`` for build/tei/). Changes ``tree`` in place and returns it."""
    prolog = list(tree.getroot().itersiblings(preceding=True))[::-1]
    if any(_ours(node) for node in prolog):
        # lxml cannot detach a node before the root: re-seat the root without the old PIs
        root = copy.deepcopy(tree.getroot())
        for node in prolog:
            if not _ours(node):
                root.addprevious(copy.copy(node))
        tree._setroot(root)
    for name, schematypens in MODELS:
        tree.getroot().addprevious(etree.ProcessingInstruction(
            "xml-model", f'href="{href}{name}" type="application/xml" schematypens="{schematypens}"'))
    return tree


def copy_schema(dest: Path) -> list[Path]:
    """Copy the project's schema files (RNG, XSD, Schematron) into ``dest`` (e.g. build/schema/)."""
    from ..outputs import copy_file

    written = []
    for name in SCHEMA_FILES:
        target = dest / name
        copy_file(schema_dir() / name, target)  # whole or not at all, readable, a full disk a located error
        written.append(target)
    return written
