// kith serve's live-reload client. The preview server adds it to the pages it serves; it is
// never part of a built site. It listens for what to do after each rebuild: update the page
// (keeping the scroll position and the answers typed into forms), swap changed stylesheets, go to
// another page, or show the errors that stopped a rebuild over the last good page.
(function () {
  'use strict';
  var script = document.currentScript;
  var base = script.src.replace(/_kith\/live\.js(\?.*)?$/, '');
  var saveKey = 'kith-live:' + location.pathname;

  function fields() {
    return document.querySelectorAll('input, textarea, select');
  }

  function fieldName(f) {
    return (f.name || f.id || '') + ':' + f.type;
  }

  function snapshot() {
    var forms = [];
    fields().forEach(function (f) {
      forms.push({name: fieldName(f), checked: f.checked, value: f.value});
    });
    return {x: window.scrollX, y: window.scrollY, forms: forms};
  }

  function reload() {
    try {
      sessionStorage.setItem(saveKey, JSON.stringify(snapshot()));
    } catch (e) { /* storage full or disabled: reload without keeping state */ }
    location.reload();
  }

  function restoreSaved() {
    var raw = null;
    try {
      raw = sessionStorage.getItem(saveKey);
      sessionStorage.removeItem(saveKey);
    } catch (e) { return; }
    if (raw) restore(JSON.parse(raw));
  }

  function restore(saved) {
    var list = fields();
    if (list.length === saved.forms.length) {
      list.forEach(function (f, i) {
        var s = saved.forms[i];
        if (s.name !== fieldName(f) || f.type === 'file' || f.type === 'hidden') return;
        var changed = false;
        if (f.type === 'checkbox' || f.type === 'radio') {
          changed = f.checked !== s.checked;
          f.checked = s.checked;
        } else {
          changed = f.value !== s.value;
          f.value = s.value;
        }
        if (changed) {
          f.dispatchEvent(new Event('input', {bubbles: true}));
          f.dispatchEvent(new Event('change', {bubbles: true}));
        }
      });
    }
    // instant: a theme's smooth scrolling would otherwise animate from the top on every save.
    var scroll = function () { window.scrollTo({left: saved.x, top: saved.y, behavior: 'instant'}); };
    scroll();
    if (document.readyState !== 'complete') window.addEventListener('load', scroll);
  }

  // The stylesheets and scripts a page loads in its head, to tell whether a new version of the
  // page can replace the old one's body in place.
  function headSources(doc) {
    return Array.prototype.map.call(doc.head.querySelectorAll('script[src], link[rel~="stylesheet"]'), function (e) {
      return e.getAttribute('src') || e.getAttribute('href');
    }).join('\n');
  }

  function isLive(el) {
    return el === script || /\/_kith\/live\.js(\?|$)/.test(el.getAttribute('src') || '');
  }

  // update shows the new version of the page without reloading it when only its body changed:
  // the new body replaces the old, and the page's scripts run again over it. That is faster
  // than a reload. The server sends the new page with the message (pushed), which saves asking
  // for it; without it, the page is fetched. Anything else reloads.
  function update(pushed) {
    var state = snapshot();
    var page = pushed ? Promise.resolve(pushed) : fetch(location.href, {cache: 'no-store'}).then(function (res) {
      if (!res.ok) throw new Error('status ' + res.status);
      return res.text();
    });
    page.then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      if (headSources(doc) !== headSources(document)) throw new Error('the head changed');
      document.title = doc.title;
      document.body.replaceWith(document.adoptNode(doc.body));
      document.querySelectorAll('script[src]').forEach(function (old) {
        if (isLive(old)) {
          if (old.parentNode !== document.head && old !== script) old.remove();
          return;
        }
        var fresh = document.createElement('script');
        Array.prototype.forEach.call(old.attributes, function (a) { fresh.setAttribute(a.name, a.value); });
        fresh.async = false;
        old.replaceWith(fresh);
      });
      restore(state);
      // When the updated page is drawn, for the latency benchmark.
      requestAnimationFrame(function () {
        document.documentElement.dataset.kithUpdated = String(performance.timeOrigin + performance.now());
      });
    }).catch(function () { reload(); });
  }

  function stylesheet() {
    if (document.getElementById('kith-live-css')) return;
    var link = document.createElement('link');
    link.id = 'kith-live-css';
    link.rel = 'stylesheet';
    link.href = base + '_kith/live.css' + script.src.slice(script.src.indexOf('?'));
    document.head.appendChild(link);
  }

  function hideErrors() {
    var old = document.getElementById('kith-overlay');
    if (old) old.remove();
  }

  function showErrors(errors) {
    hideErrors();
    stylesheet();
    var box = document.createElement('section');
    box.id = 'kith-overlay';
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-labelledby', 'kith-overlay-title');
    var h = document.createElement('h2');
    h.id = 'kith-overlay-title';
    h.textContent = 'The site could not be rebuilt: ' + errors.length + (errors.length === 1 ? ' error' : ' errors');
    box.appendChild(h);
    var ul = document.createElement('ul');
    errors.forEach(function (e) {
      var li = document.createElement('li');
      var code = document.createElement('code');
      code.textContent = e.text;
      li.appendChild(code);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var p = document.createElement('p');
    p.textContent = 'Underneath is the last good build. Fix the file and save: this message goes away by itself.';
    box.appendChild(p);
    var hide = document.createElement('button');
    hide.type = 'button';
    hide.textContent = 'Hide';
    hide.addEventListener('click', hideErrors);
    box.appendChild(hide);
    document.body.appendChild(box);
  }

  function swapStylesheets(swaps) {
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      swaps.forEach(function (s) {
        if (!link.href.endsWith('/' + s.from)) return;
        var next = link.cloneNode();
        next.href = link.href.slice(0, link.href.length - s.from.length) + s.to;
        next.addEventListener('load', function () { link.remove(); });
        link.after(next);
      });
    });
  }

  restoreSaved();

  // What the tab shows, as the server identifies it: after an update in place the server sends
  // the new page's hash, so that a reconnection asks only about later changes.
  var shown = script.dataset.hash || '';
  var missing = Boolean(script.dataset.missing);
  var events = null;

  function handle(m) {
    switch (m.type) {
      case 'reload':
        shown = m.hash || '';
        missing = false;
        update(m.html);
        break;
      case 'goto':
        location.assign(m.url);
        break;
      case 'css':
        shown = m.hash || shown;
        swapStylesheets(m.swaps);
        break;
      case 'errors':
        showErrors(m.errors);
        break;
      case 'ok':
        hideErrors();
        break;
    }
  }

  // The page's path as the server knows it: unescaped, as in "/leçons/" where the address bar
  // has "/le%C3%A7ons/".
  function pagePath() {
    try {
      return decodeURIComponent(location.pathname);
    } catch (e) {
      return location.pathname;
    }
  }

  function connect() {
    if (events) return;
    var query = 'path=' + encodeURIComponent(pagePath()) + '&hash=' + encodeURIComponent(shown);
    if (missing) query += '&missing=1';
    events = new EventSource(base + '_kith/events?' + query);
    events.onopen = function () { document.documentElement.dataset.kithLive = 'connected'; };
    events.onmessage = function (ev) { handle(JSON.parse(ev.data)); };
  }

  function disconnect() {
    if (!events) return;
    events.close();
    events = null;
    delete document.documentElement.dataset.kithLive;
  }

  // A browser opens at most six connections to one server, and each listening tab holds one:
  // tabs in the background let theirs go, and catch up when they are shown again.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') disconnect(); else connect();
  });
  window.addEventListener('pagehide', disconnect);
  window.addEventListener('pageshow', function () { if (document.visibilityState !== 'hidden') connect(); });
  if (document.visibilityState !== 'hidden') connect();
})();
