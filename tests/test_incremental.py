"""Incremental and parallel builds (edition/incremental.py, edition/parallel.py): a rebuild reuses exactly the
outputs whose inputs are unchanged and gives the same bytes as a full build; what a change touches is made
again and nothing else; a removed transcript's outputs go; a parallel build is byte for byte a serial one; an
interrupted incremental build keeps the last edition, and the next build completes. Correctness only: no timing
here (benchmarks/scale.py measures)."""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition import incremental, parallel
from edition.cli import main
from edition.errors import Diagnostic, EditionError, InputError
from edition.incremental import MANIFEST, folder_digest, load_cached, load_manifest
from edition.pipeline import Pipeline
from edition.project import Project

from .conftest import SEEDS

THREE = ("000_74b08fd92c73bdd2.txt", "001_b5f00838f5b272e3.txt", "004_3cde86694d218ade.txt")
FROZEN = incremental.tool_inputs()


@pytest.fixture(autouse=True)
def frozen_tool(monkeypatch):
    """The tool's own hashes as at the start of the session: the package's files may be edited while the tests
    run (and their hashing is tested on its own, below); a test that changes them says so."""
    monkeypatch.setattr(incremental, "tool_inputs", lambda hashes=None: dict(FROZEN))


def edition(project: Path, *args: str):
    result = CliRunner().invoke(main, [args[0], "--project", str(project), *args[1:]])
    assert "Traceback" not in result.output, result.output
    return result


def edition_files(out: Path) -> dict[str, bytes]:
    """The published edition (not the build's own bookkeeping: manifest, cache, lock)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
            and not p.name.startswith(".") and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
            and p.name != ".edition.lock"}


def explained(result) -> dict[str, str]:
    """--explain's lines as {output: "reused" | "rebuilt (...)" | "removed (...)"}."""
    found = {}
    for line in result.output.splitlines():
        name, _, verdict = line.partition(": ")
        if verdict.startswith(("reused", "rebuilt", "removed", "read")):
            found[name] = verdict
    return found


def rebuilt(found: dict[str, str]) -> set[str]:
    return {name for name, verdict in found.items() if not verdict.startswith("reused")}


