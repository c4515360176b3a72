"""The second layer: the edition's Schematron rules (schema/edition.sch), run with SaxonC-HE.

The .sch is compiled to XSLT by :mod:`schematron` and by Saxon once per process. Each
document is handed to Saxon as the text lxml re-serialises from the already safely parsed
tree (so Saxon's own parser never sees a DTD or an entity), and the values the rules would
otherwise compute with ``doc()`` -- the ids of the register files external pointers name --
are computed here and passed as parameters: Saxon reads no file and no URL. Failures come
back as SVRL with an XPath ``path()``; :func:`edition.validation.locate.resolve_path` finds
the node, hints ("did you mean ...?") are added here.
"""

from __future__ import annotations

import datetime as dt

import difflib
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic, EditionError, InputError
from ..xmlsafe import parse_xml
from .findings import Finding
from .locate import SourceMap, resolve_path
from .schematron import SVRL, compile_schematron

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TEI = "{http://www.tei-c.org/ns/1.0}"
POINTER_ATTRIBUTES = ("ref", "corresp", "decls", "resp", "ana", "target", "edRef")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@lru_cache(maxsize=8)
def _executable(sch: Path, stamp: int, phase: str):
    """The Saxon executable for one phase of a Schematron file (compiled once per process)."""
    from saxonche import PySaxonApiError

    from ..publish.xslt import captured_stderr, processor

    try:
        xslt = compile_schematron(etree.parse(str(sch), etree.XMLParser(no_network=True)), phase)
        return processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=xslt)
    except (PySaxonApiError, ValueError, etree.XMLSyntaxError) as exc:
        raise EditionError(Diagnostic("rules.invalid-schema", "error", f"cannot compile the rules: {exc}",
                                      str(sch))) from None


@lru_cache(maxsize=64)
def _file_ids(path: Path, stamp: int) -> frozenset[str]:
    try:
        tree = parse_xml(path)
    except InputError:
        return frozenset()
    return frozenset(el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID))


def external_targets(tree: etree._ElementTree, doc_dir: Path, registers: Path | None) -> dict[str, Path]:
    """The files external pointers (``registers/persons.xml#stalin``) name, as written -> where found."""
    # one pass over the document, the attribute's name checked here: a union of one search per attribute name
    # walks the whole tree six times (1.3 s instead of 0.3 s on 8 MB of TEI)
    values = [v for v in tree.xpath("//@*[contains(., '#')]") if v.attrname in POINTER_ATTRIBUTES]
    hrefs = {token.split("#", 1)[0] for value in values for token in value.split()
             if "#" in token and not token.startswith("#") and not SCHEME.match(token)}
    found: dict[str, Path] = {}
    for href in sorted(hrefs):
        places = [doc_dir / href] + ([registers / href, registers / Path(href).name] if registers else [])
        hit = next((p for p in places if p.is_file()), None)
        if hit is not None:
            found[href] = hit
    return found


def _ids_of(path: Path) -> frozenset[str]:
    return _file_ids(path.resolve(), path.stat().st_mtime_ns)


def _hint(finding: Finding, tokens: str, tree: etree._ElementTree, files: dict[str, Path],
          source: SourceMap) -> str | None:
    if finding.code == "id.duplicate":
        others = [source.element(el)[0] for el in tree.iter() if isinstance(el.tag, str)
                  and el.get(XML_ID) == tokens and el is not finding.element]
        return f"first used on line {others[0]}" if others else None
    if finding.code not in ("ref.unresolved", "who.unknown") or not tokens:
        return None
    local = sorted({el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID)})
    if finding.code == "who.unknown":
        local = sorted({el.get(XML_ID) for el in tree.iter(f"{TEI}person") if el.get(XML_ID)
                        and any(a.tag == f"{TEI}particDesc" for a in el.iterancestors())})
    hints = []
    for token in tokens.split():
        if "#" not in token:
            hints.append(f"a pointer to an id begins with '#': write '#{token}'")
            continue
        href, _, ident = token.rpartition("#")
        elsewhere = next((el for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID) == ident), None)
        if finding.code == "who.unknown" and elsewhere is not None:
            hints.append(f"'{ident}' is a <{etree.QName(elsewhere).localname}>, not a participant (person)")
            continue
        known = local if not href else sorted(_ids_of(files[href])) if href in files else []
        match = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
        if match:
            hints.append(f"no {'register entry' if href else 'id'} '{ident}'; did you mean '{match[0]}'?")
        elif href and href not in files:
            hints.append(f"looked for {href} next to the document and in the registers directory (--registers)")
    return " ".join(hints) or None


def check_rules(tree: etree._ElementTree, source: SourceMap, doc_path: Path | None, phase: str = "edition",
                registers: Path | None = None, sch: Path | None = None,
                period: tuple[dt.date, dt.date] | None = None) -> list[Finding]:
    """Findings of the Schematron rules of ``phase`` for one parsed document. ``period`` (the edition's, from
    edition.toml) bounds the plausible dates; without it the schema's own defaults hold."""
    from saxonche import PySaxonApiError

    from ..publish.xslt import captured_stderr, processor
    from .grammar import project_schema

    sch = sch or project_schema("edition.sch")
    executable = _executable(sch.resolve(), sch.stat().st_mtime_ns, phase)
    files = external_targets(tree, doc_path.parent if doc_path else Path("."), registers)
    ids = [f"{href}#{i}" for href, path in files.items() for i in sorted(_ids_of(path))]
    proc = processor()
    held = []  # SaxonC does not own parameter values: keep them alive until the transformation is done
    executable.clear_parameters()  # the executable is shared: no value of an earlier document's call may stay
    for name, values in (("external-files", list(files)), ("external-ids", ids),
                         ("profile", ["edition" if phase == "edition" else "tei"])):
        value = proc.empty_sequence()
        for item in values:
            held.append(proc.make_string_value(item))
            value.add_xdm_item(held[-1])
        held.append(value)
        executable.set_parameter(name, value)
    for name, day in zip(("earliest", "latest"), period or ()):
        held.append(proc.make_atomic_value("date", day.isoformat()))
        executable.set_parameter(name, held[-1])
    try:
        with captured_stderr():  # SaxonC writes its own report to fd 2: the finding below says it
            node = proc.parse_xml(xml_text=etree.tostring(tree.getroot(), encoding="unicode"))
            svrl = executable.transform_to_string(xdm_node=node)
    except PySaxonApiError as exc:
        raise EditionError(Diagnostic("rules.failed", "error", f"the rules could not be run: {exc}",
                                      str(doc_path) if doc_path else None)) from None
    findings = []
    for failed in etree.fromstring(svrl.encode()).iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        element, attribute = resolve_path(tree.getroot(), failed.get("location", ""))
        finding = Finding(failed.get("code"), failed.findtext(f"{{{SVRL}}}text") or "",
                          "warning" if failed.get("role") in ("warning", "warn", "info") else "error",
                          element=element, attribute=attribute, layer="rules")
        tokens = " ".join(failed.xpath("string(svrl:property-reference[1]/svrl:text)",
                                       namespaces={"svrl": SVRL}).split())
        finding.hint = _hint(finding, tokens, tree, files, source)
        findings.append(finding)
    return findings
