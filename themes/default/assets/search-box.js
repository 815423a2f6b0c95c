// Shows the search box of partials/search.html, and loads search.css, search.js and the index's
// manifest the first time a student uses it: until then search costs a page nothing more than
// this file. A word typed before search.js runs has its word shard loaded at once (the page says
// how many there are), beside the runtime rather than after it. The files of the index call
// kithSearch; until search.js takes over, their calls wait in kithSearch.queue.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  if (!form || !('normalize' in String.prototype)) return;
  var input = form.querySelector('input');
  var root = form.getAttribute('data-search-root') || '';
  var shards = +form.getAttribute('data-search-words');
  var ks = window.kithSearch = { queue: [], scripts: {}, normalize: normalize, shard: shard, load: load };
  ['index', 'words', 'docs', 'text'].forEach(function (k) {
    ks[k] = function () { ks.queue.push([k, arguments]); };
  });

  // normalize folds case and accents as generator/search.Normalize does.
  function normalize(s) {
    return s.normalize('NFD').toLowerCase().replace(/\p{M}/gu, '').replace(/ς/g, 'σ');
  }
  // shard is the word shard of a word, of n: FNV-1a of its first two letters, as
  // generator/search.Shard.
  function shard(w, n) {
    var bytes = new TextEncoder().encode(Array.from(w).slice(0, 2).join('')), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % n;
  }
  // load adds the index's file name to the page once, and resolves when it has run.
  function load(name) {
    if (!ks.scripts[name]) {
      ks.scripts[name] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = root + 'search/' + name;
        s.onload = resolve;
        s.onerror = function () { delete ks.scripts[name]; reject(new Error(name)); };
        document.head.appendChild(s);
      });
      ks.scripts[name].catch(function () {}); // search.js reports it
    }
    return ks.scripts[name];
  }

  var started = false;
  function start() {
    if (started) return;
    started = true;
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = form.getAttribute('data-search-style');
    document.head.appendChild(css);
    var js = document.createElement('script');
    js.src = form.getAttribute('data-search-runtime');
    document.head.appendChild(js);
    load('index.js');
  }
  function typed() {
    if (ks.ready) { input.removeEventListener('input', typed); return; }
    start();
    (normalize(input.value).match(/[\p{L}\p{N}]{2,}/gu) || []).forEach(function (w) {
      if (shards > 0) load('words-' + shard(w, shards) + '.js');
    });
  }
  input.addEventListener('focus', start);
  input.addEventListener('input', typed);
  form.removeAttribute('inert');
  form.classList.remove('site-search-off');
})();
