// The search box in every page's header, loaded by search-box.js when the box is first used.
// kith writes the site's index at build time as plain
// script files under search/ (see generator/search): index.js, word shards and doc shards, each
// calling kithSearch.index/words/docs. A word shard gives each word's pages and sections; a
// doc shard, each page's path, title, headings, anchors and the opening words of each section. Nothing is fetched, so search works from file:// and under
// default-src 'self'.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  if (!form) return;
  var input = form.querySelector('input');
  var list = form.querySelector('.site-search-results');
  var status = form.querySelector('.site-search-status');
  var root = form.getAttribute('data-search-root') || '';
  var MAX = 10; // results shown
  var manifest = null;
  var words = {}; // shard number -> {word: postings}
  var sorted = {}; // shard number -> the shard's words, sorted, for prefix lookups
  var docs = {}; // shard number -> docs
  var scripts = {}; // file name -> Promise
  var seq = 0; // the latest search; an older one that finishes late shows nothing

  var pending = window.kithSearch && window.kithSearch.pending; // what came before this file
  window.kithSearch = {
    index: function (m) { manifest = m; },
    words: function (n, w) { words[n] = w; sorted[n] = Object.keys(w).sort(); },
    docs: function (n, d) { docs[n] = d; }
  };

  // load adds the index's file name to the page. The doc shards of the results after the
  // first (later) load no more than two at a time, and not at all once a newer search has
  // started: over HTTP/1.1 a browser opens six connections to a server, and they would hold up
  // the word shards of the search the student is typing.
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
  if (pending) {
    // search-box.js loads index.js with this file, to run after it.
    scripts['index.js'] = pending;
    pending.catch(function () { if (scripts['index.js'] === pending) delete scripts['index.js']; });
  }

  // normalize folds case and accents as generator/search.Normalize does.
  function normalize(s) {
    return s.normalize('NFD').toLowerCase().replace(/\p{M}/gu, '').replace(/ς/g, 'σ');
  }

  // folded maps a text to its normalized form, with where each normalized unit came from.
  function folded(text) {
    var norm = '', at = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i), ch = String.fromCodePoint(cp), n = normalize(ch);
      norm += n;
      for (var k = 0; k < n.length; k++) at.push(i);
      i += ch.length;
    }
    at.push(text.length);
    return { norm: norm, at: at };
  }

  var wordChar = /[\p{L}\p{N}]/u;

  // matches finds where the tokens start words in f.norm, as [start, end) in the original text.
  function matches(f, text, toks) {
    var out = [];
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

  // highlight appends text to el, with each word a token starts in a <mark>.
  function highlight(el, text, toks) {
    var last = 0;
    matches(folded(text), text, toks).forEach(function (m) {
      if (m[0] < last) return;
      el.appendChild(document.createTextNode(text.slice(last, m[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      last = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  // shard is the word shard of a word: FNV-1a of its first two letters, as generator/search.Shard.
  function shard(w) { return shardOf(w, manifest.words); }
  function shardOf(w, n) {
    var key = Array.from(w).slice(0, 2).join('');
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % n;
  }

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

  // doc returns a result's [path, title, heading, anchor, excerpt], once its shard is in.
  function doc(r) {
    var rows = docs[docShard(r[0])], row = rows && rows[r[0] % manifest.pages];
    if (!row) return null;
    var s = r[1];
    return s === 0 ? [row[0], row[1], '', '', row[2]] : [row[0], row[1], row[3 * s], row[3 * s + 1], row[3 * s + 2]];
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
      // The best result shows as soon as its shard is in; the others follow.
      return load('docs-' + docShard(top[0][0]) + '.js').then(function () {
        if (my === seq) show(top.filter(doc), ranked.length, toks, true);
        return Promise.all(top.map(function (r) { return load('docs-' + docShard(r[0]) + '.js', true); }));
      }).then(function () {
        if (my === seq) show(top, ranked.length, toks);
      });
    }).catch(function () {
      if (my === seq) { list.textContent = ''; list.hidden = true; say('error', 0); }
    });
  }

  function href(d) {
    var u = root + d[0];
    if (manifest.portable && (d[0] === '' || d[0].slice(-1) === '/')) u += 'index.html';
    return (u || './') + (d[3] ? '#' + d[3] : '');
  }

  // show lists the results top; busy says that more are on their way.
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
      highlight(text, d[4] + (d[4] && !/[.!?]$/.test(d[4]) ? ' …' : ''), toks);
      a.appendChild(title);
      a.appendChild(text);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = count === 0;
    if (busy) list.setAttribute('aria-busy', 'true'); else list.removeAttribute('aria-busy');
    if (focused >= 0) links()[Math.min(focused, top.length - 1)].focus();
    say(count === 0 ? 'none' : count === 1 ? 'one' : 'many', count);
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
