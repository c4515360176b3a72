"""`edition import` of other archives' TEI, and `edition diff`.

What is pinned: the received file is stored byte for byte; the enriched copy has the same words in the same
order as the received file (checked with the diff's own text layer) and no more tei_all errors; names are
matched by authority id, then by name, with conflicts and proposals reported; FRUS-style labelled paragraphs
become turns of the participants they name; the edition's own exported documents come back unchanged but for
the recorded change (the round trip); XInclude is followed only inside the document's folder and only when
asked; diff sees header, words and markup and nothing of formatting."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.importing import LABEL
from edition.validation.validator import Options, validate_file
from edition.xmldiff import compare_files

from .conftest import ROOT
from .teitext import TEI

SHARED = ROOT.parent / "shared" / "exchange-samples"
FETCHED = ROOT / "tests" / "data" / "exchange"
SAMPLES = sorted(SHARED.glob("*.xml")) + sorted(FETCHED.glob("*.xml"))
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def run(*args) -> "click.testing.Result":
    result = CliRunner().invoke(main, [*map(str, args), "--project", str(ROOT)])
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("imports")
    for sample in SAMPLES:
        result = run("import", sample, "--out", out)
        assert result.exit_code == 0, result.output
    return out


def _words(path: Path) -> list[str]:
    """The words of the file's text (and of every TEI in a teiCorpus), in order."""
    root = etree.parse(str(path)).getroot()
    return [w for text in root.iter(f"{TEI}text") for w in "".join(text.itertext()).split()]


def _tei_errors(path: Path, tei_all: Path) -> int:
    report = validate_file(path, Options(profile="tei", tei_schema=tei_all, allow_fetch=False))
    return sum(f.severity == "error" and f.layer == "tei" for f in report.findings)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_each_sample_is_kept_as_received_and_enriched_without_losing_a_word(imported, sample, tei_all):
    folder = imported / sample.stem
    assert (folder / "received.xml").read_bytes() == sample.read_bytes()
    copy = folder / f"{sample.stem}.xml"
    assert _words(folder / "received.xml") == _words(copy)
    changes = compare_files(folder / "received.xml", copy)
    text = [c for c in changes if c.layer == "text"]  # only what the import adds: register copies in standOff
    assert all(c.kind == "added" and c.after.startswith("Entries of the importing edition's register") for c in text)
    assert all(c.kind == "added" for c in changes if c.layer == "header")  # the header only gains
    last = list(etree.parse(str(copy)).getroot().iter(f"{TEI}change"))[-1]
    assert "Imported into" in last.text and sample.name not in last.text and last.get("when")
    assert _tei_errors(copy, tei_all) <= _tei_errors(folder / "received.xml", tei_all)
    review = json.loads((folder / "review.json").read_text(encoding="utf-8"))
    assert review["received_sha256"] and review["source"] == str(sample)


def test_fruss_labelled_paragraphs_become_turns_of_the_listed_participants(imported):
    received = etree.parse(str(imported / "hac-1958" / "received.xml"))
    copy = etree.parse(str(imported / "hac-1958" / "hac-1958.xml"))
    labelled = [p for p in received.iter(f"{TEI}p") if LABEL.match(p.text or "")]
    turns = list(copy.iter(f"{TEI}sp"))
    assert len(turns) == len(labelled) > 100
    people = {p.get(XML_ID): p.findtext(f"{TEI}persName") for p in copy.iter(f"{TEI}person")}

    def who(label: str) -> set[str]:
        return {people.get((sp.get("who") or "#")[1:]) for sp in turns if sp.findtext(f"{TEI}speaker") == label}

    assert who("MR. NOBLE:") == {"G. Bernard Noble"}
    assert who("THE CHAIRMAN:") == {"Dr. Dexter Perkins"}  # by the role "Chairman" in the list
    assert who("MR. E. PERKINS:") == {"E. Ralph Perkins"}  # two Perkinses: the initial decides
    assert who("MR. NOBIE:") == {None}  # a typo of the transcript: no guess
    recorders = [p for p in copy.iter(f"{TEI}person") if p.get("role") == "recorder"]
    assert {p.findtext(f"{TEI}persName") for p in recorders} == {"V. R. Voce", "H. C. Geis", "E. L. Koontz"}


