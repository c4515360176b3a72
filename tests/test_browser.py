"""The web edition in a real browser (Debian's Chromium driven by Playwright): the index
lists the conversations in date order and links work; a conversation page lays its language
versions out in shared rows, so that every aligned passage starts level with its counterparts
(measured for every paragraph link of 22 January 1950), in columns on a wide screen and
interleaved on a narrow one; the reader chooses the versions shown and the choice is
remembered; a name on a conversation page leads to its entry in the index of names; the
sentence alignment (edition/xslt/js/align.js) highlights counterparts, brings them into view,
stays put under a still pointer and can be turned off.
Screenshots are left in tests/_out/ for people to look at."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest
from playwright.sync_api import expect

from edition.publish.builders import HtmlBuilder

OUT = Path(__file__).parent / "_out"


@pytest.fixture(scope="module")
def site(seed_build, edition_meta, tmp_path_factory):
    _, _, paths = seed_build
    out = tmp_path_factory.mktemp("html")
    HtmlBuilder().build(paths, out, edition_meta.as_params())
    return out


def test_index_lists_conversations_in_date_order(site, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto((site / "index.html").as_uri())
    links = page.locator("a[href$='.html']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    conversations = [href for href in links if href[:4].isdigit()]
    assert list(dict.fromkeys(conversations)) == [
        "1949-12-16-stalin-mao-zedong.html", "1950-01-06-vyshinsky-mao-zedong.html",
        "1950-01-13-vyshinsky-mao-zedong.html", "1950-01-22-stalin-mao-zedong.html",
        "1952-09-19-stalin-zhou-enlai.html"]
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "index.png"), full_page=True)
    page.click("a[href='1950-01-22-stalin-mao-zedong.html']")
    assert "Сталин" in page.content()


# ------------------------------------------------------------------ parallel reading

CONV = "1950-01-22-stalin-mao-zedong"


def _shown(page) -> list[str]:
    return page.locator("section.version").evaluate_all(
        "els => els.filter(e => !e.hidden).map(e => e.dataset.version)")


def _choose(page, versions: list[str] | None) -> None:
    """Store a choice of versions as the page does, and reload."""
    if versions is not None:
        page.evaluate("v => localStorage.setItem('edition.versions', JSON.stringify(v))", versions)
        page.reload()
        page.wait_for_load_state("load")


@pytest.fixture(scope="module")
def passages(seed_build):
    """The paragraph links of 22 January 1950, per translation: [(original ids, translation ids)],
    and, for the two translations, the components of both groups: [(Rozas ids, Shaturin ids)]."""
    from lxml import etree

    from .test_publish_align import aligned_tei, paragraph_links

    _, _, paths = seed_build
    return paragraph_links(etree.parse(str(aligned_tei(paths))).getroot())


# (top of the passage, top and bottom of its last block, top of the counterpart) of every passage
_MEASURE = """pairs => pairs.map(([a, b]) => {
  const first = document.getElementById(a[0]), last = document.getElementById(a[a.length - 1]);
  const other = document.getElementById(b[0]);
  return [a[0], b[0], first.getBoundingClientRect().top, last.getBoundingClientRect().bottom,
          other.getBoundingClientRect().top];
})"""


def _offsets(page, pairs, interleaved: bool) -> list[tuple[str, float]]:
    """Level: |top of counterpart - top of passage|; interleaved: top of counterpart - end of passage."""
    return [(a, round(other - (end if interleaved else top), 1))
            for a, _, top, end, other in page.evaluate(_MEASURE, pairs)]


def _report(label: str, offsets: list[tuple[str, float]]) -> tuple[float, float]:
    values = [abs(v) for _, v in offsets]
    worst = max(offsets, key=lambda o: abs(o[1]))
    median = statistics.median(values)
    print(f"{label}: {len(values)} passages, median {median:.1f} px, worst {worst[1]:.1f} px ({worst[0]})")
    return median, worst[1]


@pytest.mark.parametrize("width,choice,translations", [
    (1400, None, ["en-rozas"]),                           # the original and the first translation
    (1400, ["ru", "en-rozas", "en-shaturin"], ["en-rozas", "en-shaturin"]),
    (1400, ["ru", "en-shaturin"], ["en-shaturin"]),
    (1000, None, ["en-rozas"]),                           # the original and the first translation
    (1000, ["ru", "en-shaturin"], ["en-shaturin"]),
])
def test_every_passage_starts_level_with_its_counterpart(site, browser, passages, width, choice, translations):
    page, errors = _open(browser, site, width=width)
    _choose(page, choice)
    assert _shown(page) == ["ru", *translations]
    for translation in translations:
        offsets = _offsets(page, passages[translation], interleaved=False)
        assert len(offsets) > 70
        _, worst = _report(f"{width} px, {'+'.join(_shown(page))}, ru / {translation}", offsets)
        assert abs(worst) <= 40
    assert not errors


# every set of versions a reader may choose, laid out by common/align.xsl's ed:layout (what print and the page
# without script use): "key tracks id:first,last,order …" per set
_LAYOUTS_XSL = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ed="urn:x-edition:functions" xpath-default-namespace="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="#all">
  <xsl:import href="{xslt}/common/text.xsl"/>
  <xsl:include href="{xslt}/common/align.xsl"/>
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:variable name="versions" select="ed:versions(TEI)"/>
    <xsl:for-each select="ed:version-sets(count($versions))">
      <xsl:variable name="shown" select="$versions[position() = current()?*]"/>
      <xsl:variable name="layout" select="ed:layout(root($shown[1])/TEI, $shown)"/>
      <xsl:value-of select="string-join($shown/@xml:id, '+'), $layout?tracks,
                            for $b in $shown ! ed:blocks(.) return $b/@xml:id || ':' || string-join($layout?units(string($b/@xml:id)), ',')"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""


def test_every_choice_of_versions_is_laid_out_as_ed_layout_makes_it(site, seed_build, browser, tmp_path):
    """align.js lays out the set of versions chosen from the paragraph links (data-para); for each of the seven
    sets of 22 January 1950 every unit's grid rows and order, and the container's rows, are ed:layout's."""
    from edition.publish import xslt
    from edition.publish.builders import XSLT_DIR

    from .test_publish_align import aligned_tei

    _, _, paths = seed_build
    sheet = tmp_path / "layouts.xsl"
    sheet.write_text(_LAYOUTS_XSL.replace("{xslt}", XSLT_DIR.as_uri()), encoding="utf-8")
    expected = {}
    for line in xslt.load(sheet).transform(aligned_tei(paths)).splitlines():
        key, tracks, *units = line.split()
        expected[key] = (int(tracks), {u.split(":")[0]: [int(n) for n in u.split(":")[1].split(",")] for u in units})
    assert len(expected) == 7 and len(expected["ru+en-rozas+en-shaturin"][1]) > 200
    page, errors = _open(browser, site, width=1400)
    for key, (tracks, units) in expected.items():
        # with the checkboxes "Show" (a stored choice of one version is not taken from another page)
        page.evaluate("""chosen => { const boxes = [...document.querySelectorAll('.version-choice input')];
            boxes.filter(b => !b.checked).forEach(b => b.click());
            boxes.filter(b => !chosen.includes(b.value)).forEach(b => b.click()); }""", key.split("+"))
        assert "+".join(_shown(page)) == key
        got = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('section.version:not([hidden]) .unit[data-unit]')]
            .map(u => [u.dataset.unit, [u.style.getPropertyValue('--r').trim(), u.style.getPropertyValue('--o').trim()]]))""")
        assert got == {i: [f"{a + 3} / {b + 4}", str(o)] for i, (a, b, o) in units.items()}, key
        notes = page.evaluate("() => document.querySelector('.versions.parallel').style.getPropertyValue('--notes')")
        assert notes.strip() == str(tracks + 4), key
    assert not errors


def test_the_two_translations_start_level(site, browser, passages):
    page, _ = _open(browser, site, width=1400)
    _choose(page, ["en-rozas", "en-shaturin"])
    assert _shown(page) == ["en-rozas", "en-shaturin"]
    offsets = _offsets(page, passages["en-rozas+en-shaturin"], interleaved=False)
    assert len(offsets) > 70
    _, worst = _report("1400 px, en-rozas / en-shaturin", offsets)
    assert abs(worst) <= 40
    lefts = page.evaluate("() => ['en-rozas-b4', 'en-shaturin-b8'].map(i => document.getElementById(i)"
                          ".getBoundingClientRect().left)")
    assert lefts[0] < lefts[1] and lefts[0] < 200, "Rozas in the first column, Shaturin in the second"


@pytest.mark.parametrize("choice", [None, ["ru", "en-shaturin"], ["ru", "en-rozas", "en-shaturin"]])
def test_on_a_phone_each_passage_is_followed_by_its_counterpart(site, browser, passages, choice):
    page, errors = _open(browser, site, width=390, height=844)
    _choose(page, choice)
    shown = _shown(page)
    lefts = page.evaluate("() => [...document.querySelectorAll('.unit:not([hidden])')].filter(u => u.offsetParent)"
                          ".map(u => Math.round(u.getBoundingClientRect().left))")
    assert len(set(lefts)) <= 2, "one column (translations indented)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the screen"
    for translation in shown[1:]:
        offsets = _offsets(page, passages[translation], interleaved=True)
        median, worst = _report(f"390 px, {'+'.join(shown)}, ru / {translation}", offsets)
        if len(shown) == 2:
            assert all(0 <= v <= 40 for _, v in offsets), [o for o in offsets if not 0 <= o[1] <= 40][:5]
        else:  # three versions: the second translation comes after the first
            assert all(v >= 0 for _, v in offsets) and median <= 400
    assert not errors


def test_the_page_as_it_looks(site, browser):
    """Screenshots at the three widths (tests/_out/), the text scrolled to Stalin's first turn."""
    OUT.mkdir(exist_ok=True)
    for width, height, versions, name in [(1400, 1000, None, "1400"), (1400, 1000, ALL, "1400-all"),
                                          (1000, 900, None, "1000"), (390, 844, None, "390")]:
        page, errors = _open(browser, site, width=width, height=height, versions=versions)
        page.screenshot(path=str(OUT / f"{CONV[:10]}-{name}-top.png"))
        page.evaluate("() => window.scrollTo(0, document.getElementById('ru-b5').getBoundingClientRect().top"
                      " + scrollY - 120)")
        page.screenshot(path=str(OUT / f"{CONV[:10]}-{name}.png"))
        assert not errors


