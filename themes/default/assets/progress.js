/* Progress: which lessons this student has done, from the answers quiz.js keeps in this browser.
   A lesson is done when every knowledge check it embeds has been checked, in any version. The
   theme names a lesson's checks in data-checks (quiz ids separated by spaces); this script
   marks done lessons in the navigation, fills in "3 of 7 lessons done" (data-progress, lessons
   separated by commas) and hides done lessons from My results' list of lessons still to do.
   Nothing is stored here and nothing leaves the device. Runs after quiz.js, whose storage
   functions it uses (window.kithQuiz). */
(function () {
  'use strict';

  var api = window.kithQuiz;
  var strings = document.querySelector('.progress-strings');
  if (!api || !api.load || !strings) return;

  function S(k, values) {
    var e = strings.querySelector('[data-k="' + k + '"]'), s = e ? e.textContent : k;
    return s.replace(/\{(\w+)\}/g, function (m, name) { return values && name in values ? values[name] : m; });
  }

  // The site part of the storage keys, as quiz.js computes it for this page.
  var site = api.site(strings);

  // done reports whether every quiz id in checks was checked in this browser.
  function done(checks) {
    var list = checks.split(' ').filter(Boolean);
    return list.length > 0 && list.every(function (id) {
      return api.keys('kith|' + site + '|' + id + '|').some(function (k) {
        var e = api.load(k);
        return !!e && e.checked === true;
      });
    });
  }

  function update() {
    document.querySelectorAll('.site-nav a[data-checks]').forEach(function (a) {
      var mark = a.querySelector('.progress-done'), is = done(a.dataset.checks);
      if (is && !mark) {
        mark = a.appendChild(document.createElement('span'));
        mark.className = 'progress-done';
        var icon = mark.appendChild(document.createElement('span'));
        icon.textContent = ' ✓';
        icon.setAttribute('aria-hidden', 'true');
        var text = mark.appendChild(document.createElement('span'));
        text.className = 'visually-hidden';
        text.textContent = ' (' + S('done') + ')';
      } else if (!is && mark) {
        a.removeChild(mark);
      }
    });
    document.querySelectorAll('[data-progress]').forEach(function (p) {
      var lessons = p.dataset.progress.split(',').filter(Boolean);
      p.textContent = S('count', { done: lessons.filter(done).length, total: lessons.length });
      p.hidden = !lessons.length;
    });
    document.querySelectorAll('[data-progress-todo]').forEach(function (box) {
      var left = 0;
      box.querySelectorAll('li[data-checks]').forEach(function (li) {
        li.hidden = done(li.dataset.checks);
        if (!li.hidden) left++;
      });
      box.querySelector('.progress-todo-list').hidden = !left;
      box.querySelector('.progress-all-done').hidden = left > 0;
      box.hidden = false;
    });
  }

  // quiz.js says when it saves or clears answers, so the marks follow without a reload; another
  // tab's changes arrive as storage events.
  document.addEventListener('kith:answers', update);
  window.addEventListener('storage', update);
  update();
}());
