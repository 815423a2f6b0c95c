// The search box in every page's header, loaded by search-box.js when the box is first used.
// kith writes the site's index at build time as plain script files under search/ (see
// generator/search), each calling kithSearch: index.js (the manifest), word shards (each word's
// pages and sections), doc shards (each page's path, title, headings and anchors) and one
// fragment a page (the text its excerpts are cut from). A search loads the word shards of the
// words typed and the doc shards of its results, shows them, then loads the fragments of the
// results shown and fills their excerpts in. Nothing is fetched, so search works from file://
// and under default-src 'self'.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  var box = window.kithSearch;
  if (!form || !box || !box.queue || box.ready) return; // box: what search-box.js set up
  var input = form.querySelector('input');
  var list = form.querySelector('.site-search-results');
  var status = form.querySelector('.site-search-status');
  var root = form.getAttribute('data-search-root') || '';
  var MAX = 10; // results shown
  var manifest = null;
  var words = {}; // shard number -> {word: postings}
  var sorted = {}; // shard number -> the shard's words, sorted, for prefix lookups
  var docs = {}; // shard number -> docs
  var texts = {}; // page -> the text of each of its sections, from its fragment
  var scripts = box.scripts; // file name -> Promise, shared with search-box.js
  var seq = 0; // the latest search; an older one that finishes late shows nothing
  var said = -1; // the search whose count the live region last said

  var handlers = {
    index: function (m) { manifest = m; },
    words: function (n, w) { words[n] = w; sorted[n] = Object.keys(w).sort(); },
    docs: function (n, d) { docs[n] = d; },
    text: function (n, t) { texts[n] = t; }
  };
  // What search-box.js kept while this file loaded, then what comes from now on.
  box.queue.forEach(function (call) { handlers[call[0]].apply(null, call[1]); });
  box.queue = [];
  Object.keys(handlers).forEach(function (k) { box[k] = handlers[k]; });
  box.ready = true;

  // load adds the index's file name to the page, once. Files that can wait (later: the doc
  // shards of results after the first, the fragments) load no more than two at a time, and not
  // at all once a newer search has started: over HTTP/1.1 a browser opens six connections to a
  // server, and they would hold up the word shards of the search the student is typing.
  var LATER = 2, flying = 0, waiting = [];
  function load(name, later) {
    var queued = waiting.filter(function (w) { return w.name === name; })[0];
    if (queued) {
      // Asked again by the newest search: keep it, and load it now if it is wanted now.
      queued.seq = seq;
      if (!later) { waiting.splice(waiting.indexOf(queued), 1); start(queued, false); }
    }
    if (!scripts[name]) {
      scripts[name] = new Promise(function (resolve, reject) {
        var w = { name: name, seq: seq, resolve: resolve, reject: reject };
        if (later) { waiting.push(w); next(); } else start(w, false);
      });
    }
    return scripts[name];
  }
  function next() {
    while (flying < LATER && waiting.length) {
      var w = waiting.shift();
      if (w.seq !== seq) { delete scripts[w.name]; w.reject(new Error('stale')); continue; }
      flying++;
      start(w, true);
    }
  }
  function start(w, later) {
    var s = document.createElement('script');
    s.src = root + 'search/' + w.name;
    function done() { if (later) { flying--; next(); } }
    s.onload = function () { done(); w.resolve(); };
    s.onerror = function () { delete scripts[w.name]; done(); w.reject(new Error(w.name)); };
    document.head.appendChild(s);
  }

  var normalize = box.normalize;
  var wordChar = /[\p{L}\p{N}]/u;

  // folded maps a text to its normalized form, with where each normalized unit came from.
  function folded(text) {
    var norm = '', at = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i), ch = String.fromCodePoint(cp);
      var n = cp < 128 ? ch.toLowerCase() : normalize(ch); // most text needs no Unicode tables
      norm += n;
      for (var k = 0; k < n.length; k++) at.push(i);
      i += ch.length;
    }
    at.push(text.length);
    return { norm: norm, at: at };
  }

  // matches finds where the tokens start words in text, as [start, end), sorted.
  function matches(text, toks) {
    var f = folded(text), out = [];
    toks.forEach(function (t) {
      for (var p = f.norm.indexOf(t); p >= 0; p = f.norm.indexOf(t, p + 1)) {
        if (p > 0 && wordChar.test(f.norm[p - 1])) continue;
        var end = p + t.length;
        while (end < f.norm.length && wordChar.test(f.norm[end])) end++;
        out.push([f.at[p], f.at[end]]);
      }
    });
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }

  // highlight appends text to el, with each word a token starts in a <mark>. The text is
  // never parsed as HTML.
  function highlight(el, text, toks) {
    var last = 0;
    matches(text, toks).forEach(function (m) {
      if (m[0] < last) return;
      el.appendChild(document.createTextNode(text.slice(last, m[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      last = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  // excerpt cuts from a section's text the part to show: from the start of the sentence of the
  // first word a token starts (or a few words before it), about LENGTH characters, whole words.
  // search.css shows two lines of it, with the match on the first.
  var BEFORE = 30, LENGTH = 120;
  function excerpt(text, toks) {
    var m = matches(text, toks)[0], from = 0, to;
    if (m && m[0] > BEFORE) {
      from = text.indexOf(' ', m[0] - BEFORE) + 1;
      var stop = Math.max(text.lastIndexOf('. ', m[0]), text.lastIndexOf('… ', m[0]));
      if (stop + 2 > from) from = stop + 2;
      if (from > m[0]) from = m[0];
    }
    to = Math.min(text.length, from + LENGTH);
    if (to < text.length) {
      var space = text.lastIndexOf(' ', to);
      if (space > (m ? m[1] : from)) to = space;
    }
    var cut = text.slice(from, to).replace(/^… /, '');
    return (from > 0 ? '… ' : '') + cut + (to < text.length && !/…$/.test(cut) ? ' …' : '');
  }

  function shard(w) { return box.shard(w, manifest.words); }

  // tokens are the words to look for: two letters at least, and no stop word unless it is the
  // word being typed, which may become a longer one.
  function tokens(q) {
    var all = normalize(q).match(/[\p{L}\p{N}]+/gu) || [];
    var typing = /[\p{L}\p{N}]$/u.test(q);
    return all.filter(function (t, i) {
      return Array.from(t).length >= 2 && (manifest.stop.indexOf(t) < 0 || (typing && i === all.length - 1));
    });
  }

  // scores gives each page a token finds the score of its best word that starts with the
  // token in each of the page's sections: page -> Map(section -> score).
  function scores(t) {
    var n = shard(t), keys = sorted[n], w = words[n], out = new Map();
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < t) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < keys.length && keys[i].lastIndexOf(t, 0) === 0; i++) {
      var ps = w[keys[i]], page = 0;
      for (var k = 0; k < ps.length; k += 2) {
        page += ps[k] >> 3;
        var c = ps[k] & 7, score = (c & 4 ? 100 : 0) + (c & 2 ? 30 : 0) + (c & 1);
        var secs = out.get(page);
        if (!secs) { secs = new Map(); out.set(page, secs); }
        if (!(secs.get(ps[k + 1]) >= score)) secs.set(ps[k + 1], score);
      }
    }
    return out;
  }

  // rank gives the pages every token finds, best first, each as [page, section]: the section
  // where the tokens score most together. A page scores the best of each token in it, added.
  function rank(toks) {
    var per = toks.map(scores), found = [];
    per[0].forEach(function (_, page) {
      if (!per.every(function (s) { return s.has(page); })) return;
      var total = 0, sections = new Map();
      per.forEach(function (s) {
        var best = 0;
        s.get(page).forEach(function (score, sec) {
          best = Math.max(best, score);
          sections.set(sec, (sections.get(sec) || 0) + score);
        });
        total += best;
      });
      var at = -1, most = -1;
      sections.forEach(function (score, sec) { if (score > most || (score === most && sec < at)) { most = score; at = sec; } });
      found.push([page, at, total]);
    });
    return found.sort(function (a, b) { return b[2] - a[2] || a[0] - b[0]; });
  }

  function docShard(page) { return Math.floor(page / manifest.pages); }

  // doc returns a result's [path, title, heading, anchor], once its shard is in.
  function doc(r) {
    var rows = docs[docShard(r[0])], row = rows && rows[r[0] % manifest.pages];
    if (!row) return null;
    var s = r[1];
    return s === 0 ? [row[0], row[1], '', ''] : [row[0], row[1], row[2 * s], row[2 * s + 1]];
  }

  function say(key, n) {
    status.textContent = (form.getAttribute('data-search-' + key) || '').replace('{count}', n);
  }

  function search() {
    var my = ++seq, q = input.value, toks;
    load('index.js').then(function () {
      toks = tokens(q);
      return Promise.all(toks.map(function (t) { return load('words-' + shard(t) + '.js'); }));
    }).then(function () {
      if (my !== seq) return null;
      if (!toks.length) { close(); return null; }
      var ranked = rank(toks), top = ranked.slice(0, MAX);
      if (!top.length) { show(top, 0, toks); return null; }
      // The best result shows as soon as its shard is in, and its excerpt as soon as its
      // fragment is; the others follow.
      return load('docs-' + docShard(top[0][0]) + '.js').then(function () {
        if (my !== seq) return null;
        show(top.filter(doc), ranked.length, toks, true);
        fragments(my, top.slice(0, 1), toks, false);
        return Promise.all(top.map(function (r) { return load('docs-' + docShard(r[0]) + '.js', true); }));
      }).then(function () {
        if (my !== seq) return;
        show(top, ranked.length, toks);
        fragments(my, top.slice(1), toks, true);
      });
    }).catch(function () {
      if (my === seq) { list.textContent = ''; list.hidden = true; say('error', 0); }
    });
  }

  // fragments loads the fragments of results and fills in their excerpts as each comes in. A
  // fragment that does not load leaves its result without an excerpt.
  function fragments(my, results, toks, later) {
    results.forEach(function (r) {
      load('text-' + r[0] + '.js', later).then(function () {
        if (my === seq) fill(toks);
      }, function () {});
    });
  }

  function href(d) {
    var u = root + d[0];
    if (manifest.portable && (d[0] === '' || d[0].slice(-1) === '/')) u += 'index.html';
    return (u || './') + (d[3] ? '#' + d[3] : '');
  }

  // fill writes the excerpt of each result shown whose fragment is in and whose excerpt is not
  // written yet. Its place is kept from the start (search.css), so nothing moves.
  function fill(toks) {
    Array.prototype.forEach.call(list.querySelectorAll('.site-search-excerpt:empty'), function (el) {
      var t = texts[el.getAttribute('data-page')], text = t && t[el.getAttribute('data-section')];
      if (text) highlight(el, excerpt(text, toks), toks);
    });
  }

  // show lists the results top; busy says that more are on their way. The live region says
  // how many there are once a search.
  function show(top, count, toks, busy) {
    var focused = links().indexOf(document.activeElement);
    list.textContent = '';
    top.forEach(function (r) {
      var d = doc(r);
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = href(d);
      var title = document.createElement('span');
      title.className = 'site-search-title';
      highlight(title, d[2] ? d[1] + ' › ' + d[2] : d[1], toks);
      var text = document.createElement('span');
      text.className = 'site-search-excerpt';
      text.setAttribute('data-page', r[0]);
      text.setAttribute('data-section', r[1]);
      a.appendChild(title);
      a.appendChild(text);
      li.appendChild(a);
      list.appendChild(li);
    });
    fill(toks);
    list.hidden = count === 0;
    if (busy) list.setAttribute('aria-busy', 'true'); else list.removeAttribute('aria-busy');
    if (focused >= 0) links()[Math.min(focused, top.length - 1)].focus();
    if (said !== seq) {
      said = seq;
      say(count === 0 ? 'none' : count === 1 ? 'one' : 'many', count);
    }
  }

  function close() {
    seq++;
    list.hidden = true;
    list.textContent = '';
    status.textContent = '';
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }

  input.addEventListener('input', search);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener('keydown', function (e) {
    var all = links(), i = all.indexOf(document.activeElement);
    if (e.key === 'Escape') {
      if (list.hidden && input.value === '') return;
      close();
      input.focus();
      e.preventDefault();
    } else if (e.key === 'ArrowDown' && all.length) {
      all[Math.min(i + 1, all.length - 1)].focus();
      e.preventDefault();
    } else if (e.key === 'ArrowUp' && i >= 0) {
      (i === 0 ? input : all[i - 1]).focus();
      e.preventDefault();
    }
  });
  form.addEventListener('focusout', function (e) {
    if (e.relatedTarget && !form.contains(e.relatedTarget)) close();
  });
  // The student may have typed while this file loaded.
  if (input.value) search(); else load('index.js').catch(function () {});
})();
