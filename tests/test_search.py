"""The web edition's search (edition/publish/search.py, xslt/search.xsl, js/search.js) in Debian's Chromium:
the site built from the seeds is served over HTTP on the loopback address (python -m http.server, as a
reader would serve build/html), and the search page is used as a reader uses it.

What a query should find is worked out from the TEI, not written down: the Russian sentences with a form of
the query's word (pymorphy3's lemmas, independent of Pagefind's Snowball stemmer), the English sentences
with the phrase. Screenshots of the search page are left in tests/_out/."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import expect

from edition.publish import search
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


@contextlib.contextmanager
def serving(folder: Path):
    """``folder`` over HTTP on 127.0.0.1 (a free port) while in the block: its address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
def served(site):
    """The site over HTTP on 127.0.0.1, stopped after the module."""
    with serving(site) as base:
        yield base


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


# ------------------------------------------------------------------ the index in shards (issue 15)

def _shards(site: Path) -> list[dict]:
    return json.loads((site / "pagefind" / search.SHARDS_FILE).read_bytes())["shards"]


def _bundle(site: Path, shard: str) -> dict[str, tuple[int, int, bytes]]:
    """A shard's files: (inode, modification time, bytes) by name."""
    folder = site / "pagefind" / shard
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _site_versions(site: Path, tei_paths) -> list:
    """The search units of a site's conversation pages, read from each page and its TEI file, as a build reads them."""
    tei = {p.stem: p for p in tei_paths}
    return [v for page in sorted(site.glob("*.html")) if page.stem in tei
            for v in search.page_versions(page, tei[page.stem], page.name)]


@pytest.fixture(scope="module")
def sharded(seed_build, edition_meta, tmp_path_factory):
    """The seeds' site with an index of a shard per page or so (``SHARD_PAGES`` lowered to 1)."""
    _, _, paths = seed_build
    out = tmp_path_factory.mktemp("search-sharded")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 1)
        HtmlBuilder().build(paths, out, edition_meta.as_params())
    return out


def test_the_shards_are_stable_and_of_about_the_same_size():
    assert [search.shard_count(n, 128) for n in (0, 1, 128, 129, 300, 1000, 1024, 1025)] == [1, 1, 1, 2, 4, 8, 8, 16]
    pages = [f"1950-{n // 28 + 1:02d}-{n % 28 + 1:02d}-talk-{n}.html" for n in range(1000)]
    count = search.shard_count(len(pages))
    sizes = [sum(search.shard_of(p, count) == k for p in pages) for k in range(count)]
    assert count == 8 and min(sizes) > 80 and max(sizes) < 170, sizes  # about a hundred each at 1,000
    # a page's shard depends on its name alone: the same whatever pages are beside it
    assert [search.shard_of(p, count) for p in pages[:10]] == [search.shard_of(p, count) for p in pages[:10]]


def test_a_word_of_a_page_in_each_shard_is_found(browser, sharded, served, seed_build):
    shards = _shards(sharded)
    assert len(shards) >= 2, shards
    assert all((sharded / "pagefind" / s["path"] / "pagefind-entry.json").is_file() for s in shards)
    tei = {p.stem: p for p in seed_build[2]}
    pages = sorted(p for p in sharded.glob("*.html") if p.stem in tei)
    count = search.shard_count(len(pages), 1)
    with serving(sharded) as base:
        page = _search_page(browser, base)
        for shard in shards:
            n = int(shard["path"].split("-")[1].rstrip("/"))
            mine = [p for p in pages if search.shard_of(p.name, count) == n]
            assert mine, shard
            # the longest word of a sentence (or passage) of a page of this shard finds it
            version = search.page_versions(mine[0], tei[mine[0].stem], mine[0].name)[0]
            uid, text = next(unit for unit in version.units if len(unit[1]) > 40)
            word = max((w for w in WORD.findall(text) if w.isalpha()), key=len)
            assert f"{mine[0].name}#{uid}" in _found(page, word), (shard, word)
        # the same results as the index in one bundle (the module's site), filters too
        one = _search_page(browser, served)
        for query, filters in [("Сталину", {}), ("Дальний", {}), ("Port Arthur", {}), ("Port Arthur", {"year": "1950"}),
                               ("Сталину", {"language": "Russian", "participant": "Joseph Stalin"}),
                               ("Port Arthur", {"language": "Russian"}), ("Port Arthur", {"year": "1952"}),
                               # words some shards lack (a Pagefind index without a word searches for its start)
                               ("Arthur", {}), ("Kuomintang", {}), ("Zhou Enlai", {}), ("Artaxerxes", {}),
                               ("Kuomintang representative", {}), ("talks", {"year": "1949"}), ("talking", {}),
                               ("Дальнем", {}), ("Сталин", {}), ("Сталинград", {}), ("Chairman Mao", {"year": "1950"})]:
            assert sorted(_found(page, query, filters)) == sorted(_found(one, query, filters)), (query, filters)
        assert _found(page, "Сталину"), "found at all"
        page.select_option(".filter-year select", label="1950")
        page.fill("#search-q", "Port Arthur")
        page.press("#search-q", "Enter")
        expect(page.locator("#search-results li.search-result").first).to_be_visible()
        one.close()
        page.close()


