"""`edition align`: lists doubtful links with file:line side by side and a
ready-made lock; the lock, once saved, is applied (the file rewritten only with --in-place, with a
backup, or written to --out); bad input gives the documented exit codes."""

from __future__ import annotations

import copy
import re
import shutil

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli.align import align_command, shorten
from edition.align.evaluate import seed_trees
from edition.writers.tei import serialise

from .conftest import SEEDS, repo_project
from .teitext import TEI

KEY = "1950-01-22-stalin-mao-zedong"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A build directory with the 22 January conversation and one single-version conversation."""
    folder = tmp_path_factory.mktemp("tei")
    trees = seed_trees(repo_project())
    for key in (KEY, "1952-09-19-stalin-zhou-enlai"):
        (folder / f"{key}.xml").write_bytes(serialise(copy.deepcopy(trees[key])))
    return folder


def run(args):
    result = CliRunner().invoke(align_command, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def test_report_lists_doubtful_links_with_file_line_and_a_lock(built, tmp_path):
    folder = tmp_path / "tei"
    shutil.copytree(built, folder)
    overrides = tmp_path / "alignment"
    result = run([folder, "--overrides", overrides, "--registers", SEEDS / "registers", "--review", "medium"])
    assert result.exit_code == 0, result.output
    path = folder / f"{KEY}.xml"
    assert f"{path}: ru ↔ en-rozas: 143 links" in result.output
    assert f"{path}: ru ↔ en-shaturin:" in result.output and "4 without counterpart" in result.output
    assert "1952-09-19-stalin-zhou-enlai.xml: one version, nothing to align" in result.output
    # each reported link is at its file:line, with both sides and a lock to paste
    root = etree.parse(str(path)).getroot()
    entries = re.findall(rf"^{re.escape(str(path))}:(\d+): (\S+) ", result.output, re.M)
    assert entries
    for line, _ in entries:
        assert any(el.sourceline == int(line) for el in root.iter(f"{TEI}link", f"{TEI}ptr"))
    locks = re.findall(r"lock: (\[\[lock\]\] .*)$", result.output, re.M)
    assert len(locks) == len(entries)
    # the editor accepts the first doubtful link as it is: it becomes a locked, certain link
    first = next(lock for lock, (_, kind) in zip(locks, entries) if kind == "medium")
    overrides.mkdir()
    (overrides / f"{KEY}.toml").write_text(first.replace("]] ", "]]\n").replace('" ', '"\n'), encoding="utf-8")
    again = run([path, "--overrides", overrides, "--review", "medium", "--in-place"])
    assert again.exit_code == 0, again.output
    target = " ".join("#" + ref.split("@")[0] for ref in re.findall(r"[\w-]+@[0-9a-f]{8}", first))
    link = next(el for el in etree.parse(str(path)).iter(f"{TEI}link") if el.get("target") == target)
    assert link.get("resp") == "#ed1" and link.get("cert") == "1.00"
    assert first not in again.output and len(re.findall(r"lock: ", again.output)) < len(locks)


def test_files_are_rewritten_only_when_asked_and_then_with_a_backup(built, tmp_path):
    path = tmp_path / f"{KEY}.xml"
    shutil.copy(built / f"{KEY}.xml", path)
    before = path.read_bytes()
    assert run([path, "--overrides", tmp_path / "none"]).exit_code == 0
    assert path.read_bytes() == before and not path.with_name(path.name + ".bak").exists()
    out = tmp_path / "realigned"
    assert run([path, "--out", out]).exit_code == 0
    assert path.read_bytes() == before and etree.parse(str(out / path.name)).find(f".//{TEI}linkGrp") is not None
    path.write_bytes(before.replace(b"<standOff>", b"<standOff><!-- edited -->", 1))
    edited = path.read_bytes()
    assert run([path, "--in-place"]).exit_code == 0
    assert path.with_name(path.name + ".bak").read_bytes() == edited


def test_bad_overrides_and_unreadable_input(built, tmp_path):
    path = tmp_path / f"{KEY}.xml"
    shutil.copy(built / f"{KEY}.xml", path)
    overrides = tmp_path / "alignment"
    overrides.mkdir()
    (overrides / f"{KEY}.toml").write_text("[[lock]]\nru = \n", encoding="utf-8")
    result = run([path, "--overrides", overrides])
    assert result.exit_code == 1 and f"{overrides / KEY}.toml: error: cannot read overrides" in result.output
    assert run([tmp_path / "missing.xml"]).exit_code == 3
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI>", encoding="utf-8")
    result = run([broken])
    assert result.exit_code == 3 and "broken.xml:" in result.output


def test_shorten_keeps_short_texts_and_marks_cuts():
    assert shorten("Верно.") == "Верно."
    cut = shorten("слово " * 40, 30)
    assert len(cut) <= 30 and cut.endswith("…")