def test_choosing_the_versions_shown_is_remembered(site, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto((site / f"{CONV}.html").as_uri())
    choice = page.locator(".version-choice")
    assert choice.is_visible() and not page.locator(".version-links").is_visible()
    labels = choice.locator("label").all_inner_texts()
    assert [t.strip() for t in labels] == ["Russian original", "English — tr. Danny Rozas",
                                           "English — tr. Michael Shaturin"]
    assert _shown(page) == ["ru", "en-rozas"], "the original and the first translation at first"
    page.get_by_label("English — tr. Michael Shaturin").check()
    assert _shown(page) == ["ru", "en-rozas", "en-shaturin"]
    page.get_by_label("English — tr. Danny Rozas").uncheck()
    assert _shown(page) == ["ru", "en-shaturin"]
    assert not page.locator("[id='en-rozas-b4']").is_visible()
    tops = page.evaluate("() => ['ru-b5', 'en-shaturin-b8'].map(i => document.getElementById(i).getBoundingClientRect())"
                         ".map(r => [Math.round(r.top), Math.round(r.left)])")
    assert tops[0][0] == tops[1][0] and tops[0][1] < tops[1][1], "Shaturin moved into the second column"
    # remembered: on reload, and on another page of the edition (the same versions)
    page.reload()
    assert _shown(page) == ["ru", "en-shaturin"]
    assert page.get_by_label("English — tr. Danny Rozas").is_checked() is False
    other = context.new_page()
    other.goto((site / f"{CONV}.html").as_uri())
    assert _shown(other) == ["ru", "en-shaturin"]
    # the last version cannot be taken away
    page.get_by_label("English — tr. Michael Shaturin").uncheck()
    assert _shown(page) == ["ru"]
    page.get_by_label("Russian original").click()
    assert _shown(page) == ["ru"] and page.get_by_label("Russian original").is_checked()
    # a link to a passage of a version not shown shows that version
    page.goto((site / f"{CONV}.html").as_uri() + "#en-rozas-b30")
    page.wait_for_load_state("load")
    assert "en-rozas" in _shown(page)
    expect(page.locator("[id='en-rozas-b30']")).to_be_in_viewport()
    context.close()


def test_without_javascript_all_versions_are_shown_in_rows(site, browser, passages):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto((site / f"{CONV}.html").as_uri())
    assert _shown(page) == ["ru", "en-rozas", "en-shaturin"]
    assert not page.locator(".version-choice").is_visible()
    for translation in ["en-rozas", "en-shaturin"]:
        _, worst = _report(f"1400 px without script, ru / {translation}",
                           _offsets(page, passages[translation], interleaved=False))
        assert abs(worst) <= 40
    page.set_viewport_size({"width": 390, "height": 844})
    offsets = _offsets(page, passages["en-rozas"], interleaved=True)
    assert all(v >= 0 for _, v in offsets), "interleaved: every counterpart after its passage"
    context.close()


def test_version_labels_carry_the_translator(site, browser):
    page, _ = _open(browser, site, width=1400, versions=ALL)
    labels = page.locator("h2.version-label").all_inner_texts()
    assert labels == ["RUSSIAN ORIGINAL", "ENGLISH — TR. DANNY ROZAS", "ENGLISH — TR. MICHAEL SHATURIN"]
    # the labels stay in view over their columns while the text scrolls
    page.evaluate("window.scrollTo(0, document.getElementById('ru-b40').getBoundingClientRect().top + scrollY)")
    boxes = page.locator("h2.version-label").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    assert all(abs(top) < 1 for top in boxes)


# ------------------------------------------------------------------ typography

# characters (spaces included) on each full line of the longer paragraphs of a selection
_LINE_LENGTHS = """sel => {
  const out = [];
  const ps = [...document.querySelectorAll(sel)].filter(p => p.offsetParent && p.textContent.length > 300).slice(0, 12);
  const range = document.createRange();
  for (const p of ps) {
    let count = 0, left = -1;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.length; i++) {
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (r && r.width > 0 && r.left < left - 2) { out.push(count); count = 0; }
        if (r && r.width > 0) left = r.left;
        count += 1;
      }
    }
  }
  return out; }"""


@pytest.mark.parametrize("width", [1400, 1000, 390])
@pytest.mark.parametrize("name", [CONV, "1949-12-16-stalin-mao-zedong"])
def test_conversation_text_is_a_serif_of_readable_measure(site, browser, name, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((site / f"{name}.html").as_uri())
    versions = page.locator("section.version").evaluate_all("els => els.filter(e => !e.hidden).map(e => e.id)")
    for version in versions:
        style = page.locator(f"#{version} .text-body p").first.evaluate(
            "e => { const s = getComputedStyle(e); return [parseFloat(s.fontSize), s.fontFamily]; }")
        assert style[0] >= 16 and style[1].startswith('"Noto Serif"'), (version, style)
        lengths = page.evaluate(_LINE_LENGTHS, f"#{version} .text-body p")
        median = statistics.median(lengths)
        print(f"{name[:10]} {width} px {version}: {style[0]} px, {len(lengths)} lines, "
              f"median {median} characters a line ({min(lengths)}-{max(lengths)})")
        if width >= 1000:
            assert 45 <= median <= 75, (version, median)
        else:  # a phone: as many as fit
            assert median >= 35
    page.close()


def test_the_names_index_keeps_its_small_version_lines(site, browser):
    """.versions on the index of names (a conversation's versions under an entry) is not the
    conversation page's container of versions any more: each page's CSS is its own."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto((site / "names.html").as_uri())
    small = page.locator(".names-page span.versions").first.evaluate("e => getComputedStyle(e).fontSize")
    assert small == "12px"
    page.goto((site / f"{CONV}.html").as_uri())
    assert page.locator("div.versions").evaluate("e => getComputedStyle(e).fontSize") != "12px"
    page.close()


def test_the_contents_table_on_a_phone(site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((site / "index.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    rows = page.locator("table.toc tbody tr")
    assert rows.count() == 5
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
        assert all(w > 300 for w in cells), "each cell the width of the screen, one under the other"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "index-390.png"), full_page=True)
    page.close()


# ------------------------------------------------------------------ accessibility

AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
SINGLE = "1949-12-16-stalin-mao-zedong"


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe  # axe-core, bundled with the package

    return Axe()


@pytest.fixture(scope="module")
def site_without_script(site, tmp_path_factory):
    """The site as a browser without JavaScript shows it (axe itself needs JavaScript to run)."""
    out = tmp_path_factory.mktemp("html-noscript")
    for f in site.iterdir():
        if f.is_file() and f.suffix != ".js":
            shutil.copy(f, out / f.name)
    return out


@pytest.mark.parametrize("name,width,versions,script", [
    ("index", 1400, None, True), ("index", 390, None, True),
    ("names", 1400, None, True), ("names", 390, None, True),
    (CONV, 1400, None, True), (CONV, 1400, ["ru", "en-rozas", "en-shaturin"], True), (CONV, 1000, None, True),
    (CONV, 390, None, True), (CONV, 1400, None, False), (CONV, 390, None, False),
    (SINGLE, 1400, None, True), (SINGLE, 390, None, True),
])
def test_axe_finds_nothing_critical_or_serious(site, site_without_script, browser, axe, name, width, versions, script):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(((site if script else site_without_script) / f"{name}.html").as_uri())
    page.wait_for_load_state("load")
    _choose(page, versions)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    found = {(v["id"], v["impact"]): len(v["nodes"]) for v in violations}
    print(f"axe {name} {width} px{'' if script else ' without script'}: {found or 'no violations'}")
    bad = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]} {v['help']}"
           for v in violations if v["impact"] in ("critical", "serious")]
    assert not bad, bad
    page.close()


@pytest.mark.parametrize("name,target", [("index", "main"), ("names", "main"), (CONV, "text")])
def test_a_skip_link_comes_first(site, browser, name, target):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto((site / f"{name}.html").as_uri())
    skip = page.locator("a.skip-link")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0, "out of sight until focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#{target}", timeout=5000)  # the navigation is not done when press() returns (flaky)
    assert page.url.endswith(f"#{target}")
    expect(page.locator(f"#{target}")).to_be_in_viewport()
    page.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_controls_are_targets_of_24_px(site, browser, width):
    """The edition's own controls (links of the site frame, the neighbours, the version choice,
    the alignment toggle, the contents' titles); links inside running text are exempt (WCAG 2.5.8)."""
    small = []
    for name in ["index", "names", CONV]:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((site / f"{name}.html").as_uri())
        small += page.evaluate("""() => [...document.querySelectorAll(
              'header.site a, nav a, .version-choice label, .align-toggle, table.toc td.title a, .names-toc a, a.conv,'
              + ' details.editorial summary')]
            .filter(e => e.offsetParent)
            .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
            .filter(([_, r]) => r.width < 24 || r.height < 24)
            .map(([t, r]) => [t, Math.round(r.width), Math.round(r.height)])""")
        page.close()
    assert not small, small


@pytest.mark.parametrize("selector,label", [
    ("#v-en-rozas a.tei-persName[href='names.html#zhou-enlai']", "Zhou Enlai"),
    ("#v-en-rozas a.tei-placeName:text-is('Port Arthur')", None),  # whatever the register calls it
])
def test_clicking_a_name_opens_its_entry_in_the_index_of_names(site, browser, selector, label):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto((site / "1950-01-22-stalin-mao-zedong.html").as_uri())
    link = page.locator(selector).first
    href = link.get_attribute("href")
    title = link.get_attribute("title")
    assert href.startswith("names.html#") and title.endswith(")")
    label = label or title.rsplit(" (", 1)[0]  # "Lüshun (place)": the preferred English name
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_load_state()
    entity = href.split("#", 1)[1]
    assert page.url.endswith(f"/names.html#{entity}")
    entry = page.locator(f"li.entity[id='{entity}']")
    assert entry.is_visible()
    assert entry.locator("h3").inner_text() == label
    box = entry.bounding_box()
    bar = page.locator(".names-toc").bounding_box()
    assert bar["y"] + bar["height"] - 1 <= box["y"] < 1000, "the entry is on screen, below the sticky bar"
    assert entry.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)", "the entry is highlighted"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / f"names-{entity}.png"))


# ------------------------------------------------------------------ the sentence alignment


ALL = ["ru", "en-rozas", "en-shaturin"]


def _open(browser, site, width=1400, height=1000, versions=None, **context):
    """The page of 22 January 1950; ``versions``: the versions chosen (else the page's default)."""
    page = browser.new_page(viewport={"width": width, "height": height}, **context)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto((site / f"{CONV}.html").as_uri())
    page.wait_for_load_state("load")
    _choose(page, versions)
    return page, errors


def _point(page, sid: str) -> tuple[float, float]:
    """The middle of the first line of sentence ``sid`` (a sentence's box may span lines and
    hold other sentences' text)."""
    page.locator(f"[id='{sid}']").scroll_into_view_if_needed()
    r = page.evaluate("id => { const r = document.getElementById(id).getClientRects()[0];"
                      " return [r.left + Math.min(r.width / 2, 40), r.top + r.height / 2]; }", sid)
    return r[0], r[1]


def _lit(page) -> tuple[list[str], set[str]]:
    return (page.locator(".align-focus").evaluate_all("els => els.map(e => e.id)"),
            set(page.locator(".align-match").evaluate_all("els => els.map(e => e.id)")))


def _in_view(page, sid: str) -> bool:
    return page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                         " return r.bottom > 0 && r.top < innerHeight && r.height > 0; }", sid)


