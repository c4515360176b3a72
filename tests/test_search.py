"""The web edition's search (edition/publish/search.py, xslt/search.xsl, js/search.js) in Debian's Chromium:
the site built from the seeds is served over HTTP on the loopback address (python -m http.server, as a
reader would serve build/html), and the search page is used as a reader uses it.

What a query should find is worked out from the TEI, not written down: the Russian sentences with a form of
the query's word (pymorphy3's lemmas, independent of Pagefind's Snowball stemmer), the English sentences
with the phrase. Screenshots of the search page are left in tests/_out/."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import expect

from edition.publish.builders import HtmlBuilder

OUT = Path(__file__).parent / "_out"
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WORD = re.compile(r"\w+(?:-\w+)*")


@pytest.fixture(scope="module")
def site(seed_build, edition_meta, tmp_path_factory):
    _, _, paths = seed_build
    out = tmp_path_factory.mktemp("search-site")
    HtmlBuilder().build(paths, out, edition_meta.as_params())
    return out


@pytest.fixture(scope="module")
def served(site):
    """The site over HTTP on 127.0.0.1 (a free port), stopped after the module."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "search.html", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the test server did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def sentences(seed_build):
    """Every sentence of the seeds' TEI: (page, id, language, text)."""
    _, _, paths = seed_build
    found = []
    for path in paths:
        root = etree.parse(str(path)).getroot()
        for s in root.iter(f"{{{TEI}}}s"):
            lang = next(a.get(XML_LANG) for a in s.iterancestors() if a.get(XML_LANG))
            found.append((f"{path.stem}.html", s.get(XML_ID), lang, " ".join("".join(s.itertext()).split())))
    assert found, "the seeds have sentence ids"
    return found


def _lemmas(text: str) -> set[str]:
    import pymorphy3

    morph = _lemmas.morph = getattr(_lemmas, "morph", None) or pymorphy3.MorphAnalyzer()
    return {p.normal_form for w in WORD.findall(text.lower()) for p in morph.parse(w)}


def _search_page(browser, served, query: str = "", width: int = 1000):
    page = browser.new_page(viewport={"width": width, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + "search.html" + (f"?q={query}" if query else ""))
    assert page.evaluate("window.editionSearch.ready") is True, errors
    return page


def _found(page, query: str, filters: dict | None = None) -> list[str]:
    """Every sentence link a query finds (all results, not only those shown), as page#id."""
    return page.evaluate("([q, f]) => editionSearch.urls(q, f)", [query, filters or {}])


def _text_of(sentences, link: str) -> str:
    page, sid = link.split("#")
    return next(text for p, s, _, text in sentences if p == page and s == sid)


@pytest.mark.parametrize("query,lemma", [("Сталину", "сталин"), ("Дальний", "дальний")])
def test_a_russian_word_finds_the_sentences_with_any_of_its_forms(browser, served, sentences, query, lemma):
    page = _search_page(browser, served)
    found = _found(page, query)
    expected = {f"{p}#{s}" for p, s, lang, text in sentences if lang == "ru" and lemma in _lemmas(text)}
    assert len(expected) >= 3, "the seeds have this word in several sentences"
    assert expected <= set(found), sorted(expected - set(found))
    stem = lemma[:5]
    forms = set()
    for link in found:  # and nothing else: each sentence found has a form of the word
        words = [w for w in WORD.findall(_text_of(sentences, link).lower()) if w.startswith(stem)]
        assert words, (link, _text_of(sentences, link))
        forms.update(words)
    assert forms - {query.lower()}, forms  # forms other than the query's own: stemmed, not matched as typed
    print(f"{query}: {len(found)} sentences, forms {sorted(forms)}")
    page.close()


def test_an_english_phrase_finds_its_sentences_in_every_translation(browser, served, sentences):
    page = _search_page(browser, served)
    found = _found(page, "Port Arthur")
    expected = {f"{p}#{s}" for p, s, lang, text in sentences
                if lang == "en" and re.search(r"\bPort\s+Arthur\b", text, re.I)}
    assert len({link.split("-b")[0] for link in expected}) >= 2, "both translations of 22 January 1950 name it"
    assert expected <= set(found), sorted(expected - set(found))
    for link in found:
        if link in {f"{p}#{s}" for p, s, *_ in sentences}:
            assert re.search(r"\bport", _text_of(sentences, link), re.I), link
    page.close()


def test_results_are_shown_and_lead_to_the_sentence(browser, served, sentences):
    page = _search_page(browser, served, "Дальний")
    expect(page.locator("#search-results li.search-result").first).to_be_visible()
    assert "Дальний" in page.inner_text("#search-status")
    links = page.locator("#search-results a.result-excerpt")
    assert links.count() == len(_found(page, "Дальний"))
    first = links.first
    assert first.locator("mark").count() >= 1, "the word found is marked"
    assert first.get_attribute("lang") == "ru"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "search-1000.png"), full_page=True)
    href = first.get_attribute("href")
    first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(href)
    target = page.locator(f"[id='{href.split('#')[1]}']")
    expect(target).to_be_in_viewport()
    assert target.inner_text().split()[0] in _text_of(sentences, href)
    page.close()


