"""The indexes of names (names.html; the index at the end of the PDF) and the display of names,
dates and times on conversation pages.

Two corpora: the test sample (tests/data/sample-conversation.xml and two variants of it, see
test_publish.py) pins sorting, escaping, dates and exact counts; the seeds, tagged with the
edition's registers, check the real index against the TEI it is made from.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import etree, html

from edition.publish import HtmlBuilder, PdfBuilder

from .test_publish import EDITION, _pages, _text, corpus  # noqa: F401  (corpus is a fixture)

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SAMPLE_PAGE = "1950-01-22-stalin-mao-zedong.html"
CONV_22 = "1950-01-22-stalin-mao-zedong"


# ------------------------------------------------------------------ helpers

def _doc(path: Path):
    return html.parse(str(path)).getroot()


def _entity(doc, entity_id: str):
    found = doc.xpath("//li[contains(concat(' ', @class, ' '), ' entity ')][@id=$id]", id=entity_id)
    assert len(found) == 1, f"{entity_id!r} is listed {len(found)} times in names.html"
    return found[0]


def _section_ids(doc, kind: str) -> list[str]:
    return doc.xpath("//section[@id=$s]//li[contains(concat(' ', @class, ' '), ' entity ')]/@id", s=f"sec-{kind}")


def _conv_pages(li) -> list[str]:
    return [href for href in li.xpath(".//a[@class='conv']/@href")]


def _versions(li, page: str) -> list[tuple[str, int, str]]:
    """(label, count, first-mention href) of each version listed under conversation ``page``."""
    row = li.xpath(".//ul[@class='occurrences']/li[a[@class='conv'][@href=$p]]", p=page)[0]
    return [(_text(a).rsplit(" ", 1)[0], int(a.xpath("string(span[@class='count'])")), a.get("href"))
            for a in row.xpath(".//a[@class='version-mentions']")]


def _key(text: str) -> str:
    """Letters only, lower case: comparable across hyphenation, case, spacing and punctuation."""
    return re.sub(r"[\W_]+", "", text.lower())


def _tei_mentions(paths) -> dict[str, list[tuple[str, str, str]]]:
    """id -> [(file stem, version id, surface)] for every persName/placeName/orgName[@ref] in a text."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for path in paths:
        root = etree.parse(str(path)).getroot()
        for el in root.xpath("//t:text//*[self::t:persName or self::t:placeName or self::t:orgName][@ref]",
                             namespaces=NS):
            ref = el.get("ref").split()[0]
            if ref.startswith("#"):
                version = el.xpath("ancestor::t:text[1]", namespaces=NS)[0]
                found[ref[1:]].append((Path(path).stem, version.get(XML_ID), " ".join("".join(el.itertext()).split())))
    return found


def _pages_listed(refs: str) -> list[int]:
    """"5–11, 21, 47" -> [5, 6, …, 11, 21, 47]"""
    pages: list[int] = []
    for part in refs.split(","):
        part = part.strip()
        if not part:
            continue
        first, _, last = part.partition("–")
        pages.extend(range(int(first), int(last or first) + 1))
    return pages


# ------------------------------------------------------------------ the sample

@pytest.fixture(scope="module")
def sample_site(corpus, tmp_path_factory):  # noqa: F811
    out = tmp_path_factory.mktemp("names-html")
    HtmlBuilder().build(corpus, out, EDITION)
    return out


@pytest.fixture(scope="module")
def names(sample_site):
    raw = (sample_site / "names.html").read_text(encoding="utf-8")
    return raw, html.document_fromstring(raw)


def test_names_page_has_three_sections_sorted_by_family_name(names):
    _, doc = names
    assert [_text(h) for h in doc.xpath("//section/h2")] == ["Persons", "Places", "Organisations"]
    # Liu Shaoqi has a Chinese name: "Liu"; Mao is a participant (no Chinese name in particDesc) with a
    # Russian name without patronymic and a pinyin first word: "Mao"; the others by their last word.
    assert _section_ids(doc, "person") == ["liu-shaoqi", "mao", "molotov", "p-escape", "stalin"]
    assert _section_ids(doc, "place") == ["manchuria"]
    assert _section_ids(doc, "org") == ["ussr"]
    # an English variant used in the texts that sorts elsewhere is a cross-reference
    xref = doc.xpath("//section[@id='sec-place']//li[@class='xref']")
    assert [_text(li) for li in xref] == ["Northeast China see Manchuria"]
    assert xref[0].xpath("a/@href") == ["#manchuria"]
    assert doc.xpath("//a[@class='home']/@href") == ["index.html"]