@pytest.fixture(scope="module")
def first_stalin_sentence(seed_build):
    """Stalin's first turn in the Russian: its first sentence and, from the TEI's sentence
    linkGrps, its counterparts in each translation."""
    from lxml import etree

    from .test_publish_align import NS, aligned_tei, sentence_links

    _, _, paths = seed_build
    root = etree.parse(str(aligned_tei(paths))).getroot()
    sid = root.xpath("string((//t:text[@xml:id='ru']//t:sp[@who='#stalin'])[1]//t:s[1]/@xml:id)", namespaces=NS)
    linked: dict[str, set[str]] = {}
    for translation, el, ids in sentence_links(root):
        if sid in ids and el.get("type") != "unaligned":
            linked.setdefault(translation, set()).update(i for i in ids if not i.startswith("ru-"))
    return sid, linked


def test_hovering_a_sentence_highlights_its_counterparts(site, browser, first_stalin_sentence):
    sid, linked = first_stalin_sentence
    assert sid == "ru-b5-s1" and sorted(linked) == ["en-rozas", "en-shaturin"]
    expected = set().union(*linked.values())
    page, errors = _open(browser, site)
    assert page.locator("article.conversation.align-on").count() == 1, "align.js did not run"
    assert _lit(page) == ([], set())
    page.mouse.move(*_point(page, sid))
    focus, match = _lit(page)
    assert focus == [sid]
    assert match == expected
    assert all(page.locator(f"[id='{i}']").get_attribute("class") == "s align-match" for i in expected)
    tint = page.locator(f"[id='{sid}']").evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator("[id='ru-b6-s1']").evaluate("e => getComputedStyle(e).backgroundColor")
    assert tint != plain == "rgba(0, 0, 0, 0)"
    OUT.mkdir(exist_ok=True)
    # for the picture: a sentence in the middle column, the page scrolled to show the three columns' text
    page.evaluate("window.scrollTo(0, document.getElementById('ru-b5-s1').getBoundingClientRect().top + scrollY - 360)")
    page.mouse.move(*_point(page, "en-rozas-b5-s3"))
    assert _lit(page) == (["en-rozas-b5-s3"], {"ru-b6-s3", "en-shaturin-b9-s3"})
    page.screenshot(path=str(OUT / "alignment-hover.png"))
    page.mouse.move(5, 5)  # away: nothing stays tinted
    assert _lit(page) == ([], set())
    page.locator(f"[id='{sid}']").focus()  # the keyboard does the same
    assert _lit(page) == ([sid], expected)
    assert not errors


