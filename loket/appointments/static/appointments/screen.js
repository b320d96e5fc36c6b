/* The waiting-room screen shows the latest calls: it reloads itself every five seconds. */
(function () {
  "use strict";
  window.setTimeout(function () { window.location.reload(); }, 5000);
}());
