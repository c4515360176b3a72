"""Projects: `edition init` makes an edition that builds as it is; every command finds its project from any
folder inside it; a project file with mistakes is refused with the place and a fix; the seed tests do not
depend on how many transcripts there are."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.errors import EditionError
from edition.project import Project

from .conftest import EXTRA, ROOT, SEEDS
from .teitext import TEI


def edition(*args: str, cwd: Path | None = None):
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(main, list(map(str, args)))
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output, result.output
    return result


def test_init_convert_build_in_a_new_edition(tmp_path, tei_all):
    assert edition("init", "ed", "--title", 'Talks "1950"', cwd=tmp_path).exit_code == 0
    ed = tmp_path / "ed"
    assert Project.find(ed).meta.title == 'Talks "1950"'
    shutil.copy(SEEDS / "003_3093fe73ea284f4e.txt", ed / "transcripts" / "t.txt")
    inside = ed / "transcripts"  # any folder of the edition will do
    converted = edition("convert", "t.txt", cwd=inside)
    assert converted.exit_code == 0, converted.output
    [tei] = sorted((ed / "build" / "tei").glob("*.xml"))
    # the example entry of the new registers is used: Stalin is known, the others are kept as written
    people = {p.get("{http://www.w3.org/XML/1998/namespace}id") for p in etree.parse(str(tei)).iter(f"{TEI}person")}
    assert "stalin" in people and any(p.startswith("p-") for p in people)
    built = edition("build", "--no-pdf", "--tei-schema", tei_all, cwd=inside)
    assert built.exit_code == 0, built.output
    assert (ed / "build" / "html" / f"{tei.stem}.html").is_file()
    assert edition("validate", cwd=ed).exit_code == 0


def test_a_new_edition_builds_into_an_empty_valid_site_and_pdf(tmp_path):
    assert edition("init", tmp_path / "new").exit_code == 0
    built = edition("build", cwd=tmp_path / "new")
    assert built.exit_code == 0, built.output
    assert "no transcripts" in built.output
    index = (tmp_path / "new" / "build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "New" in index  # the title init made from the folder's name
    assert (tmp_path / "new" / "build" / "pdf" / "edition.pdf").read_bytes()[:5] == b"%PDF-"


def test_init_never_overwrites_an_editor_s_files(tmp_path):
    (tmp_path / "README.md").write_text("mine", encoding="utf-8")
    result = edition("init", tmp_path)
    assert result.exit_code == 1 and "would overwrite README.md" in result.output
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "edition.toml").exists()


def test_commands_work_from_a_subfolder_of_this_repository(tmp_path):
    result = edition("convert", "../seeds/000_74b08fd92c73bdd2.txt", "--out", tmp_path, cwd=ROOT / "docs")
    assert result.exit_code == 0, result.output
    assert "[Joseph Stalin" in result.output or "Vyshinsky" in result.output  # the repository's registers were used
    assert edition("validate", *tmp_path.glob("*.xml"), cwd=ROOT / "docs" ).exit_code == 0


def test_outside_any_edition_convert_works_without_registers_and_says_so(tmp_path):
    result = edition("convert", SEEDS / "000_74b08fd92c73bdd2.txt", "--out", tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 0 and "[project.none]" in result.output
    assert list((tmp_path / "out").glob("*.xml"))
    assert edition("build", cwd=tmp_path).exit_code == 1  # a build needs an edition
    assert "edition init" in edition("build", cwd=tmp_path).output


@pytest.mark.parametrize("text,code,words", [
    ('title = "T"\neditors = "One Person"\npublisher = "P"\nlicence = "L"\n', "meta.bad-value", "list of strings"),
    ('title = "T"\neditors = []\npublisher = "P"\nlicence = "L"\ncolour = 1\n', "meta.unknown-key", "colour"),
    ('title = "T"\neditors = []\npublisher = "P"\nlicence = "L"\n[paths]\nregister = "r"\n', "project.unknown-path",
     "register"),
    ('title = "T"\neditors = []\npublisher = "P"\n', "meta.missing-key", "licence"),
    ('title = "T\n', "project.syntax", ""),
])
def test_a_project_file_with_mistakes_is_refused_with_a_fix(tmp_path, text, code, words):
    (tmp_path / "edition.toml").write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        Project.find(tmp_path)
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == code and words in diagnostic.message and diagnostic.file.endswith("edition.toml")


def test_paths_default_to_the_seeds_layout(tmp_path):
    (tmp_path / "edition.toml").write_text('title = "T"\neditors = []\npublisher = "P"\nlicence = "L"\n',
                                           encoding="utf-8")
    paths = Project.find(tmp_path / "edition.toml").paths
    assert paths.registers == tmp_path / "seeds" / "registers"
    assert paths.mentions == tmp_path / "seeds" / "registers" / "mentions.toml"
    assert paths.output == tmp_path / "build"


def test_a_sixth_transcript_breaks_no_test_of_the_seeds():
    """The seed tests run again with one more transcript among the seeds (a constructed one of tests/transcripts)."""
    extra = ROOT / "tests" / "transcripts" / "stalin_kim.txt"
    assert extra.is_file()
    env = {**os.environ, EXTRA: str(extra)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                          "tests/test_tei_output.py", "tests/test_align_tree.py", "tests/test_validation_cli.py",
                          "tests/test_entities.py", "tests/test_fidelity.py", "tests/test_publish_align.py",
                          "tests/test_align_quality.py"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_the_edition_s_period_bounds_the_plausible_dates(tmp_path):
    """The period is the edition's (edition.toml), not the code's: 1905 is implausible for 1945–1960 only."""
    from edition.validation import Options, finish, validate_file

    doc = ROOT / "tests" / "invalid" / "date-implausible.xml"
    import datetime as dt

    def codes(period):
        report = finish(validate_file(doc, Options(profile="edition", registers=ROOT / "tests" / "invalid" / "registers",
                                                   period=period, allow_fetch=False)))
        return {(f.code, f.line) for f in report.findings}

    out_of_period = ("date.implausible", 55)  # <date when="1905-01-22">
    assert out_of_period in codes((dt.date(1945, 1, 1), dt.date(1960, 12, 31)))
    assert out_of_period not in codes((dt.date(1900, 1, 1), dt.date(1960, 12, 31)))
    assert out_of_period in codes(None)  # the schema's own default: and no value of the call before stays
    (tmp_path / "edition.toml").write_text('title = "T"\neditors = []\npublisher = "P"\nlicence = "L"\n'
                                           'period = { from = 1900-01-01, to = 1960-12-31 }\n', encoding="utf-8")
    assert Project.find(tmp_path).meta.period == (dt.date(1900, 1, 1), dt.date(1960, 12, 31))
