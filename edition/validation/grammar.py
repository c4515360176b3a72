"""The first layer: the edition's own schema (schema/edition.rng = edition.xsd), fast and precise.

libxml2 validates against the RELAX NG (about a millisecond for a conversation, the schema
compiles in a few); only when it says "invalid" does xmlschema validate the document against
edition.xsd, whose errors :mod:`xsd` words for the editor. If xmlschema ever finds nothing
while libxml2 objects (it should not: tests compare them), libxml2's own messages are
reported rather than a false "valid".
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .. import resources
from ..errors import Diagnostic, EditionError
from .findings import Finding
from .xsd import explainer

SCHEMA_FILES = ("edition.rng", "edition.xsd", "xml.xsd", "edition.sch")


def schema_dir() -> Path:
    """Where the project's schema files are: $EDITION_SCHEMA_DIR, else the package's edition/schema/ (package data)."""
    configured = os.environ.get("EDITION_SCHEMA_DIR")
    return Path(configured) if configured else resources.schema_dir()


def project_schema(name: str = "edition.rng") -> Path:
    path = schema_dir() / name
    if not path.is_file():
        raise EditionError(Diagnostic("schema.missing", "error", f"the project's schema file {name} is missing "
                                      "(set EDITION_SCHEMA_DIR or run python schema/generate.py)", str(path)))
    return path


@lru_cache(maxsize=4)
def load_project_rng(path: Path) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(etree.parse(str(path), etree.XMLParser(collect_ids=False, no_network=True)))
    except (etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise EditionError(Diagnostic("schema.invalid-schema", "error", f"cannot load the schema: {exc}",
                                      str(path))) from None


def check_grammar(tree: etree._ElementTree, rng_path: Path | None = None) -> list[Finding]:
    """Findings of the project's schema for one parsed document (empty when valid)."""
    path = rng_path or project_schema()
    rng = load_project_rng(path)
    if rng.validate(tree):
        return []
    xsd = path.with_suffix(".xsd")
    findings = explainer(xsd if xsd.is_file() else project_schema("edition.xsd")).explain(tree)
    if not findings:
        findings = [Finding("schema.invalid", error.message, line=error.line) for error in rng.error_log]
    for finding in findings:
        finding.layer = "schema"
    return findings
