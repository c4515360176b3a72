"""The web edition as a published site (issue 10, items 4 and 7), without a browser: the site's address from
edition.toml ([site] url, else [exchange] base_url) in the pages' citations, canonical links and sitemap.xml;
permalinks on every passage, with ids that are the TEI's or made from the document alone (the same on every
build); each conversation's TEI file shipped beside its page and linked, and the PDF linked when it is built;
the search index's texts as the reader reads them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree, html

from edition.errors import EditionError
from edition.project import Project
from edition.publish.builders import PDF_HREF, HtmlBuilder
from edition.publish.search import page_versions

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
URL = "https://edition.example.org/conversations/"
CONV = "1950-01-22-stalin-mao-zedong"


@pytest.fixture(scope="module")
def built(seed_build, edition_meta, tmp_path_factory):
    """The site with the site's address and the PDF (as a build with both makes it)."""
    _, _, paths = seed_build
    out = tmp_path_factory.mktemp("site")
    written = HtmlBuilder().build(paths, out, {**edition_meta.as_params(), "site_url": URL.rstrip("/"), "pdf": True})
    return out, written, paths


def _page(out: Path, stem: str):
    return html.parse(str(out / f"{stem}.html")).getroot()


def _passages(doc) -> list:
    return doc.xpath("//div[@class='text-body']//*[a[@class='permalink']]")


# ------------------------------------------------------------------ the site's address

def _project(tmp_path: Path, extra: str) -> Path:
    config = tmp_path / "edition.toml"
    config.write_text('title = "T"\neditors = ["E. Ditor"]\npublisher = "P"\nlicence = "CC BY 4.0"\n' + extra,
                      encoding="utf-8")
    return config


@pytest.mark.parametrize("extra,url", [
    ('[site]\nurl = "https://edition.example.org/site"\n', "https://edition.example.org/site/"),
    ('[exchange]\nbase_url = "https://data.example.org/ed/"\n', "https://data.example.org/ed/"),
    ('[site]\nurl = "https://a.example.org/"\n[exchange]\nbase_url = "https://b.example.org/"\n',
     "https://a.example.org/"),
    ("", ""),
])
def test_the_sites_address_comes_from_edition_toml(tmp_path, extra, url):
    assert Project.load(_project(tmp_path, extra)).site_url == url


@pytest.mark.parametrize("extra, per_entry", [("", None), ("[site]\nnames_per_entry = 0\n", 0),
                                               ('[site]\nurl = "https://e.org/"\nnames_per_entry = 12\n', 12)])
def test_names_per_entry_comes_from_edition_toml(tmp_path, extra, per_entry):
    assert Project.load(_project(tmp_path, extra)).names_per_entry == per_entry


@pytest.mark.parametrize("extra", ["[site]\nnames_per_entry = -1\n", "[site]\nnames_per_entry = 2.5\n",
                                   '[site]\nnames_per_entry = "20"\n', "[site]\nnames_per_entry = true\n"])
def test_a_bad_names_per_entry_is_refused_on_load(tmp_path, extra):
    with pytest.raises(EditionError) as caught:
        Project.load(_project(tmp_path, extra))
    assert caught.value.diagnostic.code == "project.bad-site" and "names_per_entry" in caught.value.diagnostic.message


@pytest.mark.parametrize("extra", ['[site]\nurl = "edition.example.org"\n', '[site]\nurl = "https://e.org/?a=1"\n',
                                   '[site]\nurl = 3\n', '[site]\naddress = "https://e.org/"\n', 'site = "x"\n'])
def test_a_bad_site_address_is_refused_on_load(tmp_path, extra):
    with pytest.raises(EditionError) as caught:
        Project.load(_project(tmp_path, extra))
    assert caught.value.diagnostic.code == "project.bad-site"
    assert caught.value.diagnostic.file == str(tmp_path / "edition.toml")


def test_the_pages_cite_their_permanent_url(built):
    out, _, paths = built
    for path in paths:
        doc = _page(out, path.stem)
        url = URL + f"{path.stem}.html"
        assert doc.xpath("//head/link[@rel='canonical']/@href") == [url]
        assert doc.xpath("//meta[@name='citation_public_url']/@content") == [url]
        assert doc.xpath("//meta[@name='DC.identifier']/@content") == [url]
        chicago = " ".join(doc.xpath("string(//p[@class='cite-chicago'])").split())
        assert chicago.endswith(f" {url}."), chicago
        assert f"  url = {{{url}}}," in doc.xpath("string(//pre[@class='cite-bibtex'])")


def test_the_sitemap_lists_every_page_at_the_sites_address(built):
    out, written, paths = built
    assert out / "sitemap.xml" in written
    root = etree.parse(str(out / "sitemap.xml")).getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locs[:2] == [URL, URL + "names.html"]
    assert sorted(locs[2:]) == sorted(URL + f"{p.stem}.html" for p in paths)
    for loc in locs[1:]:  # each names a page of the site
        assert (out / loc.removeprefix(URL)).is_file(), loc
    assert len(set(locs)) == len(locs)


# ------------------------------------------------------------------ permalinks

def test_every_passage_has_a_permalink_to_its_own_id(built):
    out, _, paths = built
    for path in paths:
        doc = _page(out, path.stem)
        passages = _passages(doc)
        assert passages, path.stem
        ids = doc.xpath("//@id")
        assert len(ids) == len(set(ids)), f"ids repeated in {path.stem}"
        for passage in passages:
            link = passage.xpath("a[@class='permalink']")[0]
            assert link.get("href") == "#" + passage.get("id")
            assert link.get("aria-label") and not link.text_content(), "named, and nothing added to the text"


