"""Sure typos and misreadings as sic/corr with their evidence (issue 9, item 10): the seeds' metadata, the TEI,
the registers.

Real examples: the Russian scan of 22 January 1950 (003: терлет twice, болгарам, раззорена, Родин, Ли Ту-чунь,
Ли Ту-чуню, Ши Чэе) and Shaturin's translation of it (002: Li Bo Chan)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from lxml import etree

from edition.metadata import Correction, checked_corrections, correction_pattern, load_doc_meta

from .conftest import SEEDS, seed_paths

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
META = SEEDS / "meta"


def _corrections() -> list[tuple[str, dict]]:
    return [(path.name, entry) for path in sorted(META.glob("*.toml"))
            for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("correction", [])]


def _tei(seed_build, key: str) -> etree._Element:
    return etree.parse(str(next(p for p in seed_paths(seed_build) if p.stem == key))).getroot()


def test_every_correction_of_the_seeds_gives_its_evidence_with_places():
    corrections = _corrections()
    sics = {entry["sic"] for _, entry in corrections}
    assert {"терлет", "болгарам", "раззорена", "Родин", "Ли Ту-чунь", "Ли Ту-чуню", "Ши Чэе", "Li Bo Chan",
            "каксго-либо"} <= sics
    for name, entry in corrections:
        evidence = entry.get("evidence", "")
        assert len(evidence) > 40 and "line" in evidence, f"{name}: '{entry['sic']}' gives no evidence with places"
        seed = (SEEDS / name).with_suffix(".txt").read_text(encoding="utf-8")
        assert entry["sic"] in seed, f"{name}: '{entry['sic']}' is not in its transcript"


def test_no_misreading_is_a_register_variant(register):
    """The sic of a correction (a misreading) is no name of any entry: it is corrected in the text instead."""
    names = {el.text for path in (SEEDS / "registers").glob("*.xml") for el in etree.parse(str(path)).iter()
             if isinstance(el.tag, str) and el.tag.endswith("Name") and el.text}
    misreadings = {entry["sic"] for _, entry in _corrections()} | {"Liu Wenkui"}
    assert not misreadings & names
    assert register.index.ids("Родин") == [] and register.index.ids("Рощин") == ["roshchin"]


def test_a_correction_without_evidence_is_applied_and_reported(tmp_path):
    (tmp_path / "t.toml").write_text('[[correction]]\nsic = "терлет"\ncorr = "теряет"\n', encoding="utf-8")
    transcript = tmp_path / "t.txt"
    meta = load_doc_meta(tmp_path, transcript)
    kept, diagnostics = checked_corrections(meta, "договор терлет силу", transcript)
    assert kept.corrections == [("терлет", "теряет")] and kept.corrections[0].evidence is None
    assert [d.code for d in diagnostics] == ["meta.correction-evidence"] and diagnostics[0].file.endswith("t.toml")
    (tmp_path / "t.toml").write_text('[[correction]]\nsic = "терлет"\ncorr = "теряет"\nevidence = "why"\n'
                                     'cause = "x"\n', encoding="utf-8")
    with pytest.raises(Exception, match="cause"):
        load_doc_meta(tmp_path, transcript)


def test_a_correction_keeps_its_evidence_through_copies():
    import copy
    import pickle

    c = Correction("Родин", "Рощин", "both translations read Roshchin")
    for other in (copy.deepcopy(c), pickle.loads(pickle.dumps(c))):
        sic, corr = other
        assert (sic, corr, other.evidence) == ("Родин", "Рощин", "both translations read Roshchin")


def test_the_tei_links_each_choice_to_its_evidence(seed_build):
    root = _tei(seed_build, "1950-01-22-stalin-mao-zedong")
    choices = {c.get(XML_ID): c for c in root.iter(f"{T}choice")}
    notes = root.findall(f"{T}teiHeader/{T}fileDesc/{T}notesStmt/{T}note[@type='correction']")
    assert len(notes) == 9 and len(choices) == 10  # 8 corrections of 003 (терлет twice), 1 of 002
    targeted = set()
    for note in notes:
        assert note.get("resp") == "#ed1" and "Evidence: " in note.text
        for target in note.get("target").split():
            choice = choices[target[1:]]
            targeted.add(target[1:])
            assert f"'{choice.findtext(f'{T}sic')}'" in note.text and f"'{choice.findtext(f'{T}corr')}'" in note.text
            assert choice.find(f"{T}corr").get("resp") == "#ed1"
    assert targeted == set(choices)
    терлет = next(n for n in notes if "'терлет'" in n.text)
    assert len(терлет.get("target").split()) == 2 and "shall become invalid" in терлет.text


@pytest.mark.parametrize("sic,ref", [("Родин", "#roshchin"), ("Ли Ту-чунь", "#li-fuchun"), ("Ли Ту-чуню", "#li-fuchun"),
                                     ("Ши Чэе", "#shi-zhe"), ("Li Bo Chan", "#liu-bocheng")])
def test_a_corrected_name_is_tagged_around_its_choice(seed_build, sic, ref):
    root = _tei(seed_build, "1950-01-22-stalin-mao-zedong")
    choice = next(c for c in root.iter(f"{T}choice") if c.findtext(f"{T}sic") == sic)
    name = choice.getparent()
    assert name.tag == f"{T}persName" and name.get("ref") == ref
    assert len(name) == 1 and not (name.text or "").strip() and not (choice.tail or "").strip()


_letters = st.sampled_from(list("aáb_1 -.Лло,\n"))


@given(sic=st.text(_letters, min_size=1, max_size=4), text=st.text(_letters, max_size=40))
def test_a_correction_is_found_as_a_whole_word_where_the_plain_pattern_finds_it(sic, text):
    """correction_pattern puts the word before the test of the character that precedes it (for speed); it finds
    what the plain pattern, the look-behind first, finds: the same places, the same replacements."""
    plain = re.compile(rf"(?<!\w){re.escape(sic)}(?!\w)")
    fast = correction_pattern(sic)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert fast.sub("X", text) == plain.sub("X", text)
