"""Any text converts to valid TEI without a crash, through the tagger and the aligner too
(property-based): transcripts built from the pieces real ones are made of — speaker labels, brackets, page numbers,
hyphenated line ends, dates, blank-line runs, control characters — in random order and amounts; and arbitrary
bytes and arbitrary Unicode given to the pipeline as files: each is refused clearly or converted with every word
kept (issue 14)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from edition.extract.normalise import LABELS
from edition.metadata import DocMeta
from edition.pipeline import FileResult, Pipeline
from edition.readers import READERS, ReadEnv
from edition.readers.text import clean_markdown
from edition.source import Source, load_source, prepare_text
from edition.validate import load_rng
from edition.writers.tei import serialise

from .conftest import bare_project
from .teitext import TEI, WORD, is_subsequence, words

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
    "Sta\x0blin", "\x1b[1mBold\x1b[0m", "page\x0cbreak", "\x0c", "a\x00b", "\x1c\x1d\x1e\x1f", "\x85", "\u2028",
    "\u2029", "\ufffe\uffff", "\x7f\x80\x9f",
])
# Unicode as a file can hold it: every code point but the surrogates (which UTF-8 cannot encode)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(PIECES, ANY_TEXT), min_size=1, max_size=40),
       layout=st.sampled_from(sorted(READERS)))
def test_any_text_converts_to_valid_tei(lines, layout, project, register, tei_all):
    text, _ = prepare_text("\n".join(lines))  # what load_source gives the readers: nothing stripped
    if not text.strip():
        return  # load_source refuses it (input.empty)
    valid_documents(text, layout, project, register, tei_all)


def valid_documents(text: str, layout: str, project, register, tei_all) -> list[etree._Element]:
    """``text`` read in ``layout`` and encoded by the pipeline (entity tagging and alignment must cope too); each
    document asserted valid against tei_all."""
    source = Source(Path("random.txt"), text, "utf-8")
    result = READERS[layout]().read(source, ReadEnv(register, DocMeta()))
    pipeline = Pipeline(bare_project(project))
    rng = load_rng(tei_all)
    docs = [etree.fromstring(serialise(tree)) for _, tree in pipeline.trees(pipeline.group([FileResult(source.path, result)]))]
    for doc in docs:
        assert rng.validate(doc), f"{layout}: {rng.error_log.last_error}\n---\n{text}"
    return docs


# ------------------------------------------------------------------ arbitrary files

def _header_words(root: etree._Element) -> str:
    header = root.find(f"{TEI}teiHeader")
    pieces = [" ".join(WORD.findall("".join(header.itertext())))]
    pieces += [" ".join(WORD.findall(v)) for el in header.iter() for v in el.attrib.values()]
    return (" " + " | ".join(pieces) + " ").casefold()


def assert_words_kept(file_result: FileResult, text: str, conversations, paths: list[Path]) -> None:
    """Every line of the decoded text with a word in it is kept in its version's text (words in order), moved
    to the header, or reported as left out: tests/test_fidelity.py's check, for any file."""
    lines = text.split("\n")
    roots = {p.stem: etree.parse(str(p)).getroot() for p in paths}
    accounted: set[int] = set()
    for conv in conversations:
        root = roots[conv.key]
        header = _header_words(root)
        for version in conv.versions:
            if version.provenance.seed != file_result.path.name:
                continue
            text_el = root.find(f".//{TEI}text[@{{http://www.w3.org/XML/1998/namespace}}id='{version.id}']")
            source_words = [w for n in version.body_lines for w in WORD.findall(lines[n - 1])]
            ok, at = is_subsequence(source_words, words(text_el))
            assert ok, f"word {at} {source_words[at]!r} missing or out of order\n---\n{text}"
            for n in version.header_lines:
                run = " ".join(WORD.findall(lines[n - 1])).casefold()
                assert not run or f" {run} " in header or f" {run} |" in header or f"| {run} " in header, \
                    f"line {n} {lines[n - 1]!r} not in the header\n---\n{text}"
            accounted.update(version.body_lines, version.header_lines)
    for dropped in file_result.result.dropped:  # reported with its text (a passage: the lines from its first)
        reported, n = WORD.findall(dropped.text), dropped.line
        seen = WORD.findall(clean_markdown(lines[n - 1])[0])
        accounted.add(n)
        while seen != reported and len(seen) < len(reported) and n < len(lines):
            n += 1
            seen += WORD.findall(clean_markdown(lines[n - 1])[0])
            accounted.add(n)
        assert seen == reported, f"line {dropped.line} misreported: {dropped.text!r}\n---\n{text}"
    missing = [n for n, line in enumerate(lines, 1) if re.search(r"\w", line) and n not in accounted]
    assert not missing, f"lines neither kept nor reported: {missing[:10]}\n---\n{text}"


