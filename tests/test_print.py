"""The printed edition as a reader and a publisher would check it (docs/print.md).

Read from the PDF itself: which passage is on which page (its named destinations, pypdf), the page
texts (pdftotext), the structure tree and XMP (pikepdf). The seeds' book is made once (conftest
``seed_print``); 22 January 1950 is its conversation with an original and two translations.
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pikepdf
import pypdf
import pyphen
import pytest
from click.testing import CliRunner
from lxml import html

from edition.cli import main
from edition.errors import EditionError
from edition.publish import spreads
from edition.publish.pdf import PrintOptions
from edition.publish.xslt import load

from . import conftest
from .conftest import PRINT_EDITORS, ROOT
from .test_publish import _pages
from .test_publish_names import _key, _pages_listed

CONV = "c-1950-01-22-stalin-mao-zedong"
PASSAGE = re.compile(rf"^{CONV}-p(\d+)-(ru|en-rozas)$")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")


def _passage_pages(pdf: Path, pattern: re.Pattern = PASSAGE) -> dict[int, list[tuple[int, str]]]:
    """page number -> [(passage, version)] of the facing passages whose destination is on it."""
    reader = pypdf.PdfReader(str(pdf))
    pages: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for name, destination in reader.named_destinations.items():
        if match := pattern.match(name):
            pages[reader.get_destination_page_number(destination) + 1].append((int(match[1]), match[2]))
    return {page: sorted(found) for page, found in sorted(pages.items())}


def _body(page_text: str) -> str:
    """A page's text without its first line (the running head and folio)."""
    return page_text.split("\n", 1)[1] if "\n" in page_text else ""


def _script(text: str) -> str:
    cyrillic, latin = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    return "ru" if cyrillic > 3 * latin else "en" if latin > 3 * cyrillic else "mixed"


@pytest.fixture(scope="module")
def seed_paths(seed_build) -> list[Path]:
    return conftest.seed_paths(seed_build)


@pytest.fixture(scope="module")
def page_texts(seed_print) -> list[str]:
    _, pdf = seed_print
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for n in range(1, len(pypdf.PdfReader(str(pdf)).pages) + 1)]


@pytest.fixture(scope="module")
def spread_pages(seed_print) -> list[tuple[int, int]]:
    """(verso, recto) of every spread of 22 January 1950."""
    _, pdf = seed_print
    pages = _passage_pages(pdf)
    versos = [p for p, found in pages.items() if {v for _, v in found} == {"ru"}]
    return [(p, p + 1) for p in versos]


# ------------------------------------------------------------------ facing pages

def test_every_spread_has_russian_on_the_verso_and_english_on_the_recto(seed_print, spread_pages, page_texts):
    _, pdf = seed_print
    pages = _passage_pages(pdf)
    assert len(spread_pages) >= 5, pages
    seen: dict[str, list[int]] = {"ru": [], "en-rozas": []}
    for verso, recto in spread_pages:
        assert verso % 2 == 0, f"the Russian of a spread is on page {verso}, a recto"
        assert {v for _, v in pages[verso]} == {"ru"} and {v for _, v in pages[recto]} == {"en-rozas"}
        assert _script(_body(page_texts[verso - 1])) == "ru", verso
        assert _script(_body(page_texts[recto - 1])) == "en", recto
        # each spread opens with the same passage on both sides, and holds the same passages
        assert [n for n, _ in pages[verso]] == [n for n, _ in pages[recto]], (verso, recto)
        for page, version in ((verso, "ru"), (recto, "en-rozas")):
            seen[version] += [n for n, _ in pages[page]]
    # every passage once, in order, on both sides: nothing left out, nothing moved
    assert seen["ru"] == seen["en-rozas"] == list(range(1, len(seen["ru"]) + 1))


