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


def test_names_carry_authority_uris_beside_the_local_pointer(package):
    root = etree.parse(str(package / "tei" / "1950-01-22-stalin-mao-zedong.xml")).getroot()
    refs = {el.get("ref") for el in root.iter(f"{TEI}persName") if el.get("ref")}
    assert "#stalin http://www.wikidata.org/entity/Q855" in refs
    assert all(ref.split()[0].startswith("#") for ref in refs)  # the local pointer stays first


def test_the_corpus_is_valid_with_unique_ids_and_pointers_that_resolve(package, tei_all):
    tree = etree.parse(str(package / "corpus.xml"))
    assert load_rng(tei_all).validate(tree), load_rng(tei_all).error_log.last_error
    ids = Counter(el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID))
    assert not [i for i, n in ids.items() if n > 1]
    documents = tree.getroot().findall(f"{TEI}TEI")
    assert len(documents) == len(list((package / "tei").glob("*.xml")))
    dangling = [p for el in tree.iter() if isinstance(el.tag, str)
                for name in ("ref", "target", "corresp", "who", "resp")
                for p in (el.get(name) or "").split() if p.startswith("#") and p[1:] not in ids]
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
