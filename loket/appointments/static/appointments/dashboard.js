/* The capacity charts: the numbers come from the page (json_script), the same ones the table shows. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("appointments-chart-data").textContent);
  var options = { responsive: true, maintainAspectRatio: false, animation: false,
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
  new Chart(document.getElementById("chart-first-free"), {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.text.first_free, data: data.first_free, backgroundColor: "#01689b" }] },
    options: options
  });
  new Chart(document.getElementById("chart-use"), {
    type: "bar",
    data: { labels: data.labels, datasets: [
      { label: data.text.utilisation, data: data.utilisation, backgroundColor: "#275937" },
      { label: data.text.no_show, data: data.no_show, backgroundColor: "#a90061" }] },
    options: options
  });
}());
