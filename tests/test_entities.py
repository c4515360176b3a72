"""Registers, name matching (the entity index) and date normalisation: the parts of the entity tagger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from edition.entities.datetimes import find_datetimes
from edition.entities.tagger import EntityTagger
from edition.errors import EditionError
from edition.registers import Registers

from .conftest import SEEDS, seed_paths

GOLDEN_REGISTERS = Path(__file__).parent / "golden" / "registers"
HEADER = ('<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
          '<title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>'
          '</fileDesc></teiHeader><standOff><listPerson>')


def _register(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "persons.xml"
    path.write_text(HEADER + body + "</listPerson></standOff></TEI>", encoding="utf-8")
    return path


@pytest.mark.parametrize("body,code,line", [
    ('<person xml:id="a"><persName>Anna</persName></person>\n<person xml:id="a"><persName>Boris</persName></person>',
     "register.duplicate-id", 2),
    ('<person xml:id="a"><persName>Li</persName></person>\n<person xml:id="b"><persName>LI</persName></person>',
     "register.variant-conflict", 2),
    ('<person xml:id="a">\n<persName> </persName></person>', "register.empty-name", 2),
    ('<person xml:id="a">\n</person>', "register.no-names", 1),
    ('<person><persName>Nobody</persName></person>', "register.missing-id", 1),
])
def test_bad_registers_give_located_errors(tmp_path, body, code, line):
    with pytest.raises(EditionError) as raised:
        Registers.load(_register(tmp_path, body))
    diagnostic = raised.value.diagnostic
    assert (diagnostic.code, diagnostic.line) == (code, line)
    assert diagnostic.file.endswith("persons.xml")


def test_broken_register_xml_is_a_located_error(tmp_path):
    path = tmp_path / "persons.xml"
    path.write_text(HEADER + '<person xml:id="a"><persName>A</persName>', encoding="utf-8")
    with pytest.raises(EditionError) as raised:
        Registers.load(path)
    assert raised.value.diagnostic.code == "xml.not-well-formed"


@pytest.fixture(scope="module")
def matcher():
    return Registers.load(GOLDEN_REGISTERS).index


def found(matcher, text):
    return [(text[m.start:m.end], m.ref, m.ambiguous) for m in matcher.find(text)]


def test_russian_case_forms_come_from_morphology(matcher):
    text = "Поручить Вышинскому и Чжоу Энь-лаю; с Мао Цзэ-дуном; в Порт-Артуре; Синцзяна; Ли Ту-чуню."
    assert found(matcher, text) == [
        ("Вышинскому", "vyshinsky", False), ("Чжоу Энь-лаю", "zhou-enlai", False),
        ("Мао Цзэ-дуном", "mao-zedong", False), ("Порт-Артуре", "lushun", False),
        ("Синцзяна", "xinjiang", False), ("Ли Ту-чуню", "li-fuchun", False)]


def test_english_variants_initials_possessives_and_capitals(matcher):
    text = "comrs. Molotov, I.V. Stalin and Kovalev I.V.; Mao Zedong's view; the un-named US; us; STALIN says"
    assert found(matcher, text) == [
        ("Molotov", "molotov", False), ("I.V. Stalin", "stalin", False), ("Kovalev I.V.", "kovalev", False),
        ("Mao Zedong", "mao-zedong", False), ("US", "united-states", False), ("STALIN", "stalin", False)]


def test_longest_name_wins_and_ambiguous_words_at_sentence_start(matcher):
    text = "Дальний станет портом. Вопрос о Дальнем. Central People's Government of the People's Republic of China."
    assert found(matcher, text) == [
        ("Дальний", "dalian", True), ("Дальнем", "dalian", False),
        ("Central People's Government of the People's Republic of China", "cpg-prc", False)]


def test_names_across_line_and_page_breaks_are_tagged_whole():
    xml = (HEADER.replace("<standOff><listPerson>", "") + '<text><body><div><p>Поручить Мао Цзэ-<lb break="no"/>'
           'дуну и <placeName>Китаю</placeName>, Порт-<pb n="2" break="no"/>Артур.</p></div></body></text></TEI>')
    tree = etree.ElementTree(etree.fromstring(xml.encode()))
    EntityTagger(Registers.load(GOLDEN_REGISTERS)).tag(tree)
    p = tree.find(".//{*}body//{*}p")
    names = [(el.tag.split("}")[1], el.get("ref"), "".join(el.itertext())) for el in p]
    assert names == [("persName", "#mao-zedong", "Мао Цзэ-дуну"), ("placeName", None, "Китаю"),
                     ("placeName", "#lushun", "Порт-Артур")]
    assert "".join(p.itertext()) == "Поручить Мао Цзэ-дуну и Китаю, Порт-Артур."
    assert p[0][0].tag.endswith("lb") and p[2][0].tag.endswith("pb")


@pytest.mark.parametrize("text,context,expected", [
    ("on January 19.", dt.date(1950, 1, 13), [("January 19", {"when": "1950-01-19", "cert": "medium"})]),
    ("from the 16th of December 1949", None, [("16th of December 1949", {"when": "1949-12-16"})]),
    ("с июля 1949 года, на 1 января 1950 года", None,
     [("июля 1949 года", {"when": "1949-07"}), ("1 января 1950 года", {"when": "1950-01-01"})]),
    ("during the first or second half of 1951", None, [("the first or second half of 1951", {"from": "1951-01-01", "to": "1951-12-31"})]),
    ("in the course of the first half of the year", dt.date(1950, 1, 6),
     [("the first half of the year", {"from": "1950-01-01", "to": "1950-06-30"})]),
    ("scheduled in the end of September,", dt.date(1952, 9, 19),
     [("the end of September", {"notBefore": "1952-09-21", "notAfter": "1952-09-30"})]),
    ("by spring of 1950", None, [("spring of 1950", {"from": "1950-03-01", "to": "1950-05-31"})]),
    ("the current 1945 treaty, 13,400 tons, 1,315 tons", None, [("1945", {"when": "1945"})]),
    ("started at 10:30, ended at 12:30", None, [("10:30", {"when": "10:30:00"}), ("12:30", {"when": "12:30:00"})]),
    # the 12-hour clock: its a.m. or p.m. is part of the time and of its value; a bare hour needs the dotted or
    # upper-case form, an hour the clock has not (14:00 p.m.) is left unmarked
    ("Kremlin, 10:00 p.m.; ended at 12:10 a.m.", None,
     [("10:00 p.m.", {"when": "22:00:00"}), ("12:10 a.m.", {"when": "00:10:00"})]),
    ("from 3 p.m. to 5 P.M., at 10.30 a.m.", None,
     [("3 p.m.", {"when": "15:00:00"}), ("5 P.M.", {"when": "17:00:00"}), ("10.30 a.m.", {"when": "10:30:00"})]),
    ("I am 5 am, 14:00 p.m., 10.30 rubles", None, []),
    ("[signature illegible 31/XII]", dt.date(1949, 12, 16), [("31/XII", {"when": "1949-12-31", "cert": "medium"})]),
    ("it may be; May we?", dt.date(1950, 1, 1), []),
    # the English month patterns are tried only where a month is written as they need it (capitalised)
    ("on january 19 and in march 1950, 2/III", dt.date(1950, 1, 13), [("1950", {"when": "1950"}),
                                                                     ("2/III", {"when": "1950-03-02", "cert": "medium"})]),
    ("22 января 1950 г. и March 3", dt.date(1950, 1, 13),
     [("22 января 1950 г.", {"when": "1950-01-22"}), ("March 3", {"when": "1950-03-03", "cert": "medium"})]),
])
def test_dates_are_normalised(text, context, expected):
    spans = find_datetimes(text, context)
    assert [(text[s.start:s.end], dict(s.attrs)) for s in spans] == expected


def test_seed_registers_load_and_every_ref_resolves(seed_build):
    registers = Registers.load(SEEDS / "registers")
    assert len(registers.entities) >= 20
    _, _, paths = seed_build
    for path in paths:
        root = etree.parse(str(path)).getroot()
        ids = {el.get("{http://www.w3.org/XML/1998/namespace}id") for el in root.iter()}
        for el in root.iter():
            for attr in ("ref", "who"):
                value = el.get(attr) if isinstance(el.tag, str) else None
                if value:
                    assert value.startswith("#") and value[1:] in ids, f"{path.name}: {attr}={value} does not resolve"


def test_a_name_may_hold_a_whole_insertion_but_never_cut_one():
    xml = (HEADER.replace("<standOff><listPerson>", "") + '<text><body><div><p>at the XIX <supplied>Party</supplied> '
           'Congress; the CC CPC <supplied>Central Committee of the Communist Party of China</supplied>; '
           '<supplied>Soviet Foreign Minister Andrei</supplied> Vyshinskii</p></div></body></text></TEI>')
    tree = etree.ElementTree(etree.fromstring(xml.encode()))
    EntityTagger(Registers.load(SEEDS / "registers")).tag(tree)
    p = tree.find(".//{*}body//{*}p")
    shallow = [(el.tag.split("}")[1], el.get("ref"), "".join(el.itertext())) for el in p]
    assert shallow == [("orgName", "#cpsu-19th-congress", "XIX Party Congress"), ("orgName", "#cc-cpc", "CC CPC"),
                       ("supplied", None, "Central Committee of the Communist Party of China"),
                       ("supplied", None, "Soviet Foreign Minister Andrei"), ("persName", "#vyshinsky", "Vyshinskii")]
    assert p[2][0].get("ref") == "#cc-cpc"  # tagged inside the insertion, once
    assert [(el.get("ref"), el.text) for el in p[3]] == [("#vyshinsky", "Andrei")]  # the name cut in two


def test_review_of_the_seeds_has_no_unresolved_candidates(seed_build):
    """Acceptance: every name in the five conversations is linked; what is left is for the editor's choice."""
    from click.testing import CliRunner

    from edition.cli import main

    paths = seed_paths(seed_build)
    result = CliRunner().invoke(main, ["entities", *map(str, paths), "--registers", str(SEEDS / "registers"),
                                       "--format", "json", "--strict"])
    assert result.exit_code == 0, result.output
    import json

    findings = json.loads(result.output)["findings"]
    assert [f for f in findings if f["kind"] == "candidate"] == []
    assert [f for f in findings if f["kind"] == "ambiguous"] == []  # the bare "CC"s are settled in mentions.toml