# A label reported as left out with no word in its value ('Citation: *') is not found in the header by the check
# below: such files are checked for all but their words, and the pieces for files leave out the bare labels, so
# that most files are checked for their words too.
KNOWN_LOSS = re.compile(r"(?im)^\W*(?:" + "|".join(map(re.escape, LABELS)) + r")\s*:[^\w\n]*$")
FILE_PIECES = st.one_of(PIECES.filter(lambda p: not re.match(r"(Present|Citation|Contents):", p)), ANY_TEXT)
FILES = st.one_of(
    st.binary(max_size=300),
    ANY_TEXT.map(lambda t: t.encode("utf-8")),
    st.lists(FILE_PIECES, min_size=1, max_size=30).map(lambda ls: "\n".join(ls).encode("utf-8")),
    st.lists(FILE_PIECES, min_size=1, max_size=30).map(lambda ls: "\n".join(ls).encode("utf-16")),  # with a BOM
    st.lists(FILE_PIECES, min_size=1, max_size=30).map(lambda ls: "\n".join(ls).encode("utf-16-le")),
)


def check_file(data: bytes, project, tei_all, skip_known_loss: bool = True) -> None:
    """Read the bytes as a transcript file: refused with an input error, or valid TEI with every word kept."""
    pipeline = Pipeline(bare_project(project))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.txt"
        path.write_bytes(data)
        [result] = pipeline.read([path])  # anything but an EditionError fails the test
        if result.failed:
            [error] = [d for d in result.diagnostics if d.severity == "error"]
            assert error.code.startswith("input.") and result.exit_code == 3, error
            return
        text = load_source(path).text
        conversations = pipeline.group([result])
        out = Path(folder) / "out"
        out.mkdir()
        paths = pipeline.write_tei(conversations, out)
        rng = load_rng(tei_all)
        for tei in paths:
            assert rng.validate(etree.parse(str(tei))), f"{rng.error_log.last_error}\n---\n{text}"
        if not (skip_known_loss and KNOWN_LOSS.search(text)):
            assert_words_kept(result, text, conversations, paths)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=FILES)
def test_any_file_is_refused_clearly_or_converted_with_every_word(data, project, tei_all):
    check_file(data, project, tei_all)


def test_a_numbered_point_is_not_taken_for_the_note_of_a_word_ending_in_its_number(project, tei_all):
    """Found by the property test above: 'A1' then a point '1. x' made 'A' with a note 'x' (the point's own
    paragraph read as the endnote of marker 1) and left the point empty."""
    check_file(b"A1\n\n1. \x00", project, tei_all, skip_known_loss=False)
    check_file(b"A1\n\n1. x", project, tei_all, skip_known_loss=False)


def test_a_field_without_a_value_keeps_the_lines_after_it(project, tei_all):
    check_file(b"Record\nPresent: *\n\nThe talk began.\n", project, tei_all, skip_known_loss=False)


def test_a_name_field_that_names_nobody_keeps_its_value(project, tei_all):
    check_file(b"Record\nPresent: 0\n\nThe talk began.\n", project, tei_all, skip_known_loss=False)


def test_an_archival_reference_keeps_what_follows_it(project, tei_all):
    check_file("Translated from  by\n\nRGASPI F.0  à\n".encode(), project, tei_all, skip_known_loss=False)


@pytest.mark.parametrize("layout", sorted(READERS))
def test_a_heading_or_signature_amid_the_content_stays_in_place_in_valid_tei(layout, project, register, tei_all):
    """Found by the property test: a heading after a paragraph ('AAA') was written as <head> after content,
    which TEI does not allow; it is now a typed block where it stands (the order of the source kept)."""
    text = "Present: comrs. Molotov, Beria.\n\nAAA\n\nStalin: yes.\n\nA. Vyshinsky\n\nMolotov: no."
    for doc in valid_documents(text, layout, project, register, tei_all):
        body = " ".join("".join(doc.find(f".//{{http://www.tei-c.org/ns/1.0}}body").itertext()).split())
        assert body.index("AAA") < body.index("yes"), body


@pytest.mark.parametrize("layout", sorted(READERS))
def test_the_private_use_characters_of_the_readers_markers_in_a_source_are_text(layout, project, register, tei_all):
    """A source holding U+E000 (the readers' page-break marker, which Hypothesis found: 'Stalin: We agree.' /
    '(Last page)' / U+E000) converts: a bare marker character is not taken for one of ours."""
    valid_documents("Stalin: We agree.\n(Last page)\n\ue000", layout, project, register, tei_all)
