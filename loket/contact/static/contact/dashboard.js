/* The team lead's charts: the numbers come from the page (json_script), the same ones the tables show. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("contact-chart-data").textContent);
  var labels = data.labels;
  var palette = ["#01689b", "#a90061", "#275937", "#e17000", "#42145f"];
  var options = { responsive: true, maintainAspectRatio: false, animation: false };
  var counts = Object.assign({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }, options);
  new Chart(document.getElementById("chart-reach"), {
    type: "line",
    data: { labels: data.weeks, datasets: data.reach.map(function (s, i) {
      return { label: s.label, data: s.data, borderColor: palette[i % palette.length], spanGaps: true };
    }) },
    options: Object.assign({ scales: { y: { min: 0, max: 100, title: { display: true, text: labels.share } } } }, options)
  });
  new Chart(document.getElementById("chart-backlog"), {
    type: "bar",
    data: { labels: data.backlog.labels, datasets: [
      { label: labels.open, data: data.backlog.open, backgroundColor: palette[0] },
      { label: labels.overdue, data: data.backlog.overdue, backgroundColor: palette[1] }] },
    options: counts
  });
  new Chart(document.getElementById("chart-joined"), {
    type: "bar",
    data: { labels: data.joined.labels, datasets: [{ label: labels.questions, data: data.joined.data, backgroundColor: palette[2] }] },
    options: counts
  });
}());
