/* The edition's search page (xslt/search.xsl): Pagefind's index in pagefind/ (edition/publish/search.py).

   The index is in shards (pagefind/shard-NN/, listed in pagefind/shards.json), each a Pagefind bundle of
   its own, so that a rebuild indexes again only the shards whose pages changed; and Pagefind keeps one
   index per language (each with its own stemmer). The page loads the first shard's English index and
   merges every other (shard, language) into it, so one query searches them all. Filters (language, year, participant)
   are words of the indexed documents (search.py facet_token): a result is kept when each word chosen finds it. A result is a version of a conversation, with the sentences (or passages) found in it, each linked
   to its place on the page.
   From file:// the browser does not load Pagefind (a module and WebAssembly from the disk): the page
   says so and what to do instead. The query is in the address (search.html?q=…), so a search can be
   linked to. Everything the index gives is put into the page as text (the excerpt's <mark>s alone as
   elements). */
(function () {
  "use strict";

  var PAGE = 10;  // results (versions) shown at a time
  var root = document.documentElement;
  var base = root.getAttribute("data-pagefind") || "pagefind/";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var filtersBox = document.getElementById("search-filters");
  var statusLine = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var unavailable = document.getElementById("search-unavailable");
  var FILTERS = [["language", "Language"], ["year", "Year"], ["participant", "Participant"]];

  var pagefind = null;
  var results = [];
  var shown = 0;
  var serial = 0;

  function fail(detail) {
    if (unavailable) unavailable.hidden = false;
    if (form) form.hidden = true;
    if (detail && window.console) console.warn("search:", detail);
    window.editionSearch = { ready: Promise.resolve(false), error: String(detail || "unavailable") };
  }

  if (!form || !input) return;
  if (location.protocol === "file:") { fail("opened from a file"); return; }

  /* The excerpt as nodes: its text as text, its <mark>…</mark> as marks; nothing else becomes markup. */
  function excerptNodes(html) {
    var out = document.createDocumentFragment();
    var parser = new DOMParser();
    var parts = String(html || "").split(/(<mark>|<\/mark>)/);
    var mark = null;
    parts.forEach(function (part) {
      if (part === "<mark>") { mark = document.createElement("mark"); out.appendChild(mark); return; }
      if (part === "</mark>") { mark = null; return; }
      if (!part) return;
      var text = parser.parseFromString("<!doctype html><body>" + part, "text/html").body.textContent;
      (mark || out).appendChild(document.createTextNode(text));
    });
    return out;
  }

  /* The words of the filters chosen (search.py facet_token): a version's document has the word of each of its
     values. */
  function chosenWords() {
    var words = [];
    filtersBox.querySelectorAll("select").forEach(function (select) { if (select.value) words.push(select.value); });
    return words;
  }

  function buildFilters(facets) {
    filtersBox.textContent = "";
    facets.forEach(function (facet) {
      var label = document.createElement("label");
      label.className = "search-filter filter-" + facet.name;
      var name = document.createElement("span");
      name.textContent = facet.label;
      var select = document.createElement("select");
      select.name = facet.name;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = "any";
      select.appendChild(any);
      facet.values.forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[1];
        option.textContent = pair[0];
        option.setAttribute("data-value", pair[0]);
        select.appendChild(option);
      });
      label.appendChild(name);
      label.appendChild(select);
      filtersBox.appendChild(label);
    });
    filtersBox.addEventListener("change", function () { run(input.value); });
  }

  /* The sentences of one result (a version of a conversation) that the query found, each linked to its place. */
  function sentences(item) {
    return (item.sub_results || []).filter(function (sub) { return sub.anchor && sub.anchor.id; }).map(function (sub) {
      return { href: item.meta.page + "#" + sub.anchor.id, excerpt: sub.excerpt };
    });
  }

  function render(item) {
    var li = document.createElement("li");
    li.className = "search-result";
    var head = document.createElement("p");
    head.className = "result-head";
    var a = document.createElement("a");
    a.href = item.meta.page;
    a.textContent = [item.meta.date, item.meta.title].filter(Boolean).join(" — ") || item.meta.page;
    head.appendChild(a);
    if (item.meta.version) {
      var version = document.createElement("span");
      version.className = "result-version";
      version.textContent = item.meta.version;
      head.appendChild(document.createTextNode(" "));
      head.appendChild(version);
    }
    li.appendChild(head);
    var found = document.createElement("ul");
    found.className = "result-sentences";
    sentences(item).forEach(function (s) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = s.href;
      link.className = "result-excerpt";
      if (item.meta.lang) link.lang = item.meta.lang;
      link.appendChild(excerptNodes(s.excerpt));
      entry.appendChild(link);
      found.appendChild(entry);
    });
    li.appendChild(found);
    return li;
  }

  function showMore(mine) {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== serial) return;
      items.forEach(function (item) { list.appendChild(render(item)); });
      more.hidden = shown >= results.length;
    });
  }

  /* The parts of the index: each (shard, language) a Pagefind index of its own, told apart in a search by the
     synthetic filter "edpart" (mergeIndex's mergeFilter: no filter files are written). */
  var parts = [];  // {key, lang}

  function fold(text) {  // as Pagefind compares words: lower case, without diacritics
    return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  /* What a part finds for ``term``: its results' ids and word positions (``sign``), and how much of the term the
     words its best result was found by share with it (``length``; -1: nothing found). */
  function probe(part, term, signOnly) {
    return pagefind.search(term, { filters: { edpart: part.key } }).then(function (found) {
      var list = (found && found.results) || [];
      var sign = list.map(function (r) { return r.id + ":" + (r.words || []).join(","); }).sort().join(" ");
      if (!list.length || signOnly) return { length: list.length ? 0 : -1, sign: sign };
      return list[0].data().then(function (item) {
        var words = String(item.content || "").split(/[\r\n\s]+/);
        var t = fold(term), best = 0;
        (item.locations || []).forEach(function (at) {
          var w = fold(words[at]).replace(/^[^\p{L}\p{N}]+/u, "");
          var n = 0;
          while (n < w.length && n < t.length && w[n] === t[n]) n++;
          if (n > best) best = n;
        });
        return { length: best, sign: sign };
      });
    });
  }

  /* The parts a query is not to be answered from. A Pagefind index that lacks a word of the query searches for
     the longest start of its stem that it has ("Arthur": "a"), or leaves it out; one index of the whole edition
     lacks a word only when no page has it, but a shard lacks every word that only other shards' pages have. So
     for each word of the query each part is asked for it (its best result: how much of the word the words found
     share with it), and a part that found less of it than the best part of its language is left out unless that
     much of the word is still the word's stem: when the best part finds the same with it as with the word. */
  function partsToLeave(query) {
    var counts = {};
    parts.forEach(function (p) { counts[p.lang] = (counts[p.lang] || 0) + 1; });
    var probed = parts.filter(function (p) { return counts[p.lang] > 1; });
    if (!probed.length || /^\s*".+"\s*$/.test(query)) return Promise.resolve([]);  // an exact phrase: none
    var terms = [];
    query.split(/\s+/).forEach(function (t) {
      t = t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      if (t && terms.indexOf(t) < 0) terms.push(t);
    });
    return Promise.all(terms.map(function (term) {
      return Promise.all(probed.map(function (p) { return probe(p, term); })).then(function (found) {
        var best = {};  // language -> index into probed of its best part
        probed.forEach(function (p, i) {
          if (best[p.lang] === undefined || found[i].length > found[best[p.lang]].length) best[p.lang] = i;
        });
        return Promise.all(probed.map(function (p, i) {
          var b = best[p.lang];
          if (found[b].length < 0 || found[i].length >= found[b].length) return null;
          if (found[i].length < 0) return p.key;
          return probe(probed[b], fold(term).slice(0, found[i].length), true).then(function (shorter) {
            return shorter.sign === found[b].sign ? null : p.key;
          });
        }));
      });
    })).then(function (lists) {
      var out = [];
      lists.forEach(function (list) { list.forEach(function (k) { if (k && out.indexOf(k) < 0) out.push(k); }); });
      return out.sort();
    });
  }

  /* Every result of a query, from every part of the index (ids and scores; data on demand); ``words``: those
     of the filters chosen: only the results that are also results of each word are kept (Pagefind leaves out
     of a query a word an index does not have, so the words are not simply added to the query; each is searched
     as itself, a quoted word, so that an index without it finds nothing rather than words that begin alike). */
  function searchAll(query, words) {
    if (!pagefind) return Promise.resolve([]);
    return partsToLeave(query).then(function (leave) {
      var options = leave.length ? { filters: { edpart: { none: leave } } } : {};
      var all = [pagefind.search(query, options)].concat((words || []).map(function (w) {
        return pagefind.search("\"" + w + "\"");
      })).map(function (p) { return p.then(function (found) { return found ? found.results : []; }); });
      return Promise.all(all);
    }).then(function (lists) {
      var keep = lists.slice(1).map(function (list) {
        var ids = {};
        list.forEach(function (r) { ids[r.id] = true; });
        return ids;
      });
      return lists[0].filter(function (r) { return keep.every(function (ids) { return ids[r.id]; }); });
    });
  }

  function run(query) {
    var mine = ++serial;
    query = (query || "").trim();
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    list.textContent = "";
    more.hidden = true;
    results = [];
    shown = 0;
    if (!query) { statusLine.textContent = ""; return Promise.resolve(); }
    statusLine.textContent = "Searching…";
    return searchAll(query, chosenWords()).then(function (found) {
      if (mine !== serial) return;
      results = found;
      statusLine.textContent = found.length === 0 ? "Nothing found for “" + query + "”."
        : "“" + query + "” is found in " + (found.length === 1 ? "one version" : found.length + " versions")
          + " of the conversations.";
      return showMore(mine);
    });
  }

  /* The index is in shards (search.py write_index), each a Pagefind bundle of its own, listed in shards.json:
     the first shard's bundle is the primary one (its pagefind.js, its WebAssembly), and every other shard's,
     and every other language of each, is merged into the same search (mergeIndex, with the language). */
  var ready = fetch(new URL(base + "shards.json", document.baseURI)).then(function (r) {
    if (!r.ok) throw new Error("no shards.json (" + r.status + ")");
    return r.json();
  }).then(function (listing) {
    var shards = (listing && listing.shards) || [];
    if (!shards.length) return null;  // an edition without a page to search: nothing is found
    var first = shards[0];
    var firstUrl = new URL(base + first.path, document.baseURI).href;
    return import(firstUrl + "pagefind.js").then(function (module) {
      pagefind = module;
      var languages = Object.keys(first.languages || {});
      // the language Pagefind opens the primary bundle in: the page's (English), else the shard's largest
      var primary = languages.indexOf("en") >= 0 ? "en" : languages.slice().sort(function (a, b) {
        return first.languages[b] - first.languages[a];
      })[0];
      var merges = [];
      shards.forEach(function (shard, n) {
        // the first shard again, for each other language: "./" so that Pagefind does not take it for the primary one
        var url = n === 0 ? firstUrl + "./" : new URL(base + shard.path, document.baseURI).href;
        Object.keys(shard.languages || {}).forEach(function (lang) {
          parts.push({ key: shard.path + lang, lang: lang });
          if (n === 0 && lang === primary) return;
          merges.push([url, lang, shard.path + lang]);
        });
      });
      var options = { excerptLength: 60 };
      if (parts.length > 1) options.mergeFilter = { edpart: first.path + primary };
      return pagefind.options(options).then(function () { return pagefind.init(); }).then(function () {
        return Promise.all(merges.map(function (m) {
          var more = { language: m[1] };
          if (parts.length > 1) more.mergeFilter = { edpart: m[2] };
          return pagefind.mergeIndex(m[0], more);
        }));
      });
    });
  }).then(function () {
    var facets = [];
    try { facets = JSON.parse(filtersBox.getAttribute("data-facets") || "[]"); } catch (e) { facets = []; }
    buildFilters(facets);
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); run(input.value); });
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 250);
    });
    more.addEventListener("click", function () { showMore(serial); });
    var q = new URL(location.href).searchParams.get("q");
    if (q) { input.value = q; return run(q).then(function () { return true; }); }
    return true;
  }).catch(function (error) {
    fail(error);
    return false;
  });

  /* For the tests and for anyone scripting the page: every sentence a query finds (all languages), as links. */
  window.editionSearch = {
    ready: ready,
    /* filters: {name: value}, e.g. {year: "1950"} */
    urls: function (query, filters) {
      return ready.then(function (ok) {
        if (!ok) return [];
        var words = Object.keys(filters || {}).map(function (name) {
          var option = filtersBox.querySelector("select[name='" + name + "'] option[data-value='" + filters[name] + "']");
          return option ? option.value : "edfnothingx";  // a value no document has: nothing found
        });
        return searchAll(query, words).then(function (found) {
          return Promise.all(found.map(function (r) { return r.data(); }));
        }).then(function (items) {
          return [].concat.apply([], items.map(function (i) { return sentences(i).map(function (s) { return s.href; }); }));
        });
      });
    },
  };
})();
