/* The court leader's chart: received and resolved per day, pending at the end of each day.
   The figures come from the page (json_script); without this script the table below shows them. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("progress-chart-data");
    var target = document.getElementById("progress-chart");
    if (!source || !target || typeof window.uPlot === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var days = data.days.map(function (day) {
      return Date.parse(day + "T00:00:00Z") / 1000;
    });
    function axisSize(self, values) {
      var longest = 0;
      (values || []).forEach(function (value) {
        longest = Math.max(longest, String(value).length);
      });
      return Math.max(40, longest * 8 + 20);
    }
    function width() {
      return Math.max(target.clientWidth - 24, 240);
    }
    var options = {
      width: width(),
      height: 300,
      tzDate: function (seconds) {
        return window.uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC");
      },
      scales: { x: { time: true }, pending: { auto: true } },
      series: [
        { label: data.labels.day },
        { label: data.labels.received, stroke: "#1f5fa8", width: 2 },
        { label: data.labels.resolved, stroke: "#1e7a3c", width: 2 },
        { label: data.labels.pending, stroke: "#a4610b", width: 2, dash: [6, 4], scale: "pending" }
      ],
      axes: [
        {},
        { scale: "y", size: axisSize },
        { scale: "pending", side: 1, size: axisSize, grid: { show: false } }
      ]
    };
    var plot = new window.uPlot(options, [days, data.received, data.resolved, data.pending], target);
    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) {
        window.clearTimeout(pending);
      }
      pending = window.setTimeout(function () {
        plot.setSize({ width: width(), height: 300 });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
