"""The web edition in a real browser (Debian's Chromium driven by Playwright): the index
lists the conversations in date order and links work; a conversation page shows its
language versions side by side on a wide screen and stacked on a narrow one; a name
on a conversation page leads to its entry in the index of names; the sentence alignment
(edition/xslt/js/align.js) highlights counterparts, brings them into view and can be turned off.
Screenshots are left in tests/_out/ for people to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from edition.publish.builders import HtmlBuilder

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUT = Path(__file__).parent / "_out"


@pytest.fixture(scope="module")
def site(seed_build, edition_meta, tmp_path_factory):
    _, _, paths = seed_build
    out = tmp_path_factory.mktemp("html")
    HtmlBuilder().build(paths, out, edition_meta.as_params())
    return out


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed (make test installs it through scripts/system-deps.sh --test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


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


@pytest.mark.parametrize("width,side_by_side", [(1400, True), (600, False)])
def test_versions_side_by_side_only_when_wide(site, browser, width, side_by_side):
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto((site / "1950-01-22-stalin-mao-zedong.html").as_uri())
    boxes = [page.locator("section.version").nth(i).bounding_box() for i in range(3)]
    assert page.locator("section.version").count() == 3
    langs = page.locator("section.version").evaluate_all("els => els.map(e => e.lang)")
    assert langs == ["ru", "en", "en"]
    tops = {round(b["y"]) for b in boxes}
    lefts = [b["x"] for b in boxes]
    if side_by_side:
        assert len(tops) == 1 and lefts == sorted(lefts) and len(set(lefts)) == 3
    else:
        assert len(set(round(x) for x in lefts)) == 1 and boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / f"1950-01-22-{width}.png"))


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

CONV = "1950-01-22-stalin-mao-zedong"


def _open(browser, site, width=1400, height=1000, **context):
    page = browser.new_page(viewport={"width": width, "height": height}, **context)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto((site / f"{CONV}.html").as_uri())
    page.wait_for_load_state("load")
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
    page, errors = _open(browser, site, reduced_motion="reduce")
    # the Russian sentence whose Rozas counterpart lies furthest above it
    sid, other, drift = page.evaluate("""() => {
        let best = null;
        for (const s of document.querySelectorAll('#v-ru span.s[data-links]')) {
          const o = document.getElementById(s.dataset.links.split(' ').find(i => i.startsWith('en-rozas-')) || '');
          if (!o) continue;
          const d = o.getBoundingClientRect().top - s.getBoundingClientRect().top;
          if (!best || d < best[2]) best = [s.id, o.id, d];
        }
        return best; }""")
    assert drift < -300, "the columns drift apart: the test needs a counterpart out of view"
    page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                  " window.scrollBy(0, r.top - 120); }", sid)
    assert _in_view(page, sid) and not _in_view(page, other)
    x, y = page.evaluate("id => { const r = document.getElementById(id).getClientRects()[0];"
                         " return [r.left + 10, r.top + r.height / 2]; }", sid)
    page.mouse.click(x, y)
    links = page.locator(f"[id='{sid}']").get_attribute("data-links").split()
    for i in links:
        expect(page.locator(f"[id='{i}']")).to_be_in_viewport()
    assert _in_view(page, sid), "the sentence clicked stays in view when everything fits"
    page.mouse.move(5, 5)
    assert _lit(page) == ([sid], set(links)), "a click keeps the highlighting"
    page.keyboard.press("Escape")
    assert _lit(page) == ([], set())
    assert not errors


def test_on_a_narrow_screen_a_click_goes_to_the_next_version(site, browser):
    page, errors = _open(browser, site, width=600, reduced_motion="reduce")
    assert not _in_view(page, "en-rozas-b4-s1")
    page.mouse.click(*_point(page, "ru-b5-s1"))
    expect(page.locator("[id='en-rozas-b4-s1']")).to_be_in_viewport()
    page.mouse.click(*_point(page, "en-rozas-b4-s1"))
    expect(page.locator("[id='en-shaturin-b8-s1']")).to_be_in_viewport()
    assert not errors


def test_a_sentence_without_counterpart_is_marked(site, browser):
    page, _ = _open(browser, site)
    letter = page.locator("[id='en-shaturin-b1-s1']")
    assert letter.get_attribute("class") == "s unaligned"
    assert letter.get_attribute("title") == ("No counterpart in the Russian original or the English "
                                             "translation (Danny Rozas)")
    grey = letter.evaluate("e => getComputedStyle(e).color")
    text = page.locator("[id='en-shaturin-b8-s1']").evaluate("e => getComputedStyle(e).color")
    assert grey != text
    page.mouse.move(*_point(page, "en-shaturin-b1-s1"))
    assert _lit(page) == (["en-shaturin-b1-s1"], set())


def test_the_toggle_turns_the_highlighting_off_and_on(site, browser):
    page, errors = _open(browser, site)
    toggle = page.get_by_role("button", name="Show alignment")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "true"
    assert page.locator("#align-legend").is_visible()
    assert page.locator("[id='ru-b5-s1']").get_attribute("tabindex") == "0"
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
