"""Publishing layer: TEI -> HTML site and PDF edition (edition.publish, edition/xslt/)."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from edition.publish import XSLT_DIR, HtmlBuilder, PdfBuilder, PublishError
from edition.publish import xslt as pxslt

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample-conversation.xml"
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

EDITION = {
    "title": "Soviet–Chinese Conversations, 1949–1952",
    "subtitle": "Records of conversations in Russian and English",
    "editors": ["Anna Editor", "Boris Redaktor"],
    "publisher": "Test Press",
    "year": 2026,
    "licence": "CC BY 4.0",
}

RU_PHRASE = "Есть два круга вопросов, которые нужно обсудить"
EN_PHRASE = "There are two groups of questions that must be discussed"
SAMPLE_TITLE = "Record of Talks between I.V. Stalin and Mao Zedong"
EARLY_TITLE = "Conversation between Stalin and Mao Zedong on the Treaty"
LATE_TITLE = "Minutes of Conversation between I.V. Stalin and Zhou Enlai"


# ------------------------------------------------------------------ fixtures

def _variant(tree: etree._ElementTree, when: str, label: str, title: str, keep: str) -> etree._ElementTree:
    """A copy of the sample as another conversation: new date and title, one version only."""
    t = copy.deepcopy(tree)
    root = t.getroot()
    main = root.find(".//t:titleStmt/t:title[@type='main']", NS)
    main[:] = []  # the names tagged in it go too
    main.text = title
    sub = root.find(".//t:titleStmt/t:title[@type='sub']", NS)
    sub.getparent().remove(sub)
    date = root.find(".//t:settingDesc/t:setting/t:date", NS)
    date.set("when", when)
    date.text = label
    root.find(".//t:publicationStmt/t:idno[@type='edition']", NS).text = f"{when}-variant"
    for text in root.findall("t:text/t:group/t:text", NS):
        if text.get(XML_ID) != keep:
            text.getparent().remove(text)
    return t


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """Three conversations, deliberately listed out of chronological order."""
    d = tmp_path_factory.mktemp("tei")
    tree = etree.parse(str(SAMPLE))
    sample = d / "1950-01-22-stalin-mao-zedong.xml"
    shutil.copy(SAMPLE, sample)
    early = d / "1949-12-16-stalin-mao-zedong.xml"
    _variant(tree, "1949-12-16", "16 December 1949", EARLY_TITLE, "en-rozas").write(
        str(early), xml_declaration=True, encoding="UTF-8")
    late = d / "1952-09-19-stalin-zhou-enlai.xml"
    _variant(tree, "1952-09-19", "19 September 1952", LATE_TITLE, "ru").write(
        str(late), xml_declaration=True, encoding="UTF-8")
    return [sample, late, early]


@pytest.fixture(scope="module")
def site(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    written = HtmlBuilder().build(corpus, out, EDITION)
    return out, written


@pytest.fixture(scope="module")
def page(site):
    out, _ = site
    raw = (out / "1950-01-22-stalin-mao-zedong.html").read_text(encoding="utf-8")
    return raw, html.document_fromstring(raw)


def _text(el) -> str:
    return " ".join(el.text_content().split())


@pytest.fixture(scope="module")
def printed(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    pdf = PdfBuilder().build(corpus, out, EDITION)
    return out, pdf


def _norm(text: str) -> str:
    """pdftotext output as one line: undo end-of-line hyphenation, collapse whitespace."""
    text = re.sub(r"[\u00ad\u2010-]\n(?=\w)", "", text)
    return " ".join(text.split())


def _pdftotext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + [str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _pages(pdf: Path) -> list[str]:
    """Text of each page, normalised."""
    return [_norm(p) for p in _pdftotext(pdf).split("\f")[:-1]]


# ------------------------------------------------------------------ HTML site

def test_html_builder_writes_index_pages_and_css(site):
    out, written = site
    names = [p.name for p in written]
    stems = ["1949-12-16-stalin-mao-zedong", "1950-01-22-stalin-mao-zedong", "1952-09-19-stalin-zhou-enlai"]
    assert names[:10] == ["index.html", "names.html", *(f"{s}.html" for s in stems), "edition.css", "align.js",
                          *(f"{s}.xml" for s in stems)]
    assert names[10:12] == ["search.html", "search.js"]
    search = [p.relative_to(out).as_posix() for p in written[12:]]
    # the index in shards (one at this size), listed for the search page
    assert {"pagefind/shards.json", "pagefind/shard-00/pagefind.js", "pagefind/shard-00/pagefind-entry.json",
            "pagefind/shard-00/wasm.ru.pagefind", "pagefind/shard-00/wasm.en.pagefind"} <= set(search)
    assert not [p for p in search if "-ui" in p], "Pagefind's ready-made interfaces are not shipped"
    assert "sitemap.xml" not in names, "no sitemap without the site's address"
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    assert sorted(p for p in out.rglob("*") if p.is_file()) == sorted(written), "every file made is returned"
    assert (out / "edition.css").read_bytes() == (XSLT_DIR / "css" / "edition.css").read_bytes()
    assert (out / "align.js").read_bytes() == (XSLT_DIR / "js" / "align.js").read_bytes()
    assert (out / "search.js").read_bytes() == (XSLT_DIR / "js" / "search.js").read_bytes()
    assert not list(out.glob(".*.tmp")), "temporary files left behind"


def test_page_has_russian_and_english_speech_in_labelled_versions(page):
    _, doc = page
    ru = doc.get_element_by_id("v-ru")
    en = doc.get_element_by_id("v-en-rozas")
    assert ru.get("lang") == "ru" and en.get("lang") == "en"
    assert RU_PHRASE in _text(ru)
    assert EN_PHRASE in _text(en)
    assert EN_PHRASE not in _text(ru) and RU_PHRASE not in _text(en)
    # the label of a translation names its translator
    labels = [_text(h) for h in doc.xpath("//section[contains(@class,'version')]/h2")]
    assert labels == ["Russian original", "English — tr. Danny Rozas", "English — tr. Sergey Shaturin"]
    # side by side: one grid container holding the three versions, original first
    grid = doc.xpath("//div[contains(@class,'versions')]")[0]
    assert "versions-3" in grid.get("class")
    assert [s.get("id") for s in grid.xpath("section")] == ["v-ru", "v-en-rozas", "v-en-shaturin"]


def test_speakers_are_bold_and_lead_their_speech(page):
    _, doc = page
    speakers = doc.xpath("//b[@class='speaker']")
    names = [_text(b).rstrip(":") for b in speakers]
    assert names == ["Сталин", "Мао Цзэдун", "Stalin", "Mao Zedong", "Stalin"]
    first = speakers[0]
    assert first.getparent().tag == "p" and RU_PHRASE in _text(first.getparent())
    assert first.get("title") == "Joseph Stalin"


def test_special_characters_are_escaped_not_injected(page):
    raw, doc = page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "&amp; знак «&lt;»" in raw
    assert "<script>" not in raw
    assert doc.xpath("//script") == []
    notes = [_text(li) for li in doc.xpath("//section[@id='v-ru']//section[contains(@class,'notes')]//li")]
    assert len(notes) == 1
    assert "«<script>alert(1)</script>» & знак «<»" in notes[0]
    assert notes[0].startswith("Editor’s note (Test Editor):")


def test_note_references_link_to_notes(page):
    _, doc = page
    refs = doc.xpath("//a[@class='note-ref']")
    assert len(refs) == 2
    for ref in refs:
        target = doc.get_element_by_id(ref.get("href").lstrip("#"))
        assert target.tag == "li"
        back = target.xpath(".//a[@class='note-back']")[0]
        assert back.get("href") == "#" + ref.get("id")
    # a note standing between paragraphs is shown in place
    block = doc.xpath("//aside[contains(@class,'note-block')]")
    assert len(block) == 1 and "remainder of the page is blank" in _text(block[0])


def test_editorial_markup_is_visible(page):
    _, doc = page
    en = _text(doc.get_element_by_id("v-en-rozas"))
    assert "China [of 1945]." in en
    assert "Recorded by ⟨illegible signature⟩" in en
    assert "Записал ⟨подпись⟩" in _text(doc.get_element_by_id("v-ru"))
    choice = doc.xpath("//span[@class='tei-choice']")[0]
    assert _text(choice) == "Changchun" and choice.get("title") == "Source reads: Chanchun"
    # resolved hyphenation joins the word; the joined paragraph break is marked
    ru = _text(doc.get_element_by_id("v-ru"))
    assert "о советской помощи" in ru
    assert doc.xpath("//span[contains(@class,'type-paragraph-split')]")
    assert "|30" in ru  # page break of the source
    # a label is set at the start of its paragraph
    assert "1. О Китайской Чанчуньской железной дороге" in ru
    # elements without a template of their own keep their text
    assert "Следующий абзац речи Мао Цзэдуна." in ru
    assert doc.xpath("//span[contains(@class,'tei-add')]")
    sh = _text(doc.get_element_by_id("v-en-shaturin"))
    assert "The КВЖД agreement." in sh
    assert "9 p.m." in sh and "two hours" in sh


def test_page_header_metadata(page):
    _, doc = page
    rows = {_text(tr.xpath("th")[0]): _text(tr.xpath("td")[0]) for tr in doc.xpath("//table[@class='meta']//tr")}
    assert rows["Date"] == "22 January 1950"
    assert rows["Place"] == "Moscow"
    assert rows["Participants"] == "Joseph Stalin; Mao Zedong; Vyacheslav Molotov"
    assert "f. 45, op. 1, d. 329, ll. 29-38" in rows["Archival source"]
    assert rows["Translators"] == "Danny Rozas; Sergey Shaturin"
    assert doc.xpath("string(//title)").startswith(SAMPLE_TITLE)
    links = doc.xpath("//link[@rel='stylesheet']/@href")
    assert links == ["edition.css"]
    assert not doc.xpath("//*[starts-with(@src,'http') or (self::link and starts-with(@href,'http'))]")


def test_pages_link_to_neighbours_and_index(site):
    out, _ = site
    doc = html.parse(str(out / "1950-01-22-stalin-mao-zedong.html")).getroot()
    assert doc.xpath("//a[@rel='prev']/@href") == ["1949-12-16-stalin-mao-zedong.html"]
    assert doc.xpath("//a[@rel='next']/@href") == ["1952-09-19-stalin-zhou-enlai.html"]
    # the neighbours' dates in words (the words before them for screen readers only)
    assert [_text(a) for a in doc.xpath("//a[@rel='prev' or @rel='next']")] == [
        "Previous conversation: ← 16 December 1949", "Next conversation: 19 September 1952 →"]
    assert doc.xpath("//a[@rel='prev']/span[@class='visually-hidden']")
    assert doc.xpath("//a[@class='home']/@href") == ["index.html"]
    single = html.parse(str(out / "1952-09-19-stalin-zhou-enlai.html")).getroot()
    assert "versions-1" in single.xpath("//div[contains(@class,'versions')]/@class")[0]
    assert not single.xpath("//a[@rel='next']")


def test_original_comes_first_whatever_the_document_order(tmp_path):
    tree = etree.parse(str(SAMPLE))
    group = tree.find("t:text/t:group", NS)
    group.append(group.find("t:text[@type='original']", NS))  # move the original to the end
    src = tmp_path / "1950-01-22-reordered.xml"
    tree.write(str(src), xml_declaration=True, encoding="UTF-8")
    HtmlBuilder().build([src], tmp_path / "out", EDITION)
    doc = html.parse(str(tmp_path / "out" / "1950-01-22-reordered.html")).getroot()
    assert doc.xpath("//div[contains(@class,'versions')]/section/@id") == ["v-ru", "v-en-rozas", "v-en-shaturin"]


def test_index_lists_conversations_chronologically(site):
    out, _ = site
    doc = html.parse(str(out / "index.html")).getroot()
    rows = doc.xpath("//table[@class='toc']/tbody/tr")
    assert [r.get("data-date") for r in rows] == ["1949-12-16", "1950-01-22", "1952-09-19"]
    assert [_text(r.xpath(".//td[@class='title']/a")[0]) for r in rows] == [EARLY_TITLE, SAMPLE_TITLE, LATE_TITLE]
    for r in rows:
        assert (out / r.xpath(".//td[@class='title']/a/@href")[0]).is_file()
    sample = rows[1]
    assert _text(sample.xpath("td[@class='date']")[0]) == "22 January 1950"
    assert "Moscow" in _text(sample.xpath("td[@class='title']")[0])
    assert _text(sample.xpath("td[@class='participants']")[0]) == "Joseph Stalin; Mao Zedong; Vyacheslav Molotov"
    assert [_text(li) for li in sample.xpath(".//td[@class='langs']//li")] == [
        "Russian original", "English translation (Danny Rozas)", "English translation (Sergey Shaturin)"]
    assert _text(doc.xpath("//h1")[0]) == EDITION["title"]
    assert "Edited by Anna Editor and Boris Redaktor" in _text(doc)
    assert "CC BY 4.0" in _text(doc.xpath("//footer")[0])


# ------------------------------------------------------------------ print edition

def test_print_html_orders_conversations_and_versions(printed):
    out, _ = printed
    doc = html.parse(str(out / "edition.html")).getroot()
    assert doc.xpath("//article/@id") == ["c-1949-12-16-variant", "c-1950-01-22-stalin-mao-zedong",
                                          "c-1952-09-19-variant"]
    sample = doc.get_element_by_id("c-1950-01-22-stalin-mao-zedong")
    assert [_text(h) for h in sample.xpath(".//section/header/h2")] == [
        "Russian original", "English translation", "English translation"]
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids in the print document"
    # every contents link points at something that exists
    for href in doc.xpath("//nav[@class='toc']//a/@href"):
        assert doc.get_element_by_id(href.lstrip("#")) is not None
    # notes and corrections become footnotes
    footnotes = [_text(f) for f in doc.xpath("//span[contains(@class,'footnote')]")]
    assert any("<script>alert(1)</script>" in f for f in footnotes)
    assert "Source reads: Chanchun" in footnotes
    assert (out / "print.css").is_file()


def test_pdf_contains_cyrillic_and_english_text(printed):
    _, pdf = printed
    assert pdf.name == "edition.pdf" and pdf.read_bytes()[:5] == b"%PDF-"
    text = _norm(_pdftotext(pdf))
    assert RU_PHRASE in text
    assert EN_PHRASE in text
    assert "Сталин:" in text and "Mao Zedong:" in text
    assert "⟨illegible signature⟩" in text


def test_pdf_title_page_and_contents(printed):
    _, pdf = printed
    pages = _pages(pdf)
    assert len(pages) >= 6
    title_page = pages[0]
    assert EDITION["title"] in title_page
    assert "Anna Editor and Boris Redaktor" in title_page
    assert "Test Press" in title_page and "2026" in title_page
    assert any("CC BY 4.0" in p for p in pages[:2])
    toc_index = next(i for i, p in enumerate(pages) if p.startswith("Contents"))
    toc = pages[toc_index]
    numbers = []
    for title in (EARLY_TITLE, SAMPLE_TITLE, LATE_TITLE):
        m = re.search(re.escape(title) + r"\s*\.{3,}\s*(\d+)", toc)
        assert m, f"{title!r} with a page number not in the contents: {toc}"
        n = int(m.group(1))
        numbers.append(n)
        assert n - 1 > toc_index
        assert title in pages[n - 1], f"page {n} does not begin {title!r}"
    assert numbers == sorted(numbers) and len(set(numbers)) == 3


def test_pdf_running_heads_and_footnotes(printed):
    _, pdf = printed
    pages = _pages(pdf)
    toc = next(p for p in pages if p.startswith("Contents"))
    first = int(re.search(re.escape(SAMPLE_TITLE) + r"\s*\.{3,}\s*(\d+)", toc).group(1))
    following = pages[first:]  # pages after the conversation's first page (a recto)
    # the verso's running head: the folio, the short title (speakers and date), the version
    assert following[0].startswith(f"{first + 1} Stalin and Mao Zedong, 22 January 1950 · Russian original"), following[0]
    # footnote texts are on the page of their reference
    ru_page = next(p for p in pages[first - 1:] if RU_PHRASE in p)
    note = "Editor’s note (Test Editor): Карандашная помета на полях"
    assert note in ru_page
    # ... at the foot of the page, after the text that follows the reference
    assert ru_page.index(note) > ru_page.index("Я хотел бы обменяться мнениями")
    assert any("Source reads: Chanchun" in p for p in pages)


# ------------------------------------------------------------------ errors and the Saxon wrapper

def test_malformed_tei_raises_publish_error_with_file_and_line(tmp_path):
    bad = tmp_path / "1950-01-01-broken.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>\n</TEI>', encoding="utf-8")
    with pytest.raises(PublishError) as info:
        HtmlBuilder().build([bad], tmp_path / "out", EDITION)
    assert info.value.file == str(bad)
    assert str(bad) in str(info.value) and "line 2" in str(info.value)
    assert not (tmp_path / "out" / "index.html").exists()


def test_non_tei_input_is_refused(tmp_path):
    other = tmp_path / "x.xml"
    other.write_text("<TEI/>", encoding="utf-8")
    with pytest.raises(PublishError, match="not a TEI document"):
        PdfBuilder().build([other], tmp_path / "out", EDITION)


def test_stylesheet_errors_carry_saxon_message(tmp_path):
    sheet = tmp_path / "broken.xsl"
    sheet.write_text('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                     '<xsl:template match="/"><x><xsl:value-of select="1 +"/></x></xsl:template>'
                     '</xsl:stylesheet>', encoding="utf-8")
    with pytest.raises(PublishError) as info:
        pxslt.load(sheet)
    assert info.value.file == str(sheet.resolve())
    assert "XPST0003" in (info.value.saxon_message or "")


def test_transform_is_typed_and_atomic(tmp_path):
    sheet = tmp_path / "typed.xsl"
    sheet.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema" exclude-result-prefixes="#all">'
        '<xsl:output method="html" html-version="5"/>'
        '<xsl:param name="n" as="xs:integer" required="yes"/>'
        '<xsl:param name="s" as="xs:string" select="\'\'"/>'
        '<xsl:template match="/"><xsl:if test="$n lt 0"><xsl:message terminate="yes">n is negative</xsl:message>'
        '</xsl:if><p data-n="{$n + 1}"><xsl:value-of select="$s"/></p></xsl:template></xsl:stylesheet>',
        encoding="utf-8")
    loaded = pxslt.load(sheet)
    assert pxslt.load(sheet) is loaded, "a stylesheet is compiled once per process"
    out = tmp_path / "out.html"
    result = loaded.transform(xml_text="<a/>", output=out, params={"n": 41, "s": "<b>&"})
    assert '<p data-n="42">&lt;b&gt;&amp;</p>' in result
    assert out.read_text(encoding="utf-8") == result
    # a failing run leaves the previous output untouched and no temporary file
    with pytest.raises(PublishError) as info:
        loaded.transform(xml_text="<a/>", output=out, params={"n": -1})
    assert "n is negative" in info.value.saxon_message
    assert out.read_text(encoding="utf-8") == result
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html", "typed.xsl"]
    # the type of a parameter is checked: a string is not an xs:integer
    with pytest.raises(PublishError):
        loaded.transform(xml_text="<a/>", params={"n": "41"})


def test_mention_anchors_titles_and_links(tmp_path):
    """Every mention's id is m-<its number among the document's mentions> (nested ones counted), its title and
    link from its @ref's first pointer (white space and several pointers too); a mention inside another or
    holding a note is no link (common/entities.xsl: the accumulator ed:mentions, the @ref shortcut)."""
    tree = etree.parse(str(SAMPLE))
    p = tree.find("t:text/t:group/t:text[@type='original']//t:p", NS)
    extra = etree.fromstring(
        f'<x xmlns="{TEI}"><persName ref="#stalin">Сталин в <placeName ref="#moscow">Москве</placeName></persName>'
        f' <orgName ref="  #tass #other ">ТАСС</orgName> <persName ref="#mao-zedong">Мао<note>a note</note></persName></x>')
    for child in extra:
        p.append(child)
    src = tmp_path / "1950-01-22-mentions.xml"
    tree.write(str(src), xml_declaration=True, encoding="UTF-8")
    HtmlBuilder().build([src], tmp_path / "out", EDITION)
    doc = html.parse(str(tmp_path / "out" / "1950-01-22-mentions.html")).getroot()
    mentions = tree.xpath("//t:text//*[self::t:persName or self::t:placeName or self::t:orgName]", namespaces=NS)
    shown = doc.xpath("//*[@id][starts-with(@id, 'm-')][@data-ref]")
    assert len(shown) > 10
    for el in shown:
        assert el.get("data-ref") == mentions[int(el.get("id")[2:]) - 1].get("ref")
    by_text = {_text(el): el for el in shown}
    outer, inner = by_text["Сталин в Москве"], by_text["Москве"]
    assert outer.tag == "a" and outer.get("href").endswith("#stalin") and inner.tag == "span"
    assert int(inner.get("id")[2:]) == int(outer.get("id")[2:]) + 1 and inner.get("title")
    tass = by_text["ТАСС"]
    assert tass.tag == "a" and tass.get("href").endswith("#tass") and tass.get("title").endswith("(organisation)")
    mao = next(el for el in shown if _text(el).startswith("Мао") and el.get("data-ref") == "#mao-zedong" and el.xpath(".//sup"))
    assert mao.tag == "span" and mao.get("title")
