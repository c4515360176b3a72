"""Transcripts the converter was not written for.

- The development set (../shared/transcripts-dev/, real records with hand-checked facts) and our
  own transcripts in new layouts (tests/transcripts/, constructed) are scored with the
  development set's own scorer: at least 95% of facts right.
- The ten real documents that are not records of conversations (other-documents/) convert to
  TEI with the right title and date and no invented participants.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from edition.pipeline import Pipeline
from edition.validate import load_rng

from .conftest import bare_project

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "transcripts-dev"
OWN = Path(__file__).parent / "transcripts"
TEI = "{http://www.tei-c.org/ns/1.0}"
EDITION = Path(sys.executable).parent / "edition"

needs_dev = pytest.mark.skipif(not (DEV / "score.py").exists(), reason="../shared/transcripts-dev is not here")


def _score(folder: Path, tei_all: Path) -> tuple[float, str]:
    run = subprocess.run([sys.executable, str(DEV / "score.py"), str(folder), "--edition", str(EDITION),
                          "--tei-all", str(tei_all), "--verbose"], capture_output=True, text=True, timeout=900)
    m = re.search(r"facts right (\d+)/(\d+)", run.stdout)
    assert m, run.stdout + run.stderr
    return int(m.group(1)) / int(m.group(2)), run.stdout


@needs_dev
@pytest.mark.parametrize("folder", [DEV, OWN], ids=["development-set", "own-transcripts"])
def test_at_least_95_percent_of_the_facts_are_right(folder, tei_all):
    share, report = _score(folder, tei_all)
    assert share >= 0.95, report
    assert "valid against tei_all" not in report.split("facts right")[0], report  # no file invalid


OTHER = json.loads((OWN / "other-documents.json").read_text(encoding="utf-8"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


@needs_dev
@pytest.mark.parametrize("name", sorted(OTHER))
def test_documents_that_are_not_conversations_get_title_date_and_no_invented_participants(
        name, tmp_path, project, tei_all):
    expected = OTHER[name]
    pipeline = Pipeline(bare_project(project))
    [result] = pipeline.read([DEV / "other-documents" / name])
    assert not [d for d in result.diagnostics if d.severity == "error"]
    [path] = pipeline.write_tei(pipeline.group([result]), tmp_path)
    tree = etree.parse(str(path))
    assert load_rng(tei_all).validate(tree), load_rng(tei_all).error_log
    title = "".join(tree.find(f".//{TEI}titleStmt/{TEI}title[@type='main']").itertext())
    assert _words(title) == _words(expected["title"]), (title, expected["title"])
    dates = {d.get("when") for d in tree.iterfind(f".//{TEI}profileDesc//{TEI}date")}
    assert expected["date"] in dates, (dates, expected["date"])
    assert tree.find(f".//{TEI}particDesc") is None, "a participant was invented"
    assert tree.find(f".//{TEI}settingDesc") is None, "a conversation was invented"


def test_a_participant_the_registers_do_not_know_is_listed_warned_and_proposed(tmp_path, project, register):
    from edition.entities.report import review

    pipeline = Pipeline(bare_project(project))
    [result] = pipeline.read([OWN / "diary_entry.txt"])
    warned = [d for d in result.diagnostics if d.code == "entities.unregistered-person"]
    assert any("Lavrov" in d.message and d.line == 13 for d in warned), warned
    [path] = pipeline.write_tei(pipeline.group([result]), tmp_path)
    listed = [p for p in etree.parse(str(path)).iter(f"{TEI}person") if "lavrov" in (p.get("{http://www.w3.org/XML/1998/namespace}id") or "")]
    assert listed and "Not in the edition's register" in "".join(listed[0].itertext())
    proposed = {f.surface for f in review([path], register, set()).of_kind("unregistered")}
    assert "N. V. Lavrov" in proposed and not any("Roshchin" in s for s in proposed)


def _converted(name: str, project, tmp_path: Path) -> etree._ElementTree:
    pipeline = Pipeline(bare_project(project))
    [path] = pipeline.write_tei(pipeline.group(pipeline.read([OWN / name])), tmp_path)
    return etree.parse(str(path))


def test_a_present_field_above_the_dialogue_does_not_end_the_record(tmp_path, project):
    """'Present: on the Soviet side – …' between the dateline and the first turn (stalin_zhou_1952.txt) is a
    paragraph of the record, the 28 turns after it turns of the record (it had made them all one closing
    division of paragraphs: 0 turns); the date with the place and hour under it is the dateline, its
    '10:00 p.m.' 22:00."""
    tree = _converted("stalin_zhou_1952.txt", project, tmp_path)
    [record] = tree.iterfind(f".//{TEI}body/{TEI}div[@type='record']")
    turns = record.findall(f"{TEI}sp")
    assert len(turns) == 28 and record.find(f"{TEI}div[@type='closing']") is None
    first = record.index(turns[0])
    assert "".join(record[first - 1].itertext()).startswith("Present: on the Soviet side")
    [dateline] = record.iterfind(f"{TEI}dateline")
    assert dateline.find(f"{TEI}date").get("when") == "1952-09-03" and dateline.find(f"{TEI}time").get("when") == "22:00:00"


def test_a_title_before_the_speakers_name_is_not_part_of_who_speaks(tmp_path, project):
    """'Chairman Mao:' and 'Premier Zhou:' (mao_panyushkin_minutes.txt) are turns of Mao Zedong and Zhou Enlai of
    the register, Zhou's a label used once: not a person 'Chairman Mao' unknown to the register, not a
    paragraph; the header lists the speakers before the interpreter."""
    tree = _converted("mao_panyushkin_minutes.txt", project, tmp_path)
    who = [sp.get("who") for sp in tree.iter(f"{TEI}sp")]
    assert (who.count("#mao-zedong"), who.count("#panyushkin"), who.count("#zhou-enlai")) == (9, 8, 1)
    listed = [(p.get("{http://www.w3.org/XML/1998/namespace}id"), p.get("role"))
              for p in tree.iterfind(f".//{TEI}particDesc//{TEI}person")]
    assert [pid for pid, _ in listed][:2] == ["mao-zedong", "panyushkin"] and listed[-1] == ("shi-zhe", "interpreter")


def _participants(tree: etree._ElementTree) -> dict[str, str]:
    return {p.get("{http://www.w3.org/XML/1998/namespace}id"): p.get("role")
            for p in tree.iterfind(f".//{TEI}particDesc//{TEI}person")}


def test_fields_that_open_the_record_are_its_participants(tmp_path, project):
    """notes_fields_record.txt: after the cover's Contents, 'Time:', 'Place:', 'Chinese participants:', 'Soviet
    participants:', 'Interpreter:', 'Note-taker:' are fields (one list of participants from both sides; a title
    and a name, 'Counsellor Vaskov', is a second person, not Roshchin's function); the label 'Liu:' is Liu Shaoqi,
    whom the cover names (a surname the register shares); Mao Zedong, whose words Liu reports inside his turns,
    is no participant."""
    tree = _converted("notes_fields_record.txt", project, tmp_path)
    listed = _participants(tree)
    assert listed == {"liu-shaoqi": "speaker", "roshchin": "speaker", "wang-jiaxiang": "present",
                      "p-vaskov": "present", "shi-zhe": "interpreter", "p-pan-yuexin": "recorder"}, listed
    assert {sp.get("who") for sp in tree.iter(f"{TEI}sp")} == {"#liu-shaoqi", "#roshchin"}
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1951-07-11"


def test_russian_and_english_attendance_phrases_name_everyone_present(tmp_path, project):
    """'Присутствовали: тт. Молотов В.М., …' (ru_typescript_ocr.txt: 'тт.', comrades, ends no sentence) and
    'Present at the conversation were … Wu Hsiu-ch'üan and … A. M. Ledovsky, who interpreted' (wade_giles_memcon.txt)."""
    listed = _participants(_converted("ru_typescript_ocr.txt", project, tmp_path / "ru"))
    assert {"molotov", "malenkov", "bulganin", "chen-yun", "li-fuchun", "zhang-wentian", "su-yu"} <= {
        pid for pid, role in listed.items() if role == "present"}, listed
    assert "interpreter" in listed["fedorenko"] and "interpreter" in listed["shi-zhe"]
    listed = _participants(_converted("wade_giles_memcon.txt", project, tmp_path / "en"))
    assert "interpreter" in listed["ledovsky"] and listed.get("wu-xiuquan") == "present", listed  # Wu Hsiu-ch'üan


