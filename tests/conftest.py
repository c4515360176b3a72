"""Shared fixtures: the repository's seeds, the register, the official TEI schema, one build."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.metadata import load_edition_meta
from edition.entities.decisions import load_decisions
from edition.pipeline import default_stages, group_conversations, read_transcript, write_conversations
from edition.registers import PersonRegister

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TEI_ALL = ROOT.parent / "shared" / "tei-p5" / "tei_all.rng"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*/expected.xml from the current output (review the diff!)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def register() -> PersonRegister:
    return PersonRegister.load(SEEDS / "registers")


@pytest.fixture(scope="session")
def edition_meta():
    return load_edition_meta(SEEDS / "edition.toml")


@pytest.fixture(scope="session")
def tei_all() -> Path:
    if not TEI_ALL.is_file():
        pytest.fail(f"the official TEI schema is expected at {TEI_ALL} (../shared/tei-p5 beside the repository)")
    return TEI_ALL


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, register, edition_meta):
    """All seeds read and written once: (file results, conversations, TEI paths)."""
    out = tmp_path_factory.mktemp("tei")
    results = [read_transcript(path, register, SEEDS / "meta") for path in sorted(SEEDS.glob("*.txt"))]
    conversations, _ = group_conversations(results, register)
    stages = default_stages(register, SEEDS / "alignment", load_decisions(SEEDS / "registers", register))
    paths = write_conversations(conversations, out, edition_meta, register, stages)
    return results, conversations, paths