def test_strict_review_fails_on_a_missing_name(tmp_path, seed_build):
    from click.testing import CliRunner

    from edition.cli import main

    paths = seed_paths(seed_build)
    text = paths[0].read_text(encoding="utf-8").replace("hydroelectric", "Hydroelectric").replace(
        "After an exchange of greetings", "After Bolshakov exchanged greetings", 1)
    changed = tmp_path / "changed.xml"
    changed.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["entities", str(changed), "--registers", str(SEEDS / "registers"),
                                       "--format", "csv", "--strict"])
    assert result.exit_code == 1
    assert "candidate" in result.output and "Bolshakov" in result.output


def test_editor_decisions_settle_ambiguous_mentions_and_stale_ones_are_reported(tmp_path):
    from edition.entities.decisions import load_decisions

    registers = Registers.load(SEEDS / "registers")
    (tmp_path / "mentions.toml").write_text(
        '[[mention]]\nconversation = "c1"\ncontext = "address the CC. He"\nname = "CC"\nref = "cc-vkpb"\n'
        '[[mention]]\nconversation = "c1"\ncontext = "a context that is gone"\nname = "gone"\nref = "cc-cpc"\n',
        encoding="utf-8")
    decisions = load_decisions(tmp_path, registers)
    xml = (HEADER.replace("<standOff><listPerson>", "").replace("<p/></publicationStmt>",
           '<idno type="edition">c1</idno></publicationStmt>')
           + '<text><body><div><p>whether they will address the\nCC. He points out; the CC again.</p></div></body></text></TEI>')
    tree = etree.ElementTree(etree.fromstring(xml.encode()))
    result = EntityTagger(registers, decisions).tag(tree)
    p = tree.find(".//{*}body//{*}p")
    assert [(el.get("ref"), el.text) for el in p] == [("#cc-vkpb", "CC")]  # the second, undecided CC stays plain
    assert [d.code for d in result.diagnostics] == ["mentions.unused"]
    assert "a context that is gone" in result.diagnostics[0].message