def test_spreads_are_filled_as_far_as_the_longer_side_allows(seed_print, spread_pages, page_texts):
    """A spread ends where its next passage would not fit: each spread but the last is well filled."""
    lines = [max(_body(page_texts[v - 1]).count("\n"), _body(page_texts[r - 1]).count("\n")) for v, r in spread_pages]
    fullest = max(lines)
    assert all(n > 0.6 * fullest for n in lines[:-1]), lines


def test_the_other_translation_follows_with_the_passage_numbers_of_the_spreads(seed_print):
    out, pdf = seed_print
    doc = html.parse(str(out / "edition.html")).getroot()
    shaturin = doc.get_element_by_id(f"{CONV}-en-shaturin")
    numbers = [int(n.text) for n in shaturin.xpath(".//span[@class='passage-no']")]
    assert numbers and numbers == sorted(numbers)
    # the numbers are the spreads' passages: a reader finds Shaturin's rendering of a passage by its number
    ru = {int(p.get("data-n")) for p in doc.xpath(f"//div[starts-with(@id, '{CONV}-p')][contains(@id, '-ru')]")}
    assert set(numbers) <= ru
    pages = _passage_pages(pdf, re.compile(rf"^{CONV}-p(\d+)-(en-shaturin)$"))
    spreads_end = max(_passage_pages(pdf))
    assert min(pages) > spreads_end, "Shaturin's translation starts after the spreads"


def test_running_heads_name_the_version_and_its_translator(seed_print, spread_pages, page_texts):
    verso, recto = spread_pages[1]
    assert page_texts[verso - 1].split("\n")[0].split() [1:] == \
        "Stalin and Mao Zedong, 22 January 1950 · Russian original".split()
    assert "English, tr. Danny Rozas" in page_texts[recto - 1].split("\n")[0]
    shaturin = [t.split("\n")[0] for t in page_texts if "English, tr. Michael Shaturin" in t.split("\n")[0]]
    assert shaturin, "Shaturin's pages have their own running head"
    assert not any("…" in t.split("\n")[0] for t in page_texts)


def test_conversations_open_on_a_recto(seed_print):
    out, _ = seed_print
    doc = html.parse(str(out / "edition.html")).getroot()
    toc = _pages(seed_print[1])
    contents = next(p for p in toc if p.startswith("Contents"))
    titles = [a.xpath("string(.//span[@class='toc-title'])") for a in doc.xpath("//nav[@class='toc']/ol/li/a")
              if a.xpath(".//span[@class='toc-title']")]
    assert titles
    for title in titles:
        match = re.search(re.escape(title[:40]) + r".*?\.{3,}\s*(\d+)", contents, re.S)
        assert match, title
        assert int(match.group(1)) % 2 == 1, (title, match.group(1))


# ------------------------------------------------------------------ typography

def test_no_lone_fragments_or_page_break_markers(page_texts):
    for number, text in enumerate(page_texts, start=1):
        for line in text.splitlines():
            assert not re.fullmatch(r"\s*\S{1,12}[‐-]\s*", line), f"p. {number}: a word broken alone: {line!r}"
            assert not re.fullmatch(r"\s*\|\d*\??\s*", line), f"p. {number}: a page-break marker alone: {line!r}"


def test_english_is_hyphenated_with_american_patterns(page_texts):
    us = pyphen.Pyphen(lang="en_US")
    checked = 0
    for text in page_texts:
        lines = [l.strip() for l in text.splitlines() if l.strip()]
        for line, following in zip(lines, lines[1:]):
            end = re.search(r"([A-Za-z]+)‐$", line)
            start = re.match(r"([a-z]+)", following)
            if end and start and _script(line) == "en":
                word = end.group(1) + start.group(1)
                assert len(end.group(1)) in us.positions(word.lower()), f"{end.group(1)}-{start.group(1)}"
                checked += 1
    assert checked > 5, "too few hyphenated English words to judge"