def test_a_typescripts_page_heads_are_page_furniture_not_text(tmp_path, project):
    """ru_typescript_ocr.txt: what each new page prints above the text ('- 2 -', the stamp 'Совершенно секретно'
    again) is the page break's number and its fw, in the sentence it interrupts or between turns; no paragraph
    holds them as words. A turn 'т. Сталин: …' after a sentence's end opens a turn of its own (it was joined to
    the turn before as the rest of a sentence: lower case)."""
    tree = _converted("ru_typescript_ocr.txt", project, tmp_path)
    project_schema = Path(__file__).resolve().parents[1] / "edition" / "schema" / "edition.rng"
    assert load_rng(project_schema).validate(tree), "fw in a paragraph: the project's schema allows it as tei_all does"
    pages = tree.findall(f".//{TEI}body//{TEI}pb[@n]")
    assert [pb.get("n") for pb in pages] == ["2", "3"]
    for pb in pages:
        following = [pb.getnext(), pb.getnext().getnext()]
        assert [(f.tag, f.get("type"), f.text) for f in following] == [
            (f"{TEI}fw", "pageNum", f"- {pb.get('n')} -"), (f"{TEI}fw", "header", "Совершенно секретно")]
    for p in tree.iter(f"{TEI}p"):
        words = "".join(e.text or "" for e in p.iter() if e.tag != f"{TEI}fw")
        assert "Совершенно секретно" not in words and "- 2 -" not in words
    assert len(list(tree.iter(f"{TEI}sp"))) == 21