def new_project(folder: Path, names=THREE) -> Path:
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    for name in names:
        shutil.copy(SEEDS / name, folder / "transcripts" / name)
        meta = SEEDS / "meta" / f"{Path(name).stem}.toml"
        if meta.exists():
            shutil.copy(meta, folder / "meta" / meta.name)
    for register in ("persons.xml", "places.xml", "orgs.xml"):
        shutil.copy(SEEDS / "registers" / register, folder / "registers" / register)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """Three conversations, built once with the PDF, and a copy of the whole project as it is then."""
    folder = new_project(tmp_path_factory.mktemp("incremental") / "ed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incremental, "tool_inputs", lambda hashes=None: dict(FROZEN))
        result = edition(folder, "build")
    assert result.exit_code == 0, result.output
    shutil.copytree(folder, folder.with_name("ed-as-built"), symlinks=True)
    return folder, folder.with_name("ed-as-built")


@pytest.fixture
def project(built) -> Path:
    """The built project, as it was built, in the same place (a transcript's path is one of its inputs); its
    files are copies, new inodes: their reuse is decided by their hashes, as for a build copied elsewhere."""
    folder, saved = built
    shutil.rmtree(folder)
    shutil.copytree(saved, folder, symlinks=True)
    return folder


def test_a_moved_project_reads_its_transcripts_again_and_reuses_what_comes_out_the_same(built, tmp_path):
    moved = tmp_path / "elsewhere"
    shutil.copytree(built[1], moved, symlinks=True)
    found = explained(edition(moved, "build", "--explain"))
    assert found["read 000_74b08fd92c73bdd2.txt"].startswith("read (changed: its path")
    assert found["tei/1950-01-13-vyshinsky-mao-zedong.xml"].startswith("rebuilt (changed: transcript 000_74b08fd92c73bdd2.txt")
    # the TEI came out byte for byte the same: its validation, its page, the index and the PDF are reused
    assert {name for name in rebuilt(found) if not name.startswith(("read ", "tei/"))} == set(), found


PAGES = {"1950-01-06-vyshinsky-mao-zedong", "1950-01-13-vyshinsky-mao-zedong", "1952-09-19-stalin-zhou-enlai"}


def test_a_no_op_rebuild_reuses_every_output_and_gives_the_same_bytes(project):
    out = project / "build"
    before = edition_files(out)
    result = edition(project, "build", "--explain")
    assert result.exit_code == 0, result.output
    found = explained(result)
    assert {f"tei/{stem}.xml" for stem in PAGES} | {f"html/{stem}.html" for stem in PAGES} <= set(found)
    assert "pdf/edition.pdf" in found and "html/index.html, html/names.html" in found
    assert rebuilt(found) == set(), found
    assert "3 transcript(s): unchanged, not read" in result.output
    assert edition_files(out) == before
    # and again, now that the manifest knows the copies' own files
    again = edition(project, "build", "--explain")
    assert rebuilt(explained(again)) == set() and edition_files(out) == before


def test_a_no_op_rebuild_reports_what_the_full_build_reported(project):
    full = edition(project, "build", "--no-pdf", "--force")
    noop = edition(project, "build", "--no-pdf")
    diagnostics = [line for line in full.output.splitlines() if "] " in line or line.endswith("]")]
    assert diagnostics and diagnostics == [line for line in noop.output.splitlines()
                                           if "] " in line or line.endswith("]")]


def test_a_changed_transcript_rebuilds_its_document_page_index_and_pdf_only(project):
    out = project / "build"
    before = edition_files(out)
    path = project / "transcripts" / "000_74b08fd92c73bdd2.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " the very ", 1), encoding="utf-8")
    result = edition(project, "build", "--explain")
    assert result.exit_code == 0, result.output
    found = explained(result)
    changed = "1950-01-13-vyshinsky-mao-zedong"
    # the word is in the title: the contents and the index of names are made again; the search index and the TEI
    # file beside the page too
    assert rebuilt(found) == {"read 000_74b08fd92c73bdd2.txt", f"tei/{changed}.xml", f"validation of tei/{changed}.xml",
                              f"html/{changed}.html", f"html/{changed}.xml", f"names extract of tei/{changed}.xml",
                              f"search units of html/{changed}.html", "html/index.html, html/names.html",
                              "html/search.html", "pdf/edition.pdf"}, found
    assert "transcript 000_74b08fd92c73bdd2.txt" in found[f"tei/{changed}.xml"]
    after = edition_files(out)
    assert after[f"tei/{changed}.xml"] != before[f"tei/{changed}.xml"] and b"the very" in after[f"tei/{changed}.xml"]
    for stem in PAGES - {changed}:
        assert after[f"tei/{stem}.xml"] == before[f"tei/{stem}.xml"]
        assert after[f"html/{stem}.html"] == before[f"html/{stem}.html"]
    # the same as a build from nothing (without the PDF, so without the pages' links to it)
    fresh = edition(project, "build", "--force", "--no-pdf", "--out", str(project / "fresh"))
    assert fresh.exit_code == 0
    pdf_link = re.compile(rb'(?: \xc2\xb7)? *<a [^>]*href="\.\./pdf/edition\.pdf"[^>]*>[^<]*</a>')
    with_pdf = {k: pdf_link.sub(b"", v) for k, v in edition_files(out).items() if not k.startswith("pdf/")}
    assert with_pdf == edition_files(project / "fresh")


def test_a_changed_register_rebuilds_every_document(project):
    persons = project / "registers" / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8") + "<!-- checked -->\n", encoding="utf-8")
    result = edition(project, "build", "--no-pdf", "--explain")
    assert result.exit_code == 0, result.output
    found = explained(result)
    for stem in PAGES:
        assert found[f"tei/{stem}.xml"].startswith("rebuilt (changed:") and "the registers" in found[f"tei/{stem}.xml"]
    assert all(found[f"read {name}"].startswith("read (changed: the registers") for name in THREE)


def test_changed_decisions_or_alignment_overrides_rebuild_what_uses_them(project):
    (project / "registers" / "mentions.toml").write_text("# no decisions\n", encoding="utf-8")
    found = explained(edition(project, "build", "--no-pdf", "--explain"))
    assert {f"tei/{stem}.xml" for stem in PAGES} <= rebuilt(found)
    assert "the mention decisions" in found["tei/1952-09-19-stalin-zhou-enlai.xml"]
    (project / "alignment" / "1950-01-06-vyshinsky-mao-zedong.toml").write_text("# none\n", encoding="utf-8")
    found = explained(edition(project, "build", "--no-pdf", "--explain"))
    assert rebuilt(found) & {f"tei/{stem}.xml" for stem in PAGES} == {"tei/1950-01-06-vyshinsky-mao-zedong.xml"}
    assert "the alignment overrides" in found["tei/1950-01-06-vyshinsky-mao-zedong.xml"]


def test_a_changed_stylesheet_rebuilds_every_page_and_not_the_documents(project, monkeypatch):
    monkeypatch.setattr(incremental, "tool_inputs", lambda hashes=None: {**FROZEN, "xslt": "another stylesheet"})
    result = edition(project, "build", "--explain")
    found = explained(result)
    assert result.exit_code == 0, result.output
    assert {f"html/{stem}.html" for stem in PAGES} | {f"names extract of tei/{stem}.xml" for stem in PAGES} \
        | {"html/index.html, html/names.html", "pdf/edition.pdf"} == rebuilt(found), found
    assert all("the stylesheets" in found[f"html/{stem}.html"] for stem in PAGES)


def test_a_changed_tool_rebuilds_everything(project, monkeypatch):
    monkeypatch.setattr(incremental, "tool_inputs", lambda hashes=None: {**FROZEN, "code": "another version of the code"})
    found = explained(edition(project, "build", "--no-pdf", "--explain"))
    assert {f"tei/{stem}.xml" for stem in PAGES} | {f"read {name}" for name in THREE} <= rebuilt(found)


def test_the_tool_hash_follows_every_file_of_the_package(tmp_path):
    (tmp_path / "xslt").mkdir()
    (tmp_path / "xslt" / "html.xsl").write_text("<a/>", encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    first = folder_digest(tmp_path)
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"compiled again")
    assert folder_digest(tmp_path) == first  # compiled files do not count
    (tmp_path / "xslt" / "html.xsl").write_text("<b/>", encoding="utf-8")
    assert folder_digest(tmp_path) != first
    assert folder_digest(tmp_path, exclude=[tmp_path / "xslt"]) == folder_digest(tmp_path, exclude=[tmp_path / "xslt"])
    assert set(FROZEN) == {"version", "code", "xslt", "schema", "libraries"}


def test_a_deleted_transcript_removes_its_outputs(project):
    (project / "transcripts" / "001_b5f00838f5b272e3.txt").unlink()
    result = edition(project, "build", "--no-pdf", "--explain")
    assert result.exit_code == 0, result.output
    found = explained(result)
    gone = "1950-01-06-vyshinsky-mao-zedong"
    assert found[f"tei/{gone}.xml"].startswith("removed") and found[f"html/{gone}.html"].startswith("removed")
    out = project / "build"
    assert not (out / "tei" / f"{gone}.xml").exists() and not (out / "html" / f"{gone}.html").exists()
    assert gone not in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert found["tei/1952-09-19-stalin-zhou-enlai.xml"] == "reused"
    assert not any(name.endswith(f"{gone}.xml") or name.endswith(f"{gone}.html") for name in load_manifest(out)[0])
    # its neighbour's page links to the conversation before it now
    assert found["html/1950-01-13-vyshinsky-mao-zedong.html"].startswith("rebuilt (changed: its parameters")


def test_an_output_changed_by_hand_is_made_again(project):
    page = project / "build" / "html" / "1952-09-19-stalin-zhou-enlai.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Zhou", b"Chou"))
    (project / "build" / "tei" / "1950-01-13-vyshinsky-mao-zedong.xml").unlink()
    found = explained(edition(project, "build", "--no-pdf", "--explain"))
    assert found["html/1952-09-19-stalin-zhou-enlai.html"] == "rebuilt (the last build's file was changed or removed)"
    assert found["tei/1950-01-13-vyshinsky-mao-zedong.xml"].startswith("rebuilt (the last build's file")
    assert page.read_bytes() == good


