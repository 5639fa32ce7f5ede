/* The court leader's chart: cases received and resolved each week, and pending at the end of each
   week, on axes that start at zero, with dates in the reader's language. The figures come from the
   page (json_script); without this script the table below the chart shows them. */
(function () {
  "use strict";

  var HEIGHT = 320;
  var DAY = 86400;

  /* The reader's language: the page's, in the variant the browser prefers (en-GB: "2 Sept"). */
  function locale() {
    var page = document.documentElement.lang || "en";
    var preferred = (navigator.languages || []).filter(function (tag) {
      return tag.split("-")[0].toLowerCase() === page.split("-")[0].toLowerCase();
    });
    return preferred[0] || page;
  }

  function draw() {
    var source = document.getElementById("progress-chart-data");
    var target = document.getElementById("progress-chart");
    if (!source || !target || typeof window.uPlot === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var labels = data.labels;
    var weeks = data.weeks.map(function (day) {
      return Date.parse(day + "T00:00:00Z") / 1000;
    });
    var last = weeks.length - 1;
    var tag = locale();
    var short = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: "UTC" });
    var long = new Intl.DateTimeFormat(tag, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    var number = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
    function date(seconds, format) {
      return format.format(new Date(seconds * 1000));
    }
    function zeroBased(self, min, max) {
      var top = Math.max(1, max);
      return [0, top + Math.max(1, Math.ceil(top * 0.1))];
    }
    function whole(self, splits) {
      return splits.map(function (value) {
        return Number.isInteger(value) ? number.format(value) : "";
      });
    }
    function width() {
      return Math.max(target.clientWidth - 24, 260);
    }
    /* Every week's Monday under the axis when there is room, else every second or fourth. */
    function weekTicks(self) {
      var room = Math.floor(self.bbox.width / window.devicePixelRatio / 56);
      var step = weeks.length <= room ? 1 : weeks.length <= room * 2 ? 2 : 4;
      return weeks.filter(function (value, index) {
        return (last - index) % step === 0;
      });
    }
    var integers = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000];
    var options = {
      width: width(),
      height: HEIGHT,
      scales: {
        x: { time: true, range: function () { return [weeks[0] - DAY, weeks[last] + DAY]; } },
        y: { range: zeroBased },
        pending: { range: zeroBased }
      },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        {
          label: labels.week,
          value: function (self, value) {
            return value == null ? "" : date(value, long);
          }
        },
        { label: labels.received, stroke: "#1f5fa8", width: 2, points: { size: 7 }, value: valueText },
        { label: labels.resolved, stroke: "#1e7a3c", width: 2, points: { size: 7 }, value: valueText },
        {
          label: labels.pending,
          stroke: "#a4610b",
          width: 2,
          dash: [6, 4],
          points: { size: 6 },
          scale: "pending",
          value: valueText
        }
      ],
      axes: [
        {
          label: labels.week,
          labelSize: 24,
          splits: weekTicks,
          values: function (self, splits) {
            return splits.map(function (value) {
              return date(value, short);
            });
          }
        },
        { scale: "y", label: labels.counts, labelSize: 24, size: 52, incrs: integers, values: whole },
        {
          scale: "pending",
          side: 1,
          label: labels.pending_axis,
          labelSize: 24,
          size: 60,
          incrs: integers,
          values: whole,
          grid: { show: false }
        }
      ],
      hooks: {
        /* The legend shows the week under the cursor, and the latest week otherwise (never "--"). */
        ready: [showLatest],
        setCursor: [
          function (self) {
            if (self.cursor.idx == null) {
              showLatest(self);
            }
          }
        ]
      }
    };
    function valueText(self, value) {
      return value == null ? "" : number.format(value);
    }
    function showLatest(self) {
      self.setLegend({ idx: last }, false);
    }
    var plot = new window.uPlot(options, [weeks, data.received, data.resolved, data.pending], target);
    target.uplot = plot; /* for the browser tests, which read its scales and axes */
    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) {
        window.clearTimeout(pending);
      }
      pending = window.setTimeout(function () {
        plot.setSize({ width: width(), height: HEIGHT });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
