"""Any text converts to valid TEI without a crash, through the tagger and the aligner too
(property-based): transcripts built from the pieces real ones are made of — speaker labels, brackets, page numbers,
hyphenated line ends, dates, blank-line runs — in random order and amounts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from edition.metadata import DocMeta
from edition.pipeline import FileResult, Pipeline
from edition.readers import READERS, ReadEnv
from edition.source import Source
from edition.validate import load_rng
from edition.writers.tei import serialise

from .conftest import bare_project

PIECES = st.sampled_from([
    "Stalin: We agree.", "Мао Цзэ-дун: Согласен.", "ZHOU ENLAI asks whether [?]", "STALIN answers.",
    "1. First point.", "2. Second point.", "1/ sub", "2.", "29", "- 106", "НАРОД-", "НОЙ РЕСПУБЛИКИ",
    "[Dairen; Dalian]", "[unclosed", "closed]", "(illegible signature)", "[signature] /A. Vyshinskii/",
    "22 января 1950 г.", "January 6, 1950", "31st of December 1949.", "The conversation lasted two hours.",
    "Present: comrs. Molotov, Beria.", "To Comrade Poskrebyshev, A.N.", "Fully Secret", "(Last page)",
    "RGASPI F. 558. Op. 11. D. 329. LL. 8-18.", "Translated from the Russian by X Y.", "Citation:", "Contents:",
    "Click here to return.", "A. Vyshinsky", "& < > \" '", "\\*", "**bold**", "## Heading", "*", "—", "",
    "Original Scan", "Translation - English", "Сталин: Верно. Согласен.", "Stalin: True. Agreed.",
    "Мао Цзэ-дун: Пшеницы и текстиля.", "Mao Zedong: Wheat and textile.", "ЗАПИСЬ БЕСЕДЫ",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(PIECES, st.text(max_size=40)), min_size=1, max_size=40),
       layout=st.sampled_from(sorted(READERS)))
def test_any_text_converts_to_valid_tei(lines, layout, project, register, tei_all):
    text = "\n".join(lines)
    if not text.strip():
        return
    text = "".join(c for c in text if c in "\n\t" or (c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF))
    if not text.strip():
        return
    source = Source(Path("random.txt"), text, "utf-8")
    result = READERS[layout]().read(source, ReadEnv(register, DocMeta()))
    pipeline = Pipeline(bare_project(project))
    rng = load_rng(tei_all)
    # entity tagging and alignment must cope too
    for conv, tree in pipeline.trees(pipeline.group([FileResult(source.path, result)])):
        doc = etree.fromstring(serialise(tree))
        assert rng.validate(doc), f"{layout}: {rng.error_log.last_error}\n---\n{text}"