def test_entity_names_dates_roles_and_wikidata(names):
    _, doc = names
    liu = _entity(doc, "liu-shaoqi")
    assert _text(liu.xpath(".//h3")[0]) == "Liu Shaoqi"
    assert liu.xpath(".//p[@class='entity-names']/span[@lang='ru']/text()") == ["Лю Шаоци"]
    assert liu.xpath(".//p[@class='entity-names']/span[@lang='zh']/text()") == ["刘少奇"]
    facts = _text(liu.xpath(".//p[@class='entity-facts']")[0])
    assert "1898–1969" in facts and "Vice-Chairman of the Central People's Government" in facts
    assert liu.xpath(".//a[@class='wikidata']/@href") == ["https://www.wikidata.org/wiki/Q17410"]
    manchuria = _entity(doc, "manchuria")
    assert manchuria.xpath(".//a[@class='wikidata']/@href") == ["https://www.wikidata.org/wiki/Q163646"]
    assert "45.00° N, 125.00° E" in _text(manchuria)
    # participants: their role in the conversation
    molotov = _entity(doc, "molotov")
    assert _text(molotov.xpath(".//h3")[0]) == "Vyacheslav Molotov"
    # a reference without a description: named by its mention, and said so
    ussr = _entity(doc, "ussr")
    assert "unresolved" in ussr.get("class")
    assert _text(ussr.xpath(".//h3")[0]) == "the USSR"


def test_occurrences_link_conversations_and_first_mentions(names, sample_site):
    _, doc = names
    manchuria = _entity(doc, "manchuria")
    assert _conv_pages(manchuria) == ["1949-12-16-stalin-mao-zedong.html", SAMPLE_PAGE,
                                      "1952-09-19-stalin-zhou-enlai.html"]
    versions = _versions(manchuria, SAMPLE_PAGE)
    assert [(label, n) for label, n, _ in versions] == [
        ("Russian original", 1), ("English (Rozas)", 1), ("English (Shaturin)", 3)]
    page = _doc(sample_site / SAMPLE_PAGE)
    for (_, _, href), section in zip(versions, ["v-ru", "v-en-rozas", "v-en-shaturin"]):
        name, anchor = href.split("#")
        assert name == SAMPLE_PAGE
        target = page.get_element_by_id(anchor)
        assert target.get("data-ref") == "#manchuria"
        assert target.xpath("ancestor::section[contains(@class,'version')]/@id") == [section]
    assert [(label, n) for label, n, _ in _versions(manchuria, "1949-12-16-stalin-mao-zedong.html")] == [
        ("English (Rozas)", 1)]
    assert [(label, n) for label, n, _ in _versions(_entity(doc, "stalin"), SAMPLE_PAGE)] == [
        ("English (Shaturin)", 1)]


def test_names_are_escaped_and_no_unsafe_links(names, sample_site):
    raw, doc = names
    assert '&lt;script&gt;alert("name")&lt;/script&gt; &amp; Sons' in raw
    assert "Agent &lt;b&gt;bold&lt;/b&gt; &amp; co." in raw
    assert "<script" not in raw and doc.xpath("//script") == []
    escaped = _entity(doc, "p-escape")
    assert _text(escaped.xpath(".//h3")[0]) == 'Ivan <script>alert("name")</script> & Sons'
    assert escaped.xpath(".//a[@class='wikidata']") == [], "an idno that is no Wikidata item is not linked"
    assert not doc.xpath("//a[starts-with(normalize-space(@href), 'javascript:')]")
    assert not doc.xpath("//*[@src] | //link[starts-with(@href, 'http')]"), "no network resources"
    page_raw = (sample_site / SAMPLE_PAGE).read_text(encoding="utf-8")
    page = html.document_fromstring(page_raw)
    mention = page.xpath("//a[@data-ref='#p-escape']")[0]
    assert mention.get("title") == 'Ivan <script>alert("name")</script> & Sons (person)'
    assert _text(mention) == "Ivan & Sons <i>"
    assert "Ivan &amp; Sons &lt;i&gt;" in page_raw and page.xpath("//script") == []


