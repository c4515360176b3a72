"""Golden tests, one per source layout: tests/golden/<case>/input.txt (+ input.toml for
editor metadata) must convert to expected.xml. Each case's README.md says what it pins
down; the expected files were read by eye. Comparison is on canonical XML (C14N 2.0).

After a deliberate change, rewrite them with `pytest tests/test_golden.py --update-golden`
and review the diff before committing. The converter uses the fixed test registers in
tests/golden/registers/, so growing the edition's registers does not change these files."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.pipeline import Pipeline
from edition.validate import load_rng

from .conftest import bare_project

GOLDEN = Path(__file__).parent / "golden"
# A case's input is its input.txt, or the file its `source` names (relative to the repository's
# parent folder): the development transcripts are read in place from ../shared, never copied.
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.txt").exists() or (p / "source").exists())
ROOT = Path(__file__).resolve().parents[1]


def _input(folder: Path) -> Path:
    if (folder / "input.txt").exists():
        return folder / "input.txt"
    path = ROOT.parent / (folder / "source").read_text(encoding="utf-8").strip()
    if not path.exists():
        pytest.skip(f"{path} is not here (the development transcripts lie in ../shared)")
    return path


def _canonical(path: Path) -> str:
    return etree.tostring(etree.parse(str(path)), method="c14n2").decode()


@pytest.mark.parametrize("case", CASES)
def test_golden(case, tmp_path, project, update_golden, tei_all):
    folder = GOLDEN / case
    # the golden tests' own registers (tests/golden/registers/): they pin the converter, not the register data
    pipeline = Pipeline(bare_project(project, registers=GOLDEN / "registers", meta=folder))
    [result] = pipeline.read([_input(folder)])
    layout = result.result.layout
    assert case == layout or case.startswith(layout + "-"), f"{case}: read as {layout}"
    [written] = pipeline.write_tei(pipeline.group([result]), tmp_path)
    assert load_rng(tei_all).validate(etree.parse(str(written))), f"{case}: output is not valid TEI"
    expected = folder / "expected.xml"
    if update_golden or not expected.exists():
        expected.write_bytes(written.read_bytes())
        if not update_golden:
            pytest.fail(f"{case}: no expected.xml yet; wrote one, review it and commit")
    assert _canonical(written) == _canonical(expected), f"{case}: output differs from {expected}"
