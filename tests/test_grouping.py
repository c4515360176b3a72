"""Which versions are one conversation: the grouping key is the metadata's explicit key, else the date, the
principals as a set (resolved through the registers, Russian case forms included) and the time of day; two
meetings that cannot be told apart are grouped but warned about, and ids stay unique."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from edition.pipeline import Pipeline

from .conftest import bare_project
from .teitext import TEI

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

EN = """Record of Conversation between {a} and {b}

22 January 1950{time}

{translator}Stalin: We agree with the proposal.

Mao Zedong: Good. We shall send the draft tomorrow.
"""
RU = """ЗАПИСЬ БЕСЕДЫ ТОВ. СТАЛИНА С МАО ЦЗЭ-ДУНОМ

22 января 1950 г.

Сталин: Мы согласны с предложением.

Мао Цзэ-дун: Хорошо. Мы пришлём проект завтра.
"""


def english(a: str = "I.V. Stalin", b: str = "Mao Zedong", time: str = "", translator: str | None = None) -> str:
    return EN.format(a=a, b=b, time=f", {time}" if time else "",
                     translator=f"Translated from the Russian by {translator}.\n\n" if translator else "")


def convert(tmp_path: Path, project, files: dict[str, str], meta: dict[str, str] | None = None):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    meta_dir = tmp_path / "meta"
    meta_dir.mkdir()
    for name, text in (meta or {}).items():
        (meta_dir / name).write_text(text, encoding="utf-8")
    pipeline = Pipeline(bare_project(project, meta=meta_dir))
    conversations = pipeline.group(pipeline.read(sorted(folder.glob("*.txt"))))
    return conversations, pipeline.diagnostics


def test_a_russian_genitive_title_and_an_english_title_are_one_conversation(tmp_path, project):
    conversations, _ = convert(tmp_path, project, {"ru.txt": RU, "en.txt": english(translator="Anna Smith")})
    [conv] = conversations
    assert sorted(v.lang for v in conv.versions) == ["en", "ru"]
    assert conv.versions[0].lang == "ru"  # the original first
    assert conv.key == "1950-01-22-stalin-mao-zedong"


def test_the_order_names_are_given_in_does_not_split_a_conversation(tmp_path, project):
    conversations, _ = convert(tmp_path, project, {
        "a.txt": english("I.V. Stalin", "Mao Zedong", translator="Anna Smith"),
        "b.txt": english("Mao Zedong", "I.V. Stalin", translator="Boris Jones")})
    [conv] = conversations
    assert [v.id for v in conv.versions] == ["en-smith", "en-jones"]


def test_two_meetings_of_one_day_are_kept_apart_by_their_times(tmp_path, project):
    conversations, diagnostics = convert(tmp_path, project, {
        "noon.txt": english(time="12.00 hours"), "night.txt": english(time="11 p.m.")})
    assert sorted(c.key for c in conversations) == ["1950-01-22-stalin-mao-zedong-12-00",
                                                     "1950-01-22-stalin-mao-zedong-23-00"]
    assert not [d for d in diagnostics if d.code == "convert.same-meeting"]


def test_two_meetings_of_one_day_are_kept_apart_by_the_metadata(tmp_path, project):
    conversations, _ = convert(tmp_path, project, {"first.txt": english(), "second.txt": english()}, meta={
        "first.toml": '[defaults]\nconversation = "1950-01-22-stalin-mao-morning"\n',
        "second.toml": '[defaults]\ntime = "21:00"\n'})
    assert sorted(c.key for c in conversations) == ["1950-01-22-stalin-mao-morning", "1950-01-22-stalin-mao-zedong"]


def test_two_originals_that_nothing_tells_apart_are_grouped_with_a_warning(tmp_path, project):
    conversations, diagnostics = convert(tmp_path, project, {"first.txt": english(), "second.txt": english()})
    [conv] = conversations
    [warning] = [d for d in diagnostics if d.code == "convert.same-meeting"]
    assert "first.txt" in warning.message and "second.txt" in warning.message and "conversation key" in warning.message
    assert len({v.id for v in conv.versions}) == 2


def test_undated_records_of_the_same_people_are_not_merged(tmp_path, project):
    undated = english().replace("22 January 1950\n", "")
    conversations, _ = convert(tmp_path, project, {"one.txt": undated, "two.txt": undated})
    assert len(conversations) == 2 and len({c.key for c in conversations}) == 2


def test_two_translators_with_one_surname_get_distinct_ids(tmp_path, project, tei_all):
    from edition.validate import load_rng

    conversations, _ = convert(tmp_path, project, {
        "ru.txt": RU, "a.txt": english(translator="Anna Smith"), "b.txt": english(translator="Boris Smith")})
    [conv] = conversations
    assert [v.id for v in conv.versions] == ["ru", "en-smith", "en-smith-2"]
    pipeline = Pipeline(bare_project(project))
    [path] = pipeline.write_tei(conversations, tmp_path / "out")
    tree = etree.parse(str(path))
    ids = [el.get(XML_ID) for el in tree.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))
    translators = [el.text for el in tree.iter(f"{TEI}persName") if (el.get(XML_ID) or "").startswith("tr")]
    assert load_rng(tei_all).validate(tree), load_rng(tei_all).error_log
    assert {"Anna Smith", "Boris Smith"} <= {"".join(el.itertext()) for el in tree.iter(f"{TEI}persName")}, translators


def test_an_explicit_key_must_be_a_slug_and_only_its_file_fails(tmp_path, project):
    conversations, diagnostics = convert(tmp_path, project, {"a.txt": english(), "b.txt": RU},
                                         meta={"a.toml": '[defaults]\nconversation = "Stalin & Mao"\n'})
    [error] = [d for d in diagnostics if d.severity == "error"]
    assert error.code == "meta.bad-key" and error.file.endswith("a.toml")
    assert [v.lang for c in conversations for v in c.versions] == ["ru"]
