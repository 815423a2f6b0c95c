/* Progress from the answers quiz.js keeps (window.kithQuiz): a lesson is done when each knowledge
   check in its data-checks was checked here. Marks the menu, fills data-progress, trims My results'
   list of lessons to do. Stores and sends nothing. */
(function () {
  'use strict';
  var api = window.kithQuiz, words = document.querySelector('.progress-strings');
  if (!api || !api.load || !words) return;
  var site = api.site(words);
  function S(k) { return words.querySelector('[data-k=' + k + ']').textContent; }
  function all(sel, f) { document.querySelectorAll(sel).forEach(f); }

  function done(checks) {
    var ids = checks.split(' ').filter(Boolean);
    return ids.length > 0 && ids.every(function (id) {
      return api.keys('kith|' + site + '|' + id + '|').some(function (k) { var e = api.load(k); return e && e.checked === true; });
    });
  }

  function update() {
    all('.site-nav a[data-checks]', function (a) {
      var mark = a.querySelector('.progress-done'), is = done(a.dataset.checks);
      if (is && !mark) {
        mark = a.appendChild(document.createElement('span'));
        mark.className = 'progress-done';
        mark.appendChild(document.createElement('span')).textContent = ' ✓';
        mark.firstChild.setAttribute('aria-hidden', 'true');
        mark.appendChild(document.createElement('span')).textContent = ' (' + S('done') + ')';
        mark.lastChild.className = 'visually-hidden';
      } else if (!is && mark) {
        a.removeChild(mark);
      }
    });
    all('[data-progress]', function (p) {
      var lessons = p.dataset.progress.split(',').filter(Boolean);
      p.textContent = S('count').replace('{done}', lessons.filter(done).length).replace('{total}', lessons.length);
      p.hidden = !lessons.length;
    });
    all('[data-progress-todo]', function (box) {
      var left = 0;
      box.querySelectorAll('li[data-checks]').forEach(function (li) { left += !(li.hidden = done(li.dataset.checks)); });
      box.querySelector('.progress-todo-list').hidden = !left;
      box.querySelector('.progress-all-done').hidden = left > 0;
      box.hidden = false;
    });
  }

  // quiz.js says when answers change; another tab's changes come as storage events.
  document.addEventListener('kith:answers', update);
  window.addEventListener('storage', update);
  update();
}());
