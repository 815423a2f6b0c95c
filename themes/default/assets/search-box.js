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
    var js = document.createElement('script');
    js.src = form.getAttribute('data-search-runtime');
    document.head.appendChild(js);
  }
  input.addEventListener('focus', start);
  input.addEventListener('input', start);
  form.removeAttribute('inert');
  form.classList.remove('site-search-off');
})();
