"""Transcripts that could silently damage the edition (issue 14, items 1 and 2), through `edition convert`.

Control characters: never a traceback, the TEI valid, every word of the file kept in order, each kind of
character mapped as docs/encoding.md ("Input decoding") says and reported with the place of its first
occurrence (`input.control-character`). Encodings: the Russian seed text in UTF-16 (LE/BE, with and without a
BOM), UTF-32, KOI8-R, cp866, cp1251, Mac Cyrillic, ISO 8859-5, and UTF-8 mixed with cp1251 or KOI8-R lines
converts to the same TEI as its UTF-8 form; English in latin-1 likewise; what cannot be read is refused clearly
(exit 3), and an --encoding that gives implausible text is warned about (`input.implausible-encoding`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.validate import load_rng

from ..conftest import ROOT, SEEDS
from ..teitext import TEI, WORD, is_subsequence, words

SEED = (SEEDS / "003_3093fe73ea284f4e.txt").read_text(encoding="utf-8")
RUSSIAN = SEED[SEED.index("## ЗАПИСЬ"):SEED.index("Record of Talks between I.V. Stalin and Chairman of the Central "
                                                  "People's Government of the People's Republic of China Mao Zedong\n")]
FILLER = "".join(f"Paragraph {n} of the record says that the talks went on as before.\n\n" for n in range(40))
RECORD = ("Record of a conversation with the Ambassador\n\n14 February 1950\n\n" + FILLER
          + "The Ambassador met Sta{c}lin at noon.\n{c}A line that begins with it.\n\nEnds with it.{c}\n"
          + FILLER)


def convert(paths: list[Path], out: Path, *options: str):
    result = CliRunner().invoke(main, ["convert", *map(str, paths), "--out", str(out), "--project", str(ROOT),
                                       "--registers", str(SEEDS / "registers"), "--meta", str(out / "no-meta"),
                                       *options])
    assert "Traceback" not in result.output and "internal.error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def text_words(path: Path) -> list[str]:
    root = etree.parse(str(path)).getroot()
    return [w for text in root.iter(f"{TEI}text") if text.find(f"{TEI}group") is None for w in words(text)]


# ------------------------------------------------------------------ control characters

# the mapping docs/encoding.md documents, written out again here: the tests check the code against the doc
def documented(c: str) -> str:
    code = ord(c)
    if code in (0x09, 0x0A, 0x0C):
        return c
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if code in (0x85, 0x2028):
        return "\n"
    if code == 0x2029:
        return "\n\n"
    if 0x80 <= code < 0xA0 or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "\ufffd"
    return c


def documented_text(text: str) -> str:
    """A form feed that begins a line is a page break; one inside a line becomes its Control Picture."""
    text = re.sub(r"(?<=[^\n\f])\f+", lambda m: "\u240c" * len(m.group()), text)
    return "".join(map(documented, text))


CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0e", "\x1b", "\x1c", "\x1d", "\x1e", "\x1f", "\x7f",
            "\x80", "\x85", "\x9b", "\x9f", "\u2028", "\u2029", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe",
            "\U0010ffff", "\x0c"]


def _name(c: str) -> str:
    return f"U+{ord(c):04X}"


@pytest.fixture(scope="module")
def controls_converted(tmp_path_factory):
    """One file per character (in one run: one bad file must not stop the others), plus a NUL after the first
    8 KB, which used to crash the writer."""
    folder = tmp_path_factory.mktemp("controls")
    paths = {}
    for c in CONTROLS:
        paths[_name(c)] = folder / f"c{ord(c):06x}.txt"
        paths[_name(c)].write_text(RECORD.format(c=c), encoding="utf-8")
    late = folder / "late-nul.txt"
    late.write_bytes(("x" * 9000 + "\n\n" + RECORD.format(c="\x00")).encode())
    paths["late NUL"] = late
    result = convert(list(paths.values()), folder / "out")
    return paths, result, folder / "out"


@pytest.mark.parametrize("c", CONTROLS, ids=_name)
def test_a_control_character_is_kept_recoverably_and_reported(controls_converted, c, tei_all):
    paths, result, out = controls_converted
    assert result.exit_code == 0, result.output
    path = paths[_name(c)]
    [tei] = out.glob(f"*{path.stem}.xml")
    doc = etree.parse(str(tei))
    assert load_rng(tei_all).validate(doc), load_rng(tei_all).error_log.last_error
    source = documented_text(RECORD.format(c=c))
    ok, at = is_subsequence(WORD.findall(source), text_words(tei))
    assert ok, f"{_name(c)}: word {at} ({WORD.findall(source)[at]}) missing or out of order"
    body = "".join(doc.getroot().find(f".//{TEI}body").itertext())
    stand_in = documented_text(f"Sta{c}")[3:]
    if stand_in not in ("\n", "\n\n"):
        assert f"Sta{stand_in}lin" in body  # one word still, with the character's stand-in
    times = 3
    if c == "\x0c":  # the one that begins a line is a page break, not reported
        assert doc.getroot().find(f".//{TEI}body//{TEI}pb") is not None
        times = 2
    line = RECORD.split("{c}")[0].count("\n") + 1
    column = len(RECORD.split("{c}")[0].rsplit("\n", 1)[1]) + 1
    assert re.search(rf"{re.escape(str(path))}:{line}:{column}: warning: control character {re.escape(_name(c))} .*"
                     rf"\({times} times, the first here\).*\[input\.control-character\]", result.output), \
        result.output


def test_a_nul_after_the_first_8_kb_is_reported_not_a_crash(controls_converted):
    paths, result, out = controls_converted
    assert f"{paths['late NUL']}:" in result.output and "U+0000 NULL" in result.output
    [tei] = out.glob("*late-nul.xml")
    assert "Sta\u2400lin" in tei.read_text(encoding="utf-8")


def test_the_conversion_report_records_the_characters(controls_converted):
    paths, result, out = controls_converted
    report = (out / "conversion-report.json").read_text(encoding="utf-8")
    assert report.count("[input.control-character]") == len(CONTROLS) + 1  # and the late NUL


@pytest.mark.parametrize("data,message", [
    (b"\x00" * 400 + b"text", "binary file"),
    (b"%PDF-1.4\n" + bytes(range(256)) * 8, "binary file"),
    (b"\xff\xfe" + "Запись".encode("utf-16-le") + b"\x00", "not valid UTF-16 LE"),
    (b"\xef\xbb\xbf\xff hello", "not valid UTF-8"),
])
def test_what_cannot_be_text_is_refused_clearly(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    result = convert([path], tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert f"{path}" in result.output and message in result.output
    assert not list((tmp_path / "out").glob("*.xml"))


# ------------------------------------------------------------------ encodings

def _converted(tmp_path: Path, name: str, data: bytes, *options: str) -> tuple[str, str]:
    """(TEI, output) of one transcript named transcript.txt in a folder of its own (the name is in the TEI)."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "transcript.txt").write_bytes(data)
    result = convert([folder / "transcript.txt"], folder / "out", *options)
    assert result.exit_code == 0, result.output
    [tei] = (folder / "out").glob("*.xml")
    return tei.read_text(encoding="utf-8").replace(str(folder), "FOLDER"), result.output


