"""What every command shares: --format json gives one JSON document on stdout (results, diagnostics with their
place, messages, exit code) and nothing else there; --quiet leaves only errors; --verbose shows each step; a bug
of ours is one plain line, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import main

from .conftest import SEEDS


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A new edition with one transcript, built (no PDF)."""
    ed = tmp_path_factory.mktemp("cli") / "ed"
    assert CliRunner().invoke(main, ["init", str(ed)]).exit_code == 0
    shutil.copy(SEEDS / "000_74b08fd92c73bdd2.txt", ed / "transcripts")
    assert CliRunner().invoke(main, ["build", "--no-pdf", "--project", str(ed)]).exit_code == 0
    return ed


def commands(ed: Path) -> dict[str, list[str]]:
    tei = str(next((ed / "build" / "tei").glob("*.xml")))
    return {
        "convert": ["convert", str(ed / "transcripts" / "000_74b08fd92c73bdd2.txt"), "--out", str(ed / "out")],
        "build": ["build", "--no-pdf"],
        "validate": ["validate", tei],
        "entities": ["entities", tei],
        "align": ["align", tei],
        "doctor": ["doctor"],
    }


@pytest.mark.parametrize("name", ["convert", "build", "validate", "entities", "align", "doctor"])
def test_every_command_speaks_json(built, name):
    result = CliRunner().invoke(main, [*commands(built)[name], "--project", str(built), "--format", "json"])
    assert "Traceback" not in result.output
    document = json.loads(result.stdout)  # stdout holds the JSON document and nothing else
    assert document["exit_code"] == result.exit_code
    assert isinstance(document["diagnostics"], list) and isinstance(document["messages"], list)
    for diagnostic in document["diagnostics"]:
        assert {"file", "line", "column", "severity", "code", "message"} <= set(diagnostic)


def test_json_carries_each_command_s_results(built):
    convert = json.loads(CliRunner().invoke(main, [*commands(built)["convert"], "--project", str(built),
                                                   "--format", "json"]).stdout)
    assert convert["written"][0]["conversation"].startswith("1950-01-13")
    assert convert["files"][0]["layout"]
    validate = json.loads(CliRunner().invoke(main, [*commands(built)["validate"], "--project", str(built),
                                                    "--format", "json"]).stdout)
    assert validate["summary"]["invalid"] == 0 and validate["files"][0]["valid"]


def test_init_in_json(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "ed"), "--format", "json"])
    document = json.loads(result.stdout)
    assert document["exit_code"] == 0 and any(f.endswith("edition.toml") for f in document["files"])


def test_errors_are_diagnostics_in_json_too(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "missing.txt"), "--format", "json",
                                       "--out", str(tmp_path / "out")])
    document = json.loads(result.stdout)
    assert result.exit_code == 3 and document["exit_code"] == 3
    [error] = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert error["code"] == "input.missing" and error["file"].endswith("missing.txt")


def test_quiet_shows_only_errors_and_verbose_each_step(built):
    quiet = CliRunner().invoke(main, [*commands(built)["build"], "--project", str(built), "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""
    verbose = CliRunner().invoke(main, [*commands(built)["build"], "--project", str(built), "-v", "--force"])
    assert verbose.exit_code == 0
    assert "reading 000_74b08fd92c73bdd2.txt" in verbose.stderr and "building html" in verbose.stderr
    failing = CliRunner().invoke(main, ["validate", str(built / "nothing.xml"), "-q"])
    assert failing.exit_code == 3 and "error" in failing.output


def test_a_bug_is_one_plain_line_and_the_traceback_only_when_asked(built, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("edition.pipeline.Pipeline.build", broken)
    result = CliRunner().invoke(main, ["build", "--project", str(built)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "internal error (RuntimeError: a bug)" in result.output and "[internal.error]" in result.output
    verbose = CliRunner().invoke(main, ["build", "--project", str(built), "-v"])
    assert isinstance(verbose.exception, RuntimeError)


def test_library_warnings_reach_the_editor_as_diagnostics(built, monkeypatch):
    """A font warning of the PDF builder is logged; the command shows it like any other diagnostic."""
    monkeypatch.setattr("edition.publish.pdf.has_font_for", lambda lang: False)
    result = CliRunner().invoke(main, ["build", "--project", str(built), "--format", "json"])
    document = json.loads(result.stdout)
    assert result.exit_code == 0
    [font] = [d for d in document["diagnostics"] if "Chinese glyphs" in d["message"]]
    assert font["severity"] == "warning" and font["code"] == "publish.log"


def test_the_conversion_report_lists_the_files_that_failed_too(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    result = CliRunner().invoke(main, ["convert", str(SEEDS / "000_74b08fd92c73bdd2.txt"), str(bad),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    report = {Path(entry["file"]).name: entry
              for entry in json.loads((tmp_path / "out" / "conversion-report.json").read_text(encoding="utf-8"))}
    assert report["bad.txt"]["error"] and "input.binary" in report["bad.txt"]["error"]
    assert report["000_74b08fd92c73bdd2.txt"]["records"] and report["000_74b08fd92c73bdd2.txt"]["error"] is None


@pytest.mark.parametrize("head", ['<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
                                  '\ufeff  <TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>',
                                  "<!DOCTYPE html>\n<html><body>Stalin: yes</body></html>"])
def test_convert_refuses_xml_and_html_instead_of_escaping_it_into_a_paragraph(tmp_path, head):
    path = tmp_path / "partner.xml"
    path.write_text(head, encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3 and "[input.markup]" in result.output and "edition validate" in result.output
    assert not list((tmp_path / "out").glob("*.xml")) if (tmp_path / "out").exists() else True
