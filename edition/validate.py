"""Conformance with the official TEI (tei_all.rng) -- kept for existing callers.

The validation package (edition/validation/) does the work now: the project's schema and
rules as well as tei_all, with located, actionable messages. This module keeps the small
API other parts of the project and its tests use: ``find_schema``, ``load_rng`` (the full
tei_all compiled once per process, ~9 s: tests use it as the reference), ``validate_tei``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from .errors import Diagnostic, EditionError, InputError
from .validation.locate import SourceMap
from .validation.official import check_tei
from .validation.teischema import cached_schema, find_schema, schema_help
from .xmlsafe import parse_xml_bytes, read_limited, safe_parser

CACHE_SCHEMA = cached_schema()
SCHEMA_HELP = schema_help()

__all__ = ["CACHE_SCHEMA", "SCHEMA_HELP", "find_schema", "load_rng", "validate_tei"]


@lru_cache(maxsize=4)
def load_rng(path: Path) -> etree.RelaxNG:
    """Compile a whole RELAX NG schema once per process (tei_all takes seconds to compile)."""
    try:
        return etree.RelaxNG(etree.parse(str(path), safe_parser()))
    except (etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise EditionError(Diagnostic("tei.schema-invalid", "error", f"cannot load schema: {exc}", str(path))) from None


def validate_tei(path: Path, schema: Path) -> list[Diagnostic]:
    """tei_all diagnostics for one file (empty when valid), through the fast pruned check."""
    try:
        data = read_limited(path)
        tree = parse_xml_bytes(data, str(path))
    except InputError as exc:
        return [exc.diagnostic]
    source = SourceMap(data, tree)
    out = []
    for finding in check_tei(tree, schema, source):
        line, column = source.locate(finding.element, finding.attribute) if finding.element is not None \
            else (finding.line, None)
        out.append(Diagnostic(finding.code, finding.severity, finding.message, str(path), line, column))
    return out