def test_the_contents_and_names_pages_from_the_extracts_are_those_made_from_every_tei_file(project, tmp_path):
    """The build makes the two pages from its per-document extracts (edition/listing.py); the stylesheets make them
    from the TEI files too (a plain listing, as HtmlBuilder.listing gives): the same bytes, after a change too, and
    an extract changed by hand is made again, not used."""
    from edition.listing import EXTRACTS
    from edition.publish.builders import HtmlBuilder, edition_params, read_conversations

    out = project / "build"

    def from_tei() -> dict[str, bytes]:
        convs = read_conversations(sorted((out / "tei").glob("*.xml")))
        found = Project.find(project)  # the parameters as the build gives them (with the PDF)
        params = edition_params({**found.meta.as_params(), "site_url": found.site_url, "pdf": True})
        made = HtmlBuilder().listing(convs, tmp_path, params)
        return {f"html/{p.name}": p.read_bytes() for p in made}

    def pages() -> dict[str, bytes]:
        return {f"html/{name}": (out / "html" / name).read_bytes() for name in ("index.html", "names.html")}

    assert sorted(p.stem for p in (out / EXTRACTS).glob("*.xml")) == sorted(PAGES)
    assert pages() == from_tei()
    extract = out / EXTRACTS / "1952-09-19-stalin-zhou-enlai.xml"
    extract.write_text(extract.read_text(encoding="utf-8").replace("Zhou", "Chou"), encoding="utf-8")
    path = project / "transcripts" / "000_74b08fd92c73bdd2.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " the very ", 1), encoding="utf-8")
    found = explained(edition(project, "build", "--explain"))
    assert found["names extract of tei/1952-09-19-stalin-zhou-enlai.xml"].startswith("rebuilt (the last build's file")
    assert found["names extract of tei/1950-01-06-vyshinsky-mao-zedong.xml"] == "reused"
    assert pages() == from_tei() and b"Chou" not in pages()["html/names.html"]


