// kith serve's live-reload client. The preview server adds it to the pages it serves; it is
// never part of a built site. It listens for what to do after each rebuild: update the page
// (changing only what the save changed, so that the page's scripts, the answers in forms, the
// focus and the scroll position stay), swap changed stylesheets, go to another page, or show the
// errors that stopped a rebuild over the last good page.
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

  function now() { return performance.timeOrigin + performance.now(); }

  // The page as the server sent it, before the page's scripts changed it: an update compares
  // the new version with it to find what to change. null until known.
  var pristine = null;

  // parse reads a version of the page, without this client's own tag, which differs in every
  // version (its data-hash) and is not part of the page.
  function parse(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    doc.hash = '';
    doc.querySelectorAll('script[src]').forEach(function (s) {
      if (!isLive(s)) return;
      doc.hash = s.dataset.hash || '';
      if (isBlank(s.nextSibling)) s.nextSibling.remove();
      s.remove();
    });
    return doc;
  }

  function isBlank(n) { return n !== null && n.nodeType === 3 && !n.data.trim(); }

  function isOurs(n) {
    return n !== null && n.nodeType === 1 && (n.id === 'kith-overlay' || (n.nodeName === 'SCRIPT' && isLive(n)));
  }

  // kids are a node's children as the page has them: without this client's tag (and the line
  // break the server adds after it) and overlay.
  function kids(node) {
    return Array.prototype.filter.call(node.childNodes, function (n) {
      return !isOurs(n) && !(isBlank(n) && isOurs(n.previousSibling));
    });
  }

  function sameShell(a, b) {
    if (a.nodeName !== b.nodeName || a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      var at = a.attributes[i];
      if (b.getAttributeNS(at.namespaceURI, at.localName) !== at.value) return false;
    }
    return true;
  }

  function hasScript(n) {
    return n.nodeType === 1 && (n.nodeName === 'SCRIPT' || n.querySelector('script') !== null);
  }

  // similar tells a node changed inside from one replaced: the same element (name and
  // attributes), or both text.
  function similar(a, b) {
    return a.nodeType === b.nodeType && (a.nodeType !== 1 || sameShell(a, b));
  }

  // diff plans the fewest changes that turn live, which shows the version old, into the version
  // next: nodes replaced, inserted or removed, as deep in the page as they can be. The children
  // the same at both ends are kept; of the rest, those that are the same element at both ends
  // are compared inside; what is left between is replaced. It returns false when that cannot be
  // exact: a node to replace or remove is not as the page had it (a script or the reader changed
  // it: the page's scripts would have to run again), or holds a script.
  function diff(old, next, live, ops) {
    var o = kids(old), n = kids(next), l = kids(live), i;
    if (o.length !== l.length) return false;
    var a = 0, b = 0;
    while (a < o.length && a < n.length && o[a].isEqualNode(n[a])) a++;
    while (b < o.length - a && b < n.length - a && o[o.length - 1 - b].isEqualNode(n[n.length - 1 - b])) b++;
    var oe = o.length - b, ne = n.length - b;
    // The first pair at each end is known to differ: the loops above stopped there.
    var first = true;
    while (a < oe && a < ne && similar(o[a], n[a])) {
      if (!change(o[a], n[a], l[a], live, ops, first)) return false;
      first = false;
      a++;
    }
    first = true;
    while (a < oe && a < ne && similar(o[oe - 1], n[ne - 1])) {
      if (!change(o[oe - 1], n[ne - 1], l[oe - 1], live, ops, first)) return false;
      first = false;
      oe--;
      ne--;
    }
    if (a === oe && a === ne) return true;
    // Nodes come or go: not among children that a script shows one at a time (slides), which
    // would not know of them.
    for (i = 0; i < o.length; i++) {
      if (o[i].nodeType === 1 && (l[i].nodeType !== 1 || o[i].hasAttribute('hidden') !== l[i].hasAttribute('hidden'))) return false;
    }
    for (i = a; i < oe; i++) {
      if (!l[i].isEqualNode(o[i]) || hasScript(o[i])) return false;
    }
    for (i = a; i < ne; i++) {
      if (hasScript(n[i])) return false;
    }
    var before = a < l.length ? l[a] : l.length ? l[l.length - 1].nextSibling : live.firstChild;
    ops.push({parent: live, remove: l.slice(a, oe), insert: n.slice(a, ne), before: before});
    return true;
  }

  // change plans turning live, which shows old, into next, where old and next are similar;
  // differ says they are known to differ (comparing a large element costs).
  function change(old, next, live, parent, ops, differ) {
    if (!differ && old.isEqualNode(next)) return true;
    if (old.nodeType === 1 && diff(old, next, live, ops)) return true;
    if (!live.isEqualNode(old) || hasScript(old) || hasScript(next)) return false;
    ops.push({parent: parent, remove: [live], insert: [next], before: live});
    return true;
  }

  // patch changes in place only what differs between the version the tab shows (pristine) and
  // doc: the page's scripts keep what they set up, and nothing runs again. It returns 'patch'
  // when it did; else, changing nothing, 'body' when replacing the body is exact, 'reload' when
  // only a reload is (the head changed, other than its title).
  function patch(doc) {
    if (!pristine) {
      // The tab's head has what scripts added to it: compare what it loads only.
      return headSources(doc) === headSources(document) ? 'body' : 'reload';
    }
    if (!sameShell(pristine.documentElement, doc.documentElement)) return 'reload';
    var oldHead = kids(pristine.head).filter(function (n) { return n.nodeName !== 'TITLE'; });
    var newHead = kids(doc.head).filter(function (n) { return n.nodeName !== 'TITLE'; });
    if (oldHead.length !== newHead.length) return 'reload';
    for (var i = 0; i < oldHead.length; i++) {
      if (!oldHead[i].isEqualNode(newHead[i])) return 'reload';
    }
    var ops = [];
    if (!sameShell(pristine.body, doc.body) || !diff(pristine.body, doc.body, document.body, ops)) return 'body';
    ops.forEach(function (op) {
      op.insert.forEach(function (n) { op.parent.insertBefore(document.importNode(n, true), op.before); });
      op.remove.forEach(function (n) { n.remove(); });
    });
    if (document.title !== doc.title) document.title = doc.title;
    return 'patch';
  }

  // swapBody replaces the whole body and runs the page's scripts again over it.
  function swapBody(doc) {
    document.title = doc.title;
    document.body.replaceWith(document.importNode(doc.body, true));
    document.body.appendChild(script);
    document.querySelectorAll('script[src]').forEach(function (old) {
      if (isLive(old)) return;
      var fresh = document.createElement('script');
      Array.prototype.forEach.call(old.attributes, function (a) { fresh.setAttribute(a.name, a.value); });
      fresh.async = false;
      old.replaceWith(fresh);
    });
  }

  // update shows the new version of the page without reloading it. It changes only what differs
  // from the version shown (patch); when that cannot be exact, the new body replaces the old and
  // the page's scripts run again over it, keeping the scroll position and the answers in forms.
  // When the head changed (other than its title), it reloads. The server sends the new page with
  // the message (pushed), which saves asking for it; without it, the page is fetched.
  function update(pushed, trace) {
    if (trace) trace.recv = now();
    var page = pushed ? Promise.resolve(pushed) : fetch(location.href, {cache: 'no-store'}).then(function (res) {
      if (!res.ok) throw new Error('status ' + res.status);
      return res.text();
    });
    page.then(function (html) {
      var doc = parse(html);
      if (trace) trace.parsed = now();
      // A patch leaves the scroll position to the browser, which keeps what is on screen in
      // place (scroll anchoring); reading it here would make the browser lay the page out now.
      var how = patch(doc);
      if (how === 'reload') throw new Error('the head changed');
      if (how === 'body') {
        var state = snapshot(), focused = document.activeElement && document.activeElement.id;
        swapBody(doc);
        restore(state);
        var again = focused && document.getElementById(focused);
        if (again) again.focus({preventScroll: true});
      }
      if (trace) trace.how = how;
      pristine = doc;
      if (trace) trace.swapped = now();
      painted(trace);
    }).catch(function () { reload(); });
  }

  // learn reads the page as the server sent it, once the tab has nothing else to do, so that the
  // first update can be a patch too. The version must be the one shown (its hash).
  function learn() {
    var hash = shown;
    fetch(location.href, {cache: 'no-store'}).then(function (res) { return res.text(); }).then(function (html) {
      if (pristine || shown !== hash) return;
      var doc = parse(html);
      if (doc.hash === hash) {
        pristine = doc;
        document.documentElement.dataset.kithKnown = ''; // for tests: the next update can be a patch
      }
    }).catch(function () { /* the next update replaces the body */ });
  }

  // painted notes when the updated page has been drawn, for the latency benchmark: a message
  // posted at the next frame is handled once that frame's rendering is done.
  function painted(trace) {
    requestAnimationFrame(function () {
      if (trace) trace.frame = now();
      var ch = new MessageChannel();
      ch.port1.onmessage = function () {
        if (trace) {
          trace.painted = now();
          document.documentElement.dataset.kithTrace = JSON.stringify(trace);
        }
        document.documentElement.dataset.kithUpdated = String(now());
      };
      ch.port2.postMessage(0);
    });
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
        update(m.html, m.trace);
        break;
      case 'goto':
        location.assign(m.url);
        break;
      case 'css':
        shown = m.hash || shown;
        pristine = null; // its stylesheets' names changed
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
  (window.requestIdleCallback || setTimeout)(learn);
})();
