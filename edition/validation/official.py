"""The third layer: conformance with the official TEI (tei_all.rng), without the 9-second compile.

Compiling the whole of tei_all with libxml2 takes about nine seconds, far too long for an
editor's command. The answer for one document does not need all of it, though: an
``element`` pattern for a name that occurs nowhere in the document can never match part of
it, so replacing every such pattern by ``notAllowed`` (and dropping the definitions nothing
refers to any more) gives a grammar that accepts the document exactly when tei_all does. That
pruned grammar compiles in milliseconds. Patterns with name classes (anyName, nsName) are
kept as they are. Tests compare verdicts of the pruned and the full grammar on every test
document. Pruned grammars are kept per set of element names for the life of the process.

libxml2's messages are then reworded (and their cascades dropped: when a child fails, every
ancestor "fails to validate content" too) with a link to the TEI's reference page.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic, EditionError
from .findings import Finding
from .locate import SourceMap

RNG = "{http://relaxng.org/ns/structure/1.0}"
TEI_NS = "http://www.tei-c.org/ns/1.0"
REF_PAGE = "https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-{}.html"
MESSAGES = [  # libxml2's wording -> (code, our wording, element named in the message)
    (re.compile(r"Did not expect element (\S+) there"), "tei.element", "TEI does not allow <{0}> here", 0),
    (re.compile(r"Element (\S+) has extra content: (\S+)"), "tei.element", "TEI does not allow <{1}> in <{0}>", 0),
    (re.compile(r"Expecting element (\S+), got (\S+)"), "tei.element", "TEI expects <{0}> here, not <{1}>", 1),
    (re.compile(r"Expecting an element (\S+), got nothing"), "tei.content", "TEI requires <{0}> here", None),
    (re.compile(r"Element (\S+) failed to validate content"), "tei.content",
     "TEI does not allow this content in <{0}>", 0),
    (re.compile(r"Invalid attribute (\S+) for element (\S+)"), "tei.attribute", "TEI does not allow @{0} on <{1}>", 1),
    (re.compile(r"Element (\S+) failed to validate attributes"), "tei.attribute",
     "an attribute of <{0}> is missing or has a value TEI does not allow", 0),
    (re.compile(r"Type (\S+) doesn't allow value '(.*)'"), "tei.value", "'{1}' is not a valid {0} for TEI", None),
]


def _ns(el: etree._Element) -> str:
    while el is not None:
        if el.get("ns") is not None:
            return el.get("ns")
        el = el.getparent()
    return ""


@lru_cache(maxsize=2)
def _base(path: Path, stamp: tuple[int, int]) -> etree._Element:
    """tei_all.rng parsed once per process (the stamp -- mtime, size -- notices a replaced file)."""
    try:
        return etree.parse(str(path), etree.XMLParser(collect_ids=False, no_network=True, load_dtd=False,
                                                       resolve_entities=False, huge_tree=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise EditionError(Diagnostic("tei.schema-invalid", "error", f"cannot read the TEI schema: {exc}",
                                      str(path))) from None


def prune(grammar: etree._Element, names: frozenset[tuple[str, str]]) -> etree._Element:
    """A copy of ``grammar`` where element patterns for names not in ``names`` are notAllowed."""
    root = copy.deepcopy(grammar)
    for el in list(root.iter(f"{RNG}element")):
        name = el.get("name")
        if name is None or ":" in name or (_ns(el), name) in names:
            continue
        replacement = etree.Element(f"{RNG}notAllowed")
        replacement.tail = el.tail
        el.getparent().replace(el, replacement)
    defines: dict[str, list[etree._Element]] = {}
    for define in root.findall(f"{RNG}define"):
        defines.setdefault(define.get("name"), []).append(define)
    reachable: set[str] = set()
    todo = list(root.findall(f"{RNG}start"))
    while todo:
        for ref in todo.pop().iter(f"{RNG}ref", f"{RNG}parentRef"):
            if ref.get("name") not in reachable:
                reachable.add(ref.get("name"))
                todo += defines.get(ref.get("name"), [])
    for name, found in defines.items():
        if name not in reachable:
            for define in found:
                root.remove(define)
    return root


@lru_cache(maxsize=32)
def _pruned(path: Path, stamp: tuple[int, int], names: frozenset[tuple[str, str]]) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(etree.ElementTree(prune(_base(path, stamp), names)))
    except etree.RelaxNGParseError as exc:
        raise EditionError(Diagnostic("tei.schema-invalid", "error", f"cannot compile the TEI schema: {exc}",
                                      str(path))) from None


def tei_validator(tree: etree._ElementTree, schema: Path) -> etree.RelaxNG:
    """The (pruned) tei_all grammar for this document."""
    info = schema.stat()
    names = frozenset((etree.QName(e).namespace or "", etree.QName(e).localname)
                      for e in tree.getroot().iter() if isinstance(e.tag, str))
    return _pruned(schema.resolve(), (info.st_mtime_ns, info.st_size), names)


def _reword(message: str) -> tuple[str, str, int | None, list[str]]:
    for pattern, code, text, named in MESSAGES:
        m = pattern.search(message)
        if m:
            return code, text.format(*m.groups()), named, list(m.groups())
    return "tei.invalid", message, None, []


def check_tei(tree: etree._ElementTree, schema: Path, source: SourceMap) -> list[Finding]:
    """Findings of tei_all for one document (empty when valid)."""
    rng = tei_validator(tree, schema)
    if rng.validate(tree):
        return []
    findings: list[Finding] = []
    for error in rng.error_log:
        code, text, named, groups = _reword(error.message)
        name = groups[named] if named is not None else None
        element = source.element_at_line(error.line, name) if error.line else None
        finding = Finding(code, text, element=element, line=error.line, layer="tei",
                          hint=f"see {REF_PAGE.format(name)}" if name else None)
        if code == "tei.content" and element is not None:
            kids = [etree.QName(c).localname for c in element if isinstance(c.tag, str)]
            finding.message += f" (its children: {', '.join(kids) or 'none'})"
        findings.append(finding)
    return _drop_cascades(findings)


def _drop_cascades(findings: list[Finding]) -> list[Finding]:
    """An element "fails to validate content" whenever something inside it fails: keep the innermost."""
    located = [f.element for f in findings if f.element is not None]
    kept = []
    for finding in findings:
        el = finding.element
        if finding.code == "tei.content" and el is not None and \
                any(other is not el and el in other.iterancestors() for other in located):
            continue
        kept.append(finding)
    return kept
