/* Late cases and penalty owed per team: the numbers come from the page (json_script), as in its table. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("cases-late-data").textContent);
  new Chart(document.getElementById("chart-penalties"), {
    type: "bar",
    data: { labels: data.labels, datasets: [
      { label: data.names.owed, data: data.owed, backgroundColor: "#a90061", yAxisID: "y" },
      { label: data.names.late, data: data.late, backgroundColor: "#01689b", yAxisID: "y1" }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { position: "left", beginAtZero: true }, y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } } }
  });
}());
