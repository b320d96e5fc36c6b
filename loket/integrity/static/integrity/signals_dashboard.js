/* Charts of the integrity officer's signal dashboard (Chart.js). The figures come from the
   page's json_script; every chart has a table with the same figures below it. */
(function () {
  "use strict";
  var source = document.getElementById("signals-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var COLOURS = ["#154273", "#a90061", "#e17000", "#275937", "#42145f", "#01689b", "#673327"];
  var options = { responsive: true, maintainAspectRatio: false, animation: false,
                  scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
  function chart(id, type, labels, datasets) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, { type: type, data: { labels: labels, datasets: datasets }, options: options }); }
  }
  chart("chart-kind", "bar", data.codes, [{ label: data.names.open, data: data.by_code, backgroundColor: COLOURS[0] }]);
  chart("chart-team", "bar", data.teams, [{ label: data.names.team, data: data.by_team, backgroundColor: COLOURS[1] }]);
  chart("chart-trend", "line", data.weeks, data.codes.map(function (code, i) {
    return { label: code, data: data.trend[i], borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length] };
  }));
}());