def test_clicking_a_sentence_brings_its_counterparts_into_view(site, browser):
    page, errors = _open(browser, site, width=1400, height=400, versions=ALL, reduced_motion="reduce")
    # level rows leave only the drift inside a passage: the Russian sentence whose Rozas
    # counterpart ends furthest below it, at the bottom of the screen: the counterpart is cut off
    sid, other, drift = page.evaluate("""() => {
        let best = null;
        for (const s of document.querySelectorAll('#v-ru span.s[data-links]')) {
          const o = document.getElementById(s.dataset.links.split(' ').find(i => i.startsWith('en-rozas-')) || '');
          if (!o) continue;
          const d = o.getBoundingClientRect().bottom - s.getBoundingClientRect().bottom;
          if (!best || d > best[2]) best = [s.id, o.id, d];
        }
        return best; }""")
    assert 20 < drift < 300, drift
    page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                  " window.scrollBy(0, r.bottom - innerHeight + 5); }", sid)
    expect(page.locator(f"[id='{sid}']")).to_be_in_viewport(ratio=1)
    expect(page.locator(f"[id='{other}']")).not_to_be_in_viewport(ratio=1)
    x, y = page.evaluate("id => { const r = document.getElementById(id).getClientRects()[0];"
                         " return [r.left + 10, r.top + r.height / 2]; }", sid)
    page.mouse.click(x, y)
    links = page.locator(f"[id='{sid}']").get_attribute("data-links").split()
    for i in links:
        expect(page.locator(f"[id='{i}']")).to_be_in_viewport(ratio=1)
    assert _in_view(page, sid), "the sentence clicked stays in view when everything fits"
    page.mouse.move(5, 5)
    assert _lit(page) == ([sid], set(links)), "a click keeps the highlighting"
    page.keyboard.press("Escape")
    assert _lit(page) == ([], set())
    assert not errors