def test_a_broken_manifest_or_cache_means_a_full_build_not_a_failure(project):
    out = project / "build"
    before = edition_files(out)
    (out / MANIFEST).write_text("{not json", encoding="utf-8")
    for cached in (out / ".edition-cache").iterdir():
        cached.write_bytes(b"garbage")
    result = edition(project, "build", "--explain")
    assert result.exit_code == 0, result.output
    assert explained(result)["tei/1950-01-13-vyshinsky-mao-zedong.xml"] == "rebuilt (no previous build)"
    assert edition_files(out) == before


def test_the_read_cache_runs_no_code(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    (tmp_path / "x.pickle").write_bytes(pickle.dumps(Evil()))
    assert load_cached(tmp_path / "x.pickle") is None
    assert not (tmp_path / "pwned").exists()


def test_an_interrupted_incremental_build_keeps_the_last_edition(project, monkeypatch):
    out = project / "build"
    path = project / "transcripts" / "004_3cde86694d218ade.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " the very ", 1), encoding="utf-8")
    before = snapshot(out)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    for phase in ("edition.publish.builders.HtmlBuilder.page", "edition.incremental.Plan.write"):
        with monkeypatch.context() as patch:
            patch.setattr(phase, interrupted)
            result = edition(project, "build", "--no-pdf")
        assert result.exit_code == 130 and "[run.interrupted]" in result.output, phase
        assert snapshot(out) == before, phase
        assert not [p for p in out.iterdir() if p.name.startswith((".staging-", ".old-"))]
    found = explained(edition(project, "build", "--no-pdf", "--explain"))
    assert found["tei/1952-09-19-stalin-zhou-enlai.xml"].startswith("rebuilt (changed: transcript 004")
    assert found["tei/1950-01-13-vyshinsky-mao-zedong.xml"] == "reused"
    assert b"the very" in (out / "tei" / "1952-09-19-stalin-zhou-enlai.xml").read_bytes()


# ------------------------------------------------------------------ parallel

@pytest.fixture
def small_pool(monkeypatch):
    """The pool for as few tasks as the seeds' five (it waits for 16 otherwise: parallel.MIN_TASKS), and for the
    contents and names pages of five conversations (parallel.LISTING_IN_POOL)."""
    monkeypatch.setattr(parallel, "MIN_TASKS", 2)
    monkeypatch.setattr(parallel, "LISTING_IN_POOL", 2)


POOLED = "import edition.parallel as p; p.MIN_TASKS = 2; p.LISTING_IN_POOL = 2; from edition.cli import main; main()"


@pytest.fixture(scope="module")
def seeds_project(tmp_path_factory) -> Path:
    """The five seeds: five conversations."""
    folder = new_project(tmp_path_factory.mktemp("parallel") / "ed", sorted(p.name for p in SEEDS.glob("*.txt")))
    shutil.copy(SEEDS / "registers" / "mentions.toml", folder / "registers" / "mentions.toml")
    return folder


def test_parallel_and_serial_builds_give_the_same_bytes_and_diagnostics(seeds_project, tmp_path, small_pool):
    runs = {}
    for jobs in (1, 2):
        pipeline = Pipeline(Project.load(seeds_project / "edition.toml"))
        result = pipeline.build(["html"], tmp_path / f"jobs-{jobs}", jobs=jobs, force=True)
        assert result.ok
        runs[jobs] = (result, pipeline.diagnostics, edition_files(tmp_path / f"jobs-{jobs}"))
    assert runs[1][0].parallel is False and runs[2][0].parallel is True
    assert runs[1][1] == runs[2][1] and runs[1][1]  # the same diagnostics, in the same order
    assert runs[1][2] == runs[2][2]
    assert [r.valid for r in runs[1][0].reports] == [r.valid for r in runs[2][0].reports]
    assert [p.name for p in runs[1][0].html] == [p.name for p in runs[2][0].html]


def failing_task(state, item):
    """(A task for the pool: module-level, so that a worker can import it.)"""
    logging.getLogger("edition.test").warning("worker note %s", item)
    if item == "bad":
        raise InputError(Diagnostic("input.unreadable", "error", "cannot read this", item))
    return item.upper()


def test_workers_send_back_results_in_order_their_log_records_and_their_errors(seeds_project, caplog):
    pipeline = Pipeline(Project.load(seeds_project / "edition.toml"))
    with parallel.Workers(pipeline, jobs=2, min_tasks=2) as workers, caplog.at_level(logging.WARNING):
        assert list(workers.map(failing_task, ["a", "b", "c", "d"])) == ["A", "B", "C", "D"]
        assert workers.used_pool
        assert [r.getMessage() for r in caplog.records if r.name == "edition.test"] == [
            f"worker note {x}" for x in "abcd"]
        with pytest.raises(EditionError) as raised:
            list(workers.map(failing_task, ["a", "bad", "c"]))
        # one task in a worker while this process goes on (the contents and names pages beside the search index)
        assert workers.submit(failing_task, "e").result() == "E"
        later = workers.submit(failing_task, "bad")
        with pytest.raises(EditionError) as later_raised:
            later.result()
    assert raised.value.diagnostic == Diagnostic("input.unreadable", "error", "cannot read this", "bad")
    assert raised.value.exit_code == 3
    assert later_raised.value.diagnostic == raised.value.diagnostic


def sleeping_task(state, item):
    """(A pool task, module-level.) Sleeps ``item`` seconds: which process ran it, and its log record."""
    time.sleep(item)
    logging.getLogger("edition.test").warning("slept %s", item)
    if item == 0:
        raise InputError(Diagnostic("input.unreadable", "error", "no sleep", "zero"))
    return os.getpid(), item


def test_long_tasks_go_to_whichever_process_is_free_results_in_order(seeds_project, caplog):
    """Workers.each_when_free (the volumes of the printed edition): given the longest first, each process takes
    the next as soon as it is free, so that of four the worker sets two, not the three that the pool's queue
    gave it (Workers.map); results, log records and errors in the items' order."""
    pipeline = Pipeline(Project.load(seeds_project / "edition.toml"))
    with parallel.Workers(pipeline, jobs=2) as workers, caplog.at_level(logging.WARNING):
        workers.submit(sleeping_task, 0.01).result()  # the worker started (a second or two), as in a build by then
        caplog.clear()
        done = workers.each_when_free(sleeping_task, [1.2, 0.8, 0.6, 0.4])
        assert [item for _, item in done] == [1.2, 0.8, 0.6, 0.4]
        by_process = defaultdict(list)
        for pid, item in done:
            by_process[pid].append(item)
        assert sorted(by_process.values()) == [[0.8, 0.6], [1.2, 0.4]]  # 1.4 s and 1.6 s, not 2.6 s and 0.4 s
        assert os.getpid() in by_process and workers.used_pool
        assert [r.getMessage() for r in caplog.records if r.name == "edition.test"] == [
            f"slept {x}" for x in (1.2, 0.8, 0.6, 0.4)]
        with pytest.raises(EditionError) as raised:
            workers.each_when_free(sleeping_task, [0.2, 0])
        assert raised.value.diagnostic.message == "no sleep"
        assert workers.each_when_free(sleeping_task, [0.1]) == [(os.getpid(), 0.1)]  # one: here


def test_sigterm_stops_a_parallel_build_its_workers_and_keeps_the_last_edition(seeds_project, tmp_path):
    out = tmp_path / "out"
    assert edition(seeds_project, "build", "--no-pdf", "--out", str(out)).exit_code == 0
    before = snapshot(out)
    run = subprocess.Popen([sys.executable, "-c", POOLED, "build", "-v", "--no-pdf", "--force", "--jobs", "2", "--project",
                            str(seeds_project), "--out", str(out)], env={**os.environ, "PYTHONUNBUFFERED": "1"},
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob(".staging-*/tei/*.xml")):
        time.sleep(0.05)
    workers = _children(run.pid)
    assert workers, "no worker processes"
    run.send_signal(signal.SIGTERM)
    output, _ = run.communicate(timeout=120)
    if run.returncode == 0:
        pytest.skip("the build finished before the signal arrived")
    assert run.returncode == 130, output
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith((".staging-", ".old-"))]
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)], "worker processes left running"