def test_a_report_dated_by_its_telegram_names_yesterdays_talk(tmp_path, project):
    """mao_telegram_first_person.txt: 'Yesterday (the 2nd) at 8 p.m. … we talked' in a telegram of 3 January 1950
    is a conversation of 2 January 1950 (the day the document's date makes of it), its writer Mao first among
    those present; 'Mao Zedong, 4 a.m., 3 January' signs with a name only (no person 'January')."""
    tree = _converted("mao_telegram_first_person.txt", project, tmp_path)
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1950-01-02"
    listed = _participants(tree)
    assert next(iter(listed)) == "mao-zedong" and "author" in listed["mao-zedong"]
    assert {"stalin", "molotov", "mikoyan", "vyshinsky", "shi-zhe"} <= set(listed) and not any(
        "january" in pid for pid in listed), listed


def test_a_russian_cable_is_dated_by_its_service_line_and_a_table_of_sides_lists_those_present(tmp_path, project):
    """ru_cable_roman_dates.txt: 'Отправлена 16.XII.49 г.' dates the cable, '15 декабря … имел беседу' the
    conversation (the year before the month's end: 1949), the stamp 'Снятие копий воспрещается' is a stamp and
    'Шифртелеграмма' the title; two_column_participants.txt: 'From the Soviet side:' and 'From the Chinese side:'
    in two columns list everyone present, each name on its line (no name run into the next line's initials)."""
    tree = _converted("ru_cable_roman_dates.txt", project, tmp_path / "ru")
    assert tree.find(f".//{TEI}creation/{TEI}date").get("when") == "1949-12-16"
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1949-12-15"
    assert "".join(tree.find(f".//{TEI}titleStmt/{TEI}title").itertext()) == "Шифртелеграмма"
    tree = _converted("two_column_participants.txt", project, tmp_path / "en")
    listed = _participants(tree)
    assert {"wang-jiaxiang", "gromyko"} <= set(listed) and "interpreter" in listed["fedorenko"] \
        and "interpreter" in listed["shi-zhe"], listed
    names = ["".join(n.itertext()) for n in tree.iterfind(f".//{TEI}body//{TEI}p/{TEI}persName")][:6]
    assert names[:3] == ["A. Ya. Vyshinsky", "A. A. Gromyko", "N. T. Fedorenko"], names


