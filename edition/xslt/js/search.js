/* The edition's search page (xslt/search.xsl): Pagefind's index in pagefind/ (edition/publish/search.py).

   Pagefind keeps one index per language (each with its own stemmer): the page loads the English one
   and merges the others (Russian), so one query searches both. Filters (language, year, participant)
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

  /* Every result of a query, from every language's index (ids and scores; data on demand); ``words``: those
     of the filters chosen: only the results that are also results of each word are kept (Pagefind leaves
     out of a query a word an index does not have, so the words are not simply added to the query). */
  function searchAll(query, words) {
    var all = [query].concat(words || []).map(function (q) {
      return pagefind.search(q).then(function (found) { return found ? found.results : []; });
    });
    return Promise.all(all).then(function (lists) {
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

  var ready = import(new URL(base + "pagefind.js", document.baseURI).href).then(function (module) {
    pagefind = module;
    return fetch(new URL(base + "pagefind-entry.json", document.baseURI)).then(function (r) { return r.json(); });
  }).then(function (entry) {
    var languages = Object.keys(entry.languages || {});
    var primary = languages.indexOf("en") >= 0 ? "en" : languages.sort(function (a, b) {
      return entry.languages[b].page_count - entry.languages[a].page_count;
    })[0];
    // the same bundle again, for each other language: "./" so that Pagefind does not take it for the primary one
    var again = new URL(base + "./", document.baseURI).href;
    return pagefind.options({ excerptLength: 60 }).then(function () { return pagefind.init(); }).then(function () {
      return languages.filter(function (l) { return l !== primary; }).reduce(function (p, lang) {
        return p.then(function () { return pagefind.mergeIndex(again, { language: lang }); });
      }, Promise.resolve());
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
