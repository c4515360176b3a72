"""Conformance with the official TEI (tei_all.rng), reported as Diagnostics.

The project does not ship TEI's schema. It is found, in this order, at the path given
on the command line, in $EDITION_TEI_SCHEMA, or in the user cache
(~/.cache/edition/tei-p5/tei_all.rng). ``schema_help`` says how to get it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .errors import Diagnostic, EditionError, InputError
from .xmlsafe import parse_xml, safe_parser

CACHE_SCHEMA = Path.home() / ".cache" / "edition" / "tei-p5" / "tei_all.rng"
SCHEMA_HELP = ("the official TEI schema tei_all.rng was not found. Download it from "
               "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng and pass it with "
               "--tei-schema PATH, set EDITION_TEI_SCHEMA=PATH, or put it at " + str(CACHE_SCHEMA))


def find_schema(explicit: Path | None = None) -> Path | None:
    for candidate in (explicit, os.environ.get("EDITION_TEI_SCHEMA"), CACHE_SCHEMA):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    if explicit:
        raise EditionError(Diagnostic("tei.schema-missing", "error", f"no schema at {explicit}", str(explicit)))
    return None


@lru_cache(maxsize=4)
def load_rng(path: Path) -> etree.RelaxNG:
    """Compile a RELAX NG schema once per process (tei_all takes seconds to compile)."""
    try:
        return etree.RelaxNG(etree.parse(str(path), safe_parser()))
    except (etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise EditionError(Diagnostic("tei.schema-invalid", "error", f"cannot load schema: {exc}", str(path))) from None


def validate_tei(path: Path, schema: Path) -> list[Diagnostic]:
    """Diagnostics for one file (empty when valid); repeated messages are folded."""
    try:
        tree = parse_xml(path)
    except InputError as exc:
        return [exc.diagnostic]
    rng = load_rng(schema)
    if rng.validate(tree):
        return []
    seen: dict[tuple, int] = {}
    out: list[Diagnostic] = []
    for error in rng.error_log:
        key = (error.line, error.message)
        if key in seen:
            continue
        seen[key] = 1
        out.append(Diagnostic("tei.rng", "error", error.message, str(path), error.line, error.column or None))
    return out
