"""The alignment the 22 January 1950 TEI carries: both translations, paragraphs and sentences,
every segment linked or marked, valid against tei_all, every pointer resolving."""

from __future__ import annotations

import copy
import re

import pytest
from lxml import etree

from edition.align import align_tree
from edition.align.evaluate import seed_trees
from edition.align.standoff import HIGH, MEDIUM, targets_resolve
from edition.validate import load_rng
from edition.writers.tei import serialise

from .conftest import repo_project
from .teitext import TEI

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
KEY = "1950-01-22-stalin-mao-zedong"
PAIRS = [("ru", "en-rozas"), ("ru", "en-shaturin")]


@pytest.fixture(scope="module")
def built():
    """(trees as the pipeline leaves them, the same trees aligned) for every seed conversation."""
    trees = seed_trees(repo_project())
    aligned = {key: copy.deepcopy(tree) for key, tree in trees.items()}
    for tree in aligned.values():
        assert align_tree(tree, None) == []
    return trees, aligned


def _groups(root, level):
    return {tuple(p.lstrip("#") for p in g.get("corresp").split()): g
            for g in root.iter(f"{TEI}linkGrp") if g.get("type") == "translation" and g.get("subtype") == level}


def _text(root, tid):
    return root.find(f"{TEI}text/{TEI}group/{TEI}text[@{XML_ID}='{tid}']")


def test_standoff_follows_the_header_with_one_group_per_pair_and_level(built):
    root = built[1][KEY].getroot()
    assert [etree.QName(c).localname for c in root][:3] == ["teiHeader", "standOff", "text"]
    for level in ("paragraph", "sentence"):
        assert sorted(_groups(root, level)) == PAIRS


@pytest.mark.parametrize("level, tag", [("sentence", "s"), ("paragraph", None)])
def test_every_segment_is_linked_or_marked_exactly_once_per_pair(built, level, tag):
    root = built[1][KEY].getroot()
    for (source, translation), group in _groups(root, level).items():
        named = [p.lstrip("#") for el in group for p in el.get("target").split()]
        expected = []
        for tid in (source, translation):
            text = _text(root, tid)
            if tag:
                expected += [s.get(XML_ID) for s in text.iter(f"{TEI}{tag}")]
            else:  # blocks: every element holding sentences
                expected += [el.get(XML_ID) for el in text.iter() if el.find(f"{TEI}s") is not None]
        assert sorted(named) == sorted(expected), (translation, set(named) ^ set(expected))
        for el in group:
            if el.tag == f"{TEI}ptr":
                assert el.get("type") == "unaligned" and len(el.get("target").split()) >= 1
            else:
                ids = el.get("target").split()
                assert any(i.startswith(f"#{source}-") for i in ids) and any(i.startswith(f"#{translation}-") for i in ids)


def test_sentence_links_are_monotone_in_both_versions(built):
    root = built[1][KEY].getroot()
    for (source, translation), group in _groups(root, "sentence").items():
        order = {tid: {s.get(XML_ID): n for n, s in enumerate(_text(root, tid).iter(f"{TEI}s"))}
                 for tid in (source, translation)}
        last = {source: -1, translation: -1}
        for el in group:
            if el.tag != f"{TEI}link":
                continue
            ids = [p.lstrip("#") for p in el.get("target").split()]
            for tid in (source, translation):
                positions = [order[tid][i] for i in ids if i in order[tid]]
                assert min(positions) > last[tid], el.get("target")
                last[tid] = max(positions)


def test_confidence_is_encoded_as_a_probability_in_cert(built):
    """Issue 9: the score in @cert (TEI's probCert: 0-1), not in @n; its class is what readers are told."""
    from edition.align.standoff import certainty_of
    root = built[1][KEY].getroot()
    for group in _groups(root, "sentence").values():
        for el in group:
            assert re.fullmatch(r"[01]\.\d\d", el.get("cert")) and el.get("n") is None, el.attrib
            score = float(el.get("cert"))
            assert 0.0 <= score <= 1.0
            expected = "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"
            assert certainty_of(el) == expected


def test_the_covering_letter_and_the_scan_furniture_have_no_counterpart(built):
    root = built[1][KEY].getroot()
    group = _groups(root, "sentence")[("ru", "en-shaturin")]
    letter = _text(root, "en-shaturin").find(f".//{TEI}div[@type='covering-letter']")
    letter_ids = {f"#{s.get(XML_ID)}" for s in letter.iter(f"{TEI}s")}
    unaligned = {el.get("target") for el in group if el.tag == f"{TEI}ptr"}
    assert letter_ids and letter_ids <= unaligned
    assert all(fw.find(f"{TEI}s") is None for fw in _text(root, "ru").iter(f"{TEI}fw"))


def test_output_is_valid_tei_all_and_every_pointer_resolves(built, tei_all, tmp_path):
    rng = load_rng(tei_all)
    for key, tree in built[1].items():
        path = tmp_path / f"{key}.xml"
        path.write_bytes(serialise(copy.deepcopy(tree)))
        doc = etree.parse(str(path))
        assert rng.validate(doc), f"{key}: {rng.error_log.last_error}"
        assert targets_resolve(doc.getroot()) == [], key


def test_targets_resolve_finds_a_dangling_pointer(built):
    root = copy.deepcopy(built[1][KEY].getroot())
    link = root.find(f".//{TEI}linkGrp/{TEI}link")
    link.set("target", link.get("target") + " #ru-b999-s1")
    assert targets_resolve(root) == ["#ru-b999-s1"]


def test_conversations_with_one_version_are_left_alone(built):
    trees, aligned = built
    single = [key for key, tree in trees.items() if len(tree.getroot().findall(f"{TEI}text/{TEI}group/{TEI}text")) < 2]
    assert {"1949-12-16-stalin-mao-zedong", "1952-09-19-stalin-zhou-enlai"} <= set(single)
    for key in single:
        assert etree.tostring(aligned[key]) == etree.tostring(trees[key]), key


def test_aligning_a_built_file_again_changes_nothing(built):
    data = serialise(copy.deepcopy(built[1][KEY]))
    again = etree.ElementTree(etree.fromstring(data))
    assert align_tree(again, None) == []
    assert serialise(again) == data


def test_the_two_translations_correspond_through_the_original(built):
    from edition.align.standoff import between_translations

    pairs = between_translations(built[1][KEY].getroot(), "en-rozas", "en-shaturin")
    as_sets = {(frozenset(a), frozenset(b)) for a, b in pairs}
    # Rozas' one heading is Shaturin's one heading (both render the two Russian headings)
    assert (frozenset({"en-rozas-b1-s1"}), frozenset({"en-shaturin-b5-s1"})) in as_sets
    # Shaturin splits the sentence Rozas keeps whole (ru-b33-s2)
    assert (frozenset({"en-rozas-b32-s2"}), frozenset({"en-shaturin-b36-s2", "en-shaturin-b36-s3"})) in as_sets
    named = [i for a, _ in pairs for i in a]
    assert len(named) == len(set(named)) == 143  # every Rozas sentence once, in order
    assert named == sorted(named, key=lambda i: [int(n) for n in i.split("-b")[1].split("-s")])
