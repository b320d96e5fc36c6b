/* The team lead's charts: the numbers come from the page (json_script), the same ones the tables show. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("decisions-chart-data").textContent);
  var names = data.names;
  var options = { responsive: true, maintainAspectRatio: false, animation: false,
                  scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
  function bar(id, labels, datasets) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, { type: "bar", data: { labels: labels, datasets: datasets }, options: options }); }
  }
  bar("chart-stopped", data.stopped.labels, [{ label: names.stopped, data: data.stopped.data, backgroundColor: "#a90061" }]);
  bar("chart-acknowledged", data.acknowledged.labels,
      [{ label: names.acknowledged, data: data.acknowledged.data, backgroundColor: "#e17000" }]);
  bar("chart-teams", data.teams.labels, [
    { label: names.late, data: data.teams.late, backgroundColor: "#01689b" },
    { label: names.open_late, data: data.teams.open_late, backgroundColor: "#275937" }]);
  bar("chart-penalties", data.teams.labels, [
    { label: names.fixed, data: data.teams.fixed, backgroundColor: "#42145f" },
    { label: names.owed, data: data.teams.owed, backgroundColor: "#a90061" }]);
}());