def _structure(pdf: Path):
    """Every structure element in reading order: (type, inherited language, page index)."""
    document = pikepdf.open(str(pdf))
    pages = {page.objgen: i for i, page in enumerate(document.pages)}
    found: list[tuple[str, str | None, int | None]] = []

    def walk(node, lang):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, lang)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            lang = str(node.Lang) if "/Lang" in node else lang
            page = node.get("/Pg")
            found.append((str(node.S), lang, pages.get(page.objgen) if page is not None else None))
            if "/K" in node:
                walk(node.K, lang)

    walk(document.Root.StructTreeRoot.K, str(document.Root.get("/Lang", "")) or None)
    return document, found


def test_pdf_is_tagged_with_the_language_of_each_passage(seed_print, spread_pages):
    _, pdf = seed_print
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    document, elements = _structure(pdf)
    assert str(document.Root.Lang) == "en-US"
    # (the first spread's pages open with the version's heading, in English)
    versos = {v - 1 for v, _ in spread_pages[1:]}
    rectos = {r - 1 for _, r in spread_pages[1:]}
    on_verso = [lang for kind, lang, page in elements if kind == "/P" and page in versos]
    on_recto = [lang for kind, lang, page in elements if kind == "/P" and page in rectos]
    assert on_verso and set(on_verso) == {"ru"}, set(on_verso)
    assert on_recto and set(on_recto) == {"en-US"}, set(on_recto)
    assert any(lang == "zh" for _, lang, _ in elements), "Chinese names in the index are tagged zh"


CONTENT = {"/P", "/LI", "/TD", "/TH"}  # what a heading is the heading of


def test_headings_keep_with_what_follows(seed_print):
    _, pdf = seed_print
    _, elements = _structure(pdf)
    stranded = []
    for i, (kind, _, page) in enumerate(elements):
        if re.fullmatch(r"/H[1-6]", kind) and page is not None:
            following = next((p for k, _, p in elements[i + 1:] if k in CONTENT and p is not None), None)
            if following is not None and following != page:
                stranded.append((kind, page + 1, following + 1))
    assert not stranded, f"headings at the foot of a page, their text on the next: {stranded}"


def test_xmp_names_the_edition_and_its_editors(seed_print, edition_meta):
    _, pdf = seed_print
    with pikepdf.open(str(pdf)) as document:
        meta = document.open_metadata()
        assert meta["dc:title"] == edition_meta.title
        assert list(meta["dc:creator"]) == PRINT_EDITORS
        assert meta.get("pdfuaid:part") == "1"


def test_bookmarks_name_each_version_with_its_translator(seed_print):
    _, pdf = seed_print

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    found = list(titles(pypdf.PdfReader(str(pdf)).outline))
    assert "English translation (Danny Rozas)" in found and "English translation (Michael Shaturin)" in found
    assert "Russian original" in found and "Index of names" in found


def test_chinese_is_set_in_simplified_forms(seed_print):
    _, pdf = seed_print
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line.split()[0] for line in fonts.splitlines() if "CJK" in line]
    if not cjk:
        pytest.skip("no CJK font installed (fonts-noto-cjk): the Chinese forms are left out")
    names = [name.split("+")[-1].replace("-", "") for name in cjk]
    assert all("SerifCJKSC" in name for name in names), cjk


# ------------------------------------------------------------------ the index of names

def test_thirty_index_entries_give_the_pages_of_their_names(seed_print, seed_paths, page_texts):
    out, _ = seed_print
    doc = html.parse(str(out / "edition.html")).getroot()
    entries = doc.xpath("//p[@data-entity][.//a[@class='ix-page']]")
    assert len(entries) >= 30
    step = len(entries) / 30
    checked = 0
    for entry in (entries[int(i * step)] for i in range(30)):
        forms = {_key(v) for v in _forms(seed_paths, entry.get("data-entity"))}
        listed = _pages_listed(entry.xpath("string(.//span[@class='ix-refs'])"))
        assert listed, entry.get("data-entity")
        for number in listed:
            assert any(f and f in _key(page_texts[number - 1]) for f in forms), (entry.get("data-entity"), number)
            checked += 1
    assert checked >= 30