def test_permalinks_keep_the_tei_ids(built):
    """HTML ids = TEI ids where the TEI has them (the aligned conversation's every paragraph)."""
    out, _, paths = built
    path = next(p for p in paths if p.stem == CONV)
    tei_ids = set(etree.parse(str(path)).xpath("//t:text//t:p/@xml:id", namespaces=NS))
    assert len(tei_ids) > 50
    permalinked = {p.get("id") for p in _passages(_page(out, CONV))}
    assert tei_ids <= permalinked


def test_passage_ids_are_made_from_the_document_alone(built, edition_meta, tmp_path):
    """The same TEI gives the same ids in another build, from another folder, among other conversations."""
    out, _, paths = built
    single = next(p for p in paths if not etree.parse(str(p)).xpath("//t:text//t:p/@xml:id", namespaces=NS))
    copy = tmp_path / "elsewhere" / single.name
    copy.parent.mkdir()
    shutil.copy(single, copy)
    HtmlBuilder().build([copy], tmp_path / "again", edition_meta.as_params())
    first = [p.get("id") for p in _passages(_page(out, single.stem))]
    second = [p.get("id") for p in _passages(_page(tmp_path / "again", single.stem))]
    assert first == second
    version = etree.parse(str(single)).xpath("string(//t:text[@xml:id][1]/@xml:id)", namespaces=NS)
    assert first[:3] == [f"{version}-p1", f"{version}-p2", f"{version}-p3"]


# ------------------------------------------------------------------ downloads

def test_each_page_ships_and_links_its_tei_file(built):
    out, written, paths = built
    for path in paths:
        doc = _page(out, path.stem)
        href = doc.xpath("//a[@class='download-tei']/@href")
        assert href == [f"{path.stem}.xml"] == doc.xpath("//head/link[@type='application/tei+xml']/@href")
        assert out / href[0] in written
        assert (out / href[0]).read_bytes() == path.read_bytes()


def test_pages_and_contents_link_the_pdf_only_when_it_is_built(built, edition_meta, seed_build, tmp_path):
    out, _, paths = built
    for stem in [p.stem for p in paths]:
        assert _page(out, stem).xpath("//a[@class='download-pdf']/@href") == [PDF_HREF]
    assert PDF_HREF in _page(out, "index").xpath("//a/@href")
    # where the pipeline puts the PDF, seen from the site's folder
    assert (out / PDF_HREF).resolve() == (out.parent / "pdf" / "edition.pdf").resolve()
    without = tmp_path / "nopdf"
    HtmlBuilder().build(paths[:1], without, edition_meta.as_params())
    assert not _page(without, paths[0].stem).xpath("//a[@class='download-pdf']")
    assert PDF_HREF not in _page(without, "index").xpath("//a/@href")


# ------------------------------------------------------------------ what the search index reads

def test_the_search_index_reads_the_text_as_the_reader_does(built):
    out, _, paths = built
    path = next(p for p in paths if p.stem == CONV)
    versions = page_versions(out / f"{CONV}.html", path, f"{CONV}.html")
    doc = _page(out, CONV)
    tei = etree.parse(str(path))
    assert [v.language for v in versions] == [doc.get_element_by_id(f"v-{v.key}").get("lang") for v in versions]
    for version in versions:
        tei_sentences = tei.xpath(f"//t:text[@xml:id='{version.key}']//t:s", namespaces=NS)
        assert [uid for uid, _ in version.units] == [s.get(XML_ID) for s in tei_sentences]
        plain = 0
        for (uid, text), s in zip(version.units, tei_sentences):
            if not s.xpath(".//t:note | .//t:choice | .//t:pb | .//t:lb | .//t:gap | .//t:supplied", namespaces=NS):
                assert text == " ".join("".join(s.itertext()).split()), uid  # the sentence's words, nothing added
                plain += 1
            for pb in s.xpath(".//t:pb/@n", namespaces=NS):  # page-break numbers are no words of the text
                assert f"|{pb}" not in text, (uid, text)
        assert plain > len(tei_sentences) / 2
        assert version.filters["language"] == [tei.xpath(
            f"string(//t:langUsage/t:language[@ident='{version.language}'])", namespaces=NS)]
        assert "Joseph Stalin" in version.filters["participant"]
        assert version.filters["year"] == ["1950"]


def test_the_search_index_is_the_same_bytes_on_every_build(built, edition_meta, tmp_path):
    """Pagefind's own filter files come out in a different order on each run: the edition's filters are words
    instead, and the entry file's languages are sorted, so that a build is byte for byte the same build."""
    out, _, paths = built
    again = tmp_path / "again"
    HtmlBuilder().build(paths, again, {**edition_meta.as_params(), "site_url": URL, "pdf": True})
    files = sorted(p.relative_to(out) for p in (out / "pagefind").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in (again / "pagefind").rglob("*") if p.is_file())
    assert [(out / f).read_bytes() for f in files] == [(again / f).read_bytes() for f in files]
    assert not [f for f in files if f.parts[1] == "filter" or "filter" in f.name]
    assert (out / "search.html").read_bytes() == (again / "search.html").read_bytes()