def test_a_markdown_page_of_another_archive_gives_its_fields_and_turns(tmp_path, project):
    """markdown_web_export.txt: '- **Date:** …', '- **Archive:** APRF, f. 45, …', '- **Translated by:** …' are the
    fields (the Markdown decoration aside; 'Document ID:' after 'Original language:' is not its value), the bold
    labels '**Stalin:**' turns, and 'A. Ya. Vyshinsky' in the list of those present does not end its sentence."""
    tree = _converted("markdown_web_export.txt", project, tmp_path)
    assert len(list(tree.iter(f"{TEI}sp"))) == 16
    assert tree.find(f".//{TEI}msIdentifier/{TEI}idno[@type='delo']").text == "343"
    assert "Ostrander" in "".join(tree.find(f".//{TEI}titleStmt/{TEI}respStmt").itertext())
    listed = _participants(tree)
    assert {"vyshinsky", "chen-yun", "li-fuchun", "zhang-wentian", "su-yu"} <= set(listed), listed


def test_a_covering_letter_dates_the_conversation_it_sends(tmp_path, project):
    """letter_with_record.txt: 'the record of my conversation with Comrade Liu Shaoqi of 28 June 1949' dates the
    conversation over the archive's cover date (the letter's, 30 June); the record's heading has no date."""
    tree = _converted("letter_with_record.txt", project, tmp_path)
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1949-06-28"
    assert tree.find(f".//{TEI}creation/{TEI}date").get("when") == "1949-06-30"


def test_a_russian_original_under_an_english_cover_is_titled_in_english(tmp_path, project):
    """wilson_russian_only.txt: a Wilson cover over a Russian transcription only: the edition's title is the cover's
    English one, the Russian heading the text's own head; the stamp 'СЕКРЕТНО' on the line above that heading is
    the classification, not its first word."""
    tree = _converted("wilson_russian_only.txt", project, tmp_path)
    title = "".join(tree.find(f".//{TEI}titleStmt/{TEI}title[@type='main']").itertext())
    assert title == "Record of Conversation between Soviet Ambassador to the PRC N. V. Roshchin and Zhou Enlai"
    head = "".join(tree.find(f".//{TEI}body//{TEI}head").itertext())
    assert head.startswith("ЗАПИСЬ БЕСЕДЫ") and "СЕКРЕТНО" not in head
    assert tree.find(f".//{TEI}body//{TEI}note[@type='classification']").text == "СЕКРЕТНО"


XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_a_memorandum_for_the_record_keeps_its_body_and_reads_its_fields(tmp_path, project):
    """en_memo_for_record.txt: 'PRESENT:' with a bulleted list under it ends at the blank line (it had taken the
    whole record into the field, and the record's text was lost); each bullet is a person; 'DATE:' is the
    conversation's date and the dateline under the signature the memorandum's; 'TOP SECRET   Copy 1 of 3' two
    stamps, not the title; the source in '[Translated … Source: AVP RF, …]' split into its parts."""
    tree = _converted("en_memo_for_record.txt", project, tmp_path)
    body = _text_of(tree.find(f".//{TEI}body"))
    assert "THE SITUATION ON THE KOREAN FRONT" in body and "friendly atmosphere" in body
    listed = _participants(tree)
    assert {"roshchin", "zhou-enlai", "nie-rongzhen", "shi-zhe", "ledovsky"} <= set(listed), listed
    assert "interpreter" in listed["shi-zhe"] and "interpreter" in listed["ledovsky"]
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1950-11-14"
    assert tree.find(f".//{TEI}creation/{TEI}date").get("when") == "1950-11-16"
    assert _text_of(tree.find(f".//{TEI}titleStmt/{TEI}title")) == "MEMORANDUM FOR THE RECORD"
    idnos = {i.get("type"): i.text for i in tree.iterfind(f".//{TEI}msIdentifier/{TEI}idno")}
    assert (idnos["fond"], idnos["opis"], idnos["papka"], idnos["delo"]) == ("0100", "43", "302", "24"), idnos