def test_on_a_narrow_screen_a_click_goes_to_the_counterpart(site, browser):
    page, errors = _open(browser, site, width=390, height=600, reduced_motion="reduce")
    # the Russian sentence whose Rozas counterpart comes furthest after it (a long paragraph)
    sid, other, drift = page.evaluate("""() => {
        let best = null;
        for (const s of document.querySelectorAll('#v-ru span.s[data-links]')) {
          const o = document.getElementById(s.dataset.links.split(' ').find(i => i.startsWith('en-rozas-')) || '');
          if (!o) continue;
          const d = o.getBoundingClientRect().top - s.getBoundingClientRect().top;
          if (!best || d > best[2]) best = [s.id, o.id, d];
        }
        return best; }""")
    assert drift > 600, drift
    page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                  " window.scrollBy(0, r.top - 20); }", sid)
    assert not _in_view(page, other)
    page.mouse.click(*_point(page, sid))
    expect(page.locator(f"[id='{other}']")).to_be_in_viewport()
    page.mouse.click(*_point(page, other))  # and back: the next version shown is the Russian
    expect(page.locator(f"[id='{sid}']")).to_be_in_viewport()
    assert not errors


def test_the_highlight_stays_when_the_page_scrolls_under_a_still_pointer(site, browser):
    page, errors = _open(browser, site)
    x, y = _point(page, "ru-b6-s1")
    page.mouse.move(x, y)
    assert _lit(page)[0] == ["ru-b6-s1"]
    before = page.evaluate("scrollY")
    page.mouse.wheel(0, 400)          # the text moves, the pointer does not
    page.wait_for_function("y => scrollY > y + 100", arg=before)
    page.wait_for_timeout(300)        # time for the browser to report the pointer over the new text
    under = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y);"
                          " const s = e && e.closest('span.s[data-links]'); return s ? s.id : null; }", [x, y])
    assert under and under != "ru-b6-s1", "the test needs another sentence under the pointer"
    assert _lit(page)[0] == ["ru-b6-s1"], "the highlight moved to what the scroll brought under the pointer"
    page.mouse.move(x + 3, y)          # a move of the pointer: the highlight follows it
    assert _lit(page)[0] == [under]
    assert not errors


