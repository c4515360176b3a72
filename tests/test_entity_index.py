"""The one entity index (``registers.index``): every name lookup of readers, tagger and aligner.

Its rules are the tagger's (tests/test_entities.py pins ``find``); here: a label that is wholly one name
resolves in any case and in Russian case forms, anything else does not; places and archives come from the
registers, not from lists in the code; the index is built once per registers object."""

from __future__ import annotations

import pytest

from edition.align.features import features
from edition.align.segment import Segment
from edition.entities.index import EntityIndex
from edition.registers import Registers
from edition.writers.tei import tei

from .conftest import SEEDS


@pytest.fixture(scope="module")
def registers() -> Registers:
    return Registers.load(SEEDS / "registers")


@pytest.fixture(scope="module")
def index(registers) -> EntityIndex:
    return registers.index


def test_built_once_per_registers(registers):
    assert registers.index is registers.index
    assert Registers.load(SEEDS / "registers").index is not registers.index


@pytest.mark.parametrize("label", ["Stalin", "STALIN", "Сталин", "СТАЛИН", "Сталина", "СТАЛИНА", "I.V. Stalin",
                                   "И. В. СТАЛИНА", "STALIN:", "(Сталину)"])
def test_stalin_in_any_case_and_case_form(index, label):
    assert index.resolve(label) == "stalin"


@pytest.mark.parametrize("label,ref", [("Вышинскому", "vyshinsky"), ("ВЫШИНСКИЙ", "vyshinsky"),
                                       ("МАО ЦЗЭ-ДУНОМ", "mao-zedong"), ("Мао Цзэ-дуна", "mao-zedong"),
                                       ("Чжоу Энь-лаем", "zhou-enlai"), ("MAO ZEDONG", "mao-zedong"),
                                       ("Mao Tse-tung", "mao-zedong")])
def test_registered_names_resolve(index, label, ref):
    assert index.resolve(label) == ref


@pytest.mark.parametrize("label", ["The", "the", "THE", "Comrade", "Chairman", "Stalin and Mao Zedong",
                                   "Stalin said", "Conversation with Stalin", "Stalin's", "", "  ", "Zedong Mao"])
def test_what_is_not_wholly_one_name_resolves_to_none(index, label):
    # "Zedong Mao": the registers list no reversed order, and the index invents none
    assert index.resolve(label) is None


def test_a_common_word_never_resolves_nor_is_found(index):
    for word in ("The", "the", "And", "Present", "Soviet", "Chinese", "Government", "Вы", "Товарищ"):
        assert index.resolve(word) is None
        assert index.resolve(word, "place") is None and index.resolve(word, "org") is None
    assert index.find("The Chairman and the Comrade said that the Government is present.") == []


def test_resolve_keeps_to_its_kind(index):
    assert index.resolve("Moscow") is None
    assert index.resolve("Moscow", "place") == "moscow"
    assert index.resolve("Москве", "place") == "moscow"
    assert index.resolve("РГАСПИ", "org") == "rgaspi"


def test_ids_in_order_of_first_mention(index):
    title = "Запись беседы товарища И. В. СТАЛИНА с Председателем МАО ЦЗЭ-ДУНОМ; Сталин и Мао"
    assert index.ids(title) == ["stalin", "mao-zedong"]
    assert index.ids("Record of Conversation between Mao Zedong and Stalin") == ["mao-zedong", "stalin"]
    assert index.ids("Moscow and Shanghai", "place") == ["moscow", "shanghai"]


def test_the_genitive_title_and_the_english_one_name_the_same_principals(index):
    russian = "ЗАПИСЬ БЕСЕДЫ ТОВАРИЩА И.В. СТАЛИНА С ПРЕДСЕДАТЕЛЕМ ЦНПП КНР МАО ЦЗЭ-ДУНОМ"
    english = "Record of Conversation between Comrade I.V. Stalin and Chairman Mao Zedong"
    assert sorted(index.ids(russian)) == sorted(index.ids(english)) == ["mao-zedong", "stalin"]


def test_place_lookup_finds_shanghai(index):
    assert index.setting("Conversation with Zhou Enlai in Shanghai, 5 May 1950").id == "shanghai"
    assert index.setting("Беседа в Шанхае").id == "shanghai"
    # only cities: a country in a title is not where the meeting took place
    assert index.setting("Conversation on China and Korea") is None


def test_readers_place_comes_from_the_register(registers):
    from edition.readers.base import find_place

    assert find_place(registers, None, "Memorandum of conversation, Shanghai") == "Shanghai"
    assert find_place(registers, "на даче в Москве") == "Moscow"
    assert find_place(registers, "Cable on Korea", "Peking, 3 May") == "Beijing"
    assert find_place(registers, "no place here") is None


@pytest.mark.parametrize("repository,city", [
    ("RGASPI", "Moscow"), ("АП РФ", "Moscow"), ("AVPRF", "Moscow"), ("RTsKhIDNI", "Moscow"),
    ("Archive of the President, Russian Federation (APRF)", "Moscow"),
    ("Архив внешней политики Российской Федерации", "Moscow"),
    ("TsAMO", "Podolsk"), ("ЦАМО", "Podolsk"),
    ("Wilson Center Digital Archive", None), ("unknown", None), ("Bundesarchiv", None)])
def test_an_archive_gives_its_city(index, repository, city):
    assert index.archive_city(repository) == city


def test_the_aligner_finds_names_of_untagged_text_through_the_index(index):
    p = tei("p", None, "Вышинскому и Чжоу Энь-лаю поручено; Сталина нет.")
    segment = Segment("s1", p, "p1", "p1", ("div", "p"), p.text)
    anchors = features(segment, index).anchors
    assert {"ref:vyshinsky", "ref:zhou-enlai", "ref:stalin"} <= anchors
    assert not any(a.startswith("ref:") for a in features(segment, None).anchors)


def test_find_is_linear_on_long_paragraphs(index):
    """The look-behinds of find (sentence start, initials) are bounded: a paragraph of many names is not copied
    once per name."""
    import time

    text = "I.V. Stalin said to Mao Zedong that Vyshinsky agreed. " * 2000
    start = time.perf_counter()
    matches = index.find(text)
    elapsed = time.perf_counter() - start
    assert len(matches) == 6000 and text[matches[0].start:matches[0].end] == "I.V. Stalin"
    assert elapsed < 2.0, elapsed
