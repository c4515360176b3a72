"""A build never leaves the edition half made: it is made in a staging folder and swapped in only when every
part succeeded, under a lock; a failed, interrupted (Ctrl-C, SIGTERM) or concurrent build leaves the last good
edition as it was; removed transcripts leave no published page; files are readable as the umask says; output
locations that cannot be written are located errors, never tracebacks."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.outputs import output_lock

from .conftest import SEEDS

EDITION = Path(sys.executable).parent / "edition"


def edition(project: Path, *args: str):
    result = CliRunner().invoke(main, ["--help"] if not args else [args[0], "--project", str(project), *args[1:]])
    assert "Traceback" not in result.output, result.output
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and p.name != ".edition.lock"}


@pytest.fixture
def project(tmp_path) -> Path:
    """A new edition with two transcripts, built once (no PDF: the tests that need it build it)."""
    assert CliRunner().invoke(main, ["init", str(tmp_path / "ed")]).exit_code == 0
    ed = tmp_path / "ed"
    for name in ("000_74b08fd92c73bdd2.txt", "001_b5f00838f5b272e3.txt"):
        shutil.copy(SEEDS / name, ed / "transcripts" / name)
    built = edition(ed, "build", "--no-pdf")
    assert built.exit_code == 0, built.output
    return ed


def test_files_are_readable_as_the_umask_says(project):
    old = os.umask(0o022)
    try:
        assert edition(project, "build", "--no-pdf").exit_code == 0
    finally:
        os.umask(old)
    files = [p for p in (project / "build").rglob("*") if p.is_file() and p.name != ".edition.lock"]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    for folder in (project / "build" / name for name in ("tei", "html", "schema")):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder


def test_a_build_that_refuses_to_publish_keeps_the_last_good_edition(project, monkeypatch):
    before = snapshot(project / "build")
    (project / "transcripts" / "000_74b08fd92c73bdd2.txt").write_text(
        (SEEDS / "000_74b08fd92c73bdd2.txt").read_text(encoding="utf-8").replace("Mao", "Mao Tse-tung"), encoding="utf-8")
    monkeypatch.setattr("edition.validation.FileReport.valid", property(lambda self: False))
    result = edition(project, "build", "--no-pdf")
    assert result.exit_code == 1 and "[build.invalid-tei]" in result.output
    assert snapshot(project / "build") == before
    assert not list((project / "build").glob(".staging-*"))


def test_an_unreadable_transcript_stops_the_build_and_keeps_the_last_edition(project):
    before = snapshot(project / "build")
    (project / "transcripts" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    result = edition(project, "build", "--no-pdf")
    assert result.exit_code == 3 and "broken.txt" in result.output
    assert snapshot(project / "build") == before


@pytest.mark.parametrize("phase", ["edition.publish.builders.HtmlBuilder.build", "edition.pipeline.Pipeline.validate",
                                   "edition.publish.pdf.PdfBuilder.build"])
def test_ctrl_c_in_any_phase_keeps_the_last_edition(project, monkeypatch, phase):
    before = snapshot(project / "build")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(phase, interrupted)
    result = edition(project, "build")
    assert result.exit_code == 130 and "[run.interrupted]" in result.output
    assert snapshot(project / "build") == before
    assert not [p for p in (project / "build").iterdir() if p.name.startswith((".staging-", ".old-"))]


@pytest.mark.parametrize("phase", ["tei/*.xml", "html/*.html", "pdf/*.html"])
def test_sigterm_in_any_phase_keeps_the_last_edition_and_the_next_build_completes(project, phase):
    """A real SIGTERM once the new edition's TEI, HTML or print HTML is being written into the staging folder."""
    before = snapshot(project / "build")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    run = subprocess.Popen([str(EDITION), "build", "-v", "--project", str(project)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    staged = time.monotonic() + 60
    while time.monotonic() < staged and not list((project / "build").glob(f".staging-*/{phase}")):
        time.sleep(0.05)  # killed while the new edition is being made
    run.send_signal(signal.SIGTERM)
    output, _ = run.communicate(timeout=120)
    if run.returncode == 0:
        pytest.skip("the build finished before the signal arrived")
    assert run.returncode == 130, output
    assert snapshot(project / "build") == before
    assert not list((project / "build").glob(".staging-*"))
    assert edition(project, "build", "--no-pdf").exit_code == 0


def test_a_second_build_into_the_same_folder_is_refused_not_mixed(project):
    before = snapshot(project / "build")
    with output_lock(project / "build"):
        result = edition(project, "build", "--no-pdf")
    assert result.exit_code == 1 and "[output.locked]" in result.output
    assert snapshot(project / "build") == before


def test_a_removed_transcript_leaves_no_published_page(project):
    pages = sorted(p.name for p in (project / "build" / "html").glob("19*.html"))
    assert len(pages) == 2
    (project / "transcripts" / "001_b5f00838f5b272e3.txt").unlink()
    assert edition(project, "build", "--no-pdf").exit_code == 0
    assert len(list((project / "build" / "html").glob("19*.html"))) == 1
    assert len(list((project / "build" / "tei").glob("*.xml"))) == 1


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_an_output_location_that_cannot_be_written_is_a_located_error(project, tmp_path, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("an editor's file", encoding="utf-8")
    out = blocker if where == "a file" else blocker / "build"
    for args in (("build", "--no-pdf", "--out", str(out)),
                 ("convert", str(project / "transcripts" / "000_74b08fd92c73bdd2.txt"), "--out", str(out))):
        result = edition(project, *args)
        assert result.exit_code == 1, result.output
        assert "error: cannot write here" in result.output and "[output.unwritable]" in result.output
        assert str(blocker) in result.output
    assert blocker.read_text(encoding="utf-8") == "an editor's file"


def test_saxons_message_of_a_full_disk_is_read_as_such_however_it_is_wrapped():
    """Saxon wraps its messages: the disk filling while names.xsl wrote its page gave "No\\n  space left on
    device", which was read as some other write failure (seen when the full-disk test below filled the disk
    there)."""
    from edition.publish.xslt import _write_failure

    wrapped = "Error \n  Failure writing to file:/e/names.xsl. Caused by java.io.IOException: No\n  space left on device"
    assert _write_failure(wrapped) == "the disk is full"
    assert _write_failure("Failure writing to file:/e/x.html. Caused by java.io.IOException: Read-only\n file system") \
        == "the file system is read-only"
    assert _write_failure("Error at char 3 in expression: XPTY0004 a sequence of more than one item") is None


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs (root may mount one; otherwise the test is skipped, saying so)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], capture_output=True)  # (lazy: Saxon may still hold a file)


@pytest.mark.parametrize("share", [0.01, 0.3, 0.6, 0.9])
def test_a_full_disk_in_any_phase_is_a_located_error_and_keeps_the_last_edition(project, small_disk, share):
    """Room for a share of a build only: the new build fails in the TEI, HTML or PDF phase."""
    out = small_disk / "build"
    assert edition(project, "build", "--out", str(out)).exit_code == 0  # with the PDF
    before = snapshot(out)
    free = os.statvfs(small_disk)
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * max(0, free.f_bavail * free.f_frsize - int(share * sum(map(len, before.values())))))
    # --force: a rebuild of the same edition hard-links what it reuses and needs no room (edition/incremental.py)
    result = edition(project, "build", "--force", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert f"{out}: error: cannot write here: the disk is full" in result.output, result.output
    assert "[output.unwritable]" in result.output and "Error on line" not in result.output
    assert snapshot(out) == before
    filler.unlink()
    assert not [p for p in out.iterdir() if p.name.startswith((".staging-", ".old-"))]


def test_a_read_only_output_location_is_a_located_error(project, small_disk):
    """(Root writes through file modes, so the read-only case needs a read-only file system.)"""
    out = small_disk / "build"
    assert edition(project, "build", "--no-pdf", "--out", str(out)).exit_code == 0
    before = snapshot(out)
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True)
    if remount.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {remount.stderr.decode().strip()}")
    try:
        for args in (("build", "--no-pdf", "--out", str(out)),
                     ("convert", str(project / "transcripts" / "000_74b08fd92c73bdd2.txt"), "--out", str(out / "x"))):
            result = edition(project, *args)
            assert result.exit_code == 1, result.output
            assert "cannot write here: the file system is read-only" in result.output, result.output
        assert snapshot(out) == before
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], capture_output=True)
