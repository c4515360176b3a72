"""TEI's own Schematron constraints, embedded in tei_all.rng, run like the project's rules.

A RELAX NG validator ignores them (libxml2 and jing alike), but they are part of TEI
conformance -- Oxygen runs them -- for instance "@when cannot be used with any other
att.datable.w3c attribute" or "a link needs at least two targets". The 150-odd patterns are
taken from the same tei_all.rng, compiled with the project's Schematron compiler once per
process and run with Saxon on the safely re-serialised document. They read no files.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic, EditionError
from .findings import Finding
from .locate import resolve_path
from .official import _base
from .schematron import SCH, SVRL, compile_schematron

SEVERITY = {"warning": "warning", "info": "warning"}  # "nonfatal" and no role: an error


@lru_cache(maxsize=2)
def _executable(path: Path, stamp: tuple[int, int]):
    from saxonche import PySaxonApiError

    from ..publish.xslt import processor

    grammar = _base(path, stamp)
    schema = etree.Element(f"{{{SCH}}}schema", queryBinding="xslt2")
    prefixes: set[str] = set()
    for ns in grammar.iter(f"{{{SCH}}}ns"):
        if ns.get("prefix") not in prefixes:
            prefixes.add(ns.get("prefix"))
            etree.SubElement(schema, f"{{{SCH}}}ns", prefix=ns.get("prefix"), uri=ns.get("uri"))
    ids: set[str] = set()
    for pattern in grammar.iter(f"{{{SCH}}}pattern"):
        if pattern.get("id") not in ids:
            ids.add(pattern.get("id"))
            schema.append(copy.deepcopy(pattern))
    try:
        xslt = compile_schematron(schema, "#ALL")
        return processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=xslt)
    except (PySaxonApiError, ValueError) as exc:
        raise EditionError(Diagnostic("tei.schema-invalid", "error",
                                      f"cannot compile the Schematron rules of the TEI schema: {exc}",
                                      str(path))) from None


def check_tei_rules(tree: etree._ElementTree, schema: Path) -> list[Finding]:
    """Findings of the TEI's embedded Schematron rules for one document."""
    from saxonche import PySaxonApiError

    from ..publish.xslt import processor

    info = schema.stat()
    executable = _executable(schema.resolve(), (info.st_mtime_ns, info.st_size))
    try:
        node = processor().parse_xml(xml_text=etree.tostring(tree.getroot(), encoding="unicode"))
        svrl = executable.transform_to_string(xdm_node=node)
    except PySaxonApiError as exc:
        raise EditionError(Diagnostic("rules.failed", "error", f"TEI's Schematron rules could not be run: {exc}",
                                      tree.docinfo.URL)) from None
    findings = []
    for failed in etree.fromstring(svrl.encode()).iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        element, attribute = resolve_path(tree.getroot(), failed.get("location", ""))
        constraint = failed.get("code", "").removeprefix("tei_all-")
        findings.append(Finding("tei.rule", f"TEI: {failed.findtext(f'{{{SVRL}}}text') or ''}",
                                SEVERITY.get(failed.get("role", ""), "error"), element=element, attribute=attribute,
                                layer="tei", hint=f"TEI constraint {constraint}"))
    return findings
