"""Shared fixtures: this repository's project (edition.toml), its pipeline, the official TEI schema, one build."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from edition.pipeline import Pipeline
from edition.project import Project
from edition.validation import find_schema

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NOWHERE = ROOT / "tests" / "_nowhere"  # a path that is never there: no decisions, no locked links


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*/expected.xml from the current output (review the diff!)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


EXTRA = "EDITION_TEST_EXTRA_TRANSCRIPTS"  # more transcripts beside the seeds (paths, os.pathsep between)


@functools.cache
def repo_project() -> Project:
    """This repository as an edition project (edition.toml at its root), loaded once. With $EDITION_TEST_EXTRA_-
    TRANSCRIPTS, its transcripts are the seeds and those files: tests must not depend on how many seeds there are
    (tests/test_project.py runs the seed tests so)."""
    project = Project.load(ROOT / "edition.toml")
    extra = [Path(p) for p in os.environ.get(EXTRA, "").split(os.pathsep) if p]
    if not extra:
        return project
    folder = Path(tempfile.mkdtemp(prefix="edition-transcripts-"))
    for path in [*project.transcripts(), *extra]:
        (folder / path.name).symlink_to(path.resolve())
    return project.with_paths(transcripts=folder)


@pytest.fixture(scope="session")
def project() -> Project:
    return repo_project()


@pytest.fixture(scope="session")
def register(project):
    return project.registers


@pytest.fixture(scope="session")
def edition_meta(project):
    return project.meta


def bare_project(project: Project, registers: Path | None = None, meta: Path | None = None) -> Project:
    """The project without the editor's decisions (mentions, locked links): for inputs that are not the seeds."""
    return project.with_paths(registers=registers, meta=meta or NOWHERE, mentions=NOWHERE, alignment=NOWHERE)


def tei_all_schema() -> Path | None:
    """tei_all.rng found the way users find it ($EDITION_TEI_SCHEMA, the user cache), else beside the checkout."""
    beside = ROOT.parent / "shared" / "tei-p5" / "tei_all.rng"
    return find_schema(None) or (beside if beside.is_file() else None)


@pytest.fixture(scope="session")
def tei_all() -> Path:
    schema = tei_all_schema()
    if schema is None:
        pytest.skip("the official TEI schema tei_all.rng is not here: set EDITION_TEI_SCHEMA, put it in the user "
                    "cache (see README), or keep ../shared/tei-p5 beside the repository")
    return schema


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, project):
    """All seeds read and written once through the pipeline: (file results, conversations, TEI paths)."""
    out = tmp_path_factory.mktemp("tei")
    pipeline = Pipeline(project)
    results = pipeline.read(project.transcripts())
    conversations = pipeline.group(results)
    paths = pipeline.write_tei(conversations, out)
    return results, conversations, paths


def seed_paths(seed_build) -> list[Path]:
    """The TEI files of the seeds' own conversations (other transcripts may be among them, see repo_project)."""
    names = {p.name for p in SEEDS.glob("*.txt")}
    _, conversations, paths = seed_build
    return [path for conv, path in zip(conversations, paths)
            if all(Path(v.provenance.seed).name in names for v in conv.versions)]


#: editors for the printed seeds (edition.toml's are placeholders until publication: the PDF then names none)
PRINT_EDITORS = ["Anna Editor", "Boris Redaktor"]


@pytest.fixture(scope="session")
def seed_print(seed_build, edition_meta, tmp_path_factory):
    """The seeds' printed edition, made once: (its folder, the PDF). Facing pages (the default layout)."""
    from edition.publish import PdfBuilder

    out = tmp_path_factory.mktemp("seed-pdf")
    pdf = PdfBuilder().build(seed_paths(seed_build), out, {**edition_meta.as_params(), "editors": PRINT_EDITORS})
    return out, pdf


#: Debian's Chromium, which the browser tests drive through Playwright (the browser is not downloaded)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module (tests/test_browser.py, tests/test_search.py)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed (make test installs it through scripts/system-deps.sh --test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()