def _children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    kids = [int(c) for c in handle.read().split()]
                    found += kids
                    todo += kids
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_an_input_file_is_hashed_again_only_when_its_stat_changed(tmp_path, monkeypatch):
    """FileHashes: a settled file's hash is remembered by its stat into the next build (no read); any write
    changes its change time, so it is hashed again even with its size and modification time put back."""
    path = tmp_path / "transcript.txt"
    path.write_text("Stalin: Good day.", encoding="utf-8")
    reads = []
    monkeypatch.setattr(incremental, "file_digest", lambda p: reads.append(p) or f"hash of {Path(p).read_text()}")
    monkeypatch.setattr(incremental.FileHashes, "SETTLED_NS", -10**18)  # every file counts as settled
    first = incremental.FileHashes()
    assert first.file(path) == "hash of Stalin: Good day." and len(reads) == 1
    again = incremental.FileHashes(first.seen)
    assert again.file(path) == "hash of Stalin: Good day." and len(reads) == 1  # not read
    assert again.seen == first.seen  # remembered for the build after
    st = path.stat()
    time.sleep(0.01)
    path.write_text("Stalin: Good bye.", encoding="utf-8")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the modification time put back
    assert incremental.FileHashes(first.seen).file(path) == "hash of Stalin: Good bye." and len(reads) == 2


