// Warn a signed-in client before their idle session ends (the server ends it anyway).
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
        if (response.ok) schedule();
        else window.location.assign(box.dataset.signInUrl);
      });
  });
  schedule();
})();
