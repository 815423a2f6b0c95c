// Shows the search box; its first use loads search.js, and a word typed loads its shard at once.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  if (!form || !('normalize' in String.prototype)) return;
  var input = form.querySelector('input'), attr = form.getAttribute.bind(form);
  var ks = window.kithSearch = { queue: [], scripts: {}, normalize: normalize, shard: shard, load: load };
  ['index', 'words', 'docs', 'text'].forEach(function (k) { // kept for search.js
    ks[k] = function () { ks.queue.push([k, arguments]); };
  });
  // as generator/search.Normalize
  function normalize(s) {
    return s.normalize('NFD').toLowerCase().replace(/\p{M}/gu, '').replace(/ς/g, 'σ');
  }
  // FNV-1a of the word's first two letters, as generator/search.Shard
  function shard(w, n) {
    var b = new TextEncoder().encode(Array.from(w).slice(0, 2).join('')), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return h % n;
  }
  function load(name) {
    return ks.scripts[name] || (ks.scripts[name] = new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = (attr('data-search-root') || '') + 'search/' + name;
      s.onload = resolve;
      s.onerror = function () { delete ks.scripts[name]; reject(new Error(name)); };
      document.head.appendChild(s);
    }));
  }
  function start() {
    if (ks.started) return;
    ks.started = true;
    var css = document.createElement('link'), js = document.createElement('script');
    css.rel = 'stylesheet';
    css.href = attr('data-search-style');
    js.src = attr('data-search-runtime');
    document.head.append(css, js);
    load('index.js').catch(function () {}); // search.js reports it
  }
  input.addEventListener('focus', start);
  input.addEventListener('input', function () {
    start();
    var n = +attr('data-search-words');
    if (!ks.ready && n) (normalize(input.value).match(/[\p{L}\p{N}]{2,}/gu) || []).forEach(function (w) {
      load('words-' + shard(w, n) + '.js').catch(function () {});
    });
  });
  form.removeAttribute('inert');
  form.classList.remove('site-search-off');
})();
