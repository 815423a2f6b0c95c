// Shows the search box of partials/search.html, and loads search.css and search.js the first
// time a student uses it: until then search costs a page nothing more than this file.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  if (!form || !('normalize' in String.prototype)) return;
  var input = form.querySelector('input');
  function start() {
    input.removeEventListener('focus', start);
    input.removeEventListener('input', start);
    // Both at once: the results that need the styles come after the index, which the script loads.
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = form.getAttribute('data-search-style');
    document.head.appendChild(css);
    // The runtime and the index's manifest download at once and run in this order (a script
    // added with async false runs in the order added); search.js takes over the promise.
    var js = document.createElement('script');
    js.src = form.getAttribute('data-search-runtime');
    js.async = false;
    var index = document.createElement('script');
    index.src = (form.getAttribute('data-search-root') || '') + 'search/index.js';
    index.async = false;
    window.kithSearch = {
      pending: new Promise(function (resolve, reject) { index.onload = resolve; index.onerror = reject; })
    };
    window.kithSearch.pending.catch(function () {}); // search.js reports it
    document.head.appendChild(js);
    document.head.appendChild(index);
  }
  input.addEventListener('focus', start);
  input.addEventListener('input', start);
  form.removeAttribute('inert');
  form.classList.remove('site-search-off');
})();
