"""Quality against the development gold (tests/align_gold/): strict and lax F1 of sentence links
for both translations of 22 January 1950, from the raw seeds, compared with plain Gale–Church."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from edition.align import align_tree, stress
from edition.align.aligner import gale_church
from edition.align.evaluate import items_of, links_in_tree, load_gold, score, seed_trees, stale_fingerprints
from edition.align.segment import fingerprint

from .conftest import repo_project

GOLD = Path(__file__).parent / "align_gold" / "1950-01-22-stalin-mao-zedong.toml"
TRANSLATIONS = ["en-rozas", "en-shaturin"]


@pytest.fixture(scope="module")
def setting():
    gold = load_gold(GOLD)
    tree = seed_trees(repo_project())[gold.conversation]
    aligned = copy.deepcopy(tree)
    align_tree(aligned, None)
    items = items_of(copy.deepcopy(tree))
    return gold, aligned, items


def test_gold_covers_the_whole_record_and_matches_the_current_segmentation(setting):
    gold, _, items = setting
    current = {i.segment.id: fingerprint(i.segment.text) for seq in items.values() for i in seq}
    assert stale_fingerprints(gold, current) == [], "segmentation or text changed: read the gold again"
    for translation in TRANSLATIONS:
        named = {s for src, tgt in gold.pairs[translation] for s in src | tgt}
        assert len(named & {i.segment.id for i in items["ru"]}) >= len(items["ru"]) / 3
        assert {i.segment.id for i in items[translation]} <= named


@pytest.mark.parametrize("translation", TRANSLATIONS)
def test_strict_f1_is_at_least_098_and_not_below_gale_church(setting, translation):
    gold, aligned, items = setting
    ours = score(links_in_tree(aligned.getroot(), translation), gold.pairs[translation])
    base = score([(frozenset(k.src), frozenset(k.tgt)) for k in gale_church(items["ru"], items[translation])],
                 gold.pairs[translation])
    assert ours.strict_f1 >= 0.98, ours
    assert ours.lax_f1 >= ours.strict_f1
    assert ours.unaligned_f1 == 1.0, ours
    assert ours.strict_f1 >= base.strict_f1, (ours, base)


def test_above_gale_church_where_the_translation_departs_from_the_original(setting):
    gold, _, items = setting
    ours = score([], gold.pairs["en-shaturin"])  # sanity: an empty prediction scores nothing
    assert ours.strict_f1 == 0.0
    base = score([(frozenset(k.src), frozenset(k.tgt)) for k in gale_church(items["ru"], items["en-shaturin"])],
                 gold.pairs["en-shaturin"])
    assert base.strict_f1 < 0.98  # the covering letter and the split sentences throw the baseline off


@pytest.mark.parametrize("name", ["drop turn", "add paragraph"])
def test_material_in_one_version_only_does_not_derail_the_alignment(setting, name):
    gold, _, items = setting
    ours, base = stress.run(items["ru"], items["en-shaturin"], gold.pairs["en-shaturin"],
                            stress.PERTURBATIONS[name], trials=3)
    assert ours >= 0.995 and ours > base, (name, ours, base)
