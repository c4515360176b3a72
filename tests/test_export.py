"""`edition export`: every document of the exchange package stands alone (valid against tei_all in an empty
folder, absolute schema locations, a URI, authority URIs beside local pointers, a dated and attributed change),
the teiCorpus is valid with unique ids and resolving pointers, each document has a Dublin Core record with the
facts harvesters need, and the manifest's checksums are those of the files."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.validate import load_rng

from .conftest import ROOT
from .teitext import TEI

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    built = CliRunner().invoke(main, ["build", "--project", str(ROOT), "--out", str(out), "--no-pdf"])
    assert built.exit_code == 0, built.output
    exported = CliRunner().invoke(main, ["export", "--project", str(ROOT), "--out", str(out)])
    assert exported.exit_code == 0 and "[export.no-base-url]" in exported.output, exported.output
    return out / "export"


def test_each_document_stands_alone_valid_against_tei_all(package, tei_all, tmp_path):
    rng = load_rng(tei_all)
    documents = sorted((package / "tei").glob("*.xml"))
    assert documents
    for path in documents:
        alone = tmp_path / path.name  # nothing beside it
        shutil.copy(path, alone)
        tree = etree.parse(str(alone))
        assert rng.validate(tree), (path.name, rng.error_log.last_error)
        root = tree.getroot()
        assert root.get(XML_ID) == f"conv-{path.stem}"
        assert root.findtext(f".//{TEI}publicationStmt/{TEI}idno[@type='URI']") == \
            f"https://example.org/edition/{path.stem}"
        models = [pi.get("href") for pi in root.itersiblings(preceding=True) if getattr(pi, "target", "") == "xml-model"]
        assert models and all(href.startswith("https://") for href in models)
        change = root.findall(f".//{TEI}revisionDesc/{TEI}change")[-1]
        assert change.get("when") and change.get("who") == "#ed1" and "Exported" in change.text
    result = CliRunner().invoke(main, ["validate", "--tei", "--tei-schema", str(tei_all), *map(str, documents)])
    assert result.exit_code == 0, result.output
    if shutil.which("java"):  # and as Oxygen sees them: jing, alone in the empty folder, the corpus too
        alone = sorted(tmp_path.glob("*.xml"))
        shutil.copy(package / "corpus.xml", tmp_path / "corpus.xml")
        jing = CliRunner().invoke(main, ["validate", "--tei", "--tei-engine", "jing", "--tei-schema", str(tei_all),
                                         *map(str, alone), str(tmp_path / "corpus.xml")])
        assert jing.exit_code == 0 and f"{len(alone) + 1} files: {len(alone) + 1} valid" in jing.output, jing.output


def test_names_carry_authority_uris_beside_the_local_pointer(package):
    root = etree.parse(str(package / "tei" / "1950-01-22-stalin-mao-zedong.xml")).getroot()
    refs = {el.get("ref") for el in root.iter(f"{TEI}persName")
            if el.get("ref") and el.getparent().tag != f"{TEI}correspAction"}
    assert "#stalin http://www.wikidata.org/entity/Q855" in refs
    assert all(ref.split()[0].startswith("#") for ref in refs)  # the local pointer stays first
    # except in correspDesc, CMIF-style: @ref holds only authority URIs, @corresp the local entry
    for el in root.iter(f"{TEI}correspAction"):
        for name in el.iter(f"{TEI}persName"):
            assert all(r.startswith("http") for r in (name.get("ref") or "").split())


def test_the_corpus_is_valid_with_unique_ids_and_pointers_that_resolve(package, tei_all):
    tree = etree.parse(str(package / "corpus.xml"))
    assert load_rng(tei_all).validate(tree), load_rng(tei_all).error_log.last_error
    ids = Counter(el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID))
    assert not [i for i, n in ids.items() if n > 1]
    documents = tree.getroot().findall(f"{TEI}TEI")
    assert len(documents) == len(list((package / "tei").glob("*.xml")))
    dangling = [(el.sourceline, name, p) for el in tree.iter() if isinstance(el.tag, str)
                for name, value in el.attrib.items()  # every attribute: a local pointer is "#..." in any of them
                for p in value.split() if p.startswith("#") and p[1:] not in ids]
    assert not dangling, dangling[:5]


def test_every_document_has_a_dublin_core_record(package):
    for path in sorted((package / "tei").glob("*.xml")):
        record = etree.parse(str(package / "dc" / path.name)).getroot()
        fields = {etree.QName(el).localname for el in record}
        assert {"title", "date", "creator", "language", "rights", "identifier"} <= fields, (path.name, fields)
        assert record.findtext(f"{DC}identifier") == f"https://example.org/edition/{path.stem}"
    oai = etree.parse(str(package / "oai.xml")).getroot()
    records = oai.findall(".//{http://www.openarchives.org/OAI/2.0/}record")
    assert len(records) == len(list((package / "tei").glob("*.xml")))


def test_the_manifest_lists_every_file_with_its_checksum(package):
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    files = {str(p.relative_to(package)) for p in package.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert set(listed) == files
    for name, entry in listed.items():
        data = (package / name).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_export_without_a_build_says_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["export", "--project", str(ROOT), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "[export.no-build]" in result.output and "edition build" in result.output


# ------------------------------------------------------------------ the catalogue against the official schemas

OAI_DIR = ROOT / "edition" / "schema" / "oai"
OAI_NS = "{http://www.openarchives.org/OAI/2.0/}"
STATIC_NS = "{http://www.openarchives.org/OAI/2.0/static-repository}"


@pytest.fixture(scope="module")
def official():
    """The vendored schemas, loaded here with xmlschema directly (not through edition.exchange), offline."""
    import xmlschema

    folder = str(OAI_DIR)
    repository = xmlschema.XMLSchema10("static-repository.xsd", base_url=folder, allow="sandbox",
                                       locations=[("http://www.openarchives.org/OAI/2.0/oai_dc/", "oai_dc.xsd")])
    return repository, xmlschema.XMLSchema10("oai_dc.xsd", base_url=folder, allow="sandbox")


def _errors(schema, tree) -> list[str]:
    return [error.reason for error in schema.iter_errors(tree, use_location_hints=False)]


def test_the_vendored_schemas_import_only_each_other():
    """Every import/include/redefine names a file of the folder (the one documented edit), and the README
    accounts for every file."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    readme = (OAI_DIR / "README.md").read_text(encoding="utf-8")
    for path in sorted(OAI_DIR.glob("*.xsd")):
        assert f"`{path.name}`" in readme, path.name
        for el in etree.parse(str(path)).iter(f"{xs}import", f"{xs}include", f"{xs}redefine"):
            assert (OAI_DIR / el.get("schemaLocation")).is_file(), (path.name, el.get("schemaLocation"))


