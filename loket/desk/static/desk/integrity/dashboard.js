/* Charts of the integrity dashboard (Chart.js). The figures come from the page's
   json_script; each chart has a table with the same figures beside it, so the canvas is
   decoration for those who can see it. */
(function () {
  "use strict";
  var source = document.getElementById("integrity-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var BLUE = "#154273", RED = "#a90061";
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var common = {
    responsive: true, maintainAspectRatio: false, animation: reduced ? false : undefined,
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
  };
  var stages = document.getElementById("chart-stages");
  if (stages) {
    new Chart(stages, {
      type: "bar",
      data: { labels: data.stages.labels, datasets: [{ label: data.stages.series, data: data.stages.counts, backgroundColor: BLUE }] },
      options: Object.assign({}, common, { plugins: { legend: { display: false } } })
    });
  }
  var months = document.getElementById("chart-months");
  if (months) {
    new Chart(months, {
      type: "bar",
      data: {
        labels: data.months.labels,
        datasets: [
          { label: data.months.received_series, data: data.months.received, backgroundColor: BLUE },
          { label: data.months.breaches_series, data: data.months.breaches, backgroundColor: RED }
        ]
      },
      options: common
    });
  }
})();
