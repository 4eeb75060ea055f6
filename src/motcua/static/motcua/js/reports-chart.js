/* The public statistics chart: monthly dossiers received and resolved. The same figures are in
   the table next to it, so the page says everything without the chart (and without scripts). */
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("trend-chart");
    var source = document.getElementById("trend-data");
    if (!canvas || !source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var labels = JSON.parse(document.getElementById("trend-labels").textContent);
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: labels.received, data: data.received, backgroundColor: "#0b4f8a" },
          { label: labels.resolved, data: data.resolved, backgroundColor: "#17683a" }
        ]
      },
      options: {
        animation: reduced ? false : { duration: 400 },
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.setAttribute("data-rendered", "true");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
