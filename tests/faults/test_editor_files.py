"""An editor's slips in registers and metadata are refused with the file, the line and the fix, before they can
damage the encoding — not discovered later as 122 words wrongly tagged in TEI that validates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.errors import EditionError
from edition.registers import Registers

from ..conftest import SEEDS

PERSON = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
 <teiHeader><fileDesc><titleStmt><title>Persons</title></titleStmt>
  <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader>
 <standOff>
  <listPerson>
   <person xml:id="{id}">
    <persName type="preferred" xml:lang="en">Joseph Stalin</persName>
    <persName type="variant" xml:lang="en">{variant}</persName>
   </person>
  </listPerson>
 </standOff>
</TEI>
"""


def registers(tmp_path: Path, id: str = "stalin", variant: str = "Stalin", text: str | None = None) -> Path:
    folder = tmp_path / "registers"
    folder.mkdir(exist_ok=True)
    (folder / "persons.xml").write_text(text or PERSON.format(id=id, variant=variant), encoding="utf-8")
    return folder


@pytest.mark.parametrize("variant", ["the", "The", "a", "и", "THE", "S", "of the"])
def test_a_variant_that_is_a_common_word_is_refused(tmp_path, variant):
    with pytest.raises(EditionError) as caught:
        Registers.load(registers(tmp_path, variant=variant))
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "register.common-word" and diagnostic.line == 9
    assert diagnostic.file.endswith("persons.xml") and "common word" in diagnostic.message


def test_abbreviations_and_lower_case_names_are_not_common_words(tmp_path):
    assert Registers.load(registers(tmp_path, variant="USSR")).persons["stalin"]
    assert Registers.load(registers(tmp_path, variant="гоминдан")).persons["stalin"]


def test_an_id_with_a_space_is_refused_at_its_line(tmp_path):
    with pytest.raises(EditionError) as caught:
        Registers.load(registers(tmp_path, id="molo tov"))
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "register.invalid" and diagnostic.line == 7 and "registers.rng" in diagnostic.message


def test_a_register_that_is_not_tei_or_a_folder_without_persons_is_refused(tmp_path):
    with pytest.raises(EditionError) as caught:
        Registers.load(registers(tmp_path, text="<persons><person id='stalin'/></persons>"))
    assert caught.value.diagnostic.code == "register.not-tei"
    (tmp_path / "registers" / "persons.xml").unlink()
    shutil.copy(SEEDS / "registers" / "places.xml", tmp_path / "registers" / "places.xml")
    with pytest.raises(EditionError) as caught:
        Registers.load(tmp_path / "registers")
    assert caught.value.diagnostic.code == "register.no-persons" and "edition init" in caught.value.diagnostic.message


def test_an_unknown_element_in_an_entry_is_refused(tmp_path):
    text = PERSON.format(id="stalin", variant="Stalin").replace("</person>", "<birthday>1878</birthday></person>")
    with pytest.raises(EditionError) as caught:
        Registers.load(registers(tmp_path, text=text))
    assert caught.value.diagnostic.code == "register.invalid"


def test_the_convert_command_reports_a_bad_register_without_a_traceback(tmp_path):
    folder = registers(tmp_path, variant="the")
    result = CliRunner().invoke(main, ["convert", str(SEEDS / "000_74b08fd92c73bdd2.txt"), "--registers", str(folder),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "persons.xml:9: error: name 'the' of 'stalin' is a common word" in result.output
    assert not (tmp_path / "out").exists()


RECORD = """Record of Conversation between I.V. Stalin and Mao Zedong

22 January 1950

Stalin: The proposal is the right one; the draft is ready. We agree with the proposal.

Mao Zedong: Good. We shall send the the draft tomorrow.
"""


def convert(tmp_path: Path, correction: str):
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "t.toml").write_text(correction, encoding="utf-8")
    (tmp_path / "t.txt").write_text(RECORD, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "t.txt"), "--meta", str(tmp_path / "meta"),
                                       "--out", str(out)])
    assert "Traceback" not in result.output
    xml = next(out.glob("*.xml")).read_text(encoding="utf-8") if out.exists() and list(out.glob("*.xml")) else ""
    return result, xml


def test_a_correction_found_more_often_than_said_is_not_applied(tmp_path):
    result, xml = convert(tmp_path, '[[correction]]\nsic = "the"\ncorr = "a"\n')
    assert result.exit_code == 0
    assert "[meta.correction-count]" in result.output and "5 times, not 1" in result.output
    assert "<sic>" not in xml and xml.count("the") >= 5


def test_a_correction_applies_to_whole_words_as_often_as_said(tmp_path):
    result, xml = convert(tmp_path, '[[correction]]\nsic = "the the"\ncorr = "the"\n')
    assert result.exit_code == 0 and "correction-count" not in result.output
    assert xml.count("<sic>the the</sic>") == 1
    (tmp_path / "twice").mkdir()
    result, xml = convert(tmp_path / "twice", '[[correction]]\nsic = "proposal"\ncorr = "proposals"\ncount = 2\n')
    assert result.exit_code == 0 and xml.count("<sic>proposal</sic>") == 2


@pytest.mark.parametrize("text,code", [
    ('[[correction]]\nsic = "x"\n', "meta.correction"),
    ('[[correction]]\nsic = "x"\ncorr = "y"\ncount = 0\n', "meta.correction"),
    ('[defaults]\ntime = "late"\n', "meta.bad-time"),
    ('[defaults]\ncolour = "red"\n', "meta.unknown-key"),
])
def test_bad_metadata_is_refused_for_its_file_only(tmp_path, text, code):
    result, _ = convert(tmp_path, text)
    assert result.exit_code == 1 and f"[{code}]" in result.output and "t.toml" in result.output
