"""The first layer: the edition's own schema (schema/edition.xsd = edition.rng), fast and precise.

libxml2 validates against edition.xsd (under a millisecond for a conversation; its RELAX NG validator took
five to ten times as long on the same documents, a twentieth of a build's CPU at 1,000 conversations:
docs/scale.md); only when it says "invalid" does xmlschema validate the document against the same XSD, whose
errors :mod:`xsd` words for the editor. The RELAX NG, generated from the same specification, is for editors'
tools (Oxygen, jing); tests hold the two grammars to the same verdict on the seeds, the invalid corpus,
random documents of the schema and mutations of them (tests/test_validation_schema.py). If xmlschema ever
finds nothing while libxml2 objects (it should not: tests compare them), libxml2's own messages are reported
rather than a false "valid".
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .. import resources
from ..errors import Diagnostic, EditionError
from .findings import Finding
from .xsd import explainer, schema_version

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
def load_project_xsd(path: Path, version: tuple) -> etree.XMLSchema:
    """libxml2's validator of the project's XSD (made once per process and file version)."""
    try:
        return etree.XMLSchema(etree.parse(str(path), etree.XMLParser(collect_ids=False, no_network=True)))
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise EditionError(Diagnostic("schema.invalid-schema", "error", f"cannot load the schema: {exc}",
                                      str(path))) from None


def check_grammar(tree: etree._ElementTree, xsd_path: Path | None = None) -> list[Finding]:
    """Findings of the project's schema for one parsed document (empty when valid)."""
    path = xsd_path or project_schema("edition.xsd")
    xsd = load_project_xsd(path, schema_version(path))
    if xsd.validate(tree):
        return []
    findings = explainer(path).explain(tree)
    if not findings:
        findings = [Finding("schema.invalid", error.message, line=error.line) for error in xsd.error_log]
    for finding in findings:
        finding.layer = "schema"
    return findings