def test_frus_names_are_matched_or_proposed_and_dangling_pointers_reported(tmp_path):
    result = run("import", SHARED / "frus-excerpt.xml", "--out", tmp_path)
    assert result.exit_code == 0
    assert "[import.dangling-pointer]" in result.output and "#p_CR2" in result.output
    assert "[import.xinclude-kept]" in result.output
    review = json.loads((tmp_path / "frus-excerpt" / "review.json").read_text(encoding="utf-8"))
    assert {"mikoyan", "malenkov"} <= {m["ref"] for m in review["matched"]}
    rockefeller = [p for p in review["proposed"] if p["pointer"] == "#p_RNA1"]
    assert len(rockefeller) == 1 and set(rockefeller[0]["forms"]) >= {"Rockefeller", "Nelson A. Rockefeller"}
    copy = etree.parse(str(tmp_path / "frus-excerpt" / "frus-excerpt.xml")).getroot()
    entry = copy.find(f"{TEI}standOff/{TEI}listPerson/{TEI}person[@{{http://www.w3.org/XML/1998/namespace}}id='mikoyan']")
    assert entry is not None
    linked = [el for el in copy.iter(f"{TEI}persName") if "#mikoyan" in (el.get("ref") or "").split()]
    assert linked and all(el.getparent().tag != f"{TEI}person" for el in linked)