def test_questions_and_answers_are_turns_of_who_asked_and_who_answered(tmp_path, project):
    """press_interview_qa.txt: 'Question N:' are Li Fuchun's turns and 'Answer:' Stalin's, as the opening says
    ('The questions were put by Comrade Li Fuchun …; the answers were given by Comrade Stalin'): no person
    'Answer'; the masthead above the rule is not the title, the heading in capitals is."""
    tree = _converted("press_interview_qa.txt", project, tmp_path)
    turns = [(sp.get("who"), _text_of(sp.find(f"{TEI}speaker"))) for sp in tree.iter(f"{TEI}sp")]
    assert len(turns) == 16
    assert all(who == ("#stalin" if label == "Answer:" else "#li-fuchun") for who, label in turns), turns
    assert not any("answer" in pid for pid in _participants(tree))
    assert _text_of(tree.find(f".//{TEI}titleStmt/{TEI}title")).startswith("ANSWERS OF COMRADE J. V. STALIN")


def test_a_printed_page_keeps_its_notes_at_their_markers_and_its_neighbour_apart(tmp_path, project):
    """printed_page_footnote.txt: the notes under the rule at the page's foot are notes at their superscript
    markers (they had been joined into the sentence the page break cuts), the first of them the archival
    reference; the running heads are page furniture with the page's number; the end of No. 22 (signed
    'A. GROMYKO') above this record is a division of its own; the translator is 'Rosamund Teale'."""
    tree = _converted("printed_page_footnote.txt", project, tmp_path)
    notes = {n.get("n"): _text_of(n) for n in tree.iterfind(f".//{TEI}body//{TEI}note")}
    assert notes["1"].startswith("AVP RF, f. 07, op. 23a") and notes["2"].startswith("The agreements on the")
    idnos = {i.get("type"): i.text for i in tree.iterfind(f".//{TEI}msIdentifier/{TEI}idno")}
    assert (idnos["fond"], idnos["opis"], idnos["delo"]) == ("07", "23a", "235"), idnos
    assert [pb.get("n") for pb in tree.iter(f"{TEI}pb") if pb.get("n")] == ["86", "87"]
    assert "DOCUMENTS, JANUARY–APRIL 1950 87" in [_text_of(fw) for fw in tree.iter(f"{TEI}fw")]
    preceding = tree.find(f".//{TEI}body/{TEI}div[@type='preceding-document']")
    assert preceding is not None and _text_of(preceding).endswith("A. GROMYKO")
    [cut] = [p for p in tree.iter(f"{TEI}p") if "enemies of the new China were" in _text_of(p)]
    assert "spreading the rumour" in _text_of(cut) and "AVP RF" not in _text_of(cut)  # the sentence the page cut
    assert {_text_of(p) for p in tree.iterfind(f".//{TEI}titleStmt/{TEI}respStmt/{TEI}persName")} == {"Rosamund Teale"}
    [result] = Pipeline(bare_project(project)).read([OWN / "printed_page_footnote.txt"])
    assert [(d.line, d.text) for d in result.result.dropped if "page's notes" in d.reason] == [(58, "__________")]


def test_a_chinese_record_has_its_date_fields_and_turns(tmp_path, project):
    """zh_tanhua_jilu.txt: a Chinese original (xml:lang zh), dated 一九五〇年六月十一日下午五时, '在座：…；翻译：…；
    记录：…' three fields on one line, 18 turns labelled '罗申：', '毛主席：', '周总理：' (titles the register
    knows), each indented without a blank line between them."""
    tree = _converted("zh_tanhua_jilu.txt", project, tmp_path)
    [text] = [t for t in tree.iter(f"{TEI}text") if t.find(f"{TEI}body") is not None]
    assert text.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh" and text.get("type") == "original"
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1950-06-11"
    whos = [sp.get("who") for sp in tree.iter(f"{TEI}sp")]
    assert len(whos) == 18 and set(whos) == {"#roshchin", "#mao-zedong", "#zhou-enlai"}, whos
    listed = _participants(tree)
    assert listed.get("liu-shaoqi") == "present" and "interpreter" in listed.get("shi-zhe", ""), listed


