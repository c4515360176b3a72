/* Parallel reading on a conversation page with several language versions
   (markup: xslt/html.xsl and xslt/common/align.xsl; styles: css/edition.css, "parallel reading"
   and "alignment"; docs/web.md, docs/alignment.md). No network, no libraries; works from file://.

   1. The versions shown. The page comes laid out for all its versions (each unit's inline --r, its
      grid rows, and --o, its place when the versions are interleaved: common/align.xsl ed:layout).
      For the set of versions a reader chooses, this script makes the same layout from the paragraph
      links (data-para on the container, data-unit on every unit: layoutOf, a port of ed:layout,
      tests/test_browser.py compares the two for every set). The checkboxes "Show" choose the versions; the choice is remembered (localStorage, when
      the browser allows it) and applies on every page that has those versions. Without a stored
      choice: the original and the first translation (all three on a screen of 1600 px or more).
      Without this script the page shows all versions in rows.

   2. The sentence alignment. Every sentence is <span class="s" id="…">; this script gives each
      data-links="ids of its counterparts in the other versions" data-cert="high|medium|low" (and
      the class "unaligned" with a title where a version has none) from the sentence links the page
      carries once (data-sentences: markSentences). Pointing at or focusing a
      sentence tints it and its counterparts; clicking it (or Enter/Space) keeps them tinted and
      brings the counterparts into view; Escape lets go. The highlight follows the pointer only when
      the pointer moves: a page scrolling under a still pointer leaves it where it is. Sentences are
      not each a tab stop: one sentence of each version is (the last one visited), the arrow keys
      move from sentence to sentence. The button "Show alignment" turns all this on and off
      (remembered). Without this script the sentences are plain text. */
