// The page shell: a data table wider than the page scrolls inside its own region, which can
// be reached by keyboard (WCAG 1.4.10 and 2.1.1); the page itself never scrolls sideways.
(function () {
  "use strict";
  var label = document.body.getAttribute("data-table-label") || "Table";
  function wrap(table) {
    var box = table.parentElement;
    if (!box.classList.contains("loket-table-scroll") && !box.classList.contains("utrecht-table-container--overflow-inline")) {
      box = document.createElement("div");
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    box.classList.add("loket-table-scroll");
    return box;
  }
  function mark(box) {
    var table = box.querySelector("table");
    if (box.scrollWidth > box.clientWidth + 1) {
      var caption = table && table.caption ? table.caption.textContent.trim() : "";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption || label);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
  var boxes = Array.prototype.map.call(document.querySelectorAll("main table"), wrap);
  function markAll() { boxes.forEach(mark); }
  markAll();
  window.addEventListener("resize", markAll);
})();