def test_oai_xml_and_every_dc_record_are_valid_against_the_official_schemas(package, official):
    repository, oai_dc = official
    oai = etree.parse(str(package / "oai.xml"))
    assert _errors(repository, oai) == []
    records = sorted((package / "dc").glob("*.xml"))
    assert len(records) == len(list((package / "tei").glob("*.xml")))
    for path in records:
        assert _errors(oai_dc, etree.parse(str(path))) == [], path.name
    # the records inside oai.xml are the dc/ files' records, checked strictly (OAI-PMH.xsd's metadata wildcard)
    assert len(oai.findall(f".//{OAI_NS}metadata/{{http://www.openarchives.org/OAI/2.0/oai_dc/}}dc")) == len(records)


def _mutations():
    """Ways to break a static repository, each of which the official schema (or the guidelines' rules the
    schema leaves open) must refuse."""
    def drop_admin_email(root):
        root.find(f".//{OAI_NS}adminEmail").getparent().remove(root.find(f".//{OAI_NS}adminEmail"))

    def set_spec(root):
        etree.SubElement(root.find(f".//{OAI_NS}header"), f"{OAI_NS}setSpec").text = "letters"

    def deleted(root):
        root.find(f".//{OAI_NS}header").set("status", "deleted")

    def second_granularity(root):
        root.find(f".//{OAI_NS}granularity").text = "YYYY-MM-DDThh:mm:ssZ"

    def resumption_token(root):
        etree.SubElement(root.find(f"{STATIC_NS}ListRecords"), f"{OAI_NS}resumptionToken").text = "next"

    def foreign_metadata(root):
        etree.SubElement(root.find(f".//{{http://www.openarchives.org/OAI/2.0/oai_dc/}}dc"),
                         "{http://purl.org/dc/elements/1.1/}author").text = "not a DC element"

    def bad_email(root):
        root.find(f".//{OAI_NS}adminEmail").text = "editors"

    return [drop_admin_email, set_spec, deleted, second_granularity, resumption_token, foreign_metadata, bad_email]