@pytest.mark.parametrize("entry,code", [
    ('conversation = "c"\ncontext = "x CC"\nname = "CC"\nref = "nobody"', "mentions.unknown-ref"),
    ('conversation = "c"\ncontext = "x CC"\nname = "CPC"\nref = "cc-cpc"', "mentions.name-outside"),
    ('conversation = "c"\ncontext = "x CC"\nname = "CC"', "mentions.incomplete"),
])
def test_bad_decisions_are_refused_clearly(tmp_path, entry, code):
    from edition.entities.decisions import load_decisions

    (tmp_path / "mentions.toml").write_text("[[mention]]\n" + entry + "\n", encoding="utf-8")
    with pytest.raises(EditionError) as raised:
        load_decisions(tmp_path, Registers.load(SEEDS / "registers"))
    assert raised.value.diagnostic.code == code and raised.value.diagnostic.file.endswith("mentions.toml")


def test_an_element_without_names_keeps_its_content_as_it_was():
    """The tagger gives back the text and tails of an element where it marks nothing (``_restore``), and rebuilds
    the one where it marks something: both as written, child for child."""
    xml = (HEADER.replace("<standOff><listPerson>", "") + '<text><body><div><p>No name here, <hi rend="i">none'
           '</hi> either;<lb/>a tail <note place="foot">and a note</note> too.</p><p>Then <hi>to</hi> Stalin'
           '<lb/>and back.</p></div></body></text></TEI>')
    tree = etree.ElementTree(etree.fromstring(xml.encode()))
    EntityTagger(Registers.load(GOLDEN_REGISTERS)).tag(tree)
    first, second = tree.findall(".//{*}body//{*}p")
    assert etree.tostring(first, encoding="unicode").split(">", 1)[1] == (
        'No name here, <hi rend="i">none</hi> either;<lb/>a tail <note place="foot">and a note</note> too.</p>')
    assert etree.tostring(second, encoding="unicode").split(">", 1)[1] == (
        'Then <hi>to</hi> <persName ref="#stalin">Stalin</persName><lb/>and back.</p>')


