"""The project-schema layer's messages come from xmlschema's errors (edition/validation/xsd.py): each
error becomes a finding with our code, the line and column where the editor must look, what would be
right, and a hint where one helps; all errors of a document are reported, not the first; xmlschema is
loaded only for invalid documents, built once per process and version of the schema.

Expected lines and columns are found in the document text from the change itself (an anchor string),
never by running the validator.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.validation import Options, finish, validate_bytes
from edition.validation.grammar import check_grammar
from edition.validation.locate import SourceMap
from edition.validation.xsd import explainer
from edition.xmlsafe import parse_xml_bytes

from .conftest import ROOT

INVALID = ROOT / "tests" / "invalid"
SCHEMA = ROOT / "edition" / "schema"
BASE = (INVALID / "_base.xml").read_text(encoding="utf-8")


def _where(text: str, anchor: str, occurrence: int = 1) -> tuple[int, int]:
    """Line and column (1-based) of the n-th occurrence of ``anchor`` in ``text``."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(anchor, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _schema_findings(text: str, name: str = "doc.xml"):
    """What the editor is shown of the schema layer (after the rules' more precise messages replace some)."""
    report = finish(validate_bytes(text.encode("utf-8"), name, Options(profile="edition", allow_fetch=False)))
    return [f for f in report.findings if f.layer == "schema"]


def _grammar_findings(text: str):
    """The schema layer's own findings, located."""
    data = text.encode("utf-8")
    tree = parse_xml_bytes(data, "doc.xml")
    source = SourceMap(data, tree)
    found = check_grammar(tree)
    for finding in found:
        finding.line, finding.column = source.locate(finding.element, finding.attribute)
    return found