def test_an_english_translation_and_its_chinese_original_are_two_texts(tmp_path, project):
    """zh_en_bilingual.txt: the translation, then the Chinese original on a new page; the page footer (a URL)
    after the Chinese is no third part."""
    tree = _converted("zh_en_bilingual.txt", project, tmp_path)
    texts = {(t.get("{http://www.w3.org/XML/1998/namespace}lang"), t.get("type")) for t in tree.iter(f"{TEI}text")
             if t.find(f"{TEI}body") is not None}
    assert texts == {("zh", "original"), ("en", "translation")}, texts


def test_an_ocr_letter_for_the_digit_one_is_read_in_dates_and_kept_in_the_text(tmp_path, project):
    """ocr_noisy_cable.txt: 'On l5 January 1950 I visited Liu Shaoqi' is the conversation of 15 January (the scan's
    'l5' stays as the text has it); the 'I' of '16.I.50' stays a Roman month."""
    from edition.dates import find_dates, ocr_digits

    assert ocr_digits("l5 January, 2l07, l6.I.50, l. Liu") == "15 January, 2107, 16.I.50, l. Liu"
    assert [d for _, _, d in find_dates("Sent l6 January 1950")][0].isoformat() == "1950-01-16"
    tree = _converted("ocr_noisy_cable.txt", project, tmp_path)
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1950-01-15"
    assert ("1950-01-15", "l5 January 1950") in {(d.get("when"), d.text) for d in tree.iterfind(f".//{TEI}body//{TEI}date")}


def test_a_database_exports_tab_separated_header_gives_its_fields(tmp_path, project):
    """tab_separated_export.txt: 'title<TAB>…', 'archive<TAB>APRF', 'fond<TAB>45', …, 'translator<TAB>…' are the
    header's fields: the archive's parts its reference, the participants field its people."""
    tree = _converted("tab_separated_export.txt", project, tmp_path)
    idnos = {i.get("type"): i.text for i in tree.iterfind(f".//{TEI}msIdentifier/{TEI}idno")}
    assert (idnos["fond"], idnos["opis"], idnos["delo"]) == ("45", "1", "332"), idnos
    assert "wang-jiaxiang" in _participants(tree)
    assert {_text_of(p) for p in tree.iterfind(f".//{TEI}titleStmt/{TEI}respStmt/{TEI}persName")} == {"Winifred Coldstream"}


def test_a_report_with_an_address_a_starred_note_and_a_distribution(tmp_path, project):
    """en_summary_with_table.txt: the title under 'To the Minister … Comrade A. Ya. VYSHINSKY'; the note '*' at the
    foot fills the title's asterisk and gives the archive and the translator; 'Sent: to Comrades …' are no
    participants and sign nothing (the signature above is Roshchin's); 'A. M. Ledovsky, attaché of the Embassy,
    interpreted'."""
    tree = _converted("en_summary_with_table.txt", project, tmp_path)
    assert _text_of(tree.find(f".//{TEI}titleStmt/{TEI}title")).startswith("REPORT ON A CONVERSATION WITH ZHOU ENLAI")
    [star] = [n for n in tree.iterfind(f".//{TEI}body//{TEI}note") if n.get("n") == "*"]
    assert star.get("type") == "translator" and _text_of(star).startswith("AVP RF, f. 0100, op. 44")
    listed = _participants(tree)
    assert "interpreter" in listed["ledovsky"] and "roshchin" in listed
    assert not {"molotov", "mikoyan", "gromyko", "vyshinsky"} & set(listed), listed


