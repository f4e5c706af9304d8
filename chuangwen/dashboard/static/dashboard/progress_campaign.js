// A campaign's progress page (dashboard/progress_campaign.html): the overall gauge and the score
// of each aspect. Data come from the page: the gauge's data-value and the json_script block
// "cw-progress-data". Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML
// tooltips carry style attributes, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("cw-progress-data").textContent);
  const red = "#b71c1c";
  const gaugeBox = document.getElementById("cw-gauge");
  const gauge = echarts.init(gaugeBox);
  gauge.setOption({series: [{type: "gauge", startAngle: 200, endAngle: -20, min: 0, max: 100, radius: "95%", center: ["50%", "65%"],
    progress: {show: true, width: 12, itemStyle: {color: red}}, axisLine: {lineStyle: {width: 12}}, pointer: {show: false},
    axisTick: {show: false}, splitLine: {show: false}, axisLabel: {show: false}, anchor: {show: false}, title: {show: false},
    detail: {valueAnimation: true, offsetCenter: [0, "-5%"], fontSize: 22, fontWeight: "bold", formatter: "{value}%"},
    data: [{value: Number(gaugeBox.dataset.value)}]}]});
  const bars = echarts.init(document.getElementById("cw-aspect-chart"));
  bars.setOption({
    grid: {left: 8, right: 40, top: 10, bottom: 10, containLabel: true},
    tooltip: {trigger: "axis", renderMode: "richText", axisPointer: {type: "shadow"}, formatter: function (items) {
      const i = items[0].dataIndex; return data.labels[i] + "\n" + data.score[i] + " / " + data.points[i] + "（" + data.percent[i] + "%）"; }},
    xAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
    yAxis: {type: "category", inverse: true, data: data.labels, axisLabel: {width: 110, overflow: "truncate"}},
    series: [{type: "bar", data: data.percent, barMaxWidth: 18, label: {show: true, position: "right", formatter: "{c}%"},
      itemStyle: {color: function (p) { return p.value >= 80 ? "#2e7d32" : (p.value >= 50 ? "#f9a825" : red); }}}],
  });
  window.addEventListener("resize", function () { gauge.resize(); bars.resize(); });
})();