@pytest.mark.parametrize("mutate", _mutations(), ids=lambda f: f.__name__)
def test_a_broken_oai_xml_fails_the_official_schema_and_our_check(package, official, mutate, tmp_path):
    from edition.exchange import check_catalogue

    tree = etree.parse(str(package / "oai.xml"))
    mutate(tree.getroot())
    assert _errors(official[0], tree), mutate.__name__
    broken = tmp_path / "oai.xml"
    tree.write(str(broken), xml_declaration=True, encoding="UTF-8")
    found = check_catalogue(broken)
    assert found and {d.code for d in found} == {"export.invalid-catalogue"}


@pytest.mark.parametrize("change, says", [
    (lambda root: root.find(f".//{OAI_NS}datestamp").__setattr__("text", "2026-01-01T10:00:00Z"), "not a day"),
    (lambda root: root.find(f"{STATIC_NS}ListRecords").set("metadataPrefix", "mods"), "metadataPrefix"),
], ids=["datestamp-with-time", "undeclared-prefix"])
def test_static_repository_rules_the_schema_leaves_open(package, official, change, says, tmp_path):
    """Valid against the schema, yet against the Static Repository guidelines (3.2): our check says so."""
    from edition.exchange import check_catalogue

    tree = etree.parse(str(package / "oai.xml"))
    change(tree.getroot())
    assert _errors(official[0], tree) == []
    broken = tmp_path / "oai.xml"
    tree.write(str(broken), xml_declaration=True, encoding="UTF-8")
    assert any(says in d.message for d in check_catalogue(broken))


def test_a_dc_record_with_a_foreign_element_fails(package, official, tmp_path):
    from edition.exchange import check_catalogue

    path = sorted((package / "dc").glob("*.xml"))[0]
    tree = etree.parse(str(path))
    etree.SubElement(tree.getroot(), "{http://purl.org/dc/terms/}abstract").text = "qualified DC is not oai_dc"
    assert _errors(official[1], tree)
    broken = tmp_path / "dc" / path.name
    broken.parent.mkdir()
    tree.write(str(broken), xml_declaration=True, encoding="UTF-8")
    assert [d.code for d in check_catalogue(broken)] == ["export.invalid-catalogue"]


def test_admin_email_is_the_projects_contact_when_it_is_an_address(package, tmp_path):
    from edition.exchange import ExchangeConfig, export

    tei = sorted((package.parent / "tei").glob("*.xml"))
    config = ExchangeConfig.from_table({"base_url": "https://edition.example.org/"}, None)
    given = export(tei, tmp_path / "a", config, ["Ed"], "CC BY 4.0", contact="archive@example.net")
    oai = etree.parse(str(given.out_dir / "oai.xml")).getroot()
    assert oai.findtext(f".//{OAI_NS}adminEmail") == "archive@example.net"
    assert not [d for d in given.diagnostics if d.code == "export.no-admin-email"]
    url = export(tei, tmp_path / "b", config, ["Ed"], "CC BY 4.0", contact="https://edition.example.org/contact")
    oai = etree.parse(str(url.out_dir / "oai.xml")).getroot()
    assert oai.findtext(f".//{OAI_NS}adminEmail") == "editors@example.org"
    assert [d.code for d in url.diagnostics] == ["export.no-admin-email"]


