"""The bad-input corpus (tests/invalid/): every case fails with its expected code on its expected line;
the edition's valid output passes; nothing ends in a traceback."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.validation import Options, finish, validate_file

from .conftest import ROOT

INVALID = ROOT / "tests" / "invalid"
CASES = tomllib.loads((INVALID / "expected.toml").read_text(encoding="utf-8"))["case"]


def _report(path: Path, tei_schema: Path | None = None, tei: bool = False):
    options = Options(tei=tei, tei_schema=tei_schema, registers=None, allow_fetch=False)
    return finish(validate_file(path, options))


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_each_bad_document_is_reported_with_its_code_and_line(case, tei_all):
    report = _report(INVALID / case["file"], tei_all if case.get("tei") else None)
    severity = case.get("severity", "error")
    found = [(f.code, f.line, f.severity) for f in report.findings]
    expected = (case["code"], case.get("line"), severity)
    assert expected in found, f"{case['file']} ({case['why']}): expected {expected}, got {found}"
    if severity == "error":
        assert not report.valid
    for finding in report.findings:
        assert finding.message.strip() and "Traceback" not in finding.message


def test_the_corpus_is_large_and_covers_every_rule():
    assert len(CASES) >= 30
    assert len({c["file"] for c in CASES}) == len(CASES)
    rules = (ROOT / "edition" / "schema" / "edition.sch").read_text(encoding="utf-8")
    rule_codes = set(re.findall(r'ed:code="([^"]+)"', rules))
    assert rule_codes - {c["code"] for c in CASES} == set()
    for prefix in ("xml.", "input.", "schema.", "tei."):
        assert any(c["code"].startswith(prefix) for c in CASES), prefix


def test_the_edition_s_documents_pass_every_layer(seed_build, tei_all):
    documents = sorted((ROOT / "tests" / "golden").glob("*/expected.xml")) + list(seed_build[2]) + \
        [INVALID / "_base.xml"]
    for path in documents:
        report = _report(path, tei_all, tei=True)
        assert report.findings == [], [f.diagnostic(str(path)).format() for f in report.findings]
        assert report.layers == ["schema", "rules", "tei"]


def test_the_command_reports_the_whole_corpus_without_a_traceback(tei_all):
    files = sorted(str(p) for p in INVALID.glob("*.xml"))
    result = CliRunner().invoke(main, ["validate", "--tei-schema", str(tei_all), "--offline", *files])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == 3  # some inputs cannot be read at all (empty, binary, undecodable)
    for case in CASES:
        assert f"[{case['code']}]" in result.output