@pytest.fixture(scope="module")
def russian_utf8(tmp_path_factory):
    return _converted(tmp_path_factory.mktemp("utf8"), "utf-8", RUSSIAN.encode())[0]


def _mixed(second: str) -> bytes:
    lines = RUSSIAN.split("\n")
    half = len(lines) // 2
    return ("\n".join(lines[:half]) + "\n").encode() + "\n".join(lines[half:]).encode(second)


ENCODINGS = {
    "utf-16-le-bom": (b"\xff\xfe" + RUSSIAN.encode("utf-16-le"), None),
    "utf-16-be-bom": (b"\xfe\xff" + RUSSIAN.encode("utf-16-be"), None),
    "utf-16-le": (RUSSIAN.encode("utf-16-le"), "no byte-order mark, but the bytes are UTF-16 LE"),
    "utf-16-be": (RUSSIAN.encode("utf-16-be"), "no byte-order mark, but the bytes are UTF-16 BE"),
    "utf-32": (RUSSIAN.encode("utf-32"), None),
    "utf-8-bom": (b"\xef\xbb\xbf" + RUSSIAN.encode(), None),
    "koi8-r": (RUSSIAN.encode("koi8-r"), "decoded as KOI8-R"),
    "cp866": (RUSSIAN.encode("cp866"), "decoded as CP866"),
    "cp1251": (RUSSIAN.encode("cp1251"), "decoded as Windows-1251"),
    "mac-cyrillic": (RUSSIAN.encode("mac-cyrillic"), "decoded as Mac Cyrillic"),
    "iso-8859-5": (RUSSIAN.encode("iso-8859-5"), "decoded as ISO 8859-5"),
    "utf-8+cp1251": (_mixed("cp1251"), "mixes encodings"),
    "utf-8+koi8-r": (_mixed("koi8-r"), "mixes encodings"),
}


@pytest.mark.parametrize("name", ENCODINGS)
def test_russian_in_any_encoding_gives_the_tei_of_its_utf8_form(tmp_path, russian_utf8, name):
    data, warning = ENCODINGS[name]
    tei, output = _converted(tmp_path, name, data)
    assert tei == russian_utf8
    assert "ЗАПИСЬ БЕСЕДЫ" in tei and "<persName" in tei
    if warning:
        assert warning in output and "[input.legacy-encoding]" in output
    else:
        assert "encoding]" not in output, output


def test_koi8r_read_as_cp1251_is_warned_about(tmp_path):
    tei, output = _converted(tmp_path, "forced", RUSSIAN.encode("koi8-r"), "--encoding", "cp1251")
    assert "decoded as cp1251 as asked, but the Cyrillic does not read as Russian" in output
    assert "detected: koi8_r" in output and "[input.implausible-encoding]" in output


def test_utf8_converted_twice_is_warned_about(tmp_path):
    twice = RUSSIAN.encode().decode("cp1251", errors="replace").encode()
    tei, output = _converted(tmp_path, "twice", twice)
    assert "valid UTF-8, but the Cyrillic does not read as Russian" in output


ENGLISH = ("Record of a conversation with the Ambassador of France\n\n14 February 1950\n\n"
           "The Ambassador, M. Chauvel, called at noon. He spoke of the café on the Rue de la Paix where the "
           "délégation had met, and of the treaty signed that day; his résumé of the talks follows.\n\n" + FILLER)


@pytest.mark.parametrize("options,warning", [((), "decoded as Windows-1252"), (("--encoding", "latin-1"), None)])
def test_latin1_english_stays_readable(tmp_path, options, warning):
    utf8, _ = _converted(tmp_path, "utf8", ENGLISH.encode())
    tei, output = _converted(tmp_path, "latin1", ENGLISH.encode("latin-1"), *options)
    assert tei == utf8 and "café" in tei and "résumé" in tei
    if warning:
        assert warning in output
    else:
        assert "encoding]" not in output, output


def test_russian_forced_as_latin1_is_warned_about(tmp_path):
    _, output = _converted(tmp_path, "forced", RUSSIAN.encode("cp1251"), "--encoding", "latin-1")
    assert "Latin letters are accented" in output and "detected: cp1251" in output
