"""Validation an editor can act on: the project's schema, its rules, and TEI conformance.

Three layers (docs/validation.md): the edition's own schema (schema/edition.rng, generated
with edition.xsd from schema/spec.py), its Schematron rules (schema/edition.sch, compiled to
XSLT and run with SaxonC-HE), and the official tei_all.rng. ``validate_file`` runs the
layers a document needs and returns located findings; ``report`` formats them;
``add_xml_model`` makes built files name the schema for editors' tools.
"""

from .findings import Finding
from .official import check_tei
from .report import as_json, exit_code, finish, summary, text_lines
from .teischema import TEI_ALL_URL, cached_schema, fetch_schema, find_schema, obtain_schema, schema_help
from .validator import FileReport, Options, detect_profile, validate_bytes, validate_file
from .xmlmodel import add_xml_model, copy_schema

__all__ = ["Finding", "FileReport", "Options", "TEI_ALL_URL", "add_xml_model", "as_json", "cached_schema",
           "check_tei", "copy_schema", "detect_profile", "exit_code", "fetch_schema", "find_schema", "finish",
           "obtain_schema", "schema_help", "summary", "text_lines", "validate_bytes", "validate_file"]