def _forms(paths, entity: str) -> set[str]:
    """The surfaces of an entity's mentions in the TEI (every language): what its pages must show."""
    from lxml import etree

    found: set[str] = set()
    for path in paths:
        root = etree.parse(str(path)).getroot()
        found |= {" ".join(e.xpath("string(.)").split()) for e in root.xpath(
            "//t:text//*[@ref=$r]", namespaces={"t": "http://www.tei-c.org/ns/1.0"}, r=f"#{entity}")}
    return found


# ------------------------------------------------------------------ choosing, packing, errors

def _print_html(seed_paths, tmp_path, **params) -> html.HtmlElement:
    from edition.publish.builders import _resolve, edition_params, listing_xml, read_conversations

    convs = read_conversations(seed_paths)
    out = tmp_path / "print.html"
    load(_resolve("print.xsl")).transform(None, out, xml_text=listing_xml(convs, lambda c: c.stem), params={
        **edition_params({"title": "T"}), **params})
    return html.parse(str(out)).getroot()


def test_the_translation_facing_the_original_is_chosen(seed_paths, tmp_path):
    def rectos(doc):
        return {s.get("data-head").split(" · ")[-1] for s in doc.xpath("//section[contains(@class, 'recto')]")}

    assert rectos(_print_html(seed_paths, tmp_path)) == {"English, tr. Danny Rozas"}
    assert rectos(_print_html(seed_paths, tmp_path, facing=["shaturin"])) == {"English, tr. Michael Shaturin"}
    assert rectos(_print_html(seed_paths, tmp_path, facing=["nobody", "en-shaturin"])) == \
        {"English, tr. Michael Shaturin"}
    sequence = _print_html(seed_paths, tmp_path, **{"print-layout": "sequence"})
    assert not sequence.xpath("//div[contains(@class, 'spread')]")
    columns = _print_html(seed_paths, tmp_path, **{"print-layout": "columns"})
    rows = columns.xpath(f"//div[@class='column-row'][starts-with(@id, '{CONV}-p')]")
    assert rows and all(len(r.xpath("./div[contains(@class, 'side')]")) == 2 for r in rows)


def _facing(heights: dict[str, list[float]], notes: dict[str, set[int]] | None = None) -> spreads.Facing:
    sides = []
    for version, hs in heights.items():
        starts, y = {}, 0.0
        for n, h in enumerate(hs, start=1):
            starts[n] = y
            y += h
        sides.append(spreads.Side(version, starts, y, (notes or {}).get(version, set())))
    return spreads.Facing("c-x", list(range(1, len(next(iter(heights.values()))) + 1)), sides)


def test_packing_fills_each_spread_to_its_longer_side():
    conv = _facing({"ru": [40, 40, 40, 10, 10], "en": [10, 10, 10, 80, 10]})
    breaks, overlong = spreads.pack(conv, capacity=100 / spreads.FILL)
    # ru 1–2 = 80 and en 1–3 = 30 fit; ru 1–3 = 120 does not; then ru 3–5 = 60, en 3–5 = 100 fit
    assert breaks == ["c-x-p3"] and not overlong


def test_footnotes_take_room_and_an_overlong_passage_is_reported():
    tight = _facing({"ru": [50, 45], "en": [10, 10]}, notes={"ru": {2}})
    assert spreads.pack(tight, capacity=100 / spreads.FILL)[0] == ["c-x-p2"]   # 95 + the footnote rule > 100
    assert spreads.pack(_facing({"ru": [50, 45], "en": [10, 10]}), capacity=100 / spreads.FILL)[0] == []
    breaks, overlong = spreads.pack(_facing({"ru": [30, 150, 30], "en": [10, 10, 10]}), capacity=100 / spreads.FILL)
    assert breaks == ["c-x-p2", "c-x-p3"]
    assert [(o.passage, o.version) for o in overlong] == [(2, "ru")]


