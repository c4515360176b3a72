"""Segmentation inside the TEI: sentences as ``s`` with stable ids, inline elements never split,
speaker labels and scan furniture left outside, the words of the text unchanged."""

from __future__ import annotations

import copy

from lxml import etree

from edition.align.segment import XML_ID, fingerprint, segment_text

from .teitext import TEI, words

DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><group>
<text xml:id="ru"><body><div type="record">
<fw type="header">- 106</fw>
<head>ЗАПИСЬ <lb/>БЕСЕДЫ</head>
<sp who="#stalin"><speaker>Сталин:</speaker><p>Верно. Говорит <persName ref="#stalin">т. Сталин</persName>. Мы <supplied reason="clarification">т.е. так. Да</supplied> согласны. Далее<pb n="2"/> текст. <note type="query">?</note>Конец<lb type="paragraph-split"/>
фразы. Кто<lb break="no" rend="hyphen"/>то пришел<supplied reason="punctuation">?</supplied> Вот.</p>
<p>   </p></sp>
<closer><signed><gap reason="not-transcribed" unit="signature"><desc>signature</desc></gap> /Н. Федоренко/</signed></closer>
</div></body></text></group></text></TEI>"""


def _text() -> etree._Element:
    return etree.fromstring(DOC).find(f".//{TEI}text[@{{http://www.w3.org/XML/1998/namespace}}id='ru']")


def _sentences(el: etree._Element) -> list[tuple[str, str]]:
    return [(s.get(XML_ID), " ".join("".join(s.itertext()).split())) for s in el.iter(f"{TEI}s")]


def test_sentences_respect_abbreviations_and_inline_elements():
    text = _text()
    segments = segment_text(text, "ru")
    assert [(s.id, s.text) for s in segments] == [
        ("ru-b1-s1", "ЗАПИСЬ БЕСЕДЫ"),
        ("ru-b2-s1", "Верно."),
        ("ru-b2-s2", "Говорит т. Сталин."),
        ("ru-b2-s3", "Мы т.е. так. Да согласны."),  # no boundary inside <supplied>
        ("ru-b2-s4", "Далее текст."),
        ("ru-b2-s5", "Конец фразы."),
        ("ru-b2-s6", "Ктото пришел?"),  # the translator's question mark ends the sentence
        ("ru-b2-s7", "Вот."),
        ("ru-b4-s1", "/Н. Федоренко/"),
    ]
    assert [s.unit for s in segments[1:8]] == ["ru-t1"] * 7
    assert segments[1].kind == ("sp", "#stalin") and segments[0].kind == ("record", "head")
    # every inline element is whole inside one sentence
    for tag in ("persName", "supplied", "pb", "note", "lb", "gap"):
        for el in text.iter(f"{TEI}{tag}"):
            assert next(el.iterancestors(f"{TEI}s"), None) is not None, tag
    # the label, the furniture and an empty paragraph are no sentences
    assert text.find(f".//{TEI}speaker/{TEI}s") is None and text.find(f".//{TEI}fw/{TEI}s") is None
    assert [p.get(XML_ID) for p in text.iter(f"{TEI}p")] == ["ru-b2", None]
    assert text.find(f".//{TEI}sp").get(XML_ID) == "ru-t1"


def test_words_and_inline_markup_are_unchanged():
    before = _text()
    after = copy.deepcopy(before)
    segment_text(after, "ru")
    assert words(after) == words(before)
    for tag in ("persName", "supplied", "pb", "note", "lb", "gap", "fw", "speaker"):
        assert len(list(after.iter(f"{TEI}{tag}"))) == len(list(before.iter(f"{TEI}{tag}")))
    stripped = copy.deepcopy(after)
    etree.strip_tags(stripped, f"{TEI}s")
    for el in stripped.iter():
        if el.get(XML_ID, "").startswith("ru-"):
            del el.attrib[XML_ID]
    assert etree.tostring(stripped) == etree.tostring(before)


def test_segmenting_again_gives_the_same_ids_and_tree():
    text = _text()
    first = [(s.id, fingerprint(s.text)) for s in segment_text(text, "ru")]
    once = etree.tostring(text)
    second = [(s.id, fingerprint(s.text)) for s in segment_text(text, "ru")]
    assert second == first and etree.tostring(text) == once


def test_a_change_in_one_block_renumbers_only_that_block():
    before = dict(_sentences_of(_text()))
    text = _text()
    p = text.find(f".//{TEI}p")
    p.text = "Конечно. " + p.text
    after = dict(_sentences_of(text))
    assert after["ru-b1-s1"] == before["ru-b1-s1"] and after["ru-b4-s1"] == before["ru-b4-s1"]
    assert after["ru-b2-s1"] == "Конечно." and after["ru-b2-s2"] == before["ru-b2-s1"]


def _sentences_of(text: etree._Element) -> list[tuple[str, str]]:
    return [(s.id, s.text) for s in segment_text(text, "ru")]
