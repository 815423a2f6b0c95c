/* The quiz runtime: checks the quizzes of partials/quiz.html in the browser and keeps the answers in
   this browser's localStorage. Nothing leaves the device. A classic script without dependencies, so it
   runs from file:// and under a strict Content-Security-Policy. Scoring follows generator/quiz
   (Score and NormalizeAnswer); testdata/vectors.json holds the cases both must agree on. */
(function () {
  'use strict';

  // normalize is NormalizeAnswer: lowercase each code point, drop punctuation, collapse whitespace.
  function normalize(s) {
    return Array.from(s, function (c) { return c === '\u0130' ? 'i' : c.toLowerCase(); }).join('')
      .replace(/\p{P}/gu, '')
      .replace(/[\t\n\v\f\r\p{Z}]+/gu, ' ')
      .replace(/^ | $/g, '');
  }

  // own reports whether o has the key k itself: a question may be called "constructor".
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function int(v) { return Number.isSafeInteger(v) ? v : null; }

  function ints(v) {
    if (!Array.isArray(v)) return null;
    var out = v.map(int);
    return out.indexOf(null) < 0 ? out : null;
  }

  function isRight(q, a) {
    var i, list;
    switch (q.type) {
      case 'single':
        i = int(a);
        return i !== null && i >= 0 && i < q.options && (q.correct || []).indexOf(i) >= 0;
      case 'multiple':
        list = ints(a);
        if (!list) return false;
        var set = [];
        for (i = 0; i < list.length; i++) {
          if (list[i] < 0 || list[i] >= q.options) return false;
          set[list[i]] = true;
        }
        for (i = 0; i < q.options; i++) {
          if (!!set[i] !== (q.correct || []).indexOf(i) >= 0) return false;
        }
        return true;
      case 'truefalse':
        return typeof a === 'boolean' && a === q.answer;
      case 'short':
        if (typeof a !== 'string') return false;
        var given = normalize(a);
        return given !== '' && (q.accept || []).some(function (x) { return normalize(x) === given; });
      case 'order':
        list = ints(a);
        return !!list && list.length === q.items.length && list.every(function (v, k) { return v === k; });
    }
    return false;
  }

  var SCORED = { single: 1, multiple: 1, truefalse: 1, short: 1, order: 1 };
  var NA = 'na'; // quiz.NotApplicableAnswer

  // score is quiz.Score: the same result for the same answers.
  function score(quiz, answers) {
    var r = { score: 0, max: quiz.max, notApplicable: 0, applicable: quiz.max, scaled: 0, correct: {}, band: '', dimensions: [] };
    var dims = new Map();
    var full = (quiz.scale || []).length - 1;
    quiz.questions.forEach(function (q) {
      var a = own(answers, q.id) ? answers[q.id] : undefined;
      if (quiz.kind === 'knowledge' && SCORED[q.type]) {
        r.correct[q.id] = isRight(q, a);
        if (r.correct[q.id]) r.score++;
        return;
      }
      if (quiz.kind !== 'self-assessment' || q.type !== 'likert') return;
      var top = full;
      if (q.notApplicable && a === NA) {
        r.notApplicable++;
        r.applicable -= top;
        top = 0;
      }
      var v = int(a), points = 0;
      if (v !== null && v >= 0 && v <= top) points = q.reverse ? top - v : v;
      r.score += points;
      if (!q.dimension) return;
      if (!dims.has(q.dimension)) {
        dims.set(q.dimension, { name: q.dimension, score: 0, max: 0 });
        r.dimensions.push(dims.get(q.dimension));
      }
      dims.get(q.dimension).score += points;
      dims.get(q.dimension).max += top;
    });
    r.scaled = r.score;
    if (quiz.kind === 'self-assessment') {
      // The total scaled to the full maximum, rounded half up, in integers as Go does.
      r.scaled = r.applicable > 0 ? Math.floor((2 * r.score * r.max + r.applicable) / (2 * r.applicable)) : 0;
      (quiz.bands || []).some(function (b) {
        if (r.applicable > 0 && b.min <= r.scaled && r.scaled <= b.max) r.band = b.id;
        return r.band !== '';
      });
    }
    return r;
  }

  // Saved answers live under "kith|<site>|<quiz id>|<quiz hash>"; a changed quiz gets a new key.
  // <site> is the path of the site's root folder as this browser reaches it ("/toolkit/", or the
  // folder of a copy opened from disk), so two sites on one origin, such as two sub-paths of one
  // host or two folders opened from file://, which Chromium treats as one origin, keep apart.
  // Inside a SCORM package, scorm.js gives the launch page's storage instead (kith build --scorm).
  var store = null;
  try {
    store = window.kithStorage || window.localStorage;
    store.setItem('kith|probe', '1');
    store.removeItem('kith|probe');
  } catch (e) {
    store = null;
  }

  function keys(prefix) {
    var out = [];
    for (var i = 0; store && i < store.length; i++) {
      if (store.key(i).indexOf(prefix) === 0) out.push(store.key(i));
    }
    return out;
  }

  // load returns the entry saved under key: null when there is none, false when what is there is
  // not an entry this runtime wrote (it may have been edited by hand or by another program).
  function load(key) {
    var raw = store.getItem(key);
    if (raw === null) return null;
    try {
      raw = JSON.parse(raw);
    } catch (e) {
      return false;
    }
    // The key names the quiz: "kith|<site>|<quiz id>|<hash>".
    return entryOK(raw) && raw.quiz === key.split('|').slice(-2)[0] ? raw : false;
  }

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

  function isText(v) { return v === undefined || typeof v === 'string'; }

  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  // entryOK checks the shape of a saved entry wherever the runtime reads it.
  function entryOK(e) {
    return isObject(e) && typeof e.quiz === 'string' && SLUG.test(e.quiz) && isObject(e.answers) &&
      (e.order === undefined || isObject(e.order)) && isText(e.title) && isText(e.kind) && isText(e.date) &&
      (e.result === undefined || isObject(e.result) && Number.isFinite(e.result.score) && Number.isFinite(e.result.max) &&
        isText(e.result.bandTitle)) &&
      (e.notes === undefined || Array.isArray(e.notes) && e.notes.every(function (n) {
        return isObject(n) && typeof n.prompt === 'string' && typeof n.text === 'string';
      }));
  }

  // siteOf returns the <site> of storage keys for the quiz or My results element root.
  function siteOf(root) {
    var d = root.dataset;
    // A site's own partials/quiz.html from before data-quiz-root keeps the old keys.
    if (d.quizRoot === undefined) return d.quizSite;
    return new URL(d.quizRoot || './', document.baseURI).pathname.replace(/\|/g, '%7C');
  }

  var OLD_REST = /^[a-z0-9-]+\|[0-9a-f]{12}$/; // "<quiz id>|<hash>" after an old key's site

  // migrate moves answers saved before keys held the site's folder, under its title or base_url,
  // to the site's own keys. The first site to open them keeps them.
  function migrate(legacy, site) {
    var from = 'kith|' + legacy + '|';
    if (!store || !legacy || legacy === site) return;
    keys(from).forEach(function (k) {
      var rest = k.slice(from.length), to = 'kith|' + site + '|' + rest;
      if (!OLD_REST.test(rest)) return;
      try {
        if (store.getItem(to) === null) store.setItem(to, store.getItem(k));
        store.removeItem(k);
      } catch (e) { /* full: the answers stay where they were */ }
    });
  }

  function save(key, entry) {
    try {
      store.setItem(key, JSON.stringify(entry));
    } catch (e) { /* full or refused: the answers stay on the page */ }
    changed();
  }

  // changed tells the page's other scripts (progress.js) that saved answers changed.
  function changed() { document.dispatchEvent(new Event('kith:answers')); }

  // strings reads the words the theme gives the runtime, from the .quiz-strings block.
  function strings(root) {
    var s = {};
    root.querySelectorAll('.quiz-strings [data-k]').forEach(function (el) { s[el.dataset.k] = el.textContent; });
    return function (k, values) {
      return (s[k] || k).replace(/\{(\w+)\}/g, function (m, name) { return values && own(values, name) ? values[name] : m; });
    };
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function mark(icon, text, className) {
    var m = el('span', 'quiz-mark ' + className);
    m.appendChild(el('span', 'quiz-icon', icon)).setAttribute('aria-hidden', 'true');
    m.appendChild(document.createTextNode(' ' + text));
    return m;
  }

  // hide sets hidden on the element sel of root, if there is one: a site's own partials/quiz.html
  // written for an earlier runtime may lack it, and must still work.
  function hide(root, sel, hidden) {
    var e = root.querySelector(sel);
    if (e) e.hidden = hidden;
  }

  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  function isPermutation(list, n) {
    return Array.isArray(list) && list.length === n && list.slice().sort(function (a, b) { return a - b; })
      .every(function (v, k) { return v === k; });
  }

  function shuffled(n) {
    var p = [];
    for (var i = 0; i < n; i++) p.push(i);
    for (i = n - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  var instances = Object.create(null);

  // unseal puts back the right answers that generator/quiz/client.go sealed (XOR with the key,
  // then base64) so that the page's source does not show them at a glance.
  function unseal(quiz) {
    if (typeof quiz.sealed !== 'string') return quiz;
    var key = atob(quiz.key), bin = atob(quiz.sealed), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i) ^ key.charCodeAt(i % key.length);
    var answers = JSON.parse(new TextDecoder().decode(bytes));
    quiz.questions.forEach(function (q, i) { Object.assign(q, answers[i]); });
    return quiz;
  }

  function Quiz(root) {
    var quiz = unseal(JSON.parse(root.dataset.quizJson));
    var S = strings(root);
    var site = siteOf(root);
    if (root.dataset.quizRoot !== undefined) migrate(root.dataset.quizLegacy, site);
    var prefix = 'kith|' + site + '|' + quiz.id + '|';
    var key = prefix + quiz.hash;
    var form = root.querySelector('.quiz-form');
    var result = root.querySelector('.quiz-result');
    var message = root.querySelector('.quiz-message');
    var retry = root.querySelector('.quiz-retry');
    var entry = { quiz: quiz.id, hash: quiz.hash, title: root.dataset.quizTitle, kind: quiz.kind, answers: {}, order: {} };

    // A page that embeds the same quiz twice renumbers the second one's ids and radio groups.
    instances[quiz.id] = (instances[quiz.id] || 0) + 1;
    if (instances[quiz.id] > 1) {
      var from = root.id, to = root.id + '-' + instances[quiz.id];
      [root].concat(all(root, '[id],[for],[name]')).forEach(function (e) {
        ['id', 'for', 'name'].forEach(function (attr) {
          var v = e.getAttribute(attr);
          if (v && v.indexOf(from) === 0) e.setAttribute(attr, to + v.slice(from.length));
        });
      });
    }

    function field(q) { return root.querySelector('[data-question="' + CSS.escape(q.id) + '"]'); }

    function read() {
      var answers = {};
      quiz.questions.forEach(function (q) {
        var f = field(q), v;
        var chosen = all(f, 'input:checked').map(function (i) { return i.value; });
        switch (q.type) {
          case 'single': case 'likert':
            if (chosen.length) answers[q.id] = chosen[0] === NA ? NA : Number(chosen[0]);
            break;
          case 'truefalse':
            if (chosen.length) answers[q.id] = chosen[0] === 'true';
            break;
          case 'multiple':
            if (chosen.length) answers[q.id] = chosen.map(Number);
            break;
          case 'short': case 'reflection':
            v = f.querySelector('input[type=text],textarea').value;
            if (v.trim() !== '') answers[q.id] = v;
            break;
          case 'order':
            // Items still in the order they were shown in were never put in order: unanswered.
            v = all(f, '[data-item]').map(function (li) { return Number(li.dataset.item); });
            if (v.join() !== q.shown.join()) answers[q.id] = v;
        }
      });
      return answers;
    }

    function write(answers) {
      quiz.questions.forEach(function (q) {
        var f = field(q), a = own(answers, q.id) ? answers[q.id] : undefined;
        switch (q.type) {
          case 'single': case 'likert': case 'truefalse': case 'multiple':
            var values = [].concat(a === undefined ? [] : a).map(String);
            all(f, 'input').forEach(function (i) { i.checked = values.indexOf(i.value) >= 0; });
            break;
          case 'short': case 'reflection':
            f.querySelector('input[type=text],textarea').value = typeof a === 'string' ? a : '';
            break;
          case 'order':
            arrange(f, '[data-item]', isPermutation(a, q.items.length) ? a : q.shown, 'item');
        }
      });
      printText();
    }

    // arrange puts the children matching sel in the given order of their data-<attr> values.
    function arrange(f, sel, order, attr) {
      var items = all(f, sel), parent = items[0].parentNode;
      order.forEach(function (k) {
        items.forEach(function (li) { if (li.dataset[attr] === String(k)) parent.appendChild(li); });
      });
    }

    // shuffle shows the options of questions with shuffle set in a new order, or in a saved one.
    function shuffle(saved) {
      entry.order = {};
      quiz.questions.forEach(function (q) {
        if (!q.shuffle) return;
        var order = saved && isPermutation(saved[q.id], q.options) ? saved[q.id] : shuffled(q.options);
        entry.order[q.id] = order;
        arrange(field(q), '[data-option]', order, 'option');
      });
    }

    function printText() {
      all(root, 'textarea').forEach(function (t) { t.nextElementSibling.textContent = t.value; });
    }

    function persist() {
      if (!store) return;
      entry.answers = read();
      entry.date = new Date().toISOString();
      entry.notes = quiz.questions.filter(function (q) {
        return q.type === 'reflection' && typeof entry.answers[q.id] === 'string';
      }).map(function (q) {
        var legend = field(q).querySelector('legend').cloneNode(true);
        legend.removeChild(legend.querySelector('.quiz-number'));
        return { prompt: legend.textContent.trim(), text: entry.answers[q.id] };
      });
      save(key, entry);
    }

    function unmark() {
      all(root, '.quiz-mark').forEach(function (m) { m.parentNode.removeChild(m); });
      all(root, '.quiz-verdict,.quiz-feedback,.quiz-explanation,.quiz-band,.quiz-nothing,.quiz-where,.quiz-dimensions').forEach(function (e) { e.hidden = true; });
      all(root, '.quiz-question').forEach(function (f) { f.classList.remove('quiz-is-right', 'quiz-is-wrong'); });
      result.hidden = true;
      retry.hidden = true;
      entry.checked = false;
    }

    function say(text) {
      message.textContent = text;
      message.hidden = !text;
    }

    function verdict(f, ok, extra) {
      var v = f.querySelector('.quiz-verdict');
      v.textContent = '';
      v.appendChild(mark(ok ? '✓' : '✗', S(ok ? 'correct' : 'wrong'), ok ? 'quiz-right' : 'quiz-wrong'));
      if (extra) v.appendChild(extra);
      v.hidden = false;
      f.classList.add(ok ? 'quiz-is-right' : 'quiz-is-wrong');
    }

    function markQuestion(q, answers, ok) {
      var f = field(q), extra = null;
      var rightValue = q.type === 'truefalse' ? [String(q.answer)] : (q.correct || []).map(String);
      all(f, '.quiz-option').forEach(function (li) {
        var input = li.querySelector('input'), right = rightValue.indexOf(input.value) >= 0;
        var label = li.querySelector('label');
        if (input.checked) {
          label.appendChild(right ? mark('✓', S('chosen_right'), 'quiz-right') : mark('✗', S('chosen_wrong'), 'quiz-wrong'));
          var fb = li.querySelector('.quiz-feedback');
          if (fb) fb.hidden = false;
        } else if (right && !ok) {
          label.appendChild(mark('→', S('missed'), 'quiz-missed'));
        }
      });
      if (q.type === 'short' && !ok && q.accept && q.accept.length) {
        extra = el('span', 'quiz-solution', ' ' + S('accepted') + ' ' + q.accept[0]);
      }
      if (q.type === 'order' && !ok) {
        extra = el('div', 'quiz-solution');
        extra.appendChild(document.createTextNode(' ' + S('right_order')));
        var ol = extra.appendChild(el('ol', 'quiz-right-order'));
        q.items.forEach(function (item, k) {
          ol.appendChild(el('li', '', f.querySelector('[data-item="' + k + '"] .quiz-order-text').textContent));
        });
      }
      verdict(f, ok, extra);
    }

    // check marks every answer and shows the result. announce is false when restoring a page.
    function check(announce) {
      unmark();
      say('');
      var answers = read(), r = score(quiz, answers);
      quiz.questions.forEach(function (q) {
        var ex = field(q).querySelector('.quiz-explanation');
        if (ex) ex.hidden = false;
        if (own(r.correct, q.id)) markQuestion(q, answers, r.correct[q.id]);
      });
      result.dataset.score = r.score;
      result.dataset.max = r.max;
      var text = S('score', r), bandTitle = '';
      if (quiz.kind === 'self-assessment') {
        result.dataset.band = r.band;
        result.dataset.scaled = r.scaled;
        result.dataset.notApplicable = r.notApplicable;
        all(result, '.quiz-band').forEach(function (b) {
          b.hidden = b.dataset.bandId !== r.band;
          if (!b.hidden) bandTitle = b.querySelector('.quiz-band-title').textContent;
        });
        hide(result, '.quiz-nothing', r.applicable > 0);
        text = r.applicable > 0 ? S('total', { score: r.score, max: r.applicable }) : '';
        if (r.notApplicable && r.applicable > 0) text += ' ' + S('left_out', { count: r.notApplicable, scaled: r.scaled, max: r.max });
        // Sub-scores say where the statements show most, not how well the student did.
        var ul = result.querySelector('.quiz-dimensions');
        ul.textContent = '';
        r.dimensions.filter(function (d) { return d.max > 0; }).sort(function (a, b) {
          return b.score / b.max - a.score / a.max;
        }).forEach(function (d) { ul.appendChild(el('li', '', S('dimension', d))); });
        hide(result, '.quiz-where', !ul.children.length);
        ul.hidden = !ul.children.length;
      }
      var skipped = quiz.questions.filter(function (q) {
        return (own(r.correct, q.id) || q.type === 'likert') && !own(answers, q.id);
      }).length;
      if (skipped) text += (text ? ' ' : '') + S('unanswered', { count: skipped });
      result.querySelector('.quiz-score').textContent = text;
      result.hidden = false;
      retry.hidden = false;
      entry.checked = true;
      entry.result = { score: r.score, max: r.max, applicable: r.applicable, notApplicable: r.notApplicable, band: r.band, bandTitle: bandTitle };
      if (announce) {
        persist();
        // For scorm.js: a knowledge check's score may go to an LMS; a self-assessment's never does.
        if (quiz.kind === 'knowledge') document.dispatchEvent(new CustomEvent('kith:quiz-checked', { detail: { quiz: quiz.id, kind: quiz.kind, score: r.score, max: r.max } }));
        var still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        result.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
      }
    }

    // reset empties the form for a new attempt; keepNotes keeps what was written in reflections.
    function reset(keepNotes) {
      var answers = read(), kept = {};
      quiz.questions.forEach(function (q) {
        if (keepNotes && q.type === 'reflection' && own(answers, q.id)) kept[q.id] = answers[q.id];
      });
      unmark();
      write(kept);
      shuffle(null);
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      check(true);
    });

    form.addEventListener('input', function () {
      if (entry.checked) unmark();
      say('');
      printText();
      persist();
    });

    form.addEventListener('click', function (ev) {
      var button = ev.target.closest('.quiz-move');
      if (!button) return;
      var li = button.closest('li'), list = li.parentNode;
      var step = Number(button.dataset.move), to = step < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (to) list.insertBefore(li, step < 0 ? to : to.nextElementSibling);
      button.focus();
      var items = all(list, '[data-item]');
      li.closest('fieldset').querySelector('.quiz-order-live').textContent = S('moved', {
        item: li.querySelector('.quiz-order-text').textContent,
        position: items.indexOf(li) + 1,
        count: items.length
      });
      if (entry.checked) unmark();
      persist();
    });

    retry.addEventListener('click', function () {
      reset(true);
      persist();
      var first = form.querySelector('input,textarea,button');
      if (first) first.focus();
    });

    root.querySelector('.quiz-clear').addEventListener('click', function () {
      keys(prefix).forEach(function (k) { store.removeItem(k); });
      changed();
      reset(false);
      entry.result = undefined;
      hide(root, '.quiz-changed', true);
      hide(root, '.quiz-unreadable', true);
      say(S('cleared'));
    });

    var saved = store && load(key);
    // Answers that cannot be read are set aside: never applied, and overwritten by the next answer.
    hide(root, '.quiz-unreadable', saved !== false);
    if (saved) {
      shuffle(saved.order);
      write(saved.answers);
      entry.result = saved.result;
      entry.date = saved.date;
      if (saved.checked) check(false);
    } else {
      shuffle(null);
    }
    // Answers to an earlier version of the quiz are set aside: kept for My results, never applied.
    var earlier = keys(prefix).filter(function (k) { return k !== key && load(k); });
    earlier.forEach(function (k) {
      var e = load(k);
      if (!e.earlier) {
        e.earlier = true;
        save(k, e);
      }
    });
    root.querySelector('.quiz-changed').hidden = !earlier.length || !!saved;
    root.querySelector('.quiz-no-storage').hidden = !!store;
    root.classList.add('quiz-on');
  }

  function MyResults(root) {
    var S = strings(root);
    // My results moves nothing: a quiz whose page still uses the old keys must find its answers.
    var prefix = 'kith|' + siteOf(root) + '|', legacy = 'kith|' + root.dataset.quizLegacy + '|';
    var list = root.querySelector('.my-results-list');
    var clear = root.querySelector('.my-results-clear');
    var status = root.querySelector('.my-results-status');

    // found lists the keys of this site's answers, and of answers saved under its old name.
    function found() {
      return keys(prefix).concat(legacy === prefix ? [] : keys(legacy).filter(function (k) {
        return OLD_REST.test(k.slice(legacy.length));
      }));
    }

    function show() {
      var saved = found().map(load), entries = saved.filter(Boolean);
      hide(root, '.my-results-unreadable', entries.length === saved.length);
      entries.sort(function (a, b) { return (b.date || '').localeCompare(a.date || ''); });
      list.textContent = '';
      if (!entries.length) list.appendChild(el('p', 'my-results-none', S('none'))).tabIndex = -1;
      var lang = document.documentElement.lang || undefined;
      entries.forEach(function (e) {
        var item = list.appendChild(el('article', 'my-result'));
        var link = el('a', '', e.title || e.quiz);
        link.href = root.dataset.quizLink.replace('QUIZ-ID', e.quiz);
        item.appendChild(el('h2')).appendChild(link);
        var date = new Date(e.date || NaN), when = isNaN(date) ? '' : date.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
        var r = e.result, what = S('not_checked');
        if (r && e.kind === 'self-assessment') {
          // A reflection leads with what it means; the numbers follow.
          var applicable = Number.isFinite(r.applicable) ? r.applicable : r.max;
          what = applicable > 0 ? (r.bandTitle ? r.bandTitle + ' · ' : '') + S('total', { score: r.score, max: applicable }) : S('nothing');
        } else if (r) {
          what = S('score', r);
        }
        item.appendChild(el('p', 'my-result-summary', (when ? when + ' · ' : '') + what));
        if (e.earlier) item.appendChild(el('p', 'my-result-earlier', S('earlier')));
        (e.notes || []).forEach(function (n, i) {
          if (!i) item.appendChild(el('h3', '', S('notes')));
          item.appendChild(el('p', 'my-result-prompt', n.prompt));
          item.appendChild(el('blockquote', 'my-result-note', n.text));
        });
      });
      clear.hidden = !entries.length;
    }

    clear.addEventListener('click', function () {
      // Everything goes, and nothing else holds a copy: ask first.
      if (!window.confirm(S('confirm_clear_all'))) return;
      found().forEach(function (k) { store.removeItem(k); });
      changed();
      show();
      status.textContent = S('cleared_all');
      list.querySelector('.my-results-none').focus();
    });

    root.querySelector('.my-results-nojs').hidden = true;
    show();
  }

  // The scorer is exposed for tests that replay Go's vectors in the browser; the storage, for
  // progress.js and results.js, which read saved answers the way this runtime does.
  window.kithQuiz = { score: score, normalize: normalize, site: siteOf, keys: keys, load: function (k) { return store && load(k); } };

  // A printed self-assessment is a worksheet: it shows how to add up the score by hand.
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = all(document, '.quiz-by-hand:not([open])');
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
  });

  document.querySelectorAll('[data-quiz-json]').forEach(Quiz);
  document.querySelectorAll('[data-my-results]').forEach(MyResults);
}());
