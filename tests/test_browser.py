"""The web edition in a real browser (Debian's Chromium driven by Playwright): the index
lists the conversations in date order and links work; a conversation page shows its
language versions side by side on a wide screen and stacked on a narrow one; a name
on a conversation page leads to its entry in the index of names.
Screenshots are left in tests/_out/ for people to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
