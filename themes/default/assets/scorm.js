/* Inside a SCORM package (kith build --scorm) the site runs in a frame of the package's launch
   page, which owns the LMS session. This script connects the page to it: quiz.js keeps answers in
   the launch page's storage instead of localStorage, and tells it of every quiz checked. Only a
   page of the same origin can reach the launch page; anywhere else (a normal site, a copy opened
   from disk, whose file:// origin is opaque) reaching it throws, and this script does nothing. */
(function () {
  'use strict';
  var launch = null;
  try {
    if (window.parent !== window && window.parent.kithLaunch && window.parent.kithLaunch.version === 1) {
      launch = window.parent.kithLaunch;
    }
  } catch (e) {
    launch = null;
  }
  if (!launch) return;
  window.kithStorage = launch.storage;
  document.addEventListener('kith:quiz-checked', function (ev) { launch.checked(ev.detail); });
}());
