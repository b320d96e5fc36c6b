// Warn a signed-in client before their idle session ends (the server ends it anyway).
// The page says how many seconds are left as the server counts them: the server writes the
// moment of activity at most once a minute, so that may be less than the full idle time.
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) return;
  var idle = Number(box.dataset.idleSeconds) * 1000;
  var warnBefore = Number(box.dataset.warningSeconds) * 1000;
  var form = box.querySelector("form");
  var warnTimer, endTimer;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    box.hidden = true;
    warnTimer = setTimeout(function () {
      box.hidden = false;
      box.querySelector("button").focus();
    }, Math.max(idle - warnBefore, 0));
    endTimer = setTimeout(function () {
      window.location.assign(box.dataset.signInUrl);
    }, idle);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) return window.location.assign(box.dataset.signInUrl);
        return response.json().then(function (answer) {
          idle = Number(answer.idle_seconds) * 1000; // the server's count from now on
          schedule();
        });
      });
  });
  schedule();
})();