def test_an_invalid_catalogue_is_not_published(package, tmp_path, monkeypatch):
    """The export checks its records before swapping the package in: a bug that breaks one leaves the last
    good package as it was and says which file."""
    from edition import exchange
    from edition.errors import EditionError

    tei = sorted((package.parent / "tei").glob("*.xml"))
    config = exchange.ExchangeConfig.from_table({"base_url": "https://edition.example.org/"}, None)
    first = exchange.export(tei, tmp_path, config, ["Ed"], "CC BY 4.0", contact="a@example.net")
    before = (first.out_dir / "oai.xml").read_bytes()
    real = exchange.dublin_core

    def broken(*args, **kwargs):
        record = real(*args, **kwargs)
        etree.SubElement(record, "{http://purl.org/dc/elements/1.1/}author").text = "no such DC element"
        return record

    monkeypatch.setattr(exchange, "dublin_core", broken)
    with pytest.raises(EditionError) as raised:
        exchange.export(tei, tmp_path, config, ["Ed"], "CC BY 4.0", contact="a@example.net")
    assert raised.value.diagnostic.code == "export.invalid-catalogue"
    assert (first.out_dir / "oai.xml").read_bytes() == before


# ------------------------------------------------------------------ letters: CMIF correspDesc

LETTERS = {"1949-12-16-stalin-mao-zedong": ("1949-12-31", "the signature is illegible"),
           "1950-01-22-stalin-mao-zedong": ("1950-01-31", "shows no signature")}


