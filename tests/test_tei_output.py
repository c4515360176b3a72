"""The TEI the seeds become: valid against the official tei_all, their five conversations,
the 22 January 1950 file with its three versions, headers that say what sources say."""

from __future__ import annotations

from lxml import etree

from edition.validate import load_rng

from .teitext import TEI

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _root(paths, stem):
    return etree.parse(str(next(p for p in paths if p.stem == stem))).getroot()


def test_every_output_is_valid_tei_all(seed_build, tei_all):
    rng = load_rng(tei_all)
    _, _, paths = seed_build
    for path in paths:
        doc = etree.parse(str(path))
        assert rng.validate(doc), f"{path.name}: {rng.error_log.last_error}"


def test_the_seeds_five_conversations_in_date_order(seed_build):
    _, conversations, paths = seed_build
    seeds = ["1949-12-16-stalin-mao-zedong.xml", "1950-01-06-vyshinsky-mao-zedong.xml",
             "1950-01-13-vyshinsky-mao-zedong.xml", "1950-01-22-stalin-mao-zedong.xml",
             "1952-09-19-stalin-zhou-enlai.xml"]
    assert [p.name for p in paths if p.name in seeds] == seeds  # other transcripts may come among them
    dated = [c.date for c in conversations if c.date]
    assert dated == sorted(dated)


def test_22_january_holds_three_versions_with_translators(seed_build):
    _, _, paths = seed_build
    root = _root(paths, "1950-01-22-stalin-mao-zedong")
    texts = root.findall(f"{TEI}text/{TEI}group/{TEI}text")
    assert [(t.get(XML_ID), t.get(XML_LANG), t.get("type")) for t in texts] == [
        ("ru", "ru", "original"), ("en-rozas", "en", "translation"), ("en-shaturin", "en", "translation")]
    translators = {}
    for text in texts:
        bibl = root.find(f".//{TEI}sourceDesc/{TEI}bibl[@{XML_ID}='{text.get('decls')[1:]}']")
        assert bibl is not None
        name = bibl.find(f"{TEI}respStmt/{TEI}persName")
        translators[text.get(XML_ID)] = name.text if name is not None else None
        assert bibl.findtext(f"{TEI}textLang") in ("Russian", "English")
    assert translators == {"ru": None, "en-rozas": "Danny Rozas", "en-shaturin": "Michael Shaturin"}
    # The same record under two archival references (APRF fond 45 became RGASPI fond 558, opis 11): one msDesc
    # with the current signature and the former one as altIdentifier (issue 9, item 4: seeds/meta/003's evidence)
    refs = [(ms.findtext(f"{TEI}msIdentifier/{TEI}repository"),
             [i.text for i in ms.findall(f"{TEI}msIdentifier/{TEI}idno") if i.get("type") in ("fond", "opis", "delo")],
             [i.text for i in ms.iter(f"{TEI}idno") if i.getparent().get("type") == "reference"],
             ms.find(f".//{TEI}locus").get("from"), ms.find(f".//{TEI}locus").get("to"))
            for ms in root.iter(f"{TEI}msDesc")]
    assert refs == [("RGASPI", ["558", "11", "329"], ["45", "1", "329"], "29", "38")]
    assert root.find(f".//{TEI}settingDesc//{TEI}date").get("when") == "1950-01-22"


def test_speakers_point_to_participants(seed_build):
    _, _, paths = seed_build
    for path in paths:
        root = etree.parse(str(path)).getroot()
        people = {p.get(XML_ID) for p in root.iter(f"{TEI}person")}
        whos = {sp.get("who")[1:] for sp in root.iter(f"{TEI}sp")}
        assert whos <= people, f"{path.name}: speakers without a participant entry: {whos - people}"