(function () {
  'use strict';

  var article = document.querySelector('article.conversation');
  if (!article || article.querySelectorAll('section.version').length < 2) return;

  function store(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch (e) { /* storage refused (a private window, file:// in some browsers): not remembered */ }
    return null;
  }

  /* ------------------------------------------------------------ 1. the versions shown */

  var grid = article.querySelector('.versions.parallel');
  var VERSIONS = 'edition.versions';
  var sections = grid ? Array.prototype.slice.call(grid.querySelectorAll(':scope > section.version')) : [];
  var order = sections.map(function (s) { return s.getAttribute('data-version'); });
  var shown = order.slice();
  var units = grid ? Array.prototype.slice.call(grid.querySelectorAll('.unit[data-unit]')) : [];
  var boxes = grid ? Array.prototype.slice.call(article.querySelectorAll('.version-choice input[name="version"]')) : [];
  var layouts = {};   // by key ("ru+en-rozas"): the layout of that set of versions, made when first shown

  /* The paragraph links (data-para on the container, one group per translation: the versions it links,
     then its links, each the ids of its targets: "ru,en-rozas:ru-b1,ru-b2,en-rozas-b1 ru-b3,en-rozas-b2;…"). */
  var groups = grid ? (grid.getAttribute('data-para') || '').split(';').filter(Boolean).map(function (entry) {
    var i = entry.indexOf(':');
    var adjacency = {};   // id -> the targets of every link naming it (common/align.xsl ed:para-adjacency)
    entry.slice(i + 1).split(/\s+/).filter(Boolean).forEach(function (link) {
      var targets = link.split(',');
      targets.forEach(function (t, k) {
        if (targets.indexOf(t) !== k) return;
        (adjacency[t] = adjacency[t] || []).push.apply(adjacency[t], targets);
      });
    });
    return { versions: entry.slice(0, i).split(','), adjacency: adjacency };
  }) : [];
  var byVersion = {};   // version id -> its units' ids, in order
  var versionOfId = {};
  units.forEach(function (unit) {
    var v = unit.closest('section.version').getAttribute('data-version');
    (byVersion[v] = byVersion[v] || []).push(unit.getAttribute('data-unit'));
    versionOfId[unit.getAttribute('data-unit')] = v;
  });

  function versionOfAny(id) {
    if (id in versionOfId) return versionOfId[id];
    var el = document.getElementById(id);
    var section = el && el.closest('section.version');
    return section ? section.getAttribute('data-version') : null;
  }

  function unique(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  /* the ids linked to ids by the links of gs, ids left out (ed:linked) */
  function linked(ids, gs) {
    var out = [];
    gs.forEach(function (g) {
      ids.forEach(function (id) { (g.adjacency[id] || []).forEach(function (t) { out.push(t); }); });
    });
    return unique(out).filter(function (t) { return ids.indexOf(t) < 0; });
  }

  function closure(ids, gs) {
    for (;;) {
      var next = ids.concat(linked(ids, gs));
      if (next.length === ids.length) return ids;
      ids = next;
    }
  }

  function startsWith(seq, head) {
    if (head.length > seq.length) return false;
    for (var k = 0; k < head.length; k++) if (head[k] !== seq[k]) return false;
    return true;
  }

  function trackStart(c, i) { var s = 1; for (var k = 0; k < i - 1; k++) s += c[k]; return s; }
  function trackEnd(c, i) { return trackStart(c, i) + c[i - 1] - 1; }

  /* the runs of the other versions' units, by version, in order of first appearance */
  function byV(gs) {
    var seen = [], of = {};
    gs.forEach(function (g) {
      if (!(g.v in of)) { of[g.v] = []; seen.push(g.v); }
      of[g.v].push(g);
    });
    return seen.map(function (v) { return of[v]; });
  }

  /* ed:row-tracks: the tracks of the pivot units of a row, more where the runs linked to them need more */
  function rowTracks(gs, c) {
    for (;;) {
      var deficits = [];
      byV(gs).forEach(function (run) {
        var prev = 0;
        for (var k = 0; k < run.length; k++) {
          var g = run[k];
          if (g.a === 0) { prev += g.k; continue; }
          var start = Math.max(trackStart(c, g.a), prev + 1);
          var limit = trackEnd(c, g.b);
          if (start + g.k - 1 > limit) { deficits.push([g.b, start + g.k - 1 - limit]); break; }
          prev = limit;
        }
      });
      if (!deficits.length) return c;
      c = c.map(function (n, i) {
        var add = 0;
        deficits.forEach(function (d) { if (d[0] === i + 1) add = Math.max(add, d[1]); });
        return n + add;
      });
    }
  }

  /* The layout of a set of versions (their ids in page order), what common/align.xsl's ed:layout makes
     (the page carries the layout of all versions in its inline styles, made so):
     {tracks: T, units: {id: [first track, last track, order]}}. docs/web.md, "Parallel reading". */
  function layoutOf(ids) {
    var result = { tracks: 0, units: {} };
    if (ids.length === 1) {
      var one = byVersion[ids[0]] || [];
      one.forEach(function (id, k) { result.units[id] = [k + 1, k + 1, k + 1]; });
      result.tracks = one.length;
      return result;
    }
    var orig = groups.length ? groups[0].versions[0] : null;
    var used = groups.filter(function (g) { return ids.indexOf(g.versions[1]) >= 0; });
    var all = [], unit = {};
    ids.forEach(function (v, i) {
      (byVersion[v] || []).forEach(function (id) { var u = { id: id, v: i + 1 }; all.push(u); unit[id] = u; });
    });
    /* rows: the connected components of the links among the versions shown */
    var comp = {};
    all.forEach(function (u) {
      if (u.id in comp) return;
      closure([u.id], used).forEach(function (id) { if (id in unit && !(id in comp)) comp[id] = u.id; });
    });
    var members = {};
    all.forEach(function (u) { (members[comp[u.id]] = members[comp[u.id]] || []).push(u.id); });
    /* in reading order: the component at the head of every version it has units in */
    var rem = ids.map(function (v) { return (byVersion[v] || []).slice(); });
    var rows = [];
    for (var guard = 0; guard < all.length; guard++) {
      var heads = rem.filter(function (r) { return r.length; }).map(function (r) { return r[0]; });
      if (!heads.length) break;
      var ready = heads.map(function (h) { return comp[h]; }).filter(function (key) {
        var c = members[key];
        return rem.every(function (r, i) {
          return startsWith(r, c.filter(function (id) { return unit[id].v === i + 1; }));
        });
      });
      var row = members[ready.length ? ready[0] : comp[heads[0]]];
      rows.push(row);
      rem = rem.map(function (r, i) {
        var cv = row.filter(function (id) { return unit[id].v === i + 1; });
        return startsWith(r, cv) ? r.slice(cv.length) : r.filter(function (id) { return row.indexOf(id) < 0; });
      });
    }
    var linkSets = {};
    ids.forEach(function (id) { linkSets[id] = used.filter(function (g) { return g.versions[1] === id; }); });
    /* inside a row: each pivot unit a track, the others' runs on the tracks of the pivot units they render */
    var tracks = 0, order = 0;
    rows.forEach(function (row) {
      var pivot = row.filter(function (id) { return unit[id].v === 1; });
      var gs = [];
      row.forEach(function (x) {
        var u = unit[x];
        if (u.v === 1) return;
        var own = linkSets[ids[u.v - 1]];
        var s = ids[0] === orig ? linked([x], own)
          : linked(linked([x], own).filter(function (t) { return versionOfAny(t) === orig; }), linkSets[ids[0]]);
        var at = s.filter(function (t) { return pivot.indexOf(t) >= 0; }).map(function (t) { return pivot.indexOf(t) + 1; });
        var a = at.length ? Math.min.apply(null, at) : 0, b = at.length ? Math.max.apply(null, at) : 0;
        var last = gs[gs.length - 1];
        if (last && last.v === u.v && last.a === a && last.b === b) { last.k++; last.ids.push(x); }
        else gs.push({ v: u.v, a: a, b: b, k: 1, ids: [x] });
      });
      var c = rowTracks(gs, pivot.map(function () { return 1; }));
      var placed = pivot.map(function (id, i) {
        return { id: id, start: trackStart(c, i + 1), end: trackEnd(c, i + 1), key: [trackEnd(c, i + 1), 1, i + 1] };
      });
      byV(gs).forEach(function (run) {
        var prev = 0;
        run.forEach(function (g) {
          var start = g.a === 0 ? prev + 1 : Math.max(trackStart(c, g.a), prev + 1);
          var limit = g.a === 0 ? start + g.ids.length - 1 : trackEnd(c, g.b);
          g.ids.forEach(function (id, j) {
            placed.push({ id: id, start: start + j, end: j === g.ids.length - 1 ? limit : start + j, key: [limit, g.v, j + 1] });
          });
          prev = limit;
        });
      });
      /* for one column: each pivot unit, then its counterparts, by the end of the pivot units they render */
      placed.map(function (p, i) { return [p, i]; }).sort(function (x, y) {
        for (var k = 0; k < 3; k++) if (x[0].key[k] !== y[0].key[k]) return x[0].key[k] - y[0].key[k];
        return x[1] - y[1];
      }).forEach(function (pair, i) {
        var p = pair[0];
        if (!(p.id in result.units)) result.units[p.id] = [tracks + p.start, tracks + p.end, order + i + 1];
      });
      tracks += Math.max.apply(null, [0].concat(placed.map(function (p) { return p.end; })));
      order += placed.length;
    });
    result.tracks = tracks;
    return result;
  }

  function layout(key) {
    if (!(key in layouts)) layouts[key] = layoutOf(key.split('+'));
    return layouts[key];
  }

  function keyOf(ids) {
    return order.filter(function (id) { return ids.indexOf(id) >= 0; }).join('+');
  }

  function defaultChoice() {
    if (order.length > 2 && window.innerWidth >= 1600) return order.slice(0, 3);  // three columns of 45+ characters
    return order.slice(0, 2);
  }

  function storedChoice() {
    var ids;
    try { ids = JSON.parse(store(VERSIONS) || 'null'); } catch (e) { ids = null; }
    if (!Array.isArray(ids)) return null;
    ids = order.filter(function (id) { return ids.indexOf(id) >= 0; });
    /* another page's choice applies when this page has the versions chosen */
    return ids.length >= Math.min(2, order.length) ? ids : null;
  }

  function showVersions(ids) {
    var key = keyOf(ids);
    if (!key) key = order.join('+');
    shown = key.split('+');
    var at = layout(key);
    var total = at.tracks;
    grid.setAttribute('data-cols', String(shown.length));
    grid.style.setProperty('--notes', String(total + 4));
    grid.style.setProperty('--end', String(total + 5));
    sections.forEach(function (section, i) {
      var at = shown.indexOf(order[i]);
      section.hidden = at < 0;
      section.classList.toggle('pivot', at === 0);
      if (at >= 0) section.style.setProperty('--c', String(at + 1));
    });
    units.forEach(function (unit) {
      var place = at.units[unit.getAttribute('data-unit')];
      if (!place) return;
      unit.style.setProperty('--r', (place[0] + 3) + ' / ' + (place[1] + 4));
      unit.style.setProperty('--o', String(place[2]));
    });
    boxes.forEach(function (box) { box.checked = shown.indexOf(box.value) >= 0; });
  }

  /* a link to a passage of a version not shown (#m-12 from the index of names) shows it too */
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var section = target && target.closest && target.closest('section.version[hidden]');
    if (!section) return;
    showVersions(shown.concat([section.getAttribute('data-version')]));
    target.scrollIntoView({ block: 'start' });
  }

  if (grid && units.length) {
    showVersions(storedChoice() || defaultChoice());
    var choice = article.querySelector('.version-choice');
    if (choice) {
      choice.hidden = false;
      var links = article.querySelector('.version-links');
      if (links) links.classList.add('replaced');
      choice.addEventListener('change', function (e) {
        var ids = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
        if (!ids.length) {       // at least one version
          e.target.checked = true;
          return;
        }
        showVersions(ids);
        store(VERSIONS, JSON.stringify(shown));
      });
    }
    revealTarget();
    window.addEventListener('hashchange', revealTarget);
  }

  /* ------------------------------------------------------------ 2. the sentence alignment */

  /* The sentences' marks, made from the sentence links the page carries once (data-sentences on the
     container of the versions, common/align.xsl ed:sentence-data): every sentence a link or ptr names gets
     data-links (its counterparts in the other versions, in page order: the targets of its links for a
     version aligned to its own directly, else the sentences of that version in its connected component
     over all the links, i.e. through the original), data-cert (the lowest certainty of the links and ptrs
     naming it) and, with no counterpart in some version, the class "unaligned" and a title naming the
     version(s). What the stylesheet made per sentence before (tests/test_browser.py checks it against the
     TEI). */
  function pointerIds(list) {   // ed:pointer-ids: "#a,#b" -> ["a", "b"]
    return list.split(',').filter(function (p) { return p.charAt(0) === '#' && p.length > 1; })
      .map(function (p) { return p.slice(1); });
  }

  function certClass(cert) {    // ed:cert-class: 0.9 and 0.6 the cut-offs of edition.align.standoff
    if (/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(cert)) {
      var p = parseFloat(cert);
      return p >= 0.9 ? 'high' : p >= 0.6 ? 'medium' : 'low';
    }
    return cert === 'low' || cert === 'medium' || cert === 'high' ? cert : null;
  }

  function markSentences(container) {
    var data = container.getAttribute('data-sentences') || '';
    var versions = Array.prototype.slice.call(container.querySelectorAll('section.version[data-version]'))
      .filter(function (v) { return v.closest('.versions') === container; });
    var n = versions.length;
    var keys = versions.map(function (v) { return v.getAttribute('data-version'); });
    var place = {};     // sentence id -> [its place in page order, its version (1..n)]
    versions.forEach(function (v, i) {
      Array.prototype.forEach.call(v.querySelectorAll('span.s[id]'), function (s) {
        if (!(s.id in place)) place[s.id] = [0, i + 1, s];
      });
    });
    var k = 0;
    Array.prototype.forEach.call(container.querySelectorAll('span.s[id]'), function (s) {
      if (s.id in place && place[s.id][2] === s) place[s.id][0] = ++k;
    });
    var naming = {};    // id -> the links and ptrs naming it ({ptr, targets, cert})
    var adjacency = {}; // id -> the targets of the links (not ptrs) naming it
    var direct = {};    // "a b" -> the versions a and b share a sentence group
    data.split(';').filter(Boolean).forEach(function (group) {
      var colon = group.indexOf(':');
      var corresp = group.slice(0, colon).split(',');
      corresp.forEach(function (a) { corresp.forEach(function (b) { direct[a + ' ' + b] = true; }); });
      group.slice(colon + 1).split(' ').filter(Boolean).forEach(function (item) {
        var ptr = item.charAt(0) === '!';
        var slash = item.lastIndexOf('/');
        var el = { ptr: ptr, targets: pointerIds(item.slice(ptr ? 1 : 0, slash)), cert: item.slice(slash + 1) };
        unique(el.targets).forEach(function (id) {
          (naming[id] = naming[id] || []).push(el);
          if (!ptr) (adjacency[id] = adjacency[id] || []).push.apply(adjacency[id], el.targets);
        });
      });
    });
    var component = {};  // id -> its connected component over the links (ed:link-component), made once
    function componentOf(id) {
      if (id in component) return component[id];
      var seen = {}, list = [id], todo = [id];
      seen[id] = true;
      while (todo.length) {
        (adjacency[todo.pop()] || []).forEach(function (t) {
          if (!seen[t]) { seen[t] = true; list.push(t); todo.push(t); }
        });
      }
      list.forEach(function (t) { component[t] = list; });
      return list;
    }
    var rank = { low: 1, medium: 2, high: 3 };
    Object.keys(naming).forEach(function (id) {
      var at = place[id];
      if (!at) return;      // not a sentence of a version on the page
      var own = at[1];
      var links = naming[id];
      var targets = [];
      links.forEach(function (el) { if (!el.ptr) targets.push.apply(targets, el.targets); });
      var others = [];
      for (var b = 1; b <= n; b++) if (b !== own) others.push(b);
      var composed = others.some(function (b) { return !direct[keys[own - 1] + ' ' + keys[b - 1]]; })
        ? componentOf(id) : [];
      var places = [];
      others.forEach(function (b) {
        (direct[keys[own - 1] + ' ' + keys[b - 1]] ? targets : composed).forEach(function (x) {
          var p = place[x];
          if (p && p[1] === b && places.indexOf(p) < 0) places.push(p);
        });
      });
      places.sort(function (x, y) { return x[0] - y[0]; });
      var missing = others.filter(function (b) { return !places.some(function (p) { return p[1] === b; }); });
      var cert = null;
      links.forEach(function (el) {
        var c = certClass(el.cert);
        if (c && (!cert || rank[c] < rank[cert])) cert = c;
      });
      var s = at[2];
      s.setAttribute('data-links', places.map(function (p) { return p[2].id; }).join(' '));
      if (cert) s.setAttribute('data-cert', cert);
      if (missing.length) {
        s.classList.add('unaligned');
        s.title = 'No counterpart in the ' + missing.map(function (b) {
          return versions[b - 1].getAttribute('data-summary');
        }).join(' or the ');
      }
    });
  }

  Array.prototype.forEach.call(article.querySelectorAll('.versions[data-sentences]'), markSentences);

  var sentences = article.querySelectorAll('.versions span.s[data-links]');
  if (!sentences.length) return;

  var controls = document.querySelector('.align-controls');
  var toggle = controls && controls.querySelector('.align-toggle');
  var legend = document.getElementById('align-legend');
  var STORE = 'edition.alignment';
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var on = store(STORE) !== 'off';
  var lit = [];        // the elements tinted now
  var pinned = null;   // the sentence clicked last, tinted while nothing else is pointed at
  var pointer = null;  // where the pointer was last seen moving

  function ids(s) {
    return (s.getAttribute('data-links') || '').split(/\s+/).filter(Boolean);
  }

  function versionOf(el) { return el.closest('section.version'); }

  function visible(el) { var v = versionOf(el); return !v || !v.hidden; }

  function counterparts(s) {
    return ids(s).map(function (id) { return document.getElementById(id); })
      .filter(function (el) { return el && el !== s; });
  }

  function sentenceAt(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    el = el && el.closest ? el.closest('span.s[data-links]') : null;
    return el && article.contains(el) ? el : null;
  }

  function show(s) {
    if (lit.length && lit[0] === s) return;
    lit.forEach(function (el) { el.classList.remove('align-focus', 'align-match'); });
    lit = [];
    if (!on || !s) return;
    s.classList.add('align-focus');
    lit.push(s);
    counterparts(s).forEach(function (el) {
      el.classList.add('align-match');
      lit.push(el);
    });
  }

  function scroll(top) {
    if (Math.abs(top) < 1) return;
    window.scrollBy({ top: top, left: 0, behavior: reduceMotion ? 'auto' : 'smooth' });
  }

  function boxOf(el) { return (el.closest('.unit') || el).getBoundingClientRect(); }

  /* Side by side: scroll the page as little as possible so that the sentence and its
     counterparts in the versions shown are all in view (below the sticky version labels); if
     they cannot all be, keep the sentence where it is and bring in the nearest one.
     One column (interleaved): go to the counterpart in the next version shown. */
  function bringIntoView(s) {
    var others = counterparts(s).filter(visible);
    if (!others.length) return;
    var own = versionOf(s);
    var left = boxOf(s).left;
    var sideBySide = others.some(function (el) { return Math.abs(boxOf(el).left - left) > 1; });
    if (!sideBySide) {
      var versions = Array.prototype.slice.call(article.querySelectorAll('section.version'))
        .filter(function (v) { return !v.hidden; });
      var start = versions.indexOf(own);
      for (var i = 1; i < versions.length; i++) {
        var version = versions[(start + i) % versions.length];
        var first = others.filter(function (el) { return versionOf(el) === version; })[0];
        if (first) {
          first.scrollIntoView({ block: 'center', behavior: reduceMotion ? 'auto' : 'smooth' });
          return;
        }
      }
      return;
    }
    var label = own && own.querySelector('.version-label');
    var top = (label ? label.getBoundingClientRect().height : 0) + 12;
    var bottom = window.innerHeight - 12;
    var rects = [s].concat(others).map(function (el) { return el.getBoundingClientRect(); });
    var hi = Math.min.apply(null, rects.map(function (r) { return r.top; }));
    var lo = Math.max.apply(null, rects.map(function (r) { return r.bottom; }));
    if (lo - hi <= bottom - top) {
      scroll(hi < top ? hi - top : lo > bottom ? lo - bottom : 0);
      return;
    }
    var mine = rects[0];
    var rest = rects.slice(1).filter(function (r) { return r.top < top || r.bottom > bottom; });
    if (!rest.length) return;
    rest.sort(function (a, b) { return Math.abs(a.top - mine.top) - Math.abs(b.top - mine.top); });
    scroll(rest[0].top < top ? rest[0].top - top : Math.min(rest[0].bottom - bottom, rest[0].top - top));
  }

  function pin(s) {
    pinned = s;
    show(s);
    if (s) bringIntoView(s);
  }

  /* one tab stop per version: the sentence visited last (at first, the first) */
  function rove(s) {
    var version = versionOf(s);
    var current = version && version.querySelector('span.s[data-links][tabindex="0"]');
    if (current && current !== s) current.tabIndex = -1;
    s.tabIndex = 0;
    /* and its passage's permalink (html.xsl), just before it: the one of the version's permalinks that is a tab stop */
    var link = s.parentElement && s.parentElement.closest('[id]') && s.parentElement.closest('[id]').querySelector(':scope > a.permalink');
    var old = version && version.querySelector('a.permalink[tabindex="0"]');
    if (old && old !== link) old.tabIndex = -1;
    if (link) link.tabIndex = 0;
  }

  function setOn(value, remember) {
    on = value;
    article.classList.toggle('align-on', on);
    if (toggle) toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    if (legend) legend.hidden = !on;
    pinned = null;
    show(null);
    var first = {};
    Array.prototype.forEach.call(sentences, function (s) {
      if (on) {
        var version = versionOf(s);
        var key = version ? version.id : '';
        s.tabIndex = key in first ? -1 : 0;
        first[key] = true;
        if (ids(s).length) s.setAttribute('aria-describedby', ids(s).join(' '));
      } else {
        s.removeAttribute('tabindex');
        s.removeAttribute('aria-describedby');
      }
    });
    /* while sentences are tab stops, the permalinks are not (but that of the sentence visited: rove) */
    Array.prototype.forEach.call(article.querySelectorAll('a.permalink'), function (a) {
      if (on) a.tabIndex = -1; else a.removeAttribute('tabindex');
    });
    if (remember) store(STORE, on ? 'on' : 'off');
  }

  /* The pointer: only a move of the pointer changes the highlight. After a scroll the browser
     reports the pointer over whatever now lies under it, at the same place: not a move. */
  document.addEventListener('mousemove', function (e) {
    if (pointer && pointer.x === e.clientX && pointer.y === e.clientY) return;
    pointer = { x: e.clientX, y: e.clientY };
    show(sentenceAt(e.target) || pinned);
  });
  document.documentElement.addEventListener('mouseleave', function () {
    pointer = null;
    show(pinned);
  });
  article.addEventListener('focusin', function (e) {
    var s = sentenceAt(e.target);
    if (s && e.target === s) rove(s);
    if (s) show(s);
  });
  article.addEventListener('focusout', function (e) {
    if (!sentenceAt(e.relatedTarget)) show(pinned);
  });
  document.addEventListener('click', function (e) {
    if (!on) return;
    var s = sentenceAt(e.target);
    if (s && e.target.closest('a, button, summary, input, label')) return;  // a name, a note: its own action
    var selection = window.getSelection && window.getSelection();
    if (s && selection && !selection.isCollapsed) return;                     // selecting text
    pin(s);
  });

  function step(s, by) {
    var version = versionOf(s);
    var list = Array.prototype.slice.call((version || article).querySelectorAll('span.s[data-links]'));
    return list[list.indexOf(s) + by] || null;
  }

  article.addEventListener('keydown', function (e) {
    if (!on) return;
    if (e.key === 'Escape') {
      pinned = null;
      show(null);
      return;
    }
    var s = e.target.matches && e.target.matches('span.s[data-links]') ? e.target : null;
    if (!s) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pin(s);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      var next = step(s, e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : -1);
      if (next) {
        e.preventDefault();
        next.focus();
      }
    }
  });
  if (controls) controls.hidden = false;
  if (toggle) {
    toggle.addEventListener('click', function () { setOn(!on, true); });
  }
  setOn(on, false);
}());