def test_covering_letters_get_a_cmif_correspdesc_from_the_letter_alone(package):
    for path in sorted((package / "tei").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        descs = root.findall(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}correspDesc")
        if path.stem not in LETTERS:
            assert descs == [], path.name  # a record of conversation is not a letter
            continue
        (desc,) = descs
        when, why = LETTERS[path.stem]
        assert desc.get("ref") == f"https://example.org/edition/{path.stem}"
        text_ids = {t.get(XML_ID) for t in root.iter(f"{TEI}text")}
        assert desc.get("corresp")[1:] in text_ids
        sent, received = desc.findall(f"{TEI}correspAction")
        assert (sent.get("type"), received.get("type")) == ("sent", "received")
        # the signature is illegible or missing: CMIF's "Unknown", not the conversation's speakers
        assert [p.text for p in sent.findall(f"{TEI}persName")] == ["Unknown"]
        assert sent.find(f"{TEI}date").get("when") == when  # the dateline's, not the conversation's
        assert sent.find(f"{TEI}placeName") is None  # the letter names no place
        (addressee,) = received.findall(f"{TEI}persName")
        assert addressee.get("corresp") == "#poskrebyshev" and "Poskrebyshev" in addressee.text
        note = desc.findtext(f"{TEI}note")
        assert why in note and "place of sending is not stated" in note


def test_the_correspdescs_keep_the_cmif_rules(package):
    """The CMIF's own Schematron (odd/cmif.sch): each correspDesc has a sent and a received action, each date
    a dating attribute, and a persName is never empty."""
    for path in sorted((package / "tei").glob("*.xml")):
        for desc in etree.parse(str(path)).iter(f"{TEI}correspDesc"):
            types = [a.get("type") for a in desc.findall(f"{TEI}correspAction")]
            assert "sent" in types and "received" in types, path.name
            for date in desc.iter(f"{TEI}date"):
                assert any(date.get(a) for a in ("when", "from", "to", "notBefore", "notAfter"))
            assert all((p.text or "").strip() for p in desc.iter(f"{TEI}persName"))


LETTER = f"""<TEI xmlns="{TEI[1:-1]}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc><profileDesc><particDesc><listPerson>
<person xml:id="molotov"><persName>V. M. Molotov</persName><idno type="wikidata">Q42250</idno></person>
<person xml:id="zhou-enlai"><persName>Zhou Enlai</persName><idno type="viaf">12345</idno></person>
</listPerson></particDesc></profileDesc></teiHeader><text xml:id="en-x"><body>
<div type="letter"><opener><dateline><placeName>Moscow</placeName>, <date when="1950-02-14">14 February</date>
</dateline><salute>Dear Comrade <persName ref="#zhou-enlai">Zhou Enlai</persName>,</salute></opener>
<p>Text.</p><closer><signed><persName ref="#molotov">V. Molotov</persName></signed></closer></div>
</body></text></TEI>"""


def test_a_signed_dated_letter_names_its_sender_place_and_date_with_authority_uris():
    from edition.exchange import _add_corresp_desc, correspondence

    root = etree.fromstring(LETTER)
    (letter,) = correspondence(root, "https://e.org/x")
    desc = _add_corresp_desc(root, letter)
    sent, received = desc.findall(f"{TEI}correspAction")
    sender = sent.find(f"{TEI}persName")
    assert (sender.text, sender.get("ref"), sender.get("corresp")) == \
        ("V. Molotov", "http://www.wikidata.org/entity/Q42250", "#molotov")
    assert sent.findtext(f"{TEI}placeName") == "Moscow" and sent.find(f"{TEI}date").get("when") == "1950-02-14"
    addressee = received.find(f"{TEI}persName")
    assert addressee.get("ref") == "http://viaf.org/viaf/12345" and addressee.get("corresp") == "#zhou-enlai"
    assert desc.findtext(f"{TEI}note") == "Its receipt (date, place) is not recorded."
    assert desc.getparent().index(desc) == 0  # before particDesc, as TEI and the project schema order it


def test_what_the_letter_does_not_show_stays_unknown():
    from edition.exchange import correspondence

    root = etree.fromstring(LETTER)
    for path in (".//{0}closer", ".//{0}dateline"):
        el = root.find(path.format(TEI))
        el.getparent().remove(el)
    (letter,) = correspondence(root, "https://e.org/x")
    assert [p.name for p in letter.senders] == ["Unknown"] and letter.date is None and letter.place is None
    assert [p.name for p in letter.addressees] == ["Zhou Enlai"]
    assert any("sender is not known" in u for u in letter.unknown)
    assert any("date of sending is not known" in u for u in letter.unknown)


@pytest.mark.parametrize("case", ["export-dev-06", "export-telegram"])
def test_a_cables_correspdesc_is_made_cmif_style(case):
    """The converter's correspDesc of a cable: the local pointer moves to @corresp, @ref keeps authority URIs
    only, and an action it lacks becomes 'Unknown' (the CMIF requires both)."""
    import datetime as dt

    from edition.exchange import ExchangeConfig, standalone

    tree = etree.parse(str(ROOT / "tests" / "golden" / case / "expected.xml"))
    desc = tree.getroot().find(f".//{TEI}profileDesc/{TEI}correspDesc")
    received = desc.find(f"{TEI}correspAction[@type='received']")
    desc.remove(received)  # a cable whose addressee the transcript does not give
    before = [(p.text, p.get("ref")) for p in desc.iter(f"{TEI}persName")]
    standalone(tree, case, ExchangeConfig.from_table({"base_url": "https://e.org/"}, None), dt.date(2026, 1, 1))
    (desc,) = tree.getroot().findall(f".//{TEI}profileDesc/{TEI}correspDesc")
    names = list(desc.iter(f"{TEI}persName"))
    for name, (text, ref) in zip(names, before):
        assert name.text == text
        assert name.get("corresp") == ref  # None for an unregistered name
        assert all(r.startswith("http") for r in (name.get("ref") or "").split())
    assert [p.text for p in desc.find(f"{TEI}correspAction[@type='received']").iter(f"{TEI}persName")] == ["Unknown"]
