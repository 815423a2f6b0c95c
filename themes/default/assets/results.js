/* Results a student can hand in, and the page where the teacher reads them. On My results
   ([data-results-download]) the student picks which of the results this browser keeps go into a
   file, types a name or initials (never stored), and downloads an HTML file made in the browser:
   readable anywhere, with no script, carrying the results as JSON in a
   <script type="application/json" id="kith-results"> block, which no browser runs. On Class
   results ([data-class-results]) a teacher picks or drops such files; they are read in this
   browser only, knowledge checks go into a table and a CSV file, and files from another site or
   another version of a quiz are listed as left out, not mixed in. Works from file:// and under
   default-src 'self'. */
(function () {
  'use strict';

  var FORMAT = 'kith-results', VERSION = 1, MAX_FILE = 4 << 20;

  function strings(box) {
    var s = {};
    if (box) box.querySelectorAll('[data-k]').forEach(function (e) { s[e.dataset.k] = e.textContent; });
    return function (k, values) {
      return (s[k] || k).replace(/\{(\w+)\}/g, function (m, name) {
        return values && Object.prototype.hasOwnProperty.call(values, name) ? values[name] : m;
      });
    };
  }

  function el(tag, text, doc) {
    var e = (doc || document).createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

  function when(iso, lang) {
    var d = new Date(iso || NaN);
    return isNaN(d) ? '' : d.toLocaleString(lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  // download saves text as a file named name, from a Blob: no server, so it works from file://.
  function download(text, type, name) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = el('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function slug(s) {
    return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  }

  function Download(root) {
    var api = window.kithQuiz;
    if (!api || !api.load) return;
    var S = strings(root.querySelector('.results-strings')), lang = root.dataset.lang;
    var site = api.site(root), list = root.querySelector('.results-list');
    var notes = root.querySelector('#results-notes'), name = root.querySelector('#results-name');
    var status = root.querySelector('.results-status');
    var saved = [];

    function summary(e) {
      var r = e.result;
      if (!e.checked || !r) return S('not_checked');
      if (e.kind === 'self-assessment') {
        var applicable = Number.isFinite(r.applicable) ? r.applicable : r.max;
        return (r.bandTitle ? r.bandTitle + ' · ' : '') + S('total', { score: r.score, max: applicable });
      }
      return S('score', r);
    }

    function show() {
      saved = api.keys('kith|' + site + '|').map(function (k) {
        var e = api.load(k);
        return e && !e.earlier ? { e: e, hash: k.split('|').pop() } : null;
      }).filter(Boolean);
      saved.sort(function (a, b) { return (a.e.title || a.e.quiz).localeCompare(b.e.title || b.e.quiz); });
      list.textContent = '';
      saved.forEach(function (s, i) {
        var li = list.appendChild(el('li')), box = li.appendChild(el('input'));
        box.type = 'checkbox';
        box.id = 'results-choice-' + i;
        // Knowledge checks go in by default; self-assessments are private unless ticked.
        box.checked = s.e.kind !== 'self-assessment' && s.e.checked === true;
        li.appendChild(document.createTextNode(' '));
        var label = li.appendChild(el('label', (s.e.title || s.e.quiz) + ' · ' + summary(s.e)));
        label.htmlFor = box.id;
      });
      root.querySelector('.results-none').hidden = saved.length > 0;
      root.querySelector('.results-form').hidden = !saved.length;
      root.querySelector('.results-notes-choice').hidden = !saved.some(function (s) { return (s.e.notes || []).length; });
      root.hidden = false;
    }

    function record(s) {
      var e = s.e, r = e.result || {}, out = { quiz: e.quiz, hash: e.hash || s.hash, title: e.title || e.quiz, kind: e.kind || 'knowledge', checked: e.checked === true };
      if (e.date) out.date = e.date;
      if (out.checked && e.result) {
        out.score = r.score;
        out.max = r.max;
        if (out.kind === 'self-assessment') {
          out.applicable = Number.isFinite(r.applicable) ? r.applicable : r.max;
          if (r.bandTitle) out.band = r.bandTitle;
        }
      }
      if (notes.checked && (e.notes || []).length) out.notes = e.notes;
      return out;
    }

    // file returns the HTML file: a page to read, with the same results as JSON for Class results.
    function file(data) {
      var doc = document.implementation.createHTMLDocument(S('file_title', { site: data.site.title }) + (data.student ? ' · ' + data.student : ''));
      doc.documentElement.lang = document.documentElement.lang;
      var head = doc.head, body = doc.body;
      var csp = head.insertBefore(el('meta', undefined, doc), head.firstChild);
      csp.httpEquiv = 'Content-Security-Policy';
      csp.content = "default-src 'none'";
      head.insertBefore(el('meta', undefined, doc), csp).setAttribute('charset', 'utf-8');
      var vp = head.appendChild(el('meta', undefined, doc));
      vp.name = 'viewport';
      vp.content = 'width=device-width, initial-scale=1';
      body.appendChild(el('h1', S('file_title', { site: data.site.title }), doc));
      body.appendChild(el('p', S('file_note'), doc));
      var dl = body.appendChild(el('dl', undefined, doc));
      [[S('student'), data.student], [S('made'), when(data.made, lang)]].forEach(function (row) {
        if (!row[1]) return;
        dl.appendChild(el('dt', row[0], doc));
        dl.appendChild(el('dd', row[1], doc));
      });
      var table = body.appendChild(el('table', undefined, doc));
      var tr = table.appendChild(el('thead', undefined, doc)).appendChild(el('tr', undefined, doc));
      [S('quiz'), S('result'), S('date')].forEach(function (h) { tr.appendChild(el('th', h, doc)).scope = 'col'; });
      var tbody = table.appendChild(el('tbody', undefined, doc));
      data.results.forEach(function (r, i) {
        var row = tbody.appendChild(el('tr', undefined, doc));
        row.appendChild(el('th', r.title, doc)).scope = 'row';
        row.appendChild(el('td', summary(data.source[i]), doc));
        row.appendChild(el('td', when(r.date, lang), doc));
      });
      data.results.forEach(function (r) {
        (r.notes || []).forEach(function (n, i) {
          if (!i) body.appendChild(el('h2', r.title + ': ' + S('notes'), doc));
          body.appendChild(el('p', n.prompt, doc));
          body.appendChild(el('blockquote', n.text, doc));
        });
      });
      var json = body.appendChild(el('script', undefined, doc));
      json.type = 'application/json';
      json.id = 'kith-results';
      var copy = {};
      Object.keys(data).forEach(function (k) { if (k !== 'source') copy[k] = data[k]; });
      // "<" as \u003c keeps "</script>" in a student's text from ending the block.
      json.textContent = JSON.stringify(copy, null, 1).replace(/</g, '\\u003c');
      return '<!doctype html>\n' + doc.documentElement.outerHTML + '\n';
    }

    root.querySelector('.results-download-button').addEventListener('click', function () {
      var chosen = saved.filter(function (s, i) { return list.querySelector('#results-choice-' + i).checked; });
      if (!chosen.length) {
        status.textContent = S('nothing');
        return;
      }
      var who = name.value.trim().slice(0, 100), made = new Date().toISOString();
      var data = {
        format: FORMAT, version: VERSION,
        site: { title: root.dataset.siteTitle, id: root.dataset.siteId },
        student: who, made: made,
        results: chosen.map(record), source: chosen.map(function (s) { return s.e; })
      };
      download(file(data), 'text/html', 'results-' + (slug(who) || 'student') + '-' + made.slice(0, 10) + '.html');
      status.textContent = S('downloaded');
    });

    document.addEventListener('kith:answers', show);
    show();
  }

  // parse returns the results data in the text of a results file, or null.
  function parse(text) {
    var json = text;
    if (!/^\s*\{/.test(text)) {
      var block = new DOMParser().parseFromString(text, 'text/html').querySelector('script#kith-results[type="application/json"]');
      if (!block) return null;
      json = block.textContent;
    }
    try {
      var d = JSON.parse(json);
      return isObject(d) && d.format === FORMAT && d.version === VERSION && isObject(d.site) &&
        typeof d.site.id === 'string' && Array.isArray(d.results) && d.results.every(isObject) ? d : null;
    } catch (e) {
      return null;
    }
  }

  function ClassResults(root) {
    var S = strings(root.querySelector('.class-results-strings')), lang = root.dataset.lang;
    var input = root.querySelector('#class-results-files');
    var status = root.querySelector('.class-results-status');
    var problems = root.querySelector('.class-results-problems');
    var output = root.querySelector('.class-results-output');
    var current = {};
    root.dataset.checks.split(' ').filter(Boolean).forEach(function (c) {
      var p = c.split(':');
      current[p[0]] = p[1];
    });
    var files = []; // {name, rows: [], problems: []}, in the order read

    function read(name, text) {
      var f = { name: name, rows: [], problems: [] }, d = text === null ? null : parse(text);
      if (!d) {
        f.problems.push(S('unreadable'));
      } else if (d.site.id !== root.dataset.siteId) {
        f.problems.push(S('foreign', { site: String(d.site.title || d.site.id) }));
      } else {
        d.results.forEach(function (r) {
          if (r.kind !== 'knowledge') return; // self-assessments are not marked here
          var title = String(r.title || r.quiz);
          if (!Object.prototype.hasOwnProperty.call(current, r.quiz)) {
            f.problems.push(S('unknown', { quiz: title }));
          } else if (r.hash !== current[r.quiz]) {
            f.problems.push(S('changed', { quiz: title }));
          } else {
            f.rows.push({
              student: String(d.student || ''), check: title, quiz: r.quiz, file: name,
              checked: r.checked === true && Number.isFinite(r.score) && Number.isFinite(r.max),
              score: r.score, max: r.max, date: typeof r.date === 'string' ? r.date : ''
            });
          }
        });
      }
      // A file read again replaces its earlier reading.
      files = files.filter(function (g) { return g.name !== name; }).concat([f]);
    }

    function rows() {
      return [].concat.apply([], files.map(function (f) { return f.rows; })).sort(function (a, b) {
        return a.student.localeCompare(b.student) || a.check.localeCompare(b.check);
      });
    }

    function show() {
      var all = rows(), tbody = output.querySelector('tbody'), ul = problems.querySelector('ul');
      tbody.textContent = '';
      all.forEach(function (r) {
        var tr = tbody.appendChild(el('tr'));
        tr.appendChild(el('th', r.student)).scope = 'row';
        tr.appendChild(el('td', r.check));
        tr.appendChild(el('td', r.checked ? S('score', r) : '—'));
        tr.appendChild(el('td', when(r.date, lang)));
        tr.appendChild(el('td', r.file));
      });
      ul.textContent = '';
      files.forEach(function (f) {
        f.problems.forEach(function (p) { ul.appendChild(el('li', f.name + ': ' + p)); });
      });
      problems.hidden = !ul.children.length;
      output.hidden = !all.length;
      status.textContent = files.length ? S('read', { count: files.length }) : '';
    }

    function take(list) {
      var todo = Array.prototype.slice.call(list);
      if (!todo.length) return;
      var left = todo.length;
      todo.forEach(function (file) {
        var done = function (text) {
          read(file.name, text);
          if (--left === 0) show();
        };
        if (file.size > MAX_FILE) {
          done(null);
          return;
        }
        var r = new FileReader();
        r.onload = function () { done(String(r.result)); };
        r.onerror = function () { done(null); };
        r.readAsText(file);
      });
    }

    // csv quotes every field, and a field a spreadsheet would take for a formula starts with '.
    function csv() {
      var q = function (v) {
        v = String(v);
        if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;
        return '"' + v.replace(/"/g, '""') + '"';
      };
      var lines = [[S('student'), S('check'), 'quiz', 'score', 'max', S('date'), S('file')].map(q).join(',')];
      rows().forEach(function (r) {
        lines.push([r.student, r.check, r.quiz, r.checked ? r.score : '', r.checked ? r.max : '', r.date, r.file].map(q).join(','));
      });
      return '\ufeff' + lines.join('\r\n') + '\r\n';
    }

    input.addEventListener('change', function () {
      take(input.files);
      input.value = '';
    });
    document.addEventListener('dragover', function (ev) { ev.preventDefault(); });
    document.addEventListener('drop', function (ev) {
      ev.preventDefault();
      if (ev.dataTransfer) take(ev.dataTransfer.files);
    });
    root.querySelector('.class-results-csv').addEventListener('click', function () {
      download(csv(), 'text/csv', 'class-results.csv');
    });
    root.querySelector('.class-results-clear').addEventListener('click', function () {
      files = [];
      show();
      input.focus();
    });
    root.querySelector('.class-results-nojs').hidden = true;
    root.querySelector('.class-results-form').hidden = false;
  }

  document.querySelectorAll('[data-results-download]').forEach(Download);
  document.querySelectorAll('[data-class-results]').forEach(ClassResults);
}());