def test_a_file_changed_just_before_it_was_hashed_is_not_remembered(tmp_path):
    """An edit in the same tick of the file system's clock as the hashing could leave the stat unchanged: a file
    changed less than SETTLED_NS before is hashed again by the next build."""
    path = tmp_path / "meta.toml"
    path.write_text("title = 'x'", encoding="utf-8")
    hashes = incremental.FileHashes()
    assert hashes.file(path) == incremental.file_digest(path)
    assert str(path) not in hashes.seen
    assert hashes.file(tmp_path / "none.txt") == "absent" and hashes.file(None) == "absent"


def test_a_rebuild_remembers_the_inputs_hashes_and_still_sees_a_change(project, monkeypatch):
    """The manifest keeps the inputs' hashes (every file counted as settled here: the project was copied a moment
    ago); a no-op rebuild then reuses everything, and a transcript rewritten with the same size is read again."""
    monkeypatch.setattr(incremental.FileHashes, "SETTLED_NS", -10**18)
    out = project / "build"
    assert edition(project, "build", "--no-pdf").exit_code == 0
    transcript = project / "transcripts" / THREE[0]
    remembered = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["sources"]
    assert str(transcript) in remembered and all(len(entry) == 6 for entry in remembered.values())
    result = edition(project, "build", "--no-pdf", "--explain")
    assert not rebuilt(explained(result)), result.output
    text = transcript.read_text(encoding="utf-8")
    transcript.write_text(text.replace(" the ", " The ", 1), encoding="utf-8")
    result = edition(project, "build", "--no-pdf", "--explain")
    assert result.exit_code == 0, result.output
    assert any("the transcript" in why for why in explained(result).values()), result.output