def test_sentences_are_not_each_a_tab_stop(site, browser):
    page, errors = _open(browser, site, versions=ALL)
    stops = page.locator("span.s[tabindex='0']").evaluate_all("els => els.map(e => e.id)")
    assert stops == ["ru-b1-s1", "en-rozas-b1-s1", "en-shaturin-b1-s1"], "one per version"
    assert page.locator("span.s[tabindex='-1']").count() > 400
    page.locator("[id='ru-b1-s1']").focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "ru-b2-s1"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "ru-b2-s1"
    assert _lit(page)[0] == ["ru-b2-s1"]
    stops = page.locator("span.s[tabindex='0']").evaluate_all("els => els.map(e => e.id)")
    assert stops == ["ru-b2-s1", "en-rozas-b1-s1", "en-shaturin-b1-s1"], "the tab stop moves with the reader"
    assert not errors


def test_a_sentence_without_counterpart_is_marked(site, browser):
    page, _ = _open(browser, site, versions=ALL)
    letter = page.locator("[id='en-shaturin-b1-s1']")
    assert letter.get_attribute("class") == "s unaligned"
    assert letter.get_attribute("title") == ("No counterpart in the Russian original or the English "
                                             "translation (Danny Rozas)")
    grey = letter.evaluate("e => getComputedStyle(e).color")
    text = page.locator("[id='en-shaturin-b8-s1']").evaluate("e => getComputedStyle(e).color")
    assert grey != text
    page.mouse.move(*_point(page, "en-shaturin-b1-s1"))
    assert _lit(page) == (["en-shaturin-b1-s1"], set())


