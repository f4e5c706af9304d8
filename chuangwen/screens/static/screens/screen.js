/* The big screen (数据大屏): draws the figures served with the page, then refreshes them from
   the data endpoint every data-refresh seconds. No login: the token in the URL is the key. A
   stopped link (404 / 410) turns the whole screen into its message. */
(function () {
  "use strict";
  var root = document.getElementById("cw-screen");
  if (!root || !window.echarts) { return; }
  var L = JSON.parse(document.getElementById("cw-screen-labels").textContent);
  var data = JSON.parse(document.getElementById("cw-screen-data").textContent);
  var url = root.getAttribute("data-url");
  var refresh = Math.max(10, parseInt(root.getAttribute("data-refresh"), 10) || 30) * 1000;
  var AXIS = { color: "#9ec3ff", fontSize: 16 };
  var GRID_LINE = { lineStyle: { color: "rgba(80,160,255,.15)" } };
  var TIP = { renderMode: "richText", backgroundColor: "#0b2552", borderColor: "#3fa0ff", textStyle: { color: "#fff", fontSize: 16 } };
  var charts = {};

  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init(document.getElementById(id), null, { renderer: "canvas" }); }
    return charts[id];
  }

  function fit() {
    var s = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
    root.style.transform = "scale(" + s + ")";
    root.style.left = Math.max(0, (window.innerWidth - 1920 * s) / 2) + "px";
    root.style.top = Math.max(0, (window.innerHeight - 1080 * s) / 2) + "px";
  }

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value === null || value === undefined ? "—" : String(value); }
    return el;
  }

  function count(id, n) {
    var el = text(id, n);
    if (el) { el.classList.toggle("cw-s-zero", !n); }
  }

  function gauge(d) {
    var s = d.score;
    var foot = document.getElementById("cw-gauge-foot");
    foot.textContent = "";
    var parts = [];
    if (s) {
      parts.push([L.items_met, s.met + " / " + s.items]);
      if (s.pass_percent !== null) { parts.push([L.pass_line, s.pass_percent + "%"]); }
      if (s.projected !== null) { parts.push([L.projected, s.projected + "%"]); }
      parts.push([L.campaign, s.level]);
    } else {
      parts.push([L.campaign, L.no_campaign]);
    }
    parts.forEach(function (p) {
      var div = document.createElement("div");
      var b = document.createElement("b");
      b.textContent = p[1];
      div.appendChild(b);
      div.appendChild(document.createTextNode(p[0]));
      foot.appendChild(div);
    });
    var value = s ? s.percent : 0;
    var line = s && s.pass_percent !== null ? s.pass_percent / 100 : 0.85;
    chart("cw-gauge").setOption({
      series: [{
        type: "gauge", min: 0, max: 100, startAngle: 210, endAngle: -30, radius: "92%", center: ["50%", "58%"],
        progress: { show: true, width: 22, itemStyle: { color: value >= line * 100 ? "#2ee6a6" : "#3fa0ff" } },
        axisLine: { lineStyle: { width: 22, color: [[line, "rgba(255,120,120,.25)"], [1, "rgba(46,230,166,.25)"]] } },
        axisTick: { show: false }, splitLine: { length: 10, lineStyle: { color: "#3a5f99", width: 2 } },
        axisLabel: { color: "#7fa6e0", fontSize: 14, distance: 30 },
        pointer: { width: 6, itemStyle: { color: "#ffd27a" } }, anchor: { show: true, size: 16, itemStyle: { color: "#ffd27a" } },
        title: { show: true, offsetCenter: [0, "78%"], color: "#9ec3ff", fontSize: 18 },
        detail: { valueAnimation: true, offsetCenter: [0, "38%"], fontSize: 46, fontWeight: 700, color: "#fff", formatter: "{value}%" },
        data: [{ value: value, name: s && s.vetoed ? L.vetoed : (s ? s.campaign : "") }]
      }]
    });
  }

  function bars(id, rows, opts) {
    var names = rows.map(function (r) { return r.name; }).reverse();
    var values = rows.map(function (r) { return r.value; }).reverse();
    chart(id).setOption({
      tooltip: Object.assign({ trigger: "axis" }, TIP),
      grid: { left: 8, right: 60, top: 6, bottom: 6, containLabel: true },
      xAxis: { type: "value", max: opts.max, axisLabel: { show: false }, splitLine: GRID_LINE },
      yAxis: { type: "category", data: names, axisLabel: Object.assign({}, AXIS, { width: 190, overflow: "truncate", interval: 0, fontSize: rows.length > 12 ? 13 : 16 }), axisLine: { show: false }, axisTick: { show: false } },
      series: [{
        type: "bar", data: values, barMaxWidth: 22,
        label: { show: true, position: "right", color: "#fff", fontSize: rows.length > 12 ? 13 : 16, formatter: "{c}" + (opts.unit || "") },
        itemStyle: { borderRadius: [0, 11, 11, 0], color: new echarts.graphic.LinearGradient(0, 0, 1, 0, [{ offset: 0, color: opts.from }, { offset: 1, color: opts.to }]) }
      }]
    }, true);
  }

  function today(d) {
    var t = d.today;
    count("cw-t-findings", t.findings);
    count("cw-t-findings-open", t.findings_open);
    count("cw-t-findings-overdue", t.findings_overdue);
    count("cw-t-complaints", t.complaints);
    count("cw-t-complaints-open", t.complaints_open);
    count("cw-t-complaints-overdue", t.complaints_overdue);
    var rows = t.places.length ? t.places : t.states;
    var names = rows.map(function (r) { return r.name; });
    chart("cw-today").setOption({
      title: t.places.length ? { show: false } : { text: L.open_now, left: "center", top: 0, textStyle: { color: "#9ec3ff", fontSize: 16, fontWeight: "normal" } },
      tooltip: Object.assign({ trigger: "axis" }, TIP),
      legend: { data: [L.findings, L.complaints], right: 10, top: 0, textStyle: AXIS },
      grid: { left: 10, right: 10, top: 36, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: names, axisLabel: Object.assign({ interval: 0, width: 90, overflow: "truncate" }, AXIS), axisLine: { lineStyle: { color: "#3a5f99" } } },
      yAxis: { type: "value", minInterval: 1, axisLabel: AXIS, splitLine: GRID_LINE },
      series: [
        { name: L.findings, type: "bar", stack: "n", barMaxWidth: 36, data: rows.map(function (r) { return r.findings || 0; }), itemStyle: { color: "#3fa0ff" } },
        { name: L.complaints, type: "bar", stack: "n", barMaxWidth: 36, data: rows.map(function (r) { return r.complaints || 0; }), itemStyle: { color: "#ffb547" } }
      ]
    }, true);
  }

  function satisfaction(d) {
    var s = d.satisfaction;
    chart("cw-satisfaction").setOption({
      tooltip: Object.assign({ trigger: "axis" }, TIP),
      grid: { left: 10, right: 30, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: "category", boundaryGap: true, data: s.months, axisLabel: AXIS, axisLine: { lineStyle: { color: "#3a5f99" } } },
      yAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor((v.min - 5) / 5) * 5); }, max: 100, axisLabel: AXIS, splitLine: GRID_LINE },
      series: [{
        name: L.index, type: "line", smooth: true, connectNulls: true, data: s.values, showSymbol: true, symbolSize: 10,
        lineStyle: { width: 4, color: "#2ee6a6" }, itemStyle: { color: "#2ee6a6" },
        label: { show: true, color: "#fff", fontSize: 14 },
        areaStyle: { color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: "rgba(46,230,166,.45)" }, { offset: 1, color: "rgba(46,230,166,0)" }]) }
      }]
    }, true);
  }

  function closures(d) {
    var list = document.getElementById("cw-closures");
    list.textContent = "";
    list.classList.remove("cw-s-rolling");
    if (!d.closures.length) {
      var empty = document.createElement("li");
      empty.className = "cw-s-empty";
      empty.textContent = L.no_closures;
      list.appendChild(empty);
      return;
    }
    var rows = d.closures.length > 8 ? d.closures.concat(d.closures) : d.closures;
    rows.forEach(function (c) {
      var li = document.createElement("li");
      [["cw-s-ref", c.ref], ["cw-s-item", c.item || "—"], ["cw-s-where", c.where], ["cw-s-date-cell", c.date]].forEach(function (p) {
        var span = document.createElement("span");
        span.className = p[0];
        span.textContent = p[1];
        li.appendChild(span);
      });
      list.appendChild(li);
    });
    if (d.closures.length > 8) { list.classList.add("cw-s-rolling"); }
  }

  function draw(d) {
    text("cw-title", d.title);
    text("cw-updated", d.updated_text);
    text("cw-ranking-title", d.ranking.title);
    text("cw-breakdown-title", d.breakdown.title);
    root.setAttribute("data-updated", d.updated_at);
    gauge(d);
    bars("cw-ranking", d.ranking.rows, { unit: d.ranking.unit === "%" ? "%" : "", from: "#1f6fff", to: "#4fd1ff" });
    bars("cw-breakdown", d.breakdown.rows, { unit: d.scope === "unit" ? "%" : "", max: d.scope === "unit" ? 100 : null, from: "#6a3fff", to: "#2ee6a6" });
    today(d);
    satisfaction(d);
    closures(d);
  }

  function stop(message) {
    text("cw-stopped-text", message);
    document.getElementById("cw-stopped").hidden = false;
    window.clearInterval(timer);
  }

  function poll() {
    fetch(url, { credentials: "omit", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) { return { status: r.status, body: body }; });
      })
      .then(function (res) {
        document.getElementById("cw-live").classList.toggle("cw-s-offline", res.status !== 200);
        if (res.body && res.body.stopped) { stop(res.body.message); return; }
        if (res.status === 200) { data = res.body; draw(data); }
      })
      .catch(function () { document.getElementById("cw-live").classList.add("cw-s-offline"); });
  }

  function clock() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    text("cw-clock", now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) + " " + L.weekdays[now.getDay()] + " " + pad(now.getHours()) + ":" + pad(now.getMinutes()));
  }

  fit();
  window.addEventListener("resize", function () { fit(); Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  draw(data);
  clock();
  window.setInterval(clock, 15000);
  var timer = window.setInterval(poll, refresh);
})();