# file, anchor of the expected position (the element's "<" or the attribute), code, message, hint
CASES = [
    ("schema-incomplete.xml", "<msIdentifier>", "schema.content-incomplete",
     "<msIdentifier> is incomplete: <idno> expected after <collection>", None),
    ("schema-malformed-pointer.xml", 'ref="molotov"', "schema.value",
     "@ref='molotov' on <persName> is not allowed: expected pointers '#id' or "
     "'registers/<file>.xml#id', and authority URLs (http…), separated by spaces", None),
    ("schema-misplaced-element.xml", '<date when="2026">', "schema.element-misplaced",
     "<date> is not allowed at the start of <publicationStmt>: expected <publisher>",
     "check the order of the children of <publicationStmt>"),
    ("schema-missing-attribute.xml", "<div>", "schema.attribute-missing",
     "<div> needs @type (one of: record, point, closing, covering-letter, endorsements, preceding-document)", None),
    ("schema-text-only.xml", "<lb/>", "schema.element-misplaced",
     "<lb> is not allowed in <idno>, which holds text only", None),
    ("schema-text.xml", '<div type="closing">', "schema.text",
     "text is not allowed directly in <div> (found 'Closing remarks:'); it belongs in a child element", None),
    ("schema-unknown-attribute.xml", 'rend="bold"', "schema.attribute-unknown",
     "@rend is not allowed on <head> (allowed: @xml:id)", None),
    ("schema-unknown-element.xml", "<emph>", "schema.element-unknown",
     "<emph> is not part of the edition's schema", None),
    ("schema-wrong-value.xml", 'type="closin"', "schema.value",
     "@type='closin' on <div> is not allowed: expected one of: record, point, closing, covering-letter, endorsements, preceding-document",
     "did you mean 'closing'?"),
    ("link-one-target.xml", 'target="#ru-b1-s1"', "schema.value",
     "@target='#ru-b1-s1' on <link> is not allowed: expected two or more pointers '#id' to ids of this document, "
     "separated by spaces", None),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_schema_case_has_its_code_position_message_and_hint(case):
    name, anchor, code, message, hint = case
    text = (INVALID / name).read_text(encoding="utf-8")
    found = _schema_findings(text, name)
    assert [(f.code, (f.line, f.column), f.message, f.hint) for f in found] == \
        [(code, _where(text, anchor), message, hint)]


def test_every_error_of_a_document_is_reported_where_it_is():
    edits = [  # (old, new, anchor of the expected position, code)
        ('<title type="sub">', '<title type="subtitle">', 'type="subtitle"', "schema.value"),
        ('<idno type="edition">', '<idno type="edition" n="1">', 'n="1"', "schema.attribute-unknown"),
        ("<head>RECORD OF TALKS</head>", "<head>RECORD OF <emph>TALKS</emph></head>", "<emph>",
         "schema.element-unknown"),
        ('<div type="closing">', "<div>", "<div>", "schema.attribute-missing"),
        ('<date when="1950-01-22">22 января', '<date when="22.01.1950">22 января', 'when="22.01.1950"',
         "schema.value"),
    ]
    text = BASE
    for old, new, _, _ in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    found = _grammar_findings(text)
    assert sorted((f.line, f.column, f.code) for f in found) == \
        sorted((*_where(text, anchor), code) for _, _, anchor, code in edits)
    messages = {f.code: f.message for f in found}
    assert messages["schema.attribute-unknown"] == "@n is not allowed on <idno> (allowed: @type)"
    assert messages["schema.element-unknown"] == "<emph> is not part of the edition's schema"
    assert "@when='22.01.1950' on <date> is not allowed: expected a date: YYYY, YYYY-MM or YYYY-MM-DD" in \
        [f.message for f in found if f.code == "schema.value"]


def test_a_start_tag_over_several_lines_is_located_at_its_start_and_its_attribute():
    """lxml (and so xmlschema's error) gives the line where a start tag ends; we report where it begins,
    and for a value the line and column of the attribute."""
    text = BASE.replace('<div type="closing">', '<div\n       type="closin"\n       >')
    found = _schema_findings(text)
    assert [(f.code, f.line, f.column) for f in found] == [("schema.value", *_where(text, 'type="closin"'))]
    text = BASE.replace('<div type="closing">', '<div\n       >')
    found = _schema_findings(text)
    assert [(f.code, f.line, f.column) for f in found] == [("schema.attribute-missing", *_where(text, "<div\n"))]


def test_a_misplaced_element_is_still_checked_against_its_declaration():
    """Out of order, an element is still the one its parent declares (XSD: one name, one declaration in a
    content model), so what is wrong inside it is reported as well, and only its first sibling out of
    order: the rest would follow from it."""
    text = BASE.replace('<publisher>edition project</publisher>\n    <idno type="edition">',
                        '<idno type="editon">', 1)
    text = text.replace("</availability>", "</availability>\n    <publisher>edition project</publisher>", 1)
    found = _schema_findings(text)
    assert [(f.code, (f.line, f.column), f.message, f.hint) for f in found] == [
        ("schema.element-misplaced", _where(text, '<idno type="editon">'),
         "<idno> is not allowed at the start of <publicationStmt>: expected <publisher>",
         "check the order of the children of <publicationStmt>"),
        ("schema.value", _where(text, 'type="editon"'),
         "@type='editon' on <idno> is not allowed: expected one of: edition, reference, transcript, wikidata, URI, VIAF, "
         "GND, GeoNames, ISNI, LCNAF, ORCID",
         "did you mean 'edition'?")]


def test_expected_lists_every_element_that_may_stand_there():
    """xmlschema's own "expected" names only required elements (here none: it would say "nothing more");
    the message names every one that fits after the children before it."""
    text = BASE.replace("  </profileDesc>", "  </profileDesc>\n  <fileDesc/>", 1)
    found = [f for f in _schema_findings(text) if f.code == "schema.element-misplaced"]
    assert [(f.code, (f.line, f.column), f.message) for f in found] == [
        ("schema.element-misplaced", _where(text, "<fileDesc/>"),
         "<fileDesc> is not allowed after <profileDesc> in <teiHeader>: expected <revisionDesc>")]


def test_when_xmlschema_finds_nothing_libxml2_s_own_messages_are_reported(tmp_path, monkeypatch):
    """Should libxml2 and xmlschema ever disagree on the XSD (here: an explainer that finds nothing), the file is
    not called valid: libxml2's own messages are reported, with their lines."""
    from edition.validation import grammar

    shutil.copytree(SCHEMA, tmp_path / "schema")
    xsd = tmp_path / "schema" / "edition.xsd"
    xsd.write_text(xsd.read_text(encoding="utf-8").replace('value="closing"', 'value="final"'), encoding="utf-8")
    monkeypatch.setattr(grammar, "explainer", lambda path: type("Silent", (), {"explain": lambda self, tree: []})())
    tree = parse_xml_bytes(BASE.encode("utf-8"), "doc.xml")
    assert not check_grammar(tree), "the document is valid against the schema as generated"
    found = check_grammar(tree, xsd)
    assert found and {f.code for f in found} == {"schema.invalid"}
    assert all(f.line for f in found) and "closing" in found[0].message


def test_the_schema_is_built_once_and_again_when_its_files_change(tmp_path):
    shutil.copytree(SCHEMA, tmp_path / "schema")
    xsd = tmp_path / "schema" / "edition.xsd"
    first = explainer(xsd)
    assert explainer(xsd) is first
    stat = xsd.stat()
    os.utime(xsd, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert explainer(xsd) is not first


def test_valid_documents_never_load_xmlschema():
    """The cold path of a valid file stays what it was: xmlschema (0.2 s to import, as much to build the
    schema) is loaded only to explain an invalid one."""
    code = ("import sys; from pathlib import Path; from edition.validation import validate_file, Options; "
            "r = validate_file(Path(sys.argv[1]), Options(profile='edition', allow_fetch=False)); "
            "print(r.valid, 'xmlschema' in sys.modules)")
    run = [sys.executable, "-c", code]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    valid = subprocess.run([*run, str(INVALID / "_base.xml")], capture_output=True, text=True, env=env, timeout=120)
    assert valid.stdout.split() == ["True", "False"], valid.stderr
    invalid = subprocess.run([*run, str(INVALID / "schema-wrong-value.xml")], capture_output=True, text=True,
                             env=env, timeout=120)
    assert invalid.stdout.split() == ["False", "True"], invalid.stderr