def test_a_russian_stenogram_and_chinese_names_in_russian_cases(tmp_path, project):
    """ru_stenogramma.txt: 'СТЕНОГРАММА беседы …' is the title (the stamp 'Экз. единственный' above it); 'Кремль,
    20 августа 1952 г., 22.00–23.45' the dateline; 'тт. … Чжан Вэнь-тяня и Су Юя' (genitives pymorphy3 does not
    decline) are Zhang Wentian and Su Yu; 'Стенографировала Рыжова М.С.' the recorder."""
    from edition.entities.matcher import masculine_forms

    assert {"юя", "вэнь-тяня"} <= masculine_forms("юй") | masculine_forms("вэнь-тянь")
    assert not masculine_forms("чжэ")  # vowel endings are not declined
    tree = _converted("ru_stenogramma.txt", project, tmp_path)
    assert _text_of(tree.find(f".//{TEI}titleStmt/{TEI}title")).startswith("СТЕНОГРАММА беседы")
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1952-08-20"
    listed = _participants(tree)
    assert {"zhang-wentian", "su-yu"} <= set(listed) and any(r == "recorder" for r in listed.values()), listed


def test_a_letter_dates_the_talk_it_reports_by_its_own_date(tmp_path, project):
    """letter_reporting_talk.txt: 'my conversation with Zhou Enlai last Tuesday, the 7th' in a letter dated
    'Beijing, 10 October 1952' (a line of a block of stamps) is the conversation of 7 October 1952."""
    from edition.extract.when import relative_dates
    import datetime as dt

    friday = dt.date(1952, 10, 10)
    assert [d.when for d in relative_dates("last Tuesday", friday)] == [dt.date(1952, 10, 7)]
    assert [d.when for d in relative_dates("last Friday", friday)] == [dt.date(1952, 10, 3)]
    tree = _converted("letter_reporting_talk.txt", project, tmp_path)
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1952-10-07"
    assert tree.find(f".//{TEI}creation/{TEI}date").get("when") == "1952-10-10"


def test_a_teletypes_record_reads_the_fields_under_its_heading(tmp_path, project):
    """caps_memcon_time_range.txt: 'DATE:', 'TIME:', 'PLACE:', 'PRESENT:' under 'TOP SECRET' / 'FROM: …' / 'SENT: …'
    / 'MEMORANDUM OF CONVERSATION' are fields; the heading, not the teletype's 'ZCZC …' lines, is the title; the
    document is dated by its SENT line."""
    tree = _converted("caps_memcon_time_range.txt", project, tmp_path)
    assert _text_of(tree.find(f".//{TEI}titleStmt/{TEI}title")) == "MEMORANDUM OF CONVERSATION"
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1950-02-11"
    assert tree.find(f".//{TEI}creation/{TEI}date").get("when") == "1950-02-12"
    assert {"mao-zedong", "wang-jiaxiang", "li-fuchun", "shi-zhe"} <= set(_participants(tree))
    assert "FROM: CHOU EN-LAI, MOSCOW" in _text_of(tree.find(f".//{TEI}body"))  # the lines above the fields stay


def test_a_wilson_export_with_an_empty_scan_page_is_russian_and_english(tmp_path, project):
    """wilson_russian_and_english.txt: the scan page (its footer alone) above the Russian transcription is no third
    part: two texts, the Russian the original; wilson_cable_kovalev_stalin.txt: 'On the evening of 3 March I was
    received by Mao Zedong' is the conversation, not the cable's 5 March."""
    tree = _converted("wilson_russian_and_english.txt", project, tmp_path / "ru")
    texts = {(t.get("{http://www.w3.org/XML/1998/namespace}lang"), t.get("type")) for t in tree.iter(f"{TEI}text")
             if t.find(f"{TEI}body") is not None}
    assert texts == {("ru", "original"), ("en", "translation")}, texts
    tree = _converted("wilson_cable_kovalev_stalin.txt", project, tmp_path / "cable")
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1949-03-03"