def test_conversation_pages_link_names_to_the_index(names, sample_site):
    _, index = names
    ids = set(index.xpath("//@id"))
    for page_path in sorted(sample_site.glob("1*.html")):
        page = _doc(page_path)
        assert page.xpath("//header[@class='site']//a[@href='names.html']"), page_path.name
        links = page.xpath("//a[starts-with(@href, 'names.html#')]")
        assert links, page_path.name
        for a in links:
            assert a.get("href").split("#", 1)[1] in ids, (page_path.name, a.get("href"))
        mentions = page.xpath("//*[contains(@class,'tei-persName') or contains(@class,'tei-placeName')"
                              " or contains(@class,'tei-orgName')]")
        anchors = [m.get("id") for m in mentions]
        assert all(a and re.fullmatch(r"m-\d+", a) for a in anchors) and len(set(anchors)) == len(anchors)
    page = _doc(sample_site / SAMPLE_PAGE)
    liu = page.xpath("//a[@data-ref='#liu-shaoqi']")[0]
    assert liu.get("title") == "Liu Shaoqi (person)" and liu.get("href") == "names.html#liu-shaoqi"
    assert page.xpath("//a[@data-ref='#manchuria']/@title")[0] == "Manchuria (place)"
    assert _doc(sample_site / "index.html").xpath("//a[@href='names.html']")


def test_dates_and_times_carry_their_normalised_value(sample_site):
    page = _doc(sample_site / SAMPLE_PAGE)
    titles = {_text(t): t.get("title") for t in page.xpath("//section[@id='v-en-shaturin']//time")}
    assert titles["January 19"] == "1950-01-19 (inferred year)"
    assert titles["the first half of 1951"] == "1951-01-01 – 1951-06-30"
    assert titles["at the end of September"] == "some time between 1952-09-21 and 1952-09-30"
    assert titles["9 p.m."] == "21:00" and titles["two hours"] == "duration: 2 h"
    dateline = page.xpath("//section[@id='v-ru']//time[@datetime='1950-01-22']")[0]
    assert dateline.get("title") == "1950-01-22"


@pytest.fixture(scope="module")
def sample_print(corpus, tmp_path_factory):  # noqa: F811
    out = tmp_path_factory.mktemp("names-pdf")
    pdf = PdfBuilder().build(corpus, out, EDITION)
    first = tmp_path_factory.mktemp("names-pdf-unmeasured")
    PdfBuilder(measure_index=False).build(corpus, first, EDITION)
    return out, pdf, first


def test_print_index_collapses_mentions_in_a_paragraph(sample_print):
    _, _, first = sample_print
    doc = _doc(first / "edition.html")
    entry = doc.xpath("//p[@data-entity='manchuria']")[0]
    refs = entry.xpath(".//a[@class='ix-ref']/@href")
    # 7 mentions: 16 Dec (1), 22 Jan ru (1), rozas (1), shaturin (3 in one paragraph), 19 Sep (1)
    assert len(refs) == 5
    for href in refs:
        assert doc.get_element_by_id(href[1:]).get("data-ref") == "#manchuria"


def test_pdf_ends_with_an_index_of_names_with_right_pages(sample_print, corpus):  # noqa: F811
    out, pdf, _ = sample_print
    doc = _doc(out / "edition.html")
    assert doc.xpath("//nav[@class='toc']//a[@href='#index-of-names']")
    pages = _pages(pdf)
    toc = next(p for p in pages if p.startswith("Contents"))
    start = int(re.search(r"Index of names\s*\.*\s*(\d+)", toc).group(1))
    assert start >= len(pages) - 2 and "Index of names" in pages[start - 1]
    index_text = " ".join(pages[start - 1:])
    mentions = _tei_mentions(corpus)
    for entity, label in [("manchuria", "Manchuria"), ("liu-shaoqi", "Liu Shaoqi"), ("molotov", "Molotov, Vyacheslav")]:
        entry = doc.xpath("//p[@data-entity=$e]", e=entity)[0]
        refs = _text(entry.xpath(".//span[@class='ix-refs']")[0])
        assert refs and label in _text(entry)
        assert _text(entry) in index_text, (_text(entry), index_text)
        forms = {_key(surface) for _, _, surface in mentions[entity]}
        for number in _pages_listed(refs):
            assert any(f in _key(pages[number - 1]) for f in forms), (entity, number)


# ------------------------------------------------------------------ the seeds

@pytest.fixture(scope="module")
def seed_paths(seed_build):
    _, _, paths = seed_build
    return paths