@pytest.mark.parametrize("table, message", [
    ({"layout": "parallel"}, "layout must be one of"),
    ({"facing": 3}, "facing must be"),
    ({"pages": 2}, "takes the keys"),
    ({"volume_size": -1}, "volume_size must be"),
    ({"volume_size": "50"}, "volume_size must be"),
    ({"volume_size": True}, "volume_size must be"),
])
def test_print_options_refuse_what_they_do_not_know(table, message):
    with pytest.raises(EditionError) as caught:
        PrintOptions.from_table(table, Path("edition.toml"))
    assert caught.value.diagnostic.code == "project.bad-print" and message in caught.value.diagnostic.message


def test_print_one_conversation_on_its_own(seed_build, tmp_path):
    _, _, paths = seed_build
    tei = Path(paths[0]).parent
    out = tmp_path / "one.pdf"
    runner = CliRunner()
    result = runner.invoke(main, ["print", "1950-01-22", "--tei", str(tei), "--out", str(out), "--project",
                                  str(ROOT), "--facing", "shaturin"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(str(out)) as document:
        assert document.open_metadata()["dc:title"].startswith("Record of Talks between I.V. Stalin")
    pages = _passage_pages(out, re.compile(rf"^{CONV}-p(\d+)-(ru|en-shaturin)$"))
    assert pages and all(len({v for _, v in found}) == 1 for found in pages.values())
    pages = _pages(out)
    heads = {t.split("\n")[0] for t in pages}
    assert any("Stalin and Mao Zedong, 22 January 1950" in h for h in heads)
    contents = next(p for p in pages if p.startswith("Contents"))
    assert "22 January 1950" in contents and "16 December 1949" not in contents, "only the conversation asked for"
    missing = runner.invoke(main, ["print", "1951", "--tei", str(tei), "--out", str(out), "--project", str(ROOT)])
    assert missing.exit_code == 1 and "print.no-conversation" in missing.output and "1950-01-22" in missing.output
    assert "print.large-book" not in result.output


def test_printing_more_than_the_machine_can_hold_is_announced_first(seed_build, tmp_path, monkeypatch):
    from edition.publish import pdf

    _, _, paths = seed_build
    monkeypatch.setattr(pdf, "machine_memory", lambda: 128 * 2**20)  # a machine of 128 MB
    result = CliRunner().invoke(main, ["print", "1950-01-06", "--tei", str(Path(paths[0]).parent), "--out",
                                       str(tmp_path / "one.pdf"), "--project", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert "warning: the printed edition is one book of about" in result.output and "[print.large-book]" in result.output
    assert result.output.index("[print.large-book]") < result.output.index("PDF:")



def test_the_index_set_on_its_own_goes_on_with_the_book(seed_print, page_texts):
    """The index of names is set as a document of its own after the rest (docs/print.md): the contents give
    its first page, its folios go on from the body's, and every page number it prints is the page of the
    mention it links to, and links there."""
    out, pdf = seed_print
    reader = pypdf.PdfReader(str(pdf))
    dests = reader.named_destinations
    start = reader.get_destination_page_number(dests["index-of-names"]) + 1
    contents = next(t for t in page_texts if t.lstrip().startswith("Contents"))
    assert int(re.search(r"Index of names\s*\.*\s*(\d+)", contents).group(1)) == start
    assert start % 2 == 1 and "Index of names" in _body(page_texts[start - 1])
    assert len(page_texts) > start + 1, "the seeds' index has more than two pages"
    for number in range(start + 1, len(page_texts) + 1):  # the index's first page has no running head
        head = page_texts[number - 1].split("\n")[0].split()
        assert head[0 if number % 2 == 0 else -1] == str(number) and "Index of names" in " ".join(head)
    doc = html.parse(str(out / "edition.html")).getroot()
    numbers = doc.xpath("//section[@id='index-of-names']//a[@class='ix-page']")
    assert len(numbers) > 100
    for a in numbers:
        assert int(a.text) == reader.get_destination_page_number(dests[a.get("href")[1:]]) + 1, a.get("href")
    links = [annotation.get_object() for page in reader.pages[start - 1:] for annotation in page.get("/Annots") or []]
    assert {str(link.get("/Dest")) for link in links} >= {a.get("href")[1:] for a in numbers}


def _words(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words with where they begin (pdftotext -bbox), to a tenth of a point."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [sorted((m[2], round(float(m[0]), 1), round(float(m[1]), 1))
                   for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', page))
            for page in out.split("<page ")[1:]]


def test_the_index_columns_are_those_weasyprint_would_balance(seed_print, tmp_path):
    """pdf.balance_index deals the index's entries into two columns per page itself (WeasyPrint's
    CSS columns lay the rest out again for every trial height): the index's pages are word for
    word, and each word where, the index set with ``columns: 2`` (two balanced columns, the
    headings with their entries)."""
    import weasyprint

    from edition.publish.pdf import _INDEX_START, balance_index, parsed_html

    out, _ = seed_print
    book = (out / "edition.html").read_text(encoding="utf-8")
    head = book[:book.find("</head>")] + "<style>@page :first { counter-reset: page 100 }</style></head><body>"
    columns = html.fromstring(book[book.rfind(_INDEX_START):book.rfind("</body>")])
    chunks = columns.xpath("//div[contains(@class, 'ix-chunk')]")
    assert len(chunks) >= 3 and all(len(c.xpath("div[@class='ix-col']")) == 2 for c in chunks), "two columns a page"
    for chunk in chunks:  # back to one run of entries in each div.ix-columns, as names-print.xsl writes it
        parent = chunk.getparent()
        for entry in chunk.xpath("div/p"):
            parent.append(entry)
        parent.remove(chunk)
    for element in columns.xpath("//*[contains(@class, 'ix-balanced') or contains(@class, 'ix-newpage')]"):
        element.set("class", element.get("class").replace(" ix-balanced", "").replace(" ix-newpage", ""))
    (tmp_path / "print.css").write_text((out / "print.css").read_text(encoding="utf-8"), encoding="utf-8")
    css_columns, ours = tmp_path / "columns.html", tmp_path / "ours.html"
    for path in (css_columns, ours):
        path.write_text(head + html.tostring(columns, encoding="unicode") + "</body></html>", encoding="utf-8")
    fonts = weasyprint.text.fonts.FontConfiguration()
    render = lambda path: parsed_html(path).render(font_config=fonts)  # noqa: E731
    capacity = render(css_columns).pages[0]._page_box.height
    pages = balance_index(ours, capacity, render)
    reader = pypdf.PdfReader(str(out / "edition.pdf"))
    start = reader.get_destination_page_number(reader.named_destinations["index-of-names"])
    assert pages == len(reader.pages) - start, "as many pages as the book's index"
    for path in (css_columns, ours):
        render(path).write_pdf(path.with_suffix(".pdf"))
    assert _words(ours.with_suffix(".pdf")) == _words(css_columns.with_suffix(".pdf"))


def test_the_body_set_in_parts_is_the_book_set_in_one(seed_print, seed_build, edition_meta, tmp_path):
    """The seeds' book set in parts in two processes (PdfBuilder.jobs = 2: the rectos measured, the
    front matter and the conversations around the facing one set in a second process, the contents
    set again with their page numbers) is the book set in one (``seed_print``): every word of every
    page where it was, the same named destinations on the same pages, the same bookmarks."""
    from edition.publish import PdfBuilder
    from edition.publish.pdf import _Body

    out, one = seed_print
    body = _Body((out / "edition.html").read_text(encoding="utf-8"))
    assert [p["facing"] for p in body.parts] == [False, True, False], "front matter, the facing one, the rest"
    builder = PdfBuilder(jobs=2)
    parallel = builder.build(conftest.seed_paths(seed_build), tmp_path,
                             {**edition_meta.as_params(), "editors": PRINT_EDITORS})
    assert {"part-0, second process", "part-2, second process", "front, second process"} <= {
        what for what, _ in builder.timings}, "set in parts, not in one after a failure"
    assert _words(parallel) == _words(one)
    assert (tmp_path / "edition.html").read_text(encoding="utf-8") == (out / "edition.html").read_text(encoding="utf-8")
    readers = [pypdf.PdfReader(str(pdf)) for pdf in (parallel, one)]
    dests = [{name: r.get_destination_page_number(d) for name, d in r.named_destinations.items()} for r in readers]
    assert dests[0] == dests[1] and len(dests[0]) > 100

    def outline(reader, items):
        return [outline(reader, i) if isinstance(i, list) else (i.title, reader.get_destination_page_number(i))
                for i in items]

    assert outline(readers[0], readers[0].outline) == outline(readers[1], readers[1].outline)


def test_the_books_editorial_principles_are_in_words_for_readers_the_web_page_adds_their_encoding(
        page_texts, seed_build, tmp_path):
    """editorialDecl says each principle in words, then how it is encoded (seg type="encoding", with gi, att and
    val): the book prints the words only; the web page shows both, the names as TEI readers write them."""
    from edition.publish import HtmlBuilder

    principles = next(t for t in page_texts if t.lstrip().startswith("Editorial principles"))
    flat = " ".join(re.sub("\u2010\\s+", "", principles).split())  # words hyphenated at line ends joined
    assert "Only sure typos are corrected, by the editors" in flat and "Words hyphenated at line end" in flat
    assert "Encoded as" not in flat and "<" not in flat and "@" not in flat and "[" not in flat.split("Conventions")[0]
    HtmlBuilder().build(conftest.seed_paths(seed_build)[:1], tmp_path, {"title": "T"})
    page = html.parse(str(next(tmp_path.glob("1*.html")))).getroot()
    shown = page.xpath("//details[@class='editorial']//span[@class='encoding']")
    assert len(shown) == 4
    codes = [c.text_content() for c in shown[0].xpath(".//code")]
    assert codes[:4] == ["<choice>", "<sic>", "<corr>", "@resp"] and '"correction"' in codes


def test_volumes_hold_volume_size_conversations_in_the_editions_order_the_last_the_rest():
    from edition.publish.builders import Conversation

    convs = [Conversation(Path(f"/e/{when}-x.xml"), when, f"talk of {when}")
             for when in ("1949-12-16", "1950-01-06", "1950-01-13", "1950-01-22", "1952-09-19")]
    assert PrintOptions().volumes(convs) == [("", "", convs)]  # one book by default
    assert PrintOptions(volume_size=5).volumes(convs) == [("", "", convs)]  # no more than one volume's worth
    books = PrintOptions(volume_size=2).volumes(convs)
    assert [(folder, label, [c.when for c in part]) for folder, label, part in books] == [
        ("volume-1", "Volume 1 of 3: 16 December 1949 – 6 January 1950", ["1949-12-16", "1950-01-06"]),
        ("volume-2", "Volume 2 of 3: 13 January 1950 – 22 January 1950", ["1950-01-13", "1950-01-22"]),
        ("volume-3", "Volume 3 of 3: 19 September 1952", ["1952-09-19"])]
    undated = [Conversation(Path("/e/a.xml"), "", "Notes of a talk"), Conversation(Path("/e/b.xml"), "1950", "B")]
    assert PrintOptions(volume_size=1).volumes(undated)[0][1] == "Volume 1 of 2: Notes of a talk"
    assert PrintOptions(volume_size=1).volumes(undated)[1][1] == "Volume 2 of 2: 1950"