def test_a_records_own_name_field_that_names_nobody_stays_in_the_text(tmp_path, project):
    """A record's own fields under its heading are fields; 'PRESENT: the whole delegation and the hosts', which
    names no one, goes back to the text, label and all (a name field keeps only the persons it names)."""
    source = tmp_path / "inner.txt"
    source.write_text("Secret\n\nMEMORANDUM OF CONVERSATION\n\nDATE: 11 February 1950\nPLACE: Kremlin\n"
                      "PRESENT: the whole delegation and the hosts\n\nStalin said that the talks went well.\n",
                      encoding="utf-8")
    pipeline = Pipeline(bare_project(project))
    [path] = pipeline.write_tei(pipeline.group(pipeline.read([source])), tmp_path / "out")
    tree = etree.parse(str(path))
    assert "PRESENT: the whole delegation and the hosts" in [_text_of(p) for p in tree.iter(f"{TEI}p")]
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1950-02-11"


def test_a_surname_in_capitals_alone_under_a_cable_is_its_signature_not_a_turn(tmp_path, project):
    """wilson_kim_il_sung_cable_korean.txt: 'SHTYKOV' alone on its line above 'No. 18' / '19.1.50' and the page's
    footer had opened a speaker turn that took them in; it is the closing's signature (the author, a participant:
    not yet a closer/signed, as the footer under it would have to be page furniture first), and
    ru_cable_roman_dates.txt's 'КОВАЛЕВ' above '16/XII-49 г. № 1187' too ('имел беседу с Гао Ганом': the
    author speaks)."""
    tree = _converted("wilson_kim_il_sung_cable_korean.txt", project, tmp_path / "en")
    assert tree.find(f".//{TEI}sp") is None
    closing = tree.find(f".//{TEI}div[@type='closing']")  # with the number, date and footer under it
    assert closing is not None and _text_of(closing).startswith("SHTYKOV No. 18 19.1.50")
    assert "shtykov" in _participants(tree)
    tree = _converted("ru_cable_roman_dates.txt", project, tmp_path / "ru")
    assert tree.find(f".//{TEI}sp") is None and "kovalev" in _participants(tree)


def test_a_carbon_copys_bracketed_notes_above_the_title_and_its_source_sentence(tmp_path, project):
    """en_typescript_carbon.txt: '[handwritten: To Comrade Stalin. V. Molotov]' and '[stamp: …]' above 'RECORD OF
    CONVERSATION' do not hide the title; '… from the second (carbon) copy in RGASPI, f. 82, op. 2, d. 1266,
    ll. 34-38.' is the archival reference (a sentence ending with it; 'op.' and 'll.' end no sentence)."""
    tree = _converted("en_typescript_carbon.txt", project, tmp_path)
    assert _text_of(tree.find(f".//{TEI}titleStmt/{TEI}title")).startswith("RECORD OF CONVERSATION")
    idnos = {i.get("type"): i.text for i in tree.iterfind(f".//{TEI}msIdentifier/{TEI}idno")}
    assert (idnos["fond"], idnos["opis"], idnos["delo"]) == ("82", "2", "1266"), idnos


def test_chinese_lines_join_without_a_space(tmp_path, project):
    """zh_en_bilingual.txt: '关于中国' at a line's end and '长春铁路' on the next are one run of text (Chinese puts no
    space between words), so the register's 中国长春铁路 is found in it."""
    tree = _converted("zh_en_bilingual.txt", project, tmp_path)
    [zh] = [t for t in tree.iter(f"{TEI}text") if t.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"]
    body = "".join(zh.find(f"{TEI}body").itertext())
    assert "关于中国长春铁路" in body and not re.search("[\u4e00-\u9fff] [\u4e00-\u9fff]", body)


def test_the_date_in_the_documents_own_block_of_stamps_is_its_date(tmp_path, project):
    """wilson_zhou_roshchin_numbered_questions.txt: 'SECRET' / 'Copy No. 2' / '22 May 1951' / 'No. 0196' under the
    Contents date the record; the cover's 'May 19, 1951' is the conversation's."""
    tree = _converted("wilson_zhou_roshchin_numbered_questions.txt", project, tmp_path)
    assert tree.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1951-05-19"
    assert tree.find(f".//{TEI}creation/{TEI}date").get("when") == "1951-05-22"
