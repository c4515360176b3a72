"""Nothing of the record is lost: every word of every seed is in the TEI, in order.

Each non-blank source line is accounted for exactly once: kept in a version's text,
moved to the header (citation, summary, archival reference...), or left out and
reported (labels of the export, site navigation). Kept lines' words must occur in
source order in that version's <text>; header lines' words must occur together in
the header (case aside: 'Translated by' becomes resp 'translated by'); reported lines must be reported with their own text.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from edition.readers.text import clean_markdown

from .conftest import SEEDS
from .teitext import TEI, WORD, is_subsequence, words

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _header_text(root: etree._Element) -> str:
    header = root.find(f"{TEI}teiHeader")
    pieces = [" ".join(WORD.findall("".join(header.itertext())))]
    pieces += [" ".join(WORD.findall(v)) for el in header.iter() for v in el.attrib.values()]
    return (" " + " | ".join(pieces) + " ").casefold()


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_every_word_is_kept_in_order(seed, seed_build):
    results, conversations, paths = seed_build
    file_result = next(r for r in results if r.path.name == seed)
    lines = (SEEDS / seed).read_text(encoding="utf-8").split("\n")
    by_key = {p.stem: etree.parse(str(p)).getroot() for p in paths}
    accounted: dict[int, str] = {}
    for conv in conversations:
        root = by_key[conv.key]
        header = _header_text(root)
        for version in conv.versions:
            if version.provenance.seed != seed:
                continue
            text_el = root.find(f".//{TEI}text[@{{http://www.w3.org/XML/1998/namespace}}id='{version.id}']")
            assert text_el is not None, f"{seed}: no <text> {version.id} in {conv.key}"
            source_words = [w for n in version.body_lines for w in WORD.findall(lines[n - 1])]
            ok, at = is_subsequence(source_words, words(text_el))
            assert ok, (f"{seed} ({version.id}): source word {at} '{source_words[at]}' "
                        f"(context: {' '.join(source_words[max(0, at - 8):at + 3])}) missing or out of order")
            for n in version.header_lines:
                run = " ".join(WORD.findall(lines[n - 1])).casefold()
                assert f" {run} " in header or f" {run} |" in header or f"| {run} " in header, \
                    f"{seed}:{n}: header line not in the TEI header: {lines[n - 1]!r}"
            for n in version.body_lines + version.header_lines:
                accounted.setdefault(n, version.id)
    for dropped in file_result.result.dropped:
        assert clean_markdown(lines[dropped.line - 1])[0] == dropped.text, f"{seed}:{dropped.line}: misreported"
        assert dropped.line not in accounted, f"{seed}:{dropped.line}: both kept and reported as left out"
        accounted[dropped.line] = "dropped"
    missing = [n for n, line in enumerate(lines, 1) if re.search(r"\w", line) and n not in accounted]
    assert not missing, f"{seed}: lines neither kept nor reported: {missing[:10]}"


def test_dropped_lines_are_only_furniture(seed_build):
    """What the readers leave out of the seeds is labels and navigation, nothing else."""
    results = [r for r in seed_build[0] if r.path.name in SEED_NAMES]
    reasons = {d.reason for r in results for d in r.result.dropped}
    assert reasons <= {
        "section label of the export (its content is in the header)",
        "contents label of the export (each part is a <text> of its own)",
        "site navigation",
    }
    navigation = [d.text for r in results for d in r.result.dropped if d.reason == "site navigation"]
    assert navigation == ["Click here to return to the April 2013 index.", "Click here to return to the Mao Archive."]


def test_fidelity_check_can_fail():
    assert is_subsequence(["a", "b"], ["a", "x", "b"])[0]
    assert not is_subsequence(["b", "a"], ["a", "x", "b"])[0]
