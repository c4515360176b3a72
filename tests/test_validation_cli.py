"""``edition validate`` and the validation step of ``edition build``: messages, exit codes, JSON,
folding, profiles, xml-model, and the refusal to publish invalid TEI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.validation import add_xml_model, detect_profile
from edition.xmlsafe import parse_xml

from .conftest import ROOT, SEEDS

INVALID = ROOT / "tests" / "invalid"
HAC = ROOT.parent / "shared" / "exchange-samples" / "hac-1958.xml"


@pytest.fixture(autouse=True)
def no_user_cache(tmp_path, monkeypatch):
    """No test reads or writes the real ~/.cache, and none may download anything."""
    monkeypatch.setenv("EDITION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("EDITION_TEI_SCHEMA", raising=False)
    monkeypatch.setattr("edition.validation.teischema._download", _no_network)


def _no_network(url: str, timeout: float) -> bytes:
    raise AssertionError(f"a test tried to download {url}")


def run(*args: str):
    result = CliRunner().invoke(main, ["validate", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_valid_files_exit_0_with_a_summary(seed_build):
    result = run(*map(str, seed_build[2]))
    assert result.exit_code == 0, result.output
    assert f"{len(seed_build[2])} files: {len(seed_build[2])} valid, 0 invalid" in result.output


def test_without_paths_the_build_is_validated(tmp_path, monkeypatch, seed_build):
    (tmp_path / "build" / "tei").mkdir(parents=True)
    for path in seed_build[2]:
        shutil.copy(path, tmp_path / "build" / "tei")
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0 and f"{len(seed_build[2])} files" in result.output
    shutil.rmtree(tmp_path / "build")
    assert run().exit_code == 3


def test_an_invalid_file_gets_compiler_style_lines_snippet_and_hint():
    path = INVALID / "ref-unresolved.xml"
    result = run(str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    first = next(n for n, line in enumerate(lines) if "[ref.unresolved]" in line)
    assert lines[first].startswith(f"{path}:117:113: error: @ref points to nothing: #molotow")
    assert lines[first + 1].strip().startswith('<p xml:id="en-rozas-b2">')
    assert lines[first + 2].strip() == "hint: no id 'molotow'; did you mean 'molotov'?"


def test_exit_codes_for_missing_unreadable_and_usage(tmp_path):
    assert run(str(tmp_path / "nowhere.xml")).exit_code == 3
    assert "[input.missing]" in run(str(tmp_path / "nowhere.xml")).output
    assert run(str(INVALID / "xml-empty.xml")).exit_code == 3
    assert run(str(INVALID / "xml-not-well-formed.xml")).exit_code == 1
    assert run("--format", "yaml", str(INVALID / "_base.xml")).exit_code == 2
    assert run("--no-such-option").exit_code == 2


def test_json_output(tmp_path):
    result = run("--format", "json", str(INVALID / "who-unknown.xml"), str(INVALID / "_base.xml"))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"] == {"files": 2, "invalid": 1, "errors": 1, "warnings": 0}
    [bad, good] = data["files"]
    assert good["valid"] and good["diagnostics"] == [] and good["profile"] == "edition"
    [diagnostic] = bad["diagnostics"]
    assert diagnostic["code"] == "who.unknown" and diagnostic["line"] == 115 and diagnostic["column"] == 11
    assert diagnostic["hint"] == "no id 'mao-zedung'; did you mean 'mao-zedong'?"
    assert diagnostic["snippet"] == '<sp who="#mao-zedung">'


def test_repeated_failures_are_folded(tmp_path):
    text = (INVALID / "_base.xml").read_text(encoding="utf-8").replace("<speaker>", '<speaker rend="b">')
    path = tmp_path / "repeated.xml"
    path.write_text(text, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.output.count("[schema.attribute-unknown]") == 1
    assert "(and 3 more like this)" in result.output


def test_another_archive_s_file_is_checked_against_tei_all_by_libxml2(tei_all):
    result = run("--tei-schema", str(tei_all), "--tei-engine", "libxml2", str(HAC))
    assert result.exit_code == 1
    assert f"{HAC}:13:13: error: TEI does not allow this content in <publicationStmt>" in result.output
    assert "[tei.content]" in result.output and "[schema." not in result.output  # not judged by our schema
    assert "may be more errors than these" in result.output and "[tei.incomplete]" in result.output
    assert "(checked: rules, tei_all)" in result.output


@pytest.mark.skipif(shutil.which("java") is None, reason="jing needs a Java runtime")
def test_another_archive_s_file_is_checked_against_tei_all_by_jing(tei_all):
    """jing names the misplaced element itself, at its own line, with what would be allowed there."""
    result = run("--tei-schema", str(tei_all), str(HAC))
    assert result.exit_code == 1
    assert f"{HAC}:14:17: error: TEI does not allow <date> here (inside <publicationStmt>) [tei.element]" \
        in result.output
    assert "hint: expected <ab>, <authority>, <distributor>, <p> or <publisher>" in result.output
    assert "[tei.incomplete]" not in result.output and "[schema." not in result.output


@pytest.mark.skipif(not HAC.is_file(), reason="the exchange samples (../shared/exchange-samples) are not here")
def test_tei_all_is_required_for_other_archives_files_and_offline_says_how_to_get_it():
    result = run("--offline", str(HAC))
    assert result.exit_code == 2
    assert "tei_all.rng was not found" in result.output and "https://tei-c.org/release/xml/tei/custom" in result.output


def test_the_edition_s_files_can_be_checked_against_tei_all_too(tei_all, seed_build):
    result = run("--tei", "--tei-schema", str(tei_all), str(seed_build[2][0]))
    assert result.exit_code == 0 and "(checked: project schema, rules, tei_all)" in result.output


def test_xml_model_points_editors_tools_at_the_schema(seed_build, tmp_path):
    tree = parse_xml(seed_build[2][0])
    add_xml_model(add_xml_model(tree))
    pis = [n for n in tree.getroot().itersiblings(preceding=True)][::-1]
    assert [(p.target, p.get("href"), p.get("schematypens")) for p in pis] == [
        ("xml-model", "../schema/edition.rng", "http://relaxng.org/ns/structure/1.0"),
        ("xml-model", "../schema/edition.sch", "http://purl.oclc.org/dsdl/schematron")]
    root = tree.getroot()
    root.find("{http://www.tei-c.org/ns/1.0}teiHeader/{http://www.tei-c.org/ns/1.0}fileDesc/"
              "{http://www.tei-c.org/ns/1.0}publicationStmt/{http://www.tei-c.org/ns/1.0}idno").set("type", "reference")
    assert detect_profile(tree) == "edition"  # the xml-model alone says whose file it is
    path = tmp_path / "tei" / "doc.xml"
    path.parent.mkdir()
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    assert run(str(path)).exit_code == 0


def _build(tmp_path: Path, *extra: str):
    result = CliRunner().invoke(main, ["build", "--project", str(ROOT), "--out", str(tmp_path / "out"), "--no-pdf",
                                       *extra])
    assert "Traceback" not in result.output
    return result


def test_build_validates_and_ships_the_schema(tmp_path, tei_all):
    result = _build(tmp_path, "--tei-schema", str(tei_all))
    assert result.exit_code == 0, result.output
    assert "TEI: all valid against the project's schema and rules and" in result.output
    assert sorted(p.name for p in (tmp_path / "out" / "schema").iterdir()) == \
        ["edition.rng", "edition.sch", "edition.xsd", "xml.xsd"]


def test_build_refuses_to_publish_invalid_tei(tmp_path, monkeypatch):
    strict = tmp_path / "schema"
    shutil.copytree(ROOT / "edition" / "schema", strict)
    for name, old, new in [("edition.rng", "<value>speaker</value>", "<value>speaks</value>"),
                           ("edition.xsd", '<xs:enumeration value="speaker"/>', '<xs:enumeration value="speaks"/>')]:
        text = (strict / name).read_text(encoding="utf-8")  # both grammars, as schema/generate.py would write them
        (strict / name).write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setenv("EDITION_SCHEMA_DIR", str(strict))
    result = _build(tmp_path)
    assert result.exit_code == 1
    assert "refusing to publish invalid TEI" in result.output
    assert "@role='speaker' on <person> is not allowed" in result.output
    assert not (tmp_path / "out" / "html").exists()


def test_a_partner_s_common_additions_are_admitted_by_the_project_profile(seed_build, tmp_path):
    """Issue 13: a returned file with highlighting (hi in a title, a citation and the text), another
    authority's idno on a register entry and an attributed change is still one of ours: valid. What the
    profile does not admit (hi with an element the schema has no place for) is still reported, located."""
    source = next(p for p in seed_build[2] if "1950-01-22" in p.name)
    text = source.read_text(encoding="utf-8")
    edited = text.replace('<title type="main">', '<title type="main"><hi rend="italic">Record</hi> ', 1)
    edited = re.sub(r'(<note type="citation">)', r'\1<hi rend="bold">Cited:</hi> ', edited, count=1)
    edited = re.sub(r'(<s xml:id="[^"]+">)', r'\1<hi rend="italic">', edited, count=1)
    edited = re.sub(r'(<s xml:id="[^"]+"><hi rend="italic">)([^<]*)', r'\1\2</hi>', edited, count=1)
    edited = re.sub(r'(<person xml:id="stalin"[^>]*>(?:(?!</person>).)*?)(\s*<note|\s*</person>)',
                    r'\1<idno type="VIAF">56582920</idno>\2', edited, count=1, flags=re.S)
    edited = re.sub(r"<change\b", '<change who="#ed1"', edited, count=1)
    assert edited.count("<hi ") == 3 and 'type="VIAF"' in edited and 'who="#ed1"' in edited
    returned = tmp_path / "returned.xml"
    returned.write_text(edited, encoding="utf-8")
    result = run(str(returned))
    assert result.exit_code == 0, result.output
    wrong = tmp_path / "wrong.xml"
    wrong.write_text(edited.replace('<idno type="VIAF">56582920</idno>',
                                    '<idno type="VIAF"><hi rend="italic">56582920</hi></idno>', 1), encoding="utf-8")
    result = run(str(wrong))
    assert result.exit_code == 1 and "<hi>" in result.output and "[schema." in result.output, result.output