def test_a_result_in_a_version_not_shown_shows_it(browser, served, sentences):
    """The default choice is the original and the first translation: a Shaturin sentence found leads to it."""
    page = _search_page(browser, served, width=1400)
    link = next(link for link in _found(page, "Port Arthur") if "#en-shaturin-" in link)
    page.goto(served + link)
    page.wait_for_load_state("load")
    expect(page.locator(f"[id='{link.split('#')[1]}']")).to_be_in_viewport()
    page.close()


def test_filters_narrow_the_results(browser, served, sentences):
    page = _search_page(browser, served, "Port Arthur")
    expect(page.locator("#search-results li.search-result").first).to_be_visible()
    everything = _found(page, "Port Arthur")
    years = {link[:4] for link in everything}
    assert len(years) >= 2, years
    year = sorted(years)[0]
    page.select_option(".filter-year select", label=year)
    page.wait_for_function("y => [...document.querySelectorAll('#search-results .result-head a')].length > 0 && "
                           "[...document.querySelectorAll('#search-results .result-head a')]"
                           ".every(a => a.getAttribute('href').startsWith(y))", arg=year)
    assert "Port Arthur" in page.input_value("#search-q"), "the filter's word is not shown as the query"
    assert set(_found(page, "Port Arthur", {"year": year})) == {link for link in everything if link[:4] == year}
    assert _found(page, "Port Arthur", {"language": "Russian"}) == [], "the Russian says Порт-Артур"
    russian = _found(page, "Сталину", {"language": "Russian", "participant": "Joseph Stalin"})
    assert russian and set(russian) == set(_found(page, "Сталину"))
    assert _found(page, "Сталину", {"participant": "Kim Il Sung"}) == [], "an unknown value finds nothing"
    page.close()


def test_from_a_file_the_page_says_why_search_cannot_run(site, browser):
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.goto((site / "search.html").as_uri())
    notice = page.locator("#search-unavailable")
    expect(notice).to_be_visible()
    assert "file://" in notice.inner_text() and "http.server" in notice.inner_text()
    expect(page.locator("#search-form")).to_be_hidden()
    assert page.evaluate("window.editionSearch.ready") is False
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "search-file.png"))
    page.close()


def test_search_loads_nothing_from_outside_the_site(browser, served):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served + "search.html?q=Сталину")
    assert page.evaluate("window.editionSearch.ready") is True
    expect(page.locator("#search-results li.search-result").first).to_be_visible()
    assert any("/pagefind/" in u for u in requests)
    assert all(u.startswith(served) or u.startswith("data:") for u in requests), requests
    page.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_axe_finds_nothing_critical_or_serious_on_the_search_page(browser, served, width):
    from axe_playwright_python.sync_playwright import Axe

    page = _search_page(browser, served, "Сталину", width=width)
    expect(page.locator("#search-results li.search-result").first).to_be_visible()
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / f"search-{width}.png"), full_page=True)
    violations = Axe().run(page, options={"rules": {"target-size": {"enabled": True}}}).response["violations"]
    bad = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
           for v in violations if v["impact"] in ("critical", "serious")]
    assert not bad, bad
    page.close()