def test_fragment_metadata_is_marked_as_editorial(seed_build):
    _, _, paths = seed_build
    root = _root(paths, "1952-09-19-stalin-zhou-enlai")
    title = root.find(f".//{TEI}titleStmt/{TEI}title[@type='main']")
    assert "".join(title.itertext()) == "Minutes of Conversation between I.V. Stalin and Zhou Enlai"
    assert title.get("resp") == "#ed1"
    assert [n.get("ref") for n in title.iter(f"{TEI}persName")] == ["#stalin", "#zhou-enlai"]  # names of the header
    date = root.find(f".//{TEI}settingDesc//{TEI}date")
    assert (date.get("when"), date.get("resp")) == ("1952-09-19", "#ed1")
    notes = [n.text for n in root.iter(f"{TEI}note") if n.get("type") == "editorial" and n.getparent().tag == f"{TEI}notesStmt"]
    assert any("Title of en-tr" in n and "Wilson Center" in n for n in notes)


def test_structures_of_the_sources_are_encoded(seed_build):
    _, _, paths = seed_build
    jan22 = _root(paths, "1950-01-22-stalin-mao-zedong")
    ru = jan22.find(f".//{TEI}text[@{XML_ID}='ru']")
    assert [pb.get("n") for pb in ru.iter(f"{TEI}pb") if pb.get("n")] == ["2", "5", "8"]
    assert [(fw.text, fw.get("type")) for fw in ru.iter(f"{TEI}fw")] == [
        ("№ 1, II", "header"), ("- 106", "pageNum"), ("29", "folNum")]  # 29: the first folio (ll. 29-38)
    hyphen = ru.find(f".//{TEI}lb[@break='no']")
    assert hyphen.get("rend") == "hyphen" and next(hyphen.iterancestors(f"{TEI}head"), None) is not None
    choice = next(c for c in ru.iter(f"{TEI}choice") if c.findtext(f"{TEI}sic") == "каксго-либо")
    assert (choice.findtext(f"{TEI}sic"), choice.findtext(f"{TEI}corr")) == ("каксго-либо", "какого-либо")
    rozas = jan22.find(f".//{TEI}text[@{XML_ID}='en-rozas']")
    assert "Dairen; Dalian" in ["".join(s.itertext()) for s in rozas.iter(f"{TEI}supplied")]
    dec16 = _root(paths, "1949-12-16-stalin-mao-zedong")
    letter = dec16.find(f".//{TEI}div[@type='covering-letter']")
    assert "".join(letter.find(f"{TEI}opener/{TEI}salute").itertext()) == "To Comrade A. N. Poskrebyshev"
    assert letter.find(f"{TEI}closer/{TEI}signed/{TEI}gap").get("reason") == "illegible"
    assert letter.find(f"{TEI}closer/{TEI}dateline/{TEI}date").get("when") == "1949-12-31"
    assert dec16.find(f".//{TEI}div[@type='endorsements']") is not None
    assert [t.text for t in dec16.iter(f"{TEI}term")] == ["Fully Secret", "Top secret"]
    sep19 = _root(paths, "1952-09-19-stalin-zhou-enlai")
    assert [t.get("when") for t in sep19.iter(f"{TEI}time")] == ["10:30:00", "12:30:00"]
    assert len([s for s in sep19.iter(f"{TEI}supplied") if s.get("reason") == "punctuation"]) == 4
    jan6 = _root(paths, "1950-01-06-vyshinsky-mao-zedong")
    assert [d.get("n") for d in jan6.iter(f"{TEI}div") if d.get("type") == "point"] == ["1", "2", "3", "4", "5"]
    assert [i.get("n") for i in jan6.find(f".//{TEI}div[@n='4']/{TEI}list")] == ["1", "2"]
    assert "".join(jan6.find(f".//{TEI}closer/{TEI}signed").itertext()) == "A. Vyshinsky"
    assert [t.get("dur") for t in jan6.iter(f"{TEI}time")] == ["PT45M"]
    # running text: dates resolved against the conversation (Mao arrived 19 January; fuel in the first half of 1950)
    jan13 = _root(paths, "1950-01-13-vyshinsky-mao-zedong")
    assert ("1950-01-19", "medium") in [(d.get("when"), d.get("cert")) for d in jan13.iter(f"{TEI}date")]
    assert ("1950-01-01", "1950-06-30") in [(d.get("from"), d.get("to")) for d in jan6.iter(f"{TEI}date")]
    assert ("1952-09-21", "1952-09-30") in [(d.get("notBefore"), d.get("notAfter")) for d in sep19.iter(f"{TEI}date")]