FOREIGN = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
<publicationStmt><p>Partner archive</p></publicationStmt><sourceDesc><p>Born digital</p></sourceDesc></fileDesc>
</teiHeader><text><body><p>{body}</p></body></text></TEI>"""


def _import_text(tmp_path: Path, body: str) -> tuple[dict, etree._Element]:
    source = tmp_path / "partner.xml"
    source.write_text(FOREIGN.format(body=body), encoding="utf-8")
    result = run("import", source, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "partner"
    return json.loads((folder / "review.json").read_text(encoding="utf-8")), \
        etree.parse(str(folder / "partner.xml")).getroot()


def test_an_authority_id_beats_the_written_form_and_a_contradiction_is_a_conflict(tmp_path):
    review, copy = _import_text(tmp_path, '<persName ref="http://www.wikidata.org/entity/Q855">Джугашвили</persName> '
                                'met <persName>Mao Zedong</persName>; <persName ref="https://www.wikidata.org/wiki/'
                                'Q855">Zhou Enlai</persName> and <persName>Ivan Ivanovich Nobody</persName>.')
    how = {m["text"]: (m["ref"], m["how"]) for m in review["matched"]}
    assert how["Джугашвили"] == ("stalin", "authority") and how["Mao Zedong"] == ("mao-zedong", "name")
    assert [c["text"] for c in review["conflicts"]] == ["Zhou Enlai"]
    assert [p["text"] for p in review["proposed"]] == ["Ivan Ivanovich Nobody"]
    refs = [el.get("ref") for el in copy.iter(f"{TEI}persName") if el.getparent().tag == f"{TEI}p"]
    assert refs[0] == "http://www.wikidata.org/entity/Q855 #stalin"  # theirs kept, ours added
    assert refs[2] == "https://www.wikidata.org/wiki/Q855"  # a conflict adds nothing


def test_export_then_import_gives_the_same_documents(seed_build, tmp_path):
    build = tmp_path / "build"
    (build / "tei").mkdir(parents=True)
    for path in seed_build[2]:
        shutil.copy(path, build / "tei" / path.name)
    assert run("export", "--out", build).exit_code == 0
    exported = sorted((build / "export" / "tei").glob("*.xml"))
    result = run("import", *exported, "--out", tmp_path / "imports")
    assert result.exit_code == 0 and result.output.count("[import.own-document]") == len(exported)
    for path in exported:
        folder = tmp_path / "imports" / path.stem
        changes = compare_files(path, folder / f"{path.stem}.xml")
        assert len(changes) == 1 and changes[0].layer == "header" and changes[0].kind == "added", changes
        assert "revisionDesc/change" in changes[0].after
        review = json.loads((folder / "review.json").read_text(encoding="utf-8"))
        assert review["matched"] and not review["conflicts"] and not review["proposed"]


def test_xinclude_is_followed_only_inside_the_folder_and_only_when_asked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "part.xml").write_text('<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="inc">Included words.</p>',
                                     encoding="utf-8")
    include = '</p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{}"/><p>'
    main_file = folder / "main.xml"
    main_file.write_text(FOREIGN.format(body="Before." + include.format("part.xml") + "After."), encoding="utf-8")
    kept = run("import", main_file, "--out", tmp_path / "kept")
    assert kept.exit_code == 0 and "[import.xinclude-kept]" in kept.output
    assert "Included words" not in (tmp_path / "kept" / "main" / "main.xml").read_text(encoding="utf-8")
    taken = run("import", main_file, "--xinclude", "--out", tmp_path / "taken")
    assert taken.exit_code == 0, taken.output
    assert "Included words" in (tmp_path / "taken" / "main" / "main.xml").read_text(encoding="utf-8")
    (tmp_path / "secret.xml").write_text("<p>secret</p>", encoding="utf-8")
    main_file.write_text(FOREIGN.format(body="x" + include.format("../secret.xml") + "y"), encoding="utf-8")
    refused = run("import", main_file, "--xinclude", "--out", tmp_path / "refused")
    assert refused.exit_code == 3 and "[xml.xinclude-outside]" in refused.output
    assert not (tmp_path / "refused" / "main").exists()


def test_a_file_that_is_not_tei_is_refused_with_a_code(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<mods xmlns="http://www.loc.gov/mods/v3"><titleInfo/></mods>', encoding="utf-8")
    result = run("import", path, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "[import.not-tei]" in result.output and str(path) in result.output


def test_reimport_keeps_an_edited_copy_as_a_backup(tmp_path):
    source = tmp_path / "partner.xml"
    source.write_text(FOREIGN.format(body="<persName>Mao Zedong</persName> spoke."), encoding="utf-8")
    assert run("import", source, "--out", tmp_path / "out").exit_code == 0
    copy = tmp_path / "out" / "partner" / "partner.xml"
    edited = copy.read_text(encoding="utf-8").replace("spoke", "spoke at length")
    copy.write_text(edited, encoding="utf-8")
    again = run("import", source, "--out", tmp_path / "out")
    assert again.exit_code == 0 and "kept the previous" in again.output
    backups = list(copy.parent.glob("partner.xml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == edited


# ------------------------------------------------------------------ diff

def test_diff_ignores_formatting_and_sees_header_text_and_markup(seed_build, tmp_path):
    ours = seed_build[2][0]
    text = ours.read_text(encoding="utf-8")
    reformatted = tmp_path / "reformatted.xml"
    tree = etree.parse(str(ours))
    etree.indent(tree, space="\t")
    tree.write(str(reformatted), encoding="UTF-8", xml_declaration=True)
    same = run("diff", ours, reformatted)
    assert same.exit_code == 0 and "the same" in same.output

    when = re.search(r'<date when="(\d{4}-\d\d-\d\d)">', text).group(1)
    edited = text.replace(f'<date when="{when}">', '<date when="1999-01-01">', 1)
    words = re.compile(r">([A-Z][a-z]{3,}) ").search(edited, re.search(r"<text[ >]", edited).end())
    edited = edited[:words.start(1)] + "Indeed" + edited[words.end(1):]
    body = re.search(r"<text[ >]", edited).end()
    edited = edited[:body] + edited[body:].replace("<persName ref=", '<persName cert="high" ref=', 1)
    theirs = tmp_path / "theirs.xml"
    theirs.write_text(edited, encoding="utf-8")
    result = run("diff", ours, theirs, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    layers = {c["layer"] for c in document["changes"]}
    assert layers == {"header", "text", "markup"}, document["changes"]
    text_change = next(c for c in document["changes"] if c["layer"] == "text")
    assert text_change["before"] == words.group(1) and text_change["after"] == "Indeed" and text_change["line_b"]


def test_diff_shows_a_relinked_name_of_the_summary_in_its_sentence(seed_build, tmp_path):
    """A header paragraph is one item with its names in place: the message shows the changed link itself,
    cut to where the two differ, not the start of a long paragraph."""
    def summary(path: Path):
        found = re.search(r'<note type="summary"><p>.*?</p>', path.read_text(encoding="utf-8"), re.S)
        return found if found and len(found.group(0)) > 300 and "<persName ref=" in found.group(0) else None

    ours = next(p for p in seed_build[2] if summary(p))  # 6 January 1950 (seed 001) has one
    text = ours.read_text(encoding="utf-8")
    summary = summary(ours)
    link = re.search(r'<persName ref="#([a-z-]+)">', summary.group(0))
    at = summary.start() + link.start(1)
    theirs = tmp_path / "theirs.xml"
    theirs.write_text(text[:at] + "partner-" + text[at:], encoding="utf-8")
    changes = compare_files(ours, theirs)
    assert [(c.layer, c.kind) for c in changes] == [("header", "changed")]
    message = changes[0].diagnostic(str(theirs)).message
    assert f'{{persName ref="#partner-{link.group(1)}"}}' in message and len(message) < 400
