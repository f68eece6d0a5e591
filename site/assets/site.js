/* demarc site script: search and table filters. Every page reads fully
   without it; it only adds to what the HTML already offers. Text from the
   model is only ever set with textContent, never parsed as HTML. */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement.getAttribute('data-root') || '';
  var KINDS = {
    zone: 'Landing zone', party: 'Party', provider: 'Provider',
    service: 'Service', activity: 'Activity', decision: 'Decision'
  };
  var BOOST = { zone: 6, party: 5, provider: 5, service: 3, activity: 3, decision: 0 };

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function norm(s) {
    s = String(s || '').toLowerCase();
    return s.normalize ? s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : s;
  }

  /* ---- Search index: loaded on demand as a script (fetch does not work
     from file://). ---- */

  var items = null;
  var waiting = [];

  function prepare(raw) {
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      var r = raw[i];
      out.push({ kind: r[0], name: r[1], url: r[2], id: r[3], text: r[4],
        n: norm(r[1]), i: norm(r[3]), t: norm(r[4]), order: i });
    }
    return out;
  }

  function withIndex(cb) {
    if (items) { cb(items); return; }
    if (window.DEMARC_SEARCH) { items = prepare(window.DEMARC_SEARCH); cb(items); return; }
    waiting.push(cb);
    if (waiting.length > 1) { return; }
    var s = doc.createElement('script');
    s.src = root + 'assets/search-index.js';
    s.onload = function () {
      items = prepare(window.DEMARC_SEARCH || []);
      var w = waiting; waiting = [];
      for (var k = 0; k < w.length; k++) { w[k](items); }
    };
    s.onerror = function () { waiting = []; };
    doc.head.appendChild(s);
  }

  function search(list, query, limit) {
    var q = norm(query).trim();
    var tokens = q.split(/\s+/).filter(Boolean);
    if (!tokens.length) { return []; }
    var hits = [];
    for (var i = 0; i < list.length; i++) {
      var it = list[i], score = 0, ok = true;
      for (var k = 0; k < tokens.length; k++) {
        var tok = tokens[k];
        if (it.i === tok) { score += 30; }
        else if (it.n.indexOf(tok) === 0) { score += 12; }
        else if (it.n.indexOf(tok) > 0 || it.i.indexOf(tok) >= 0) { score += 6; }
        else if (it.t.indexOf(tok) >= 0) { score += 1; }
        else { ok = false; break; }
      }
      if (!ok) { continue; }
      if (it.n === q) { score += 40; }
      hits.push({ it: it, score: score + (BOOST[it.kind] || 0) });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.it.order - b.it.order; });
    return hits.slice(0, limit).map(function (h) { return h.it; });
  }

  function resultItem(it, tag, withText) {
    var li = el(tag, 'result');
    var a = el('a', 'result-link');
    a.href = root + it.url;
    a.appendChild(el('span', 'result-kind kind-' + it.kind, KINDS[it.kind] || it.kind));
    a.appendChild(el('span', 'result-name', it.name));
    if (it.id && it.id !== it.name) { a.appendChild(el('code', 'result-id', it.id)); }
    if (withText && it.text) { a.appendChild(el('span', 'result-text', it.text)); }
    li.appendChild(a);
    return li;
  }

  /* ---- The search box in the header: a combobox with a result list. ---- */

  function headerSearch() {
    var input = doc.getElementById('site-q');
    var popup = doc.getElementById('site-q-popup');
    if (!input || !popup || !input.form) { return; }
    var list = el('ul', 'search-options');
    list.id = 'site-q-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Search results');
    popup.appendChild(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', 'site-q-list');
    input.setAttribute('aria-expanded', 'false');
    var active = -1, shown = [], opening = '';

    function close() {
      popup.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function mark(i) {
      var opts = list.children;
      for (var k = 0; k < opts.length; k++) {
        opts[k].setAttribute('aria-selected', k === i ? 'true' : 'false');
      }
      active = i;
      if (i >= 0 && opts[i]) {
        input.setAttribute('aria-activedescendant', opts[i].id);
        opts[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function update() {
      var q = input.value;
      if (!q.trim()) { close(); return; }
      withIndex(function (all) {
        if (input.value !== q) { return; }
        shown = search(all, q, 8);
        list.textContent = '';
        for (var k = 0; k < shown.length; k++) {
          var li = resultItem(shown[k], 'li', false);
          li.id = 'site-q-opt-' + k;
          li.setAttribute('role', 'option');
          li.setAttribute('aria-selected', 'false');
          li.firstChild.tabIndex = -1;
          list.appendChild(li);
        }
        var more = el('li', 'search-more');
        var all2 = el('a', null, shown.length ? 'All results for “' + q + '”' : 'No matches. Search again…');
        all2.href = root + 'search.html?q=' + encodeURIComponent(q);
        all2.tabIndex = -1;
        more.appendChild(all2);
        list.appendChild(more);
        popup.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        mark(-1);
      });
    }
    input.addEventListener('input', update);
    input.addEventListener('focus', function () { if (input.value.trim()) { update(); } });
    input.addEventListener('keydown', function (e) {
      var n = shown.length;
      if (e.key === 'ArrowDown') {
        if (popup.hidden) { update(); return; }
        e.preventDefault();
        mark(n ? (active + 1) % n : -1);
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        mark(n ? (active <= 0 ? n - 1 : active - 1) : -1);
      } else if (e.key === 'Enter') {
        if (active >= 0 && shown[active]) {
          e.preventDefault();
          opening = root + shown[active].url;
          window.location.href = opening;
        }
      } else if (e.key === 'Escape') {
        if (!popup.hidden) { e.preventDefault(); close(); }
      }
    });
    doc.addEventListener('click', function (e) {
      if (!input.form.contains(e.target)) { close(); }
    });
    // Enter on a chosen result opens it; the form's own submission (to
    // the search page) must not win over it.
    input.form.addEventListener('submit', function (e) {
      if (opening) { e.preventDefault(); return; }
      if (active >= 0 && shown[active]) {
        e.preventDefault();
        opening = root + shown[active].url;
        window.location.href = opening;
      }
    });
    input.form.addEventListener('focusout', function (e) {
      if (!e.relatedTarget || !input.form.contains(e.relatedTarget)) { setTimeout(close, 150); }
    });
  }

  /* ---- The search page. ---- */

  function searchPage() {
    var input = doc.getElementById('search-q');
    var out = doc.getElementById('search-results');
    var status = doc.getElementById('search-status');
    if (!input || !out) { return; }
    var params = new URLSearchParams(window.location.search);
    var q0 = params.get('q') || '';
    input.value = q0;
    var header = doc.getElementById('site-q');
    if (header) { header.value = q0; }

    function run() {
      var q = input.value;
      withIndex(function (all) {
        var hits = search(all, q, 200);
        out.textContent = '';
        for (var k = 0; k < hits.length; k++) { out.appendChild(resultItem(hits[k], 'li', true)); }
        if (!q.trim()) {
          status.textContent = 'Type to search ' + all.length + ' entries.';
        } else if (!hits.length) {
          status.textContent = 'No results for “' + q + '”.';
        } else {
          status.textContent = hits.length + (hits.length === 200 ? '+' : '') + ' result' + (hits.length === 1 ? '' : 's') + ' for “' + q + '”.';
        }
      });
    }
    input.addEventListener('input', run);
    input.form && input.form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && out.querySelector('a')) { e.preventDefault(); out.querySelector('a').focus(); }
    });
    out.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(out.querySelectorAll('a'));
      var i = links.indexOf(doc.activeElement);
      if (i < 0) { return; }
      if (e.key === 'ArrowDown' && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); if (i > 0) { links[i - 1].focus(); } else { input.focus(); } }
    });
    run();
    if (!q0) { input.focus(); }
  }

  /* ---- Table and list filters. ---- */

  function filters() {
    var boxes = doc.querySelectorAll('[data-filter-for]');
    Array.prototype.forEach.call(boxes, function (box) {
      var target = doc.getElementById(box.getAttribute('data-filter-for'));
      if (!target) { return; }
      var mode = target.getAttribute('data-filter-items');
      var list;
      if (mode === 'tbody') { list = target.tBodies; }
      else if (mode === 'article') { list = target.querySelectorAll(':scope > article'); }
      else { list = target.tBodies.length ? target.tBodies[0].rows : []; }
      list = Array.prototype.slice.call(list);
      var texts = null;
      var input = box.querySelector('input');
      var selects = Array.prototype.slice.call(box.querySelectorAll('select[data-filter-attr]'));
      var count = box.querySelector('output');
      var timer = 0;
      box.hidden = false;

      function apply() {
        if (!texts) { texts = list.map(function (it) { return norm(it.textContent); }); }
        var tokens = norm(input ? input.value : '').split(/\s+/).filter(Boolean);
        var shown = 0;
        for (var i = 0; i < list.length; i++) {
          var ok = true;
          for (var k = 0; ok && k < tokens.length; k++) { ok = texts[i].indexOf(tokens[k]) >= 0; }
          for (var s = 0; ok && s < selects.length; s++) {
            var v = selects[s].value;
            if (v === '*') { continue; }
            var have = (list[i].getAttribute('data-' + selects[s].getAttribute('data-filter-attr')) || '').split(' ');
            ok = have.indexOf(v) >= 0;
          }
          list[i].hidden = !ok;
          if (ok) { shown++; }
        }
        if (count) {
          count.textContent = (tokens.length || selects.some(function (s) { return s.value !== '*'; }))
            ? shown + ' of ' + list.length + ' shown' : '';
        }
      }
      if (input) {
        input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 60); });
      }
      selects.forEach(function (s) { s.addEventListener('change', apply); });
      var p = new URLSearchParams(window.location.search);
      selects.forEach(function (s) {
        var v = p.get(s.getAttribute('data-filter-attr'));
        if (v !== null) { s.value = v; apply(); }
      });
    });
  }

  /* ---- Keyboard: "/" jumps to the search box. ---- */

  function shortcuts() {
    doc.addEventListener('keydown', function (e) {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) { return; }
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
      var box = doc.getElementById('search-q') || doc.getElementById('site-q');
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    });
  }

  /* ---- Print: expand collapsed lists so paper shows everything. ---- */

  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(doc.querySelectorAll('details:not([open])'), function (d) {
      d.setAttribute('open', '');
      d.setAttribute('data-print-opened', '');
    });
  });
  window.addEventListener('afterprint', function () {
    Array.prototype.forEach.call(doc.querySelectorAll('details[data-print-opened]'), function (d) {
      d.removeAttribute('open');
      d.removeAttribute('data-print-opened');
    });
  });

  function init() {
    doc.documentElement.classList.add('js');
    headerSearch();
    searchPage();
    filters();
    shortcuts();
  }
  if (doc.readyState === 'loading') { doc.addEventListener('DOMContentLoaded', init); } else { init(); }
}());