@pytest.fixture(scope="module")
def seed_site(seed_paths, edition_meta, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-html")
    HtmlBuilder().build(seed_paths, out, edition_meta.as_params())
    return out


@pytest.fixture(scope="module")
def seed_names(seed_site):
    return _doc(seed_site / "names.html")


@pytest.fixture(scope="module")
def seed_mentions(seed_paths):
    return _tei_mentions(seed_paths)


def _id_by_variant(paths, variant: str) -> str:
    for path in paths:
        root = etree.parse(str(path)).getroot()
        found = root.xpath("//t:standOff//t:place[t:placeName[normalize-space()=$v]]/@xml:id", namespaces=NS, v=variant)
        if found:
            return found[0]
    raise AssertionError(f"no place with the name {variant!r} in the TEI")


def _expected_pages(mentions, entity: str) -> list[str]:
    return sorted({f"{stem}.html" for stem, _, _ in mentions[entity]})


@pytest.mark.parametrize("entity", ["stalin", "mao-zedong", "zhou-enlai", "Port Arthur"])
def test_seed_index_lists_entities_with_their_conversations(entity, seed_names, seed_mentions, seed_paths, seed_site):
    if " " in entity:
        entity = _id_by_variant(seed_paths, entity)
    li = _entity(seed_names, entity)
    pages = _conv_pages(li)
    assert pages == _expected_pages(seed_mentions, entity)  # conversations in date order = file-name order
    for page in pages:
        stem = page.removesuffix(".html")
        counted = defaultdict(int)
        for s, version, _ in seed_mentions[entity]:
            if s == stem:
                counted[version] += 1
        listed = _versions(li, page)
        assert sorted(n for _, n, _ in listed) == sorted(counted.values())
        target = _doc(seed_site / page)
        for _, _, href in listed:
            assert target.get_element_by_id(href.split("#")[1]).get("data-ref") == f"#{entity}"


def test_port_arthur_is_found_under_its_preferred_name_and_by_cross_reference(seed_names, seed_paths):
    entity = _id_by_variant(seed_paths, "Port Arthur")
    label = _text(_entity(seed_names, entity).xpath(".//h3")[0])
    xrefs = [_text(li) for li in seed_names.xpath("//li[@class='xref'][a/@href=$h]", h=f"#{entity}")]
    if label != "Port Arthur":
        assert f"Port Arthur see {label}" in xrefs


def test_seed_entities_of_22_january_only(seed_names, seed_mentions):
    only = sorted(e for e, found in seed_mentions.items() if {stem for stem, _, _ in found} == {CONV_22})
    assert only, "no entity is named in the 22 January conversation alone"
    for entity in only:
        assert _conv_pages(_entity(seed_names, entity)) == [f"{CONV_22}.html"], entity


def test_seed_every_name_link_has_a_target(seed_site, seed_names):
    ids = set(seed_names.xpath("//@id"))
    listed = set(seed_names.xpath("//li[contains(concat(' ', @class, ' '), ' entity ')]/@id"))
    for page_path in sorted(seed_site.glob("1*.html")):
        page = _doc(page_path)
        hrefs = page.xpath("//a[starts-with(@href, 'names.html#')]/@href")
        assert hrefs, page_path.name
        missing = {h for h in hrefs if h.split("#", 1)[1] not in ids}
        assert not missing, (page_path.name, missing)
        assert {h.split("#", 1)[1] for h in hrefs} <= listed
    for href in seed_names.xpath("//a[@class='version-mentions']/@href"):
        page, anchor = href.split("#")
        assert _doc(seed_site / page).get_element_by_id(anchor) is not None


# ------------------------------------------------------------------ entities listed apart

@pytest.fixture(scope="module")
def apart_site(seed_paths, edition_meta, tmp_path_factory):
    """The seeds with an entry of names.html listing at most two conversations (edition.toml's [site]
    names_per_entry; 20 by default): an entity named in more has a page of its own, names/<id>.html."""
    out = tmp_path_factory.mktemp("seed-html-apart")
    written = HtmlBuilder().build(seed_paths, out, {**edition_meta.as_params(), "names_per_entry": 2})
    return out, written


def _occurrences(li, up: str = "") -> list[tuple[str, list[tuple[str, int, str]]]]:
    """Each conversation an entry lists, with its versions' (label, count, href), the links made relative to
    names.html (``up``: what the entity's page puts before them)."""
    rows = []
    for row in li.xpath(".//ul[@class='occurrences']/li[a[@class='conv']]"):
        href = row.xpath("a[@class='conv']/@href")[0]
        assert href.startswith(up)
        versions = [(_text(a).rsplit(" ", 1)[0], int(a.xpath("string(span[@class='count'])")),
                     a.get("href").removeprefix(up)) for a in row.xpath(".//a[@class='version-mentions']")]
        rows.append((href.removeprefix(up), versions))
    return rows


def test_an_entity_named_in_many_conversations_lists_them_all_on_its_own_page(apart_site, seed_site, seed_names):
    out, written = apart_site
    everything = {li.get("id"): _occurrences(li)
                  for li in seed_names.xpath("//li[contains(concat(' ', @class, ' '), ' entity ')]")}
    many = sorted(e for e, rows in everything.items() if len(rows) > 2)
    assert many and any(len(rows) <= 2 for rows in everything.values())
    names = _doc(out / "names.html")
    pages = sorted(p.relative_to(out).as_posix() for p in (out / "names").glob("*.html"))
    assert pages == sorted(f"names/{e}.html" for e in many)
    assert [p.relative_to(out).as_posix() for p in written[:2 + len(pages)]] == ["index.html", "names.html", *pages]
    for entity, rows in everything.items():
        li = _entity(names, entity)
        more = li.xpath(".//li[@class='more']/a/@href")
        if entity not in many:  # listed as with no limit, no link
            assert _occurrences(li) == rows and more == [], entity
            continue
        assert _occurrences(li) == rows[:2], entity  # the first two, in the edition's order
        assert more == [f"names/{entity}.html"]
        assert f"All {len(rows)} conversations naming" in _text(li.xpath(".//li[@class='more']")[0])
        own = _doc(out / more[0])
        assert own.xpath("//link[@rel='stylesheet']/@href") == ["../edition.css"]
        assert _text(own.xpath("//h1")[0]) == _text(_entity(seed_names, entity).xpath(".//h3")[0])
        assert _occurrences(_entity(own, entity), "../") == rows, entity  # every one, links as in names.html
        for href in own.xpath("//a/@href"):  # every link of the page leads to a file of the site
            if href.startswith(("https://", "#")):
                continue
            target = (out / "names" / href.split("#")[0]).resolve()
            assert target.is_file(), (entity, href)
            if "#" in href and target.suffix == ".html":
                assert _doc(target).get_element_by_id(href.split("#", 1)[1]) is not None, (entity, href)
    # the conversation pages link names to names.html#<id> whatever the limit: the same pages
    for page in sorted(seed_site.glob("1*.html")):
        assert (out / page.name).read_bytes() == page.read_bytes()


def test_entity_pages_of_an_earlier_build_do_not_stay(apart_site, seed_paths, edition_meta):
    out, _ = apart_site
    again = out.with_name(out.name + "-again")
    shutil.copytree(out, again)
    (again / "names" / "someone-else.html").write_text("<p>from a build of another day</p>", encoding="utf-8")
    written = HtmlBuilder().build(seed_paths, again, edition_meta.as_params())  # the default: 20 conversations
    assert not (again / "names").exists()
    assert [p.relative_to(again).as_posix() for p in written[:2]] == ["index.html", "names.html"]
    assert written[2].parent == again  # then the conversations' pages: no entity page returned
    assert not _doc(again / "names.html").xpath("//li[@class='more']")


def test_seed_pdf_index_pages_name_the_entity(seed_print, seed_paths, seed_mentions):
    out, pdf = seed_print
    pages = _pages(pdf)
    assert any("Index of names" in p for p in pages[-4:])
    doc = _doc(out / "edition.html")
    port_arthur = _id_by_variant(seed_paths, "Port Arthur")
    for entity in ["stalin", "zhou-enlai", port_arthur, "un"]:
        entry = doc.xpath("//p[@data-entity=$e]", e=entity)
        assert entry, entity
        refs = _text(entry[0].xpath(".//span[@class='ix-refs']")[0])
        listed = _pages_listed(refs)
        assert listed and listed == sorted(set(listed)), (entity, refs)
        forms = {_key(surface) for _, _, surface in seed_mentions[entity]}
        for number in listed:
            assert any(f in _key(pages[number - 1]) for f in forms), (entity, number)
