// The bureau's ranking (ranking/ranking.html) and a unit's trend page (ranking/unit.html):
// 12-month sparklines of each row, and the unit's trend charts. Data come from the json_script
// block "cw-ranking-trends": {months: ["2026-01", ...], units: {"<id>": {score_percent: [...], ...}}}.
// Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry style
// attributes, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  const source = document.getElementById("cw-ranking-trends");
  if (!source || typeof echarts === "undefined") { return; }
  const data = JSON.parse(source.textContent);
  const charts = [];
  const colours = {score_percent: "#b71c1c", satisfaction_index: "#1565c0", findings_open: "#ef6c00",
    tasks_overdue: "#6a1b9a", rectification_rate: "#2e7d32"};
  document.querySelectorAll("[data-cw-spark]").forEach(function (box) {
    const series = (data.units[box.dataset.unit] || {})[box.dataset.cwSpark] || [];
    if (!series.some(function (v) { return v !== null; })) { return; }
    const chart = echarts.init(box, null, {renderer: "canvas"});
    chart.setOption({
      animation: false,
      grid: {left: 1, right: 1, top: 3, bottom: 3},
      xAxis: {type: "category", show: false, data: data.months},
      yAxis: {type: "value", show: false, scale: true},
      tooltip: {trigger: "axis", renderMode: "richText", confine: true},
      series: [{type: "line", data: series, symbol: "none", connectNulls: true,
        lineStyle: {width: 1.5, color: colours[box.dataset.cwSpark] || "#b71c1c"},
        areaStyle: {opacity: 0.08, color: colours[box.dataset.cwSpark] || "#b71c1c"}}],
    });
    charts.push(chart);
  });
  document.querySelectorAll("[data-cw-trend]").forEach(function (box) {
    const fields = box.dataset.cwTrend.split(",");
    const labels = box.dataset.labels.split(",");
    const unit = data.units[box.dataset.unit] || {};
    const chart = echarts.init(box);
    chart.setOption({
      grid: {left: 8, right: 16, top: 30, bottom: 8, containLabel: true},
      legend: {top: 0, data: labels},
      tooltip: {trigger: "axis", renderMode: "richText"},
      xAxis: {type: "category", data: data.months},
      yAxis: {type: "value", scale: true},
      series: fields.map(function (f, i) {
        return {name: labels[i], type: "line", data: unit[f] || [], connectNulls: true, symbolSize: 6,
          lineStyle: {color: colours[f]}, itemStyle: {color: colours[f]}};
      }),
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