def test_a_word_in_lower_case_starts_no_capitalised_name_but_an_abbreviation_is_as_written(matcher):
    """The patterns of a word in lower case are asked once (it is its own key), and one the register capitalises
    is passed over at once: 'stalin' is no name, 'us' no US."""
    assert found(matcher, "stalin and us, then Stalin and the US") == [
        ("Stalin", "stalin", False), ("US", "united-states", False)]


def test_a_word_s_key_is_lower_case_with_e_for_yo_and_plain_apostrophe_and_hyphen():
    from edition.entities.matcher import token_key

    assert token_key("Пётр Mao’s Цзэ‐дун ЁЛКА") == "петр mao's цзэ-дун елка"


@pytest.mark.parametrize("text, written, value", [
    ("The conversation lasted two hours.", "two hours", "PT2H"),
    ("The conversation lasted one hour and fifteen minutes.", "one hour and fifteen minutes", "PT1H15M"),
    ("lasted two and a half hours", "two and a half hours", "PT2H30M"),
    ("Беседа продолжалась 1 час 30 минут.", "1 час 30 минут", "PT1H30M"),
    ("Беседа продолжалась два часа с половиной.", "два часа с половиной", "PT2H30M"),
    ("продолжалась полтора часа", "полтора часа", "PT1H30M"),
    ("about forty minutes", "about forty minutes", "PT40M"),
])
def test_a_stated_duration_is_read_whole(text, written, value):
    """The whole duration is marked and valued ('one hour and fifteen minutes' was 'one hour', PT1H)."""
    from edition.readers.text import mark_durations

    [duration] = [item for item in mark_durations([text]) if not isinstance(item, str)]
    assert (duration.text, duration.when) == (written, value)


def test_a_headings_date_keeps_its_year_with_a_footnote_glued_to_it():
    """'…, 2 February 1950¹' (a printed collection's heading, its source footnote's marker on the year)."""
    from edition.extract.when import heading_date

    found = heading_date("No. 57. Record of conversation between A. Ya. Vyshinsky and Zhou Enlai, 2 February 1950¹")
    assert found is not None and found.when.isoformat() == "1950-02-02"