def test_a_changed_page_indexes_its_shard_again_and_links_the_others(browser, sharded, seed_build, tmp_path):
    """A rebuild in a staging folder (as the pipeline's): the shards of the pages not changed are the last build's
    files, hard-linked (the same inodes, times and bytes); the changed page's shard is made again, and finds the new
    word."""
    _, _, paths = seed_build
    old = tmp_path / "out" / "html"
    shutil.copytree(sharded, old)  # the last build, in the place the pipeline's output is
    staging = tmp_path / "out" / ".staging-test" / "html"
    shutil.copytree(old, staging, ignore=shutil.ignore_patterns("pagefind"))
    versions = _site_versions(old, paths)
    changed = versions[0]
    uid, text = changed.units[0]
    changed.units[0] = (uid, text + " Xylographers")
    count = search.shard_count(len({v.page for v in versions}), 1)
    mine = f"shard-{search.shard_of(changed.page, count):02d}/"
    before = {s["path"]: _bundle(old, s["path"]) for s in _shards(old)}
    assert mine in before and len(before) >= 2
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 1)
        files = search.write_index(staging, versions)
    assert {p.relative_to(staging / "pagefind").parts[0] for p in files} == {*(s.rstrip("/") for s in before),
                                                                              search.SHARDS_FILE}
    for shard, bundle in before.items():
        after = _bundle(staging, shard)
        if shard == mine:
            assert after[search.SHARD_MANIFEST][2] != bundle[search.SHARD_MANIFEST][2]
            assert all(after[f][0] != bundle[f][0] for f in after if f in bundle), "written anew, not linked"
        else:
            assert after == bundle, shard  # the same files: inode, time and bytes
    with serving(staging) as base:
        page = _search_page(browser, base)
        assert f"{changed.page}#{uid}" in _found(page, "xylographers")
        page.close()
    # and in place (a builder writing into its own folder again): nothing of the other shards is touched
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", 1)
        search.write_index(old, versions)
    for shard, bundle in before.items():
        if shard != mine:
            assert _bundle(old, shard) == bundle, shard
    assert _bundle(old, mine) .keys() == _bundle(staging, mine).keys()
    assert [v[2] for v in _bundle(old, mine).values()] == [v[2] for v in _bundle(staging, mine).values()]


def test_an_unreadable_answer_or_entry_file_of_pagefind_indexes_again_and_at_last_is_a_clear_error(
        sharded, seed_build, tmp_path, caplog):
    """The Pagefind service's answer read empty (a JSONDecodeError, once on a fresh machine) or a bundle's entry file
    written empty (once at 1,000 conversations): that bundle is indexed again and the index is whole; unreadable
    every time is a PublishError naming the shard, not an internal error."""
    _, _, paths = seed_build
    versions = _site_versions(sharded, paths)
    real_run, real_index, calls = search._run, search._index, []

    def flaky_answer(coroutine, fail=1):
        calls.append(1)
        if len(calls) <= fail:
            coroutine.close()
            raise json.JSONDecodeError("Expecting value", "", 0)
        return real_run(coroutine)

    async def empty_entry(folders, out, fail=1):
        calls.append([name for name, _ in folders])
        await real_index(folders, out)
        if len(calls) <= fail:
            (Path(out) / folders[0][0] / "pagefind-entry.json").write_bytes(b"")

    def shards(folder: Path) -> list:
        return json.loads((folder / "pagefind" / search.SHARDS_FILE).read_text(encoding="utf-8"))["shards"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "_run", flaky_answer)
        search.write_index(tmp_path / "answer", versions, shard_pages=1)
    assert len(calls) == 2 and "indexing again" in caplog.text
    calls.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "_index", empty_entry)
        search.write_index(tmp_path / "entry", versions, shard_pages=1)
    assert len(calls[0]) > 1 and calls[1] == calls[0][:1], "only the shard with the empty entry file again"
    assert shards(tmp_path / "entry") == shards(tmp_path / "answer")
    calls.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "_run", lambda coroutine: flaky_answer(coroutine, fail=search.ATTEMPTS))
        with pytest.raises(search.PublishError, match="unreadable answer of the service.*3 times"):
            search.write_index(tmp_path / "never", versions)


def test_the_pagefind_service_holds_two_shards_at_once_and_each_is_deleted_once_written(seed_build, sharded,
                                                                                        tmp_path):
    """The service keeps an index until it is told to delete it: with every shard at once, a build of 1,000
    conversations had it at 450 MB, its largest process. At most ``IN_SERVICE`` shards are in it at any time, and
    none is left when it closes."""
    from pagefind.index import PagefindIndex
    from pagefind.service import PagefindService

    _, _, paths = seed_build
    versions = _site_versions(sharded, paths)
    live, most = [0], [0]
    real_create, real_delete = PagefindService.create_index, PagefindIndex.delete_index

    async def create(self, *args, **kwargs):
        index = await real_create(self, *args, **kwargs)
        live[0] += 1
        most[0] = max(most[0], live[0])
        return index

    async def delete(self):
        await real_delete(self)
        live[0] -= 1

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PagefindService, "create_index", create)
        patch.setattr(PagefindIndex, "delete_index", delete)
        search.write_index(tmp_path, versions, shard_pages=1)
    shards = json.loads((tmp_path / "pagefind" / search.SHARDS_FILE).read_bytes())["shards"]
    assert len(shards) > search.IN_SERVICE, "the test needs more shards than the service holds at once"
    assert most[0] == search.IN_SERVICE and live[0] == 0
    assert shards == json.loads((sharded / "pagefind" / search.SHARDS_FILE).read_bytes())["shards"]
