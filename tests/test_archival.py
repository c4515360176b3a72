"""The grammar of archival references (edition/archival.py) and their TEI encoding (msIdentifier).

Each form is written out with the parts it must give; values are compared as written ("0100" stays
"0100", Cyrillic letters stay Cyrillic), parts that are not written must be None, and the reference
as written must come back as ``raw``. References inside citations must be found with the exact span
(repository and all parts, nothing of what follows)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from edition.archival import HIERARCHY, PARTS, find_archival, parse_archival
from edition.validation.validator import Options, validate_file
from edition.writers.tei import TeiWriter

from .conftest import ROOT, repo_project

TEI = "{http://www.tei-c.org/ns/1.0}"
PART_NAMES = ("repository", "fond", "opis", "papka", "por", "delo", "tom", "folios")


def _parts(ref) -> dict:
    return {name: getattr(ref, name) for name in PART_NAMES if getattr(ref, name) not in (None, "unknown")}


# (reference as written, parts it gives; folios as (first, last))
FORMS = [
    # the forms of the brief
    ("APRF: F. 39, Op. 1, D. 39, Ll. 7-16",
     dict(repository="APRF", fond="39", opis="1", delo="39", folios=("7", "16"))),
    ("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85",
     dict(repository="AVPRF", fond="0100", opis="42", por="19", papka="288", folios=("81", "85"))),
    ("AVP RF, f. 0100, op. 43, d. 43, papka 302",
     dict(repository="AVP RF", fond="0100", opis="43", delo="43", papka="302")),
    ("AVPRF: fond 0100, opis 40, delo 7, papka 248, listy 120-123",
     dict(repository="AVPRF", fond="0100", opis="40", delo="7", papka="248", folios=("120", "123"))),
    ("fond (f.) 45, opis (op.) 1,\n    delo (d.) 329,\nlisty (ll.) 9-17",
     dict(fond="45", opis="1", delo="329", folios=("9", "17"))),
    ("RGASPI F. 558. Op. 11. D.329. LL. 8-18",
     dict(repository="RGASPI", fond="558", opis="11", delo="329", folios=("8", "18"))),
    ("АП РФ. Ф. 45. Оп. 1. Д. 329. Л. 29–38",
     dict(repository="АП РФ", fond="45", opis="1", delo="329", folios=("29", "38"))),
    ("АВП РФ, ф. 0100, оп. 43, п. 302, д. 43, л. 1–5",
     dict(repository="АВП РФ", fond="0100", opis="43", papka="302", delo="43", folios=("1", "5"))),
    ("f. 3, op. 65, d. 363", dict(fond="3", opis="65", delo="363")),
    ("Archive of the President, Russian Federation (APRF), f. 45, op.1, d.329, ll. 29-38",
     dict(repository="Archive of the President, Russian Federation (APRF)", fond="45", opis="1", delo="329",
          folios=("29", "38"))),
    # more forms
    ("RGANI, f. 5, op. 30, d. 1, ll. 2-4", dict(repository="RGANI", fond="5", opis="30", delo="1", folios=("2", "4"))),
    ("GARF, f. R-5446, op. 1, d. 12", dict(repository="GARF", fond="R-5446", opis="1", delo="12")),
    ("RGAE f. 4372, op. 4, d. 1, l. 12 ob.",
     dict(repository="RGAE", fond="4372", opis="4", delo="1", folios=("12 ob.", "12 ob."))),
    ("TsAMO f. 3, op. 11556, d. 12", dict(repository="TsAMO", fond="3", opis="11556", delo="12")),
    ("RGASPI f. 17, op. 162, d. 42, ll. 5, 7-9",
     dict(repository="RGASPI", fond="17", opis="162", delo="42", folios=("5", "9"))),
    ("RGASPI, f. 17, op. 3, d. 1045, t. 2, ll. 10–12",
     dict(repository="RGASPI", fond="17", opis="3", delo="1045", tom="2", folios=("10", "12"))),
    ("AVP RF, fond 07, opis 23a, papka 18, delo 235, listy 1-7",
     dict(repository="AVP RF", fond="07", opis="23a", papka="18", delo="235", folios=("1", "7"))),
    ("АВП РФ. Ф. 07. Оп. 23а. П. 18. Д. 234. Л. 25–30",  # Cyrillic letter in the opis
     dict(repository="АВП РФ", fond="07", opis="23а", papka="18", delo="234", folios=("25", "30"))),
    ("RTsKhIDNI, f. 495, op. II, d. 7", dict(repository="RTsKhIDNI", fond="495", opis="II", delo="7")),
    ("APRF F 45 OP 1 D 329 LL 29-38",  # no dots, no commas, capitals
     dict(repository="APRF", fond="45", opis="1", delo="329", folios=("29", "38"))),
    ("APRF; fond: 45; opis: 1; delo: 329; list: 12",
     dict(repository="APRF", fond="45", opis="1", delo="329", folios=("12", "12"))),
    ("RGASPI, f. 558, op. 11, d. № 329", dict(repository="RGASPI", fond="558", opis="11", delo="329")),
    ("фонд 45, опись 1, дело 329, листы 1–5", dict(fond="45", opis="1", delo="329", folios=("1", "5"))),
    ("Архив внешней политики Российской Федерации (АВП РФ), ф. 0100, оп. 42, пор. 19, п. 288",
     dict(repository="Архив внешней политики Российской Федерации (АВП РФ)", fond="0100", opis="42", por="19",
          papka="288")),
    ("Archive of Foreign Policy of the Russian\nFederation (AVPRF), f. 0100,\nop. 42, d. 19",
     dict(repository="Archive of Foreign Policy of the Russian Federation (AVPRF)", fond="0100", opis="42",
          delo="19")),
    ("Hoover Institution Archives (HIA), f. 9, op. 2, d. 4",
     dict(repository="Hoover Institution Archives (HIA)", fond="9", opis="2", delo="4")),
    ("RGVA, f. 33987, op. 3, d. 1, ll. 12v-13r",
     dict(repository="RGVA", fond="33987", opis="3", delo="1", folios=("12v", "13r"))),
    ("ЦАМО, ф. 3, оп. 11556, д. 12, л. 4 об.–5",
     dict(repository="ЦАМО", fond="3", opis="11556", delo="12", folios=("4 об.", "5"))),
    ("GARF, f. R-5446", dict(repository="GARF", fond="R-5446")),  # a lone fond under a repository's name
]


@pytest.mark.parametrize("text,expected", FORMS, ids=[f[0][:40] for f in FORMS])
def test_forms(text, expected):
    ref = parse_archival(text)
    assert ref is not None, text
    assert _parts(ref) == expected
    assert ref.raw == " ".join(text.split())
    if "repository" not in expected:
        assert ref.repository == "unknown"
    found = find_archival(text)
    assert [(s, e) for s, e, _ in found] == [(0, len(text))]
    # each part's span points at its value in the reference as written
    for name, start, end in ref.spans:
        value = getattr(ref, name) if name != "folios" else None
        if value is not None:
            assert ref.raw[start:end] == value
    assert [start for _, start, _ in ref.spans] == sorted(start for _, start, _ in ref.spans)  # in written order
    assert {name for name, _, _ in ref.spans} == {n for n in PARTS if n in expected}


def test_any_case_and_line_breaks():
    for text in ("rgaspi f. 558. op. 11. d.329. ll. 8-18", "RGASPI\nF. 558.\nOp. 11.\nD.329.\nLL. 8-\n18",
                 "RGASPI f.558 op.11 d.329 ll.8–18"):
        ref = parse_archival(text)
        assert (ref.fond, ref.opis, ref.delo, ref.folios) == ("558", "11", "329", ("8", "18")), text


def test_folio_text_and_ranges_as_written():
    ref = parse_archival("RGASPI f. 17, op. 162, d. 42, ll. 5, 7-9, 12 ob.")
    assert ref.folio_text == "ll. 5, 7-9, 12 ob."
    assert ref.folio_ranges == [("5", "5"), ("7", "9"), ("12 ob.", "12 ob.")]
    assert ref.folios == ("5", "12 ob.")
    ref = parse_archival("АП РФ. Ф. 45. Оп. 1. Д. 329. Л. 29 об.–30")
    assert ref.folio_text == "Л. 29 об.–30" and ref.folio_ranges == [("29 об.", "30")]
    ref = parse_archival("TsAMO f. 3, op. 11556, d. 12")
    assert ref.folios is None and ref.folio_text is None and ref.folio_ranges == []


def test_nothing_is_invented():
    ref = parse_archival("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85")
    assert ref.delo is None and ref.tom is None
    ref = parse_archival("f. 3, op. 65, d. 363")
    assert ref.repository == "unknown" and ref.papka is None and ref.folios is None


@pytest.mark.parametrize("text", [
    "Imperialist aggression shattered the fond dreams of the Chinese",
    "Reprinted in Russko-kitaiskie otnosheniia, vol. 5, book 2, p. 45, d. 3",
    "In 1949 the delegation (see Fig. 3) left on the 5th",
    "т. Сталин сказал, что д. 5 и п. 3 договора надо изменить",
    "Op. 1, D. 39, Ll. 7-16",  # no fond: not a reference
    "The talks began at F. 3 in the afternoon.",  # a lone fond without a repository
])
def test_not_references(text):
    assert find_archival(text) == []
    assert parse_archival(text) is None


# realistic citations: (citation, the references as written, in order)
CITATIONS = [
    ("“Cable, Mao Zedong to Stalin,” January 10, 1949, History and Public Policy Program Digital Archive, "
     "APRF: F. 39, Op. 1, D. 31, Ll. 54-58. Reprinted in Andrei Ledovskii, Raisa Mirovitskaia and Vladimir "
     "Miasnikov, Sovetsko-Kitaiskie Otnosheniia, Vol. 5, Book 2, 1946-February 1950 (Moscow: Pamiatniki "
     "Istoricheskoi Mysli, 2005), pp. 33-37. Translated by Sergey Radchenko.",
     ["APRF: F. 39, Op. 1, D. 31, Ll. 54-58"]),
    ("“Report, Kovalev to Stalin,” July 06, 1949, History and Public Policy Program Digital Archive, APRF:\n"
     "F. 3, Op. 65, D. 363, Ll. 20-23. Reprinted in Andrei Ledovskii.",
     ["APRF:\nF. 3, Op. 65, D. 363, Ll. 20-23"]),
    ("“Record of Conversation,” 1949, History and Public Policy Program Digital Archive, F. 3, Op. 65, "
     "D. 363, Ll. 20-23. Reprinted in …", ["F. 3, Op. 65, D. 363, Ll. 20-23"]),
    ("“Record of Conversation between Soviet Ambassador in China Apollon Petrov and Zhou Enlai,” October 05, "
     "1945, History and Public Policy Program Digital Archive, AVPRF: fond 0100, opis 40, delo 7, papka 248, "
     "listy 120-123. Translated by Sergey Radchenko. http://digitalarchive.wilsoncenter.org/document/122808",
     ["AVPRF: fond 0100, opis 40, delo 7, papka 248, listy 120-123"]),
    ('"Record of Talks between I.V. Stalin and Mao Zedong", January 22, 1950, Wilson Center Digital Archive, '
     "Archive of the President, Russian Federation (APRF), f. 45, op.1, d.329, ll. 29-38. Translated by Danny Rozas.",
     ["Archive of the President, Russian Federation (APRF), f. 45, op.1, d.329, ll. 29-38"]),
    ("Source: RGASPI, f. 558, op. 11, d. 330, ll. 1-4. Original language: Russian.",
     ["RGASPI, f. 558, op. 11, d. 330, ll. 1-4"]),
    ("Sources: APRF, f. 45, op. 1, d. 329, ll. 29-38; RGASPI, f. 558, op. 11, d. 329, ll. 29-38.",
     ["APRF, f. 45, op. 1, d. 329, ll. 29-38", "RGASPI, f. 558, op. 11, d. 329, ll. 29-38"]),
    ("Obtained by Odd Arne Westad. AVP RF, f. 0100, op. 43, d. 43, papka 302, ll. 1-5. Obtained by Daniel Rozas.",
     ["AVP RF, f. 0100, op. 43, d. 43, papka 302, ll. 1-5"]),
    ("Печатается по: АВП РФ. Ф. 07. Оп. 23а. П. 18. Д. 234. Л. 25–30. Подлинник.",
     ["АВП РФ. Ф. 07. Оп. 23а. П. 18. Д. 234. Л. 25–30"]),
    ("[Archive of Foreign Policy of the Russian Federation (AVPRF), f. 0100,\nop. 42, por. 19, pap. 288, "
     "ll. 81-85.]", ["Archive of Foreign Policy of the Russian Federation (AVPRF), f. 0100,\nop. 42, por. 19, "
                     "pap. 288, ll. 81-85"]),
    ("Wilson Center Digital Archive, RGASPI, f. 558, op. 11, d. 329, ll. 29-38 (formerly APRF, f. 45, op. 1, "
     "d. 329). Translated by Danny Rozas.",
     ["RGASPI, f. 558, op. 11, d. 329, ll. 29-38 (formerly APRF, f. 45, op. 1, d. 329)"]),
]


@pytest.mark.parametrize("citation,expected", CITATIONS, ids=[str(i) for i in range(len(CITATIONS))])
def test_spans_in_citations(citation, expected):
    found = find_archival(citation)
    assert [citation[s:e] for s, e, _ in found] == expected
    assert [ref.raw for _, _, ref in found] == [" ".join(t.split()) for t in expected]


def test_former_signatures():
    text = "RGASPI, f. 558, op. 11, d. 329, ll. 29-38 (formerly APRF f. 45 op. 1 d. 329). Reprinted in …"
    [(start, end, ref)] = find_archival(text)
    assert text[start:end] == "RGASPI, f. 558, op. 11, d. 329, ll. 29-38 (formerly APRF f. 45 op. 1 d. 329)"
    assert _parts(ref) == dict(repository="RGASPI", fond="558", opis="11", delo="329", folios=("29", "38"))
    assert ref.former.raw == "APRF f. 45 op. 1 d. 329"
    assert _parts(ref.former) == dict(repository="APRF", fond="45", opis="1", delo="329")
    assert ref.former.former is None

    ref = parse_archival("RGANI f. 5, op. 30, d. 1 (old: TsKhSD f. 5, op. 30, d. 1)")
    assert (ref.repository, ref.former.repository, ref.former.fond) == ("RGANI", "TsKhSD", "5")

    ref = parse_archival("RGASPI f. 558, op. 11, d. 329; former signature: f. 45, op. 1, d. 329")
    assert ref.former.repository == "unknown" and ref.former.fond == "45"  # same archive: none written

    # the current signature given after the former one
    ref = parse_archival("APRF, f. 45, op. 1, d. 329, ll. 29-38 (now RGASPI, f. 558, op. 11, d. 329)")
    assert _parts(ref) == dict(repository="RGASPI", fond="558", opis="11", delo="329")
    assert _parts(ref.former) == dict(repository="APRF", fond="45", opis="1", delo="329", folios=("29", "38"))

    # a reference that merely follows another is not its former signature
    refs = find_archival("APRF, f. 45, op. 1, d. 329; RGASPI, f. 558, op. 11, d. 329")
    assert len(refs) == 2 and all(ref.former is None for _, _, ref in refs)
    # 'formerly' alone, with nothing before it: a reference of its own
    ref = parse_archival("formerly APRF f. 45 op. 1 d. 329")
    assert ref.raw == "APRF f. 45 op. 1 d. 329" and ref.former is None


def test_part_grammar_is_a_table():
    assert set(HIERARCHY) < set(PARTS) and "folios" in PARTS
    assert HIERARCHY.index("papka") < HIERARCHY.index("delo") and HIERARCHY.index("por") < HIERARCHY.index("delo")


# ---------------------------------------------------------------- TEI encoding

BASE = ROOT / "tests" / "golden" / "wilson-translation" / "expected.xml"


@pytest.fixture(scope="module")
def writer(edition_meta, register):
    """The TEI writer with the edition's registers: an archive's city comes from its register entry."""
    return TeiWriter(edition_meta, register)


def _write(writer, refs, tmp_path: Path) -> Path:
    """The wilson-translation golden with its msDesc replaced by the ones the writer makes of ``refs``."""
    tree = etree.parse(str(BASE))
    source_desc = tree.find(f".//{TEI}sourceDesc")
    old = source_desc.find(f"{TEI}msDesc")
    index = source_desc.index(old)
    source_desc.remove(old)
    holder = etree.Element(f"{TEI}sourceDesc")
    writer = TeiWriter(repo_project().meta, repo_project().registers)
    for n, ref in enumerate(refs, 1):
        writer._ms_desc(holder, ref, f"ms{n}")
    for n, ms in enumerate(holder):
        source_desc.insert(index + n, copy.deepcopy(ms))
    path = tmp_path / "doc.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


ENCODED = [
    ("AVP RF, f. 0100, op. 43, d. 43, papka 302, ll. 1-5", ["fond", "opis", "papka", "delo"]),
    ("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85", ["fond", "opis", "papka", "por"]),
    ("АВП РФ. Ф. 07. Оп. 23а. П. 18. Д. 234. Л. 25–30", ["fond", "opis", "papka", "delo"]),
    ("RGASPI, f. 17, op. 3, d. 1045, t. 2, ll. 10–12, 14 ob.", ["fond", "opis", "delo", "tom"]),
    ("f. 3, op. 65, d. 363", ["fond", "opis", "delo"]),
]


@pytest.mark.parametrize("text,order", ENCODED, ids=[e[0][:30] for e in ENCODED])
def test_ms_identifier_in_hierarchy_order(text, order, writer, tmp_path):
    ref = parse_archival(text)
    tree = etree.parse(str(_write(writer, [ref], tmp_path)))
    ms_id = tree.find(f".//{TEI}msDesc/{TEI}msIdentifier")
    assert ms_id.findtext(f"{TEI}repository") == ref.repository
    idnos = ms_id.findall(f"{TEI}idno")
    assert [i.get("type") for i in idnos] == order + ["reference"]
    assert [i.text for i in idnos[:-1]] == [getattr(ref, kind) for kind in order]
    assert idnos[-1].text == ref.raw
    assert ms_id.find(f"{TEI}collection") is None


def test_folios_as_locus(writer, tmp_path):
    refs = [parse_archival("AVPRF: fond 0100, opis 40, delo 7, papka 248, listy 120-123"),
            parse_archival("ЦАМО, ф. 3, оп. 11556, д. 12, л. 5, 7–9, 12 об.")]
    tree = etree.parse(str(_write(writer, refs, tmp_path)))
    first, second = tree.findall(f".//{TEI}msDesc")
    [locus] = first.findall(f"{TEI}msContents/{TEI}msItem/{TEI}locus")
    assert (locus.get("from"), locus.get("to")) == ("120", "123")
    assert second.findtext(f".//{TEI}settlement") == "Podolsk"
    loci = second.findall(f"{TEI}msContents/{TEI}msItem/{TEI}locusGrp/{TEI}locus")
    assert [(l.get("from"), l.get("to")) for l in loci] == [("5", "5"), ("7", "9"), ("12ob", "12ob")]
    assert loci[-1].text == "l. 12 об."


def test_former_signature_as_alt_identifier(writer, tmp_path):
    ref = parse_archival("RGASPI, f. 558, op. 11, d. 329, ll. 29-38 (formerly APRF, f. 45, op. 1, d. 329)")
    tree = etree.parse(str(_write(writer, [ref], tmp_path)))
    ms_id = tree.find(f".//{TEI}msIdentifier")
    assert [c.tag.replace(TEI, "") for c in ms_id] == ["settlement", "repository", "idno", "idno", "idno",
                                                        "idno", "altIdentifier"]
    alt = ms_id.find(f"{TEI}altIdentifier")
    assert alt.get("type") == "former" and alt.findtext(f"{TEI}repository") == "APRF"
    [idno] = alt.findall(f"{TEI}idno")
    assert "".join(idno.itertext()) == "APRF, f. 45, op. 1, d. 329"  # as written
    assert [(i.get("type"), i.text) for i in idno] == [("fond", "45"), ("opis", "1"), ("delo", "329")]
    # without a repository of its own, the former signature has none (TEI: the msIdentifier's)
    ref = parse_archival("RGASPI f. 558, op. 11, d. 329 (old: f. 45, op. 1, d. 329)")
    alt = etree.parse(str(_write(writer, [ref], tmp_path))).find(f".//{TEI}altIdentifier")
    assert alt.find(f"{TEI}repository") is None and alt.find(f"{TEI}settlement") is None


def test_written_references_are_valid(writer, tmp_path, tei_all):
    refs = [parse_archival(text) for text, _ in FORMS] + [
        parse_archival("RGASPI, f. 558, op. 11, d. 329, ll. 29-38 (formerly APRF, f. 45, op. 1, d. 329)"),
        parse_archival("RGANI f. 5, op. 30, d. 1 (old: f. 5, op. 30, d. 1)"),
        parse_archival("APRF, f. 45, op. 1, d. 329, ll. 29-38 (now RGASPI, f. 558, op. 11, d. 329)")]
    path = _write(writer, refs, tmp_path)
    report = validate_file(path, Options(tei=True, tei_schema=tei_all, allow_fetch=False))
    assert report.layers == ["schema", "rules", "tei"]
    assert report.valid, [f"{f.code}: {f.message}" for f in report.findings]