# ------------------------------------------------------------------ the sentences' marks, made by align.js
# from the sentence links the page carries once (data-sentences, common/align.xsl): the same as the TEI says

_MARKS = """() => Object.fromEntries([...document.querySelectorAll('.versions span.s[id]')].map(s =>
    [s.id, {cls: s.getAttribute('class'), links: s.getAttribute('data-links'), cert: s.getAttribute('data-cert'),
            title: s.getAttribute('title')}]))"""


def _marks(browser, folder) -> dict[str, dict]:
    """Every sentence's marks as the script leaves them on load, in page order."""
    page, errors = _open(browser, folder, versions=ALL)
    marks = page.evaluate(_MARKS)
    assert not errors
    page.close()
    return marks


@pytest.fixture(scope="module")
def marks(site, browser):
    return _marks(browser, site)


@pytest.fixture(scope="module")
def tei_root(seed_build):
    from lxml import etree

    from .test_publish_align import aligned_tei

    _, _, paths = seed_build
    return etree.parse(str(aligned_tei(paths))).getroot()


def _aligned(marks) -> dict[str, list[str]]:
    """The sentences the script marked: their counterparts."""
    return {sid: m["links"].split() for sid, m in marks.items() if m["links"] is not None}


def test_sentence_marks_every_aligned_sentence_has_its_links(marks, tei_root):
    from .test_publish_align import NS

    aligned = _aligned(marks)
    tei_ids = tei_root.xpath("//t:text[@xml:id]//t:s/@xml:id", namespaces=NS)
    assert len(tei_ids) > 400 and sorted(aligned) == sorted(tei_ids)
    assert all(marks[sid]["cls"] in ("s", "s unaligned") for sid in aligned)


def test_sentence_marks_every_counterpart_is_a_sentence_of_another_version(marks):
    from .test_publish_align import version_of

    linked = [(sid, other) for sid, links in _aligned(marks).items() for other in links]
    assert len(linked) > 800
    assert all(other in marks for _, other in linked), "a counterpart is not a sentence of the page"
    assert all(version_of(other) != version_of(sid) for sid, other in linked), "a counterpart in the same version"


def test_sentence_marks_are_the_teis_links_and_their_composition(marks, tei_root):
    from .test_publish_align import expected_counterparts

    aligned = _aligned(marks)
    expected = expected_counterparts(tei_root)
    assert set(expected) == set(aligned)
    wrong = {sid: (sorted(aligned[sid]), sorted(want)) for sid, want in expected.items() if set(aligned[sid]) != want}
    assert not wrong, f"{len(wrong)} sentences with other counterparts than the TEI's, e.g. {next(iter(wrong.items()))}"
    # Rozas <-> Shaturin through the Russian (docs/alignment.md's example)
    assert aligned["en-rozas-b32-s2"] == ["ru-b33-s2", "en-shaturin-b36-s2", "en-shaturin-b36-s3"]
    assert aligned["ru-b33-s2"] == ["en-rozas-b32-s2", "en-shaturin-b36-s2", "en-shaturin-b36-s3"]


def test_sentence_marks_are_symmetric_and_in_page_order(marks):
    aligned = _aligned(marks)
    order = {sid: i for i, sid in enumerate(marks)}
    for sid, links in aligned.items():
        assert all(sid in aligned[o] for o in links), f"{sid}: not named back by {links}"
        assert links == sorted(links, key=order.__getitem__), f"{sid}: {links} not in page order"


def test_sentence_marks_cert_is_the_lowest_of_the_sentences_links(marks, tei_root):
    from edition.align.standoff import certainty_of

    from .test_publish_align import CERT_RANK, sentence_links

    certs: dict[str, list[str]] = {}
    for _, el, ids in sentence_links(tei_root):
        for sid in ids:
            certs.setdefault(sid, []).append(certainty_of(el))
    assert len(certs) > 400
    for sid, found in certs.items():
        assert marks[sid]["cert"] == min(found, key=CERT_RANK.__getitem__), sid
    assert marks["ru-b1-s1"]["cert"] == "medium"  # high with Rozas, medium with Shaturin


def test_sentence_marks_without_counterpart(marks, tei_root):
    from .test_publish_align import sentence_links, version_of

    unaligned = [ids[0] for _, el, ids in sentence_links(tei_root) if el.get("type") == "unaligned"]
    assert unaligned, "the seeds have sentences without counterpart (Shaturin's covering letter)"
    for sid in unaligned:
        assert marks[sid]["cls"] == "s unaligned", sid
        assert marks[sid]["title"] == ("No counterpart in the Russian original "
                                       "or the English translation (Danny Rozas)"), sid
        assert marks[sid]["links"] == ""
    aligned = _aligned(marks)
    marked = {sid for sid, m in marks.items() if m["cls"] == "s unaligned"}
    assert marked == {sid for sid, links in aligned.items() if len({version_of(o) for o in links}) < 2}
    assert marks["ru-b5-s1"]["title"] is None


