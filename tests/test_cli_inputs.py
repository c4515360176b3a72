"""`edition convert` on bad and unseen input: clear errors with the file named, the
documented exit codes, never a traceback, and valid TEI whenever something converts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.validate import load_rng

from .conftest import ROOT, SEEDS

RECORD = """Record of a conversation with the Ambassador

14 February 1950

The Ambassador called at noon and spoke about the treaty signed that day.

He was told that the texts would be published the next morning.
"""


def run(args: list[str], tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["convert", *args, "--out", str(tmp_path / "out"), "--project", str(ROOT),
                                  "--registers", str(SEEDS / "registers"),
                                  "--meta", str(tmp_path / "no-meta")])
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


def written(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "out").glob("*.xml"))


@pytest.mark.parametrize("name,data,code,message", [
    ("empty.txt", b"", 3, "the file is empty"),
    ("blank.txt", b"\n  \n\n", 3, "the file is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 3, "binary file"),
    ("latin.txt", "Caf\xe9 r\xe9sum\xe9 \xe0 la carte".encode("latin-1") + b"\xff\xfe", 3, "not valid UTF-8"),
])
def test_unreadable_input_is_refused_clearly(tmp_path, name, data, code, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = run([str(path)], tmp_path)
    assert result.exit_code == code
    assert f"{path}" in result.output and message in result.output
    assert written(tmp_path) == []


def test_missing_path(tmp_path):
    result = run([str(tmp_path / "nowhere.txt")], tmp_path)
    assert result.exit_code == 3
    assert "nowhere.txt: error: no such file [input.missing]" in result.output


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "record.txt"
    good.write_text(RECORD, encoding="utf-8")
    result = run([str(tmp_path / "empty.txt"), str(good)], tmp_path)
    assert result.exit_code == 3
    assert [p.name for p in written(tmp_path)] == ["1950-02-14-record.xml"]


def test_cp1251_is_decoded_with_a_warning(tmp_path, tei_all):
    text = (SEEDS / "003_3093fe73ea284f4e.txt").read_text(encoding="utf-8")
    russian = text[text.index("## ЗАПИСЬ"):text.index("Record of Talks between I.V. Stalin and Chairman of the Central People's Government of the People's Republic of China Mao Zedong\n")]
    path = tmp_path / "legacy.txt"
    path.write_bytes(russian.encode("cp1251", errors="strict"))
    result = run([str(path)], tmp_path)
    assert result.exit_code == 0, result.output
    assert "decoded as Windows-1251" in result.output
    [out] = written(tmp_path)
    assert "Сталин" in out.read_text(encoding="utf-8")
    assert load_rng(tei_all).validate(etree.parse(str(out)))


def test_bom_and_crlf_give_the_same_tei_as_plain_utf8(tmp_path):
    seed = (SEEDS / "000_74b08fd92c73bdd2.txt").read_text(encoding="utf-8")
    outputs = []
    for name, data in [("plain.txt", seed.encode()), ("bom.txt", b"\xef\xbb\xbf" + seed.encode()),
                       ("crlf.txt", seed.replace("\n", "\r\n").encode())]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_bytes(data)
        result = run([str(folder / name)], folder)
        assert result.exit_code == 0, result.output
        [out] = written(folder)
        outputs.append(out.read_text(encoding="utf-8").replace(name, "NAME"))
    assert "\ufeff" not in outputs[1] and "\r" not in outputs[2]
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("text,expect_layout", [
    (RECORD, "export"),
    ("Report\n\nSomething happened on an unknown day.\nNobody signed.\n", "export"),
])
def test_unknown_layouts_convert_generically_to_valid_tei(tmp_path, tei_all, text, expect_layout):
    path = tmp_path / "unseen.txt"
    path.write_text(text, encoding="utf-8")
    result = run([str(path)], tmp_path)
    assert result.exit_code == 0, result.output
    assert f"layout {expect_layout}" in result.output
    assert "no known layout recognised" in result.output
    [out] = written(tmp_path)
    assert load_rng(tei_all).validate(etree.parse(str(out))), load_rng(tei_all).error_log
    body_text = "".join(etree.parse(str(out)).getroot().find(".//{*}body").itertext())
    for line in text.splitlines():
        assert " ".join(line.split()) in " ".join(body_text.split())


def test_unknown_layout_option_is_a_usage_error(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(RECORD, encoding="utf-8")
    result = run([str(path), "--layout", "nonsense"], tmp_path)
    assert result.exit_code == 2


def test_record_with_date_line_and_no_speakers_gets_its_date(tmp_path):
    path = tmp_path / "record.txt"
    path.write_text(RECORD, encoding="utf-8")
    assert run([str(path)], tmp_path).exit_code == 0
    [out] = written(tmp_path)
    root = etree.parse(str(out)).getroot()
    assert root.find(".//{*}settingDesc//{*}date").get("when") == "1950-02-14"
    assert root.find(".//{*}body//{*}head").text == "Record of a conversation with the Ambassador"


def test_a_forced_layout_that_finds_nothing_falls_back_without_loss(tmp_path, tei_all):
    path = tmp_path / "odd.txt"
    path.write_text("Citation:\nx\nContents:\nOriginal Scan\n\nStalin: True.\n", encoding="utf-8")
    result = run([str(path), "--layout", "wilson"], tmp_path)
    assert result.exit_code == 0, result.output
    assert "layout 'wilson' found no record in this file; trying the next reader" in result.output
    [out] = written(tmp_path)
    body = " ".join("".join(etree.parse(str(out)).getroot().find(".//{*}body").itertext()).split())
    assert "Citation: x Contents: Original Scan" in body and "Stalin: True." in body
    assert load_rng(tei_all).validate(etree.parse(str(out)))


def test_converted_files_name_a_schema_that_is_there(tmp_path):
    path = tmp_path / "record.txt"
    path.write_text(RECORD, encoding="utf-8")
    assert run([str(path)], tmp_path).exit_code == 0
    [out] = written(tmp_path)
    hrefs = re.findall(r'<\?xml-model href="([^"]+)"', out.read_text(encoding="utf-8"))
    assert hrefs == ["schema/edition.rng", "schema/edition.sch"]
    assert all((out.parent / href).is_file() for href in hrefs)
