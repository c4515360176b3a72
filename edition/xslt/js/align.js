/* Sentence alignment on a conversation page with several language versions
   (markup: xslt/common/align.xsl; styles: css/edition.css, "alignment"; docs/alignment.md).

   Every sentence is <span class="s" id="…" data-links="ids of its counterparts in the other
   versions" data-cert="high|medium|low">. Pointing at or focusing a sentence tints it and its
   counterparts; clicking it (or Enter/Space) keeps them tinted and brings the counterparts into
   view; Escape lets go. The button "Show alignment" turns all this on and off (remembered in
   localStorage when the browser allows it).

   No network, no libraries. Without this script the page is plain text: the button and the
   legend stay hidden and the sentences are neither styled nor focusable. */
(function () {
  'use strict';

  var article = document.querySelector('article.conversation');
  if (!article || article.querySelectorAll('section.version').length < 2) return;
  var sentences = article.querySelectorAll('.versions span.s[data-links]');
  if (!sentences.length) return;

  var controls = document.querySelector('.align-controls');
  var toggle = controls && controls.querySelector('.align-toggle');
  var legend = document.getElementById('align-legend');
  var STORE = 'edition.alignment';
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var on = true;
  var lit = [];        // the elements tinted now
  var pinned = null;   // the sentence clicked last, tinted while nothing else is pointed at

  try { on = window.localStorage.getItem(STORE) !== 'off'; } catch (e) { /* storage refused: default on */ }

  function ids(s) {
    return (s.getAttribute('data-links') || '').split(/\s+/).filter(Boolean);
  }

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

  function columnOf(el) { return el.closest('section.version'); }

  function scroll(top) {
    if (Math.abs(top) < 1) return;
    window.scrollBy({ top: top, left: 0, behavior: reduceMotion ? 'auto' : 'smooth' });
  }

  /* Side by side: scroll the page as little as possible so that the sentence and the
     counterparts in every other column are all in view (below the sticky version labels);
     if they cannot all be, keep the sentence where it is and bring in the nearest one.
     Stacked (narrow screens): go to the counterpart in the next version. */
  function bringIntoView(s) {
    var others = counterparts(s);
    if (!others.length) return;
    var own = columnOf(s);
    var sideBySide = others.some(function (el) {
      var col = columnOf(el);
      return col && col !== own && Math.abs(col.getBoundingClientRect().left - own.getBoundingClientRect().left) > 1;
    });
    if (!sideBySide) {
      var versions = Array.prototype.slice.call(article.querySelectorAll('section.version'));
      var start = versions.indexOf(own);
      for (var i = 1; i < versions.length; i++) {
        var col = versions[(start + i) % versions.length];
        var first = others.filter(function (el) { return columnOf(el) === col; })[0];
        if (first) {
          first.scrollIntoView({ block: 'center', behavior: reduceMotion ? 'auto' : 'smooth' });
          return;
        }
      }
      return;
    }
    var label = own.querySelector('.version-label');
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

  function setOn(value, remember) {
    on = value;
    article.classList.toggle('align-on', on);
    if (toggle) toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    if (legend) legend.hidden = !on;
    pinned = null;
    show(null);
    Array.prototype.forEach.call(sentences, function (s) {
      if (on) {
        s.tabIndex = 0;
        if (ids(s).length) s.setAttribute('aria-describedby', ids(s).join(' '));
      } else {
        s.removeAttribute('tabindex');
        s.removeAttribute('aria-describedby');
      }
    });
    if (remember) {
      try { window.localStorage.setItem(STORE, on ? 'on' : 'off'); } catch (e) { /* not remembered */ }
    }
  }

  article.addEventListener('mouseover', function (e) {
    var s = sentenceAt(e.target);
    if (s) show(s);
  });
  article.addEventListener('mouseout', function (e) {
    var s = sentenceAt(e.target);
    if (s && !s.contains(e.relatedTarget)) show(sentenceAt(e.relatedTarget) || pinned);
  });
  article.addEventListener('focusin', function (e) {
    var s = sentenceAt(e.target);
    if (s) show(s);
  });
  article.addEventListener('focusout', function (e) {
    if (!sentenceAt(e.relatedTarget)) show(pinned);
  });
  document.addEventListener('click', function (e) {
    if (!on) return;
    var s = sentenceAt(e.target);
    if (s && e.target.closest('a, button, summary')) return;  // a name, a note: its own action
    var selection = window.getSelection && window.getSelection();
    if (s && selection && !selection.isCollapsed) return;      // selecting text
    pin(s);
  });
  article.addEventListener('keydown', function (e) {
    if (!on) return;
    if (e.key === 'Escape') {
      pinned = null;
      show(null);
      return;
    }
    var s = e.target.matches && e.target.matches('span.s[data-links]') ? e.target : null;
    if (s && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      pin(s);
    }
  });
  if (controls) controls.hidden = false;
  if (toggle) {
    toggle.addEventListener('click', function () { setOn(!on, true); });
  }
  setOn(on, false);
}());
