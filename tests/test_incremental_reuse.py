"""How an incremental build reuses the last build's files (edition/incremental.py, edition/outputs.py): hard links
into the staging folder, never written through, copies when the umask asks for other permissions; the entity
index kept in the build's cache; the contents, names pages and each page's search units reused when what they
are made from is the same. Correctness only: no timing here (benchmarks/scale.py measures)."""

from __future__ import annotations

import os
import pickle
import re
import stat
from pathlib import Path

import pytest

from edition.entities import matcher
from edition.registers import IndexCache

from .test_incremental import built, edition, edition_files, explained, frozen_tool, project, rebuilt  # noqa: F401

CHANGED = "1950-01-13-vyshinsky-mao-zedong"  # the conversation of 000_74b08fd92c73bdd2.txt


def files_of(out: Path) -> list[Path]:
    return [p for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".edition.lock"]


PDF_LINK = re.compile(rb'(?: \xc2\xb7)? *<a [^>]*href="\.\./pdf/edition\.pdf"[^>]*>[^<]*</a>')


def same_as_from_nothing(project: Path) -> bool:
    """The edition is, byte for byte, what a build from nothing makes (without the PDF: but for the pages' links
    to the PDF the project's builds made)."""
    fresh = edition(project, "build", "--force", "--no-pdf", "--out", str(project / "fresh"))
    assert fresh.exit_code == 0, fresh.output
    ours = {k: PDF_LINK.sub(b"", v) for k, v in edition_files(project / "build").items() if not k.startswith("pdf/")}
    theirs = edition_files(project / "fresh")
    assert ours.keys() == theirs.keys()
    differ = [k for k in ours if ours[k] != theirs[k]]
    assert not differ, differ
    return True


def change_body_word(project: Path) -> None:
    """One word of the text changed, not in a title or a name: the last ' the ' of the transcript."""
    path = project / "transcripts" / "000_74b08fd92c73bdd2.txt"
    text = path.read_text(encoding="utf-8")
    i = text.rindex(" the ")
    path.write_text(text[:i] + " the very " + text[i + 5:], encoding="utf-8")


def test_a_no_op_rebuild_links_what_it_reuses_and_the_edition_keeps_one_name_per_file(project):
    out = project / "build"
    edition(project, "build")  # the fixture's files are copies (new inodes): once more, so that they are known
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in files_of(out)}
    result = edition(project, "build", "--explain")
    assert result.exit_code == 0 and rebuilt(explained(result)) == set(), result.output
    after = files_of(out)
    assert set(after) == set(before)
    for path in after:
        assert path.read_bytes() == before[path][1], path
        if path.name != ".edition-build.json" and path.parent.name != "schema":  # (the schema is copied each time)
            assert path.stat().st_ino == before[path][0], path  # the same file: linked, not copied
        assert path.stat().st_nlink == 1, path  # the last build's name of it is gone with the old part


def test_a_rebuild_never_writes_through_a_file_of_the_last_edition(project, tmp_path):
    """Another name for every file of the edition (as a reader holding it open would have): after a rebuild that
    changes a transcript, each still holds what the last build wrote."""
    out = project / "build"
    shadow = {}
    for n, path in enumerate(files_of(out)):
        shadow[tmp_path / f"{n}"] = path.read_bytes()
        os.link(path, tmp_path / f"{n}")
    change_body_word(project)
    result = edition(project, "build")
    assert result.exit_code == 0, result.output
    assert b"the very" in (out / "tei" / f"{CHANGED}.xml").read_bytes()
    for name, data in shadow.items():
        assert name.read_bytes() == data, name


def test_under_another_umask_the_reused_files_are_copies_with_its_permissions(project):
    out = project / "build"
    old = os.umask(0o022)
    try:
        assert edition(project, "build", "--no-pdf").exit_code == 0
        inodes = {p: p.stat().st_ino for p in files_of(out)}
        os.umask(0o077)
        result = edition(project, "build", "--no-pdf", "--explain")
    finally:
        os.umask(old)
    assert result.exit_code == 0 and rebuilt(explained(result)) == set(), result.output
    for rel in edition_files(out):  # (the build's own cache and extracts, hidden, are left as they are by a no-op)
        path = out / rel
        if not rel.startswith("pdf/"):  # (the PDF is left in the output by a build without it: not this build's)
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            assert path.stat().st_ino != inodes.get(path), path


def test_the_entity_index_is_kept_in_the_cache_and_not_built_again(project, monkeypatch):
    out = project / "build"
    assert len(list((out / ".edition-cache").glob("index-*.pickle"))) == 1
    change_body_word(project)

    def refused(self, registers):
        raise AssertionError("the entity index was built again")

    with monkeypatch.context() as patch:
        patch.setattr(matcher.NameMatcher, "__init__", refused)
        result = edition(project, "build", "--explain")
    assert result.exit_code == 0, result.output
    assert explained(result)["read 000_74b08fd92c73bdd2.txt"].startswith("read (changed: the transcript")
    assert same_as_from_nothing(project)
    # another register: another index, built and kept
    persons = project / "registers" / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8") + "<!-- checked -->\n", encoding="utf-8")
    built_now = []
    original = matcher.NameMatcher.__init__

    def counted(self, registers):
        built_now.append(1)
        original(self, registers)

    with monkeypatch.context() as patch:
        patch.setattr(matcher.NameMatcher, "__init__", counted)
        assert edition(project, "build", "--no-pdf").exit_code == 0
    assert built_now
    assert len(list((out / ".edition-cache").glob("index-*.pickle"))) == 1


def test_the_index_cache_runs_no_code(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    cache = IndexCache("k", tmp_path, tmp_path / "staged")
    (tmp_path / cache.name).write_bytes(pickle.dumps(([], {}, Evil())))
    assert cache.load() is None
    assert not (tmp_path / "pwned").exists()


def test_a_word_of_the_text_reuses_the_contents_names_pages_and_the_other_pages_search_units(project):
    out = project / "build"
    change_body_word(project)
    result = edition(project, "build", "--no-pdf", "--explain")
    assert result.exit_code == 0, result.output
    found = explained(result)
    assert found[f"names extract of tei/{CHANGED}.xml"].startswith("rebuilt (changed: its TEI")
    assert found["html/index.html, html/names.html"].startswith("reused")
    assert found[f"search units of html/{CHANGED}.html"].startswith("rebuilt")
    assert found["html/search.html"].startswith("rebuilt")
    others = [name for name in found if name.startswith("search units of ") and CHANGED not in name]
    assert others and all(found[name] == "reused" for name in others)
    assert same_as_from_nothing(project)
