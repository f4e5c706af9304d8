// The satisfaction index's 12-month trend (surveys/dashboard.html), from the json_script block
// "sv-chart-data". The tooltip is drawn on the canvas (renderMode "richText"): ECharts' HTML
// tooltips carry style attributes, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  const d = JSON.parse(document.getElementById("sv-chart-data").textContent);
  const selected = {}; selected[d.totalName] = true;
  const series = [{ name: d.totalName, type: "line", data: d.total, connectNulls: true, lineStyle: { width: 3 }, symbolSize: 6 }];
  d.series.forEach(function (s) { selected[s.name] = d.lowest.indexOf(s.name) >= 0; series.push({ name: s.name, type: "line", data: s.data, connectNulls: true }); });
  const chart = echarts.init(document.getElementById("sv-trend"));
  chart.setOption({
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { type: "scroll", top: 0, selected: selected },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: d.months },
    yAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10); }, max: 100 },
    series: series,
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