def test_sentence_marks_titles_are_the_versions_descriptions(seed_build, edition_meta, browser, tmp_path):
    from .test_publish_align import NASTY, nasty_translator_copy

    _, _, paths = seed_build
    tei = nasty_translator_copy(paths, tmp_path / "tei")
    HtmlBuilder().build([tei], tmp_path / "html", edition_meta.as_params())
    marks = _marks(browser, tmp_path / "html")
    assert marks["en-shaturin-b1-s1"]["title"] == f"No counterpart in the Russian original or the English translation ({NASTY})"


def test_the_toggle_turns_the_highlighting_off_and_on(site, browser):
    page, errors = _open(browser, site)
    toggle = page.get_by_role("button", name="Show alignment")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "true"
    assert page.locator("#align-legend").is_visible()
    assert page.locator("[id='ru-b1-s1']").get_attribute("tabindex") == "0"
    assert page.locator("[id='ru-b5-s1']").get_attribute("tabindex") == "-1"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.locator("article.align-on").count() == 0 and not page.locator("#align-legend").is_visible()
    assert page.locator("[id='ru-b5-s1']").get_attribute("tabindex") is None
    page.mouse.move(*_point(page, "ru-b5-s1"))
    assert _lit(page) == ([], set())
    assert page.locator("[id='en-shaturin-b1-s1']").evaluate("e => getComputedStyle(e).color") == \
        page.locator("[id='en-shaturin-b8-s1']").evaluate("e => getComputedStyle(e).color")
    page.mouse.click(*_point(page, "ru-b5-s1"))
    assert _lit(page) == ([], set())
    toggle.click()
    page.mouse.move(*_point(page, "ru-b6-s1"))
    assert _lit(page)[0] == ["ru-b6-s1"]
    assert not errors


def test_low_confidence_links_have_a_dashed_outline(seed_build, edition_meta, browser, tmp_path):
    from .test_publish_align import low_cert_copy

    _, _, paths = seed_build
    tei = low_cert_copy(paths, tmp_path / "tei")
    HtmlBuilder().build([tei], tmp_path / "html", edition_meta.as_params())
    page, _ = _open(browser, tmp_path / "html")

    def outline(sid):
        return page.locator(f"[id='{sid}']").evaluate("e => getComputedStyle(e).outlineStyle")

    certs = page.evaluate(_MARKS)
    certs = {sid: m["cert"] for sid, m in certs.items()}
    assert certs["ru-b5-s1"] == certs["en-rozas-b4-s1"] == "low"
    assert certs["en-shaturin-b8-s1"] == "high"
    assert list(certs.values()).count("low") == 2
    assert outline("ru-b5-s1") == outline("en-rozas-b4-s1") == "dashed"
    assert outline("en-shaturin-b8-s1") == outline("ru-b6-s1") == "none"
    page.mouse.move(*_point(page, "ru-b5-s1"))
    assert outline("ru-b5-s1") == "dashed"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "alignment-low.png"))


def test_without_javascript_the_page_is_plain_text(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto((site / f"{CONV}.html").as_uri())
    assert not page.locator(".align-controls").is_visible()
    assert page.locator("article.align-on, [tabindex]").count() == 0
    assert page.locator("[id='en-shaturin-b1-s1']").evaluate("e => getComputedStyle(e).color") == \
        page.locator("[id='en-shaturin-b8-s1']").evaluate("e => getComputedStyle(e).color")
    context.close()


def test_the_page_loads_nothing_from_the_network(site, browser):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site / f"{CONV}.html").as_uri())
    page.wait_for_load_state("load")
    assert any(u.endswith("/align.js") for u in requests)
    assert all(u.startswith("file://") for u in requests), requests


# ------------------------------------------------------------------ permalinks

@pytest.mark.parametrize("width", [1400, 390])
def test_a_passage_shows_its_permalink_and_the_link_leads_to_it(site, browser, width):
    page, errors = _open(browser, site, width=width)
    passage = page.locator("[id='en-rozas-b30']")
    link = passage.locator(":scope > a.permalink")
    assert link.evaluate("e => getComputedStyle(e).opacity") == "0", "out of the way until pointed at"
    passage.scroll_into_view_if_needed()
    passage.hover()
    page.wait_for_function("e => getComputedStyle(e).opacity === '1'", arg=link.element_handle())
    box, text = link.bounding_box(), passage.bounding_box()
    assert box["width"] >= 16 and box["height"] >= 24
    assert box["x"] >= 0 and box["x"] + box["width"] <= text["x"] + 2, "in the margin, not over the text"
    link.click()
    assert page.url.endswith("#en-rozas-b30")
    expect(passage).to_be_in_viewport()
    assert passage.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)", "the passage marked"
    assert not errors
    page.close()


def test_permalinks_are_reached_from_the_sentence_not_each_a_tab_stop(site, browser):
    page, errors = _open(browser, site, versions=ALL)
    assert page.locator("a.permalink").count() > 200
    assert page.locator("a.permalink:not([tabindex='-1'])").count() == 0
    page.locator("[id='ru-b3-s1']").focus()
    assert page.locator("a.permalink[tabindex='0']").evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
        "#ru-b3"]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#ru-b3"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert not errors
    page.close()
