"""Endnotes back at their markers (edition/readers/endnotes.py): only the whole sequence 1…N moves, nothing
is lost, and numbers that are not markers stay text."""

from __future__ import annotations

import copy

from edition.model import Division, ListBlock, Note, Para
from edition.readers.endnotes import attach_endnotes


def _words(blocks) -> list[str]:
    out: list[str] = []

    def inline(items):
        for item in items:
            if isinstance(item, str):
                out.extend(item.split())
            elif isinstance(item, Note):
                out.append(f"<note {item.n}>")
                inline(item.content)

    for block in blocks:
        if isinstance(block, Para):
            inline(block.content)
        elif isinstance(block, Division):
            out.extend(_words(block.blocks))
        elif isinstance(block, ListBlock):
            for n, content in block.items:
                inline(content)
    return out


def _notes(blocks) -> list[tuple[str, str]]:
    found = []
    for block in blocks:
        items = block.content if isinstance(block, Para) else []
        if isinstance(block, Division):
            found += _notes(block.blocks)
        found += [(i.n, "".join(x for x in i.content if isinstance(x, str))) for i in items if isinstance(i, Note)]
    return found


def test_glued_markers_take_their_notes_and_the_list_goes():
    blocks = [Division("record", [
        Para(["Would comprador1 capital be included? To beat Ma's cavalry2, this is done."]),
        Para(["The possibility of war is always with us.3"]),
        ListBlock([("1", ["1. Intermediary between the government and western powers."]),
                   ("2", ["2. Probably referring to Ma Bufang."]),
                   ("3", ["3. Forrestal's apparent suicide."])])])]
    result, moved, _ = attach_endnotes(copy.deepcopy(blocks))
    assert moved == 3
    assert _notes(result) == [("1", "Intermediary between the government and western powers."),
                              ("2", "Probably referring to Ma Bufang."), ("3", "Forrestal's apparent suicide.")]
    assert not any(isinstance(b, ListBlock) for b in result[0].blocks)
    words = _words(result)
    assert words[:3] == ["Would", "comprador", "<note 1>"] and "cavalry" in words and "us." in words
    # every word of the text and of the notes is still there, only the numbers went
    assert " ".join(w for w in words if not w.startswith("<note")) == (
        "Would comprador Intermediary between the government and western powers. capital be included? To beat "
        "Ma's cavalry Probably referring to Ma Bufang. , this is done. The possibility of war is always with us. "
        "Forrestal's apparent suicide.")


def test_a_bare_number_after_a_word_is_a_marker_only_when_it_is_the_only_one():
    one = [Para(["among them the city mayor, CC-ist 1, Huo Sheyuan."]), Para(["The conversation ended."]),
           Para(["1. CC clique, a political faction within the Guomindang."])]
    result, moved, _ = attach_endnotes(copy.deepcopy(one))
    assert moved == 1 and _notes(result) == [("1", "CC clique, a political faction within the Guomindang.")]
    assert len(result) == 2
    two = [Para(["point 1 of the agreement and CC-ist 1, Huo Sheyuan."]), one[2]]
    assert attach_endnotes(copy.deepcopy(two)) == (two, 0, None)


def test_without_the_whole_sequence_nothing_moves():
    blocks = [Para(["comprador1 capital, and nothing marked after it."]),
              ListBlock([("1", ["1. a note"]), ("2", ["2. a note without its marker"])])]
    assert attach_endnotes(copy.deepcopy(blocks)) == (blocks, 0, None)
    # a list that does not end the text is a list of the text
    inside = [ListBlock([("1", ["1. first point"])]), Para(["comprador1 and more text after the list."])]
    assert attach_endnotes(copy.deepcopy(inside)) == (inside, 0, None)


def test_numbers_inside_references_are_not_markers():
    blocks = [Para(["APRF, f. 45, op.1, d. 329, ll. 29-38, and B-29 bombers."]), ListBlock([("1", ["1. a note"])])]
    assert attach_endnotes(copy.deepcopy(blocks)) == (blocks, 0, None)


def test_notes_typed_on_consecutive_lines_are_told_apart():
    """Two notes on two lines with no blank line between are read as one paragraph: split at '2. '."""
    blocks = [Para(["on the Korean question.1 Zhou Enlai regarded the armistice talks2 as the first step."]),
              Para(["1. The note of 10 March 1951. 2. At Kaesong, opened on 10 July 1951."])]
    result, moved, _ = attach_endnotes(copy.deepcopy(blocks))
    assert moved == 2 and len(result) == 1
    assert _notes(result) == [("1", "The note of 10 March 1951."), ("2", "At Kaesong, opened on 10 July 1951.")]


def test_superscript_notes_under_a_rule_go_to_their_superscript_markers():
    """'Xinjiang¹' … and, under a rule of underscores, '¹ The agreements …', '² …' (the notes typed on the lines
    under the rule, so one paragraph): each note at its marker, without its number or the rule, which is
    returned for the conversion report."""
    blocks = [Division("record", [
        Para(["What remains are the joint companies in Xinjiang¹ and the additional agreement² of the treaty."]),
        Para(["________________________________ ¹ Signed on 27 March 1950."]),
        Para(["² Not published."])])]
    result, moved, rule = attach_endnotes(copy.deepcopy(blocks))
    assert moved == 2 and rule == "________________________________"
    assert _notes(result) == [("1", "Signed on 27 March 1950."), ("2", "Not published.")]
    assert _words(result) == ["What", "remains", "are", "the", "joint", "companies", "in", "Xinjiang", "<note 1>",
                              "Signed", "on", "27", "March", "1950.", "and", "the", "additional", "agreement",
                              "<note 2>", "Not", "published.", "of", "the", "treaty."]
