// A department's 12-month score trend (scoring/departments/department.html), from the
// json_script block "ds-chart-data"; tooltips drawn on the canvas (CSP: no style attributes).
(function () {
  "use strict";
  const d = JSON.parse(document.getElementById("ds-chart-data").textContent);
  const chart = echarts.init(document.getElementById("ds-trend"));
  chart.setOption({
    tooltip: { trigger: "axis", renderMode: "richText" },
    grid: { left: 40, right: 40, top: 30, bottom: 30 },
    xAxis: { type: "category", data: d.months },
    yAxis: [{ type: "value", name: d.name, scale: true }, { type: "value", inverse: true, minInterval: 1 }],
    series: [
      { name: d.name, type: "line", data: d.scores, connectNulls: true, lineStyle: { width: 3 } },
      { type: "bar", yAxisIndex: 1, data: d.ranks, barWidth: 8, itemStyle: { opacity: 0.3 } },
    ],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
