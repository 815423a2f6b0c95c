// The slides runtime: shows one slide of layouts/slides.html at a time. Without it the slides are
// one long page, which still works. The address's hash names the slide shown (#slide-3), so a
// reload or a shared link opens the same slide, from a web server or from disk alike.
(function () {
  "use strict";
  var root = document.getElementById("slides");
  if (!root) return;
  var slides = Array.prototype.slice.call(root.querySelectorAll(".slide"));
  if (slides.length === 0) return;
  var counter = document.querySelector(".slides-counter");
  var prev = document.querySelector(".slides-prev");
  var next = document.querySelector(".slides-next");
  var full = document.querySelector(".slides-fullscreen");
  var back = document.querySelector(".slides-back");
  var words = root.getAttribute("data-counter") || "{n} / {count}";
  var current = -1;

  document.documentElement.classList.add("slides-on");
  prev.hidden = false;
  next.hidden = false;
  if (document.fullscreenEnabled) full.hidden = false;

  // slideOf returns the index of the slide that holds the element the hash names, or -1.
  function slideOf(hash) {
    var id = decodeURIComponent((hash || "").replace(/^#/, ""));
    var el = id && document.getElementById(id);
    for (var i = 0; el && i < slides.length; i++) {
      if (slides[i].contains(el)) return i;
    }
    return -1;
  }

  function show(i, fromHash) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i === current) return;
    var moved = current !== -1;
    current = i;
    slides.forEach(function (s, j) { s.hidden = j !== i; });
    slides[i].scrollTop = 0;
    window.scrollTo(0, 0); // the browser may have scrolled the long page to the hash's slide
    var heading = slides[i].querySelector("h2, .slide-heading");
    counter.textContent = words.replace("{n}", i + 1).replace("{count}", slides.length) +
      (heading ? ": " + heading.textContent : "");
    prev.disabled = i === 0;
    next.disabled = i === slides.length - 1;
    if (!fromHash) {
      var hash = "#" + slides[i].id;
      try {
        history.replaceState(null, "", hash);
      } catch (e) {
        location.replace(hash); // some browsers refuse replaceState on file:// pages
      }
    }
    // A click on a button keeps its focus; a key press otherwise moves focus to the slide,
    // so arrow keys scroll a long one.
    if (moved && document.activeElement && !document.activeElement.closest(".slides-controls")) {
      slides[i].focus({ preventScroll: true });
    }
  }

  function go(by) { show(current + by); }

  function toggleFullscreen() {
    if (!document.fullscreenEnabled) return;
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(function () {});
  }

  prev.addEventListener("click", function () { go(-1); });
  next.addEventListener("click", function () { go(1); });
  full.addEventListener("click", toggleFullscreen);

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && t.closest && t.closest("input, textarea, select, [contenteditable], button, summary")) return;
    switch (e.key) {
      case "ArrowRight": case "PageDown": go(1); break;
      case "ArrowLeft": case "PageUp": go(-1); break;
      case " ": go(e.shiftKey ? -1 : 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      case "f": case "F": toggleFullscreen(); break;
      case "Escape":
        // The browser leaves full screen by itself; otherwise Escape leaves the slides.
        if (!document.fullscreenElement && back) location.href = back.href;
        return;
      default: return;
    }
    e.preventDefault();
  });

  // A click or tap on the right of a slide goes forward, on the left back, unless it was on
  // a link or a control, or it selected text.
  root.addEventListener("click", function (e) {
    if (e.target.closest("a, button, input, textarea, select, summary, details, label")) return;
    var sel = window.getSelection && window.getSelection();
    if (sel && !sel.isCollapsed) return;
    go(e.clientX < window.innerWidth / 2 ? -1 : 1);
  });

  window.addEventListener("hashchange", function () {
    var i = slideOf(location.hash);
    if (i >= 0) show(i, true);
  });

  var start = slideOf(location.hash);
  show(start >= 0 ? start : 0, start >= 0);
})();
