/* The staff dashboards' charts, drawn from the JSON the page carries (#dashboard-charts). Each
   chart has a table with the same numbers and links next to it, so the page says everything
   without the charts (and without scripts). Clicking a bar opens the list of its dossiers. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof window.Chart === "undefined") { return; }
    var charts = JSON.parse(source.textContent);
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = charts[canvas.getAttribute("data-chart")];
      if (!spec) { return; }
      var line = spec.type === "line";
      var datasets = spec.datasets.map(function (d) {
        return {
          label: d.label, data: d.data, backgroundColor: d.color, borderColor: d.color,
          spanGaps: true, stack: spec.stacked ? "all" : undefined
        };
      });
      var valueAxis = { beginAtZero: true, stacked: !!spec.stacked, ticks: { precision: line ? 1 : 0 } };
      if (spec.percent) { valueAxis.max = 100; }
      var indexAxis = { stacked: !!spec.stacked };
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          indexAxis: spec.horizontal ? "y" : "x",
          animation: reduced ? false : { duration: 400 },
          maintainAspectRatio: false,
          scales: spec.horizontal ? { x: valueAxis, y: indexAxis } : { x: indexAxis, y: valueAxis },
          plugins: { legend: { position: "bottom" } },
          onClick: function (event, elements) {
            if (!elements.length) { return; }
            var element = elements[0];
            var urls = spec.datasets[element.datasetIndex].urls;
            if (urls && urls[element.index]) { window.location.href = urls[element.index]; }
          }
        }
      });
      canvas.setAttribute("data-rendered", "true");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
