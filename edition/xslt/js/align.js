/* Parallel reading on a conversation page with several language versions
   (markup: xslt/html.xsl and xslt/common/align.xsl; styles: css/edition.css, "parallel reading"
   and "alignment"; docs/web.md, docs/alignment.md). No network, no libraries; works from file://.

   1. The versions shown. The page holds, for every set of versions a reader may choose, where
      each passage goes (data-at="ru+en-rozas:first,last,order …" on every unit: its grid rows and
      its place when the versions are interleaved; data-tracks on the container: the rows of each
      set). The checkboxes "Show" choose the versions; the choice is remembered (localStorage, when
      the browser allows it) and applies on every page that has those versions. Without a stored
      choice: the original and the first translation (all three on a screen of 1600 px or more).
      Without this script the page shows all versions in rows.

   2. The sentence alignment. Every sentence is <span class="s" id="…" data-links="ids of its
      counterparts in the other versions" data-cert="high|medium|low">. Pointing at or focusing a
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
  var units = grid ? Array.prototype.slice.call(grid.querySelectorAll('.unit[data-at]')) : [];
  var tracks = {};
  var boxes = grid ? Array.prototype.slice.call(article.querySelectorAll('.version-choice input[name="version"]')) : [];

  if (grid) {
    (grid.getAttribute('data-tracks') || '').split(/\s+/).filter(Boolean).forEach(function (entry) {
      var i = entry.lastIndexOf(':');
      tracks[entry.slice(0, i)] = parseInt(entry.slice(i + 1), 10);
    });
    units.forEach(function (unit) {
      unit.places = {};
      unit.getAttribute('data-at').split(/\s+/).filter(Boolean).forEach(function (entry) {
        var i = entry.lastIndexOf(':');
        unit.places[entry.slice(0, i)] = entry.slice(i + 1).split(',').map(Number);
      });
    });
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
    if (!(key in tracks)) key = order.join('+');
    shown = key.split('+');
    var total = tracks[key];
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
      var place = unit.places[key];
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