def test_a_conversation_of_two_transcripts_one_changed_gets_the_others_text_from_the_cache(tmp_path):
    """Grouping reads only the headings of the transcripts not read again (pipeline.without_texts); a conversation to
    encode gets its other transcripts' whole results: 002's second record joins 003's conversation, 003 changes,
    and the TEI is the same as a build from nothing, text of both records included."""
    folder = new_project(tmp_path / "ed", names=tuple(p.name for p in sorted(SEEDS.glob("*.txt"))))
    assert edition(folder, "build", "--no-pdf").exit_code == 0
    cache = folder / "build" / ".edition-cache"
    assert len(list(cache.glob("*.headings.pickle"))) == 5
    path = folder / "transcripts" / "003_3093fe73ea284f4e.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " the very ", 1), encoding="utf-8")
    result = edition(folder, "build", "--no-pdf", "--explain")
    assert result.exit_code == 0, result.output
    found = explained(result)
    joint = next(name for name, why in found.items() if name.startswith("tei/") and why.startswith("rebuilt"))
    assert found["read 002_94c6dd6efc90a954.txt"] == "reused"
    fresh = edition(folder, "build", "--force", "--no-pdf", "--out", str(tmp_path / "fresh"))
    assert fresh.exit_code == 0
    tei = (folder / "build" / joint).read_bytes()
    assert tei == (tmp_path / "fresh" / joint).read_bytes()
    assert b"the very" in tei and tei.count(b"<sp ") > 10


def test_entity_pages_are_kept_by_a_no_op_rebuild_and_go_when_names_per_entry_no_longer_asks_for_them(project):
    """edition.toml's [site] names_per_entry: an entity named in more conversations than it says has a page of
    its own (html/names/<id>.html), made with the index of names, reused with it, removed with it."""
    config = project / "edition.toml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "\n[site]\nnames_per_entry = 1\n", encoding="utf-8")
    out = project / "build"
    found = explained(edition(project, "build", "--explain"))
    assert found["html/index.html, html/names.html"].startswith("rebuilt"), found
    assert {name for name in rebuilt(found) if name.startswith("html/")} == {"html/index.html, html/names.html"}
    from lxml import html as lxml_html

    pages = sorted(p.name for p in (out / "html" / "names").glob("*.html"))
    linked = lxml_html.parse(str(out / "html" / "names.html")).xpath("//li[@class='more']/a/@href")
    assert pages and sorted(href.removeprefix("names/") for href in linked) == pages
    assert "china.html" in pages  # named in all three
    before = edition_files(out)
    assert rebuilt(explained(edition(project, "build", "--explain"))) == set()
    assert edition_files(out) == before
    config.write_text(original + "\n[site]\nnames_per_entry = 0\n", encoding="utf-8")
    found = explained(edition(project, "build", "--explain"))
    assert found["html/index.html, html/names.html"].startswith("rebuilt"), found
    assert not (out / "html" / "names").exists()
    config.write_text(original + "\n[site]\nnames_per_entry = -1\n", encoding="utf-8")
    result = edition(project, "build")
    assert result.exit_code != 0 and "names_per_entry must be a whole number" in result.output
    assert "[project.bad-site]" in result.output


def test_a_book_too_large_for_the_machines_memory_is_announced_before_it_is_set(project, monkeypatch):
    from edition.publish import pdf

    monkeypatch.setattr(pdf, "machine_memory", lambda: 256 * 2**20)  # a machine of 256 MB
    assert "print.large-book" not in edition(project, "build").output  # the last PDF reused: nothing is set
    path = project / "transcripts" / "000_74b08fd92c73bdd2.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " the very ", 1), encoding="utf-8")
    result = edition(project, "build")
    assert result.exit_code == 0, result.output  # a warning: the book is set all the same
    line = next(line for line in result.output.splitlines() if "[print.large-book]" in line)
    assert "warning: the printed edition is one book of about" in line and "of this machine's" in line
    assert result.output.index("[print.large-book]") < result.output.index("PDF:")
    monkeypatch.setattr(pdf, "machine_memory", lambda: 64 * 2**30)
    path.write_text(path.read_text(encoding="utf-8").replace(" the very ", " the ", 1), encoding="utf-8")
    assert "print.large-book" not in edition(project, "build").output


