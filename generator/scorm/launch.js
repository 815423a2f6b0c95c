/* The launch page of a SCORM 1.2 package. It owns the LMS session: a SCO is one document, and
   navigating the top window between pages would end the session in every LMS, so the site runs in
   a frame and its pages talk to this page only (themes/default/assets/scorm.js, through
   window.kithLaunch, which only pages of the same origin can reach).
   Knowledge checks' answers and scores go to cmi.suspend_data and cmi.core.score; self-assessments
   and reflections stay in this window and are never sent. Without an LMS the site opens as it is. */
(function () {
  'use strict';

  var SUSPEND_MAX = 4096; // SCORM 1.2's limit on cmi.suspend_data
  var VERSION = 1; // of what is kept in cmi.suspend_data
  var body = document.body;
  var start = body.dataset.start;

  // scan and findAPI are the SCORM 1.2 RTE's discovery: up the parents to the top, then the opener.
  function scan(win) {
    for (var tries = 0; win; tries++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === 'function') return win.API;
        if (tries > 500 || !win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // a window of another origin: its API cannot be ours
      }
    }
    return null;
  }

  // An LMS that opens the package in a new window is its opener, or the opener of the window
  // whose frame holds the package.
  function findAPI() {
    var api = scan(window);
    [function () { return window.opener; }, function () { return window.top.opener; }].forEach(function (opener) {
      try {
        if (!api && opener()) api = scan(opener());
      } catch (e) { /* an opener of another origin */ }
    });
    return api;
  }

  var api = findAPI();
  if (!api || String(api.LMSInitialize('')) !== 'true') {
    location.replace(start);
    return;
  }

  var checks = JSON.parse(body.dataset.checks || '{}');
  var reflections = JSON.parse(body.dataset.reflections || '{}'); // quiz id -> ids of its reflections
  var status = document.querySelector('.kith-scorm-status');
  var frame = document.querySelector('.kith-scorm-frame');
  var opened = Date.now();
  // Keys of saved answers begin with the site's folder, which an LMS may change between launches.
  var site = 'kith|' + new URL(start, location.href).pathname.replace(/[^/]*$/, '').replace(/\|/g, '%7C') + '|';
  var kept = Object.create(null); // knowledge checks: key -> entry (JSON), sent to the LMS
  var local = Object.create(null); // everything else: key -> value, this window only
  var scores = Object.create(null); // quiz id -> [score, max]
  var done = false;

  function get(name) { return String(api.LMSGetValue(name) || ''); }
  function set(name, value) { api.LMSSetValue(name, String(value)); }

  function parse(s) {
    try {
      return JSON.parse(s);
    } catch (e) {
      return null;
    }
  }

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

  // restore reads an earlier attempt from cmi.suspend_data; anything it does not understand is ignored.
  (function restore() {
    var s = parse(get('cmi.suspend_data'));
    if (!isObject(s) || s.v !== VERSION) return;
    if (isObject(s.e)) {
      Object.keys(s.e).forEach(function (k) {
        if (isObject(s.e[k])) kept[k.charAt(0) === '~' ? site + k.slice(1) : k] = JSON.stringify(s.e[k]);
      });
    }
    if (isObject(s.s)) {
      Object.keys(s.s).forEach(function (id) {
        var r = s.s[id];
        if (Object.prototype.hasOwnProperty.call(checks, id) && Array.isArray(r) && Number.isFinite(r[0])) scores[id] = [r[0], checks[id]];
      });
    }
  }());

  // sendable returns the answers of a knowledge check without its reflections, which never leave
  // this window.
  function sendable(id, answers) {
    if (!isObject(answers)) return answers;
    var mine = Object.prototype.hasOwnProperty.call(reflections, id) && Array.isArray(reflections[id]) ? reflections[id] : [];
    var out = {};
    Object.keys(answers).forEach(function (q) { if (mine.indexOf(q) < 0) out[q] = answers[q]; });
    return out;
  }

  // compact keeps what the quiz runtime needs to show an attempt again; titles go first when short of room.
  function compact(entry, withTitle) {
    var e = parse(entry);
    if (!isObject(e)) return null;
    var out = { quiz: e.quiz, hash: e.hash, kind: e.kind, answers: sendable(e.quiz, e.answers) };
    if (withTitle && e.title) out.title = e.title;
    if (isObject(e.order) && Object.keys(e.order).length) out.order = e.order;
    if (e.checked) out.checked = true;
    if (isObject(e.result)) out.result = { score: e.result.score, max: e.result.max };
    return out;
  }

  // encode writes the attempt in at most SUSPEND_MAX characters: all of it if it fits, then without
  // titles, then the scores alone. It reports whether answers had to be left out.
  function encode() {
    var text;
    for (var level = 0; level < 3; level++) {
      var s = { v: VERSION, s: scores };
      if (level < 2) {
        s.e = {};
        Object.keys(kept).sort().forEach(function (k) {
          var c = compact(kept[k], level === 0);
          if (c) s.e[k.indexOf(site) === 0 ? '~' + k.slice(site.length) : k] = c;
        });
      } else {
        s.d = 1;
      }
      text = JSON.stringify(s);
      if (text.length <= SUSPEND_MAX) return { text: text, dropped: level === 2 };
    }
    return { text: JSON.stringify({ v: VERSION, d: 1 }), dropped: true };
  }

  function save() {
    var r = encode();
    set('cmi.suspend_data', r.text);
    status.textContent = r.dropped ? body.dataset.dropped : '';
  }

  function isFinal(s) { return s === 'completed' || s === 'passed' || s === 'failed'; }

  function masteryScore() {
    var m = parseFloat(get('cmi.student_data.mastery_score'));
    if (!Number.isFinite(m)) m = parseFloat(body.dataset.mastery);
    return Number.isFinite(m) ? m : null;
  }

  // report sends the percentage over all knowledge checks, and the status once every one is checked.
  function report() {
    var got = 0, max = 0, all = true;
    Object.keys(checks).forEach(function (id) {
      max += checks[id];
      if (scores[id]) got += Math.min(Math.max(scores[id][0], 0), checks[id]);
      else all = false;
    });
    if (!max) return;
    var raw = Math.round(got / max * 10000) / 100;
    set('cmi.core.score.min', 0);
    set('cmi.core.score.max', 100);
    set('cmi.core.score.raw', raw);
    if (!all) return;
    var mastery = masteryScore();
    set('cmi.core.lesson_status', mastery === null ? 'completed' : raw >= mastery ? 'passed' : 'failed');
  }

  // The storage the quiz runtime uses inside the frame instead of localStorage (see scorm.js).
  var storage = {
    getItem: function (k) {
      k = String(k);
      return k in kept ? kept[k] : k in local ? local[k] : null;
    },
    setItem: function (k, v) {
      k = String(k);
      v = String(v);
      var e = parse(v);
      if (isObject(e) && e.kind === 'knowledge') {
        delete local[k];
        kept[k] = v;
        save();
      } else {
        // Self-assessments, reflections, anything else: never sent.
        local[k] = v;
      }
    },
    removeItem: function (k) {
      k = String(k);
      delete local[k];
      if (k in kept) {
        delete kept[k];
        save();
      }
    },
    key: function (i) { return keys()[i] === undefined ? null : keys()[i]; },
    get length() { return keys().length; }
  };

  function keys() { return Object.keys(kept).concat(Object.keys(local).filter(function (k) { return !(k in kept); })); }

  // checked is told of every quiz checked in the frame; only knowledge checks of this package count.
  function checked(d) {
    var id = String(d && d.quiz);
    if (!d || d.kind !== 'knowledge' || !Object.prototype.hasOwnProperty.call(checks, id) || !Number.isFinite(Number(d.score))) return;
    scores[id] = [Number(d.score), checks[id]];
    save();
    report();
    api.LMSCommit('');
  }

  function twoDigits(n) { return (n < 10 ? '0' : '') + n; }

  // finish ends the session: suspended until the lesson is complete, so the LMS resumes it.
  function finish() {
    if (done) return;
    done = true;
    save();
    var secs = Math.round((Date.now() - opened) / 1000);
    set('cmi.core.session_time', twoDigits(Math.floor(secs / 3600)) + ':' + twoDigits(Math.floor(secs / 60) % 60) + ':' + twoDigits(secs % 60));
    set('cmi.core.exit', isFinal(get('cmi.core.lesson_status')) ? '' : 'suspend');
    api.LMSCommit('');
    api.LMSFinish('');
  }

  // A site without knowledge checks has nothing left to check: it is complete once opened.
  var lesson = get('cmi.core.lesson_status');
  if (lesson === '' || lesson === 'not attempted') set('cmi.core.lesson_status', Object.keys(checks).length ? 'incomplete' : 'completed');
  window.kithLaunch = { version: 1, storage: storage, checked: checked };
  window.addEventListener('pagehide', finish);
  frame.src = start;
}());