def test_the_large_book_warning_compares_the_estimate_with_half_the_memory():
    from edition.publish.pdf import MEMORY_BASE, MEMORY_PER_TEI_MB, large_book

    tei = 10 * 2**20  # 10 MB of TEI: about 1,250 pages
    need = MEMORY_BASE + 10 * MEMORY_PER_TEI_MB
    assert large_book([tei], None) is None and large_book([tei], 2 * need) is None and large_book([], 1) is None
    warning = large_book([tei], 2 * need - 2**20)
    assert warning.code == "print.large-book" and "about 1,200 pages" in warning.message
    assert "about 2 GB of memory" in warning.message and "(50% of this machine's)" in warning.message
    assert "volume_size" in warning.message
    # volumes: the two set at once count together
    assert large_book([tei], 4 * need - 2**20, volumes=True) is None
    warning = large_book([tei, tei], 4 * need - 2**20, volumes=True)
    assert "two of its volumes, set at once" in warning.message and "--jobs 1" in warning.message


def test_an_edition_printed_in_volumes_sets_again_only_the_volume_a_change_is_in(project):
    """edition.toml's [print] volume_size: a book per so many conversations (pdf/volume-<n>/edition.pdf), each
    with its title and contents; each page links its volume, the contents page all of them; a changed
    transcript sets its volume again and no other."""
    from lxml import html as lxml_html

    config = project / "edition.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[print]\nvolume_size = 2\n", encoding="utf-8")
    out = project / "build"
    found = explained(edition(project, "build", "--explain"))
    assert found["pdf/volume-1/edition.pdf"].startswith("rebuilt") and found["pdf/volume-2/edition.pdf"].startswith("rebuilt")
    assert not (out / "pdf" / "edition.pdf").exists()  # the one book of the last build is gone

    def text(volume: str) -> str:
        return subprocess.run(["pdftotext", "-layout", str(out / "pdf" / volume / "edition.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout

    first, second = text("volume-1"), text("volume-2")
    assert "Volume 1 of 2: 6 January 1950 – 13 January 1950" in first
    assert "Volume 2 of 2: 19 September 1952" in second
    def contents(text: str) -> str:  # the contents page
        return next(page for page in text.split("\f") if page.lstrip().startswith("Contents"))

    assert "6 January 1950" in contents(first) and "13 January 1950" in contents(first)
    assert "19 September 1952" not in contents(first) and "19 September 1952" in contents(second)
    links = {page: lxml_html.parse(str(out / "html" / f"{page}.html")).xpath("//a[@class='download-pdf']/@href")
             for page in PAGES}
    assert links == {"1950-01-06-vyshinsky-mao-zedong": ["../pdf/volume-1/edition.pdf"],
                     "1950-01-13-vyshinsky-mao-zedong": ["../pdf/volume-1/edition.pdf"],
                     "1952-09-19-stalin-zhou-enlai": ["../pdf/volume-2/edition.pdf"]}
    contents_page = lxml_html.parse(str(out / "html" / "index.html"))
    assert contents_page.xpath("//ul[@class='pdf-volumes']/li/a/@href") == ["../pdf/volume-1/edition.pdf",
                                                                          "../pdf/volume-2/edition.pdf"]
    assert not contents_page.xpath("//a[@href='../pdf/edition.pdf']")
    for href in contents_page.xpath("//ul[@class='pdf-volumes']/li/a/@href"):
        assert (out / "html" / href).resolve().is_file()
    # a word of 13 January 1950 (volume 1) changed: volume 1 set again, volume 2 kept
    before = {v: (out / "pdf" / v / "edition.pdf").read_bytes() for v in ("volume-1", "volume-2")}
    path = project / "transcripts" / "000_74b08fd92c73bdd2.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " the very ", 1), encoding="utf-8")
    found = explained(edition(project, "build", "--explain"))
    assert found["pdf/volume-1/edition.pdf"].startswith("rebuilt") and found["pdf/volume-2/edition.pdf"] == "reused"
    assert (out / "pdf" / "volume-2" / "edition.pdf").read_bytes() == before["volume-2"]
    assert (out / "pdf" / "volume-1" / "edition.pdf").read_bytes() != before["volume-1"]
    # one book asked for, but the build leaves the PDF as it was (--no-pdf): the pages link the volumes it has
    config.write_text(config.read_text(encoding="utf-8").replace("volume_size = 2", "volume_size = 0"), encoding="utf-8")
    assert edition(project, "build", "--no-pdf").exit_code == 0
    assert sorted(p.parent.name for p in (out / "pdf").glob("*/edition.pdf")) == ["volume-1", "volume-2"]
    assert lxml_html.parse(str(out / "html" / "1952-09-19-stalin-zhou-enlai.html")).xpath(
        "//a[@class='download-pdf']/@href") == ["../pdf/volume-2/edition.pdf"]
