// EmissionEdge dashboard: reads the REST API with the API key kept in localStorage, lives on the
// Server-Sent Events feed (/api/events, read with fetch so the key travels in the X-Api-Key header).
"use strict";

const KEY_STORAGE = "emissionedge.apiKey";
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const CHART_HOURS = 3;
const POLLUTANTS = ["SO2", "NOx", "Dust"];
const FLAG_SHORT = { N: "normal", F: "unit stopped", M: "maintenance", S: "manual value", D: "instrument fault", C: "calibration", T: "over range", B: "no data" };
const STATE_LABEL = {
  "compliant": "✓ Compliant",
  "exceeding": "▲ Exceeding",
  "invalid": "? Invalid data",
  "no-data": "? No data",
  "coal-over-limit": "◆ Coal over limit",
};
const KIND_LABEL = {
  "exceedance": "Exceedance",
  "data-gap": "Data gap",
  "coal": "Net coal consumption over limit",
  "mac-chain-broken": "Record chain broken (tamper or loss)",
};

const state = {
  key: localStorage.getItem(KEY_STORAGE),
  me: null,
  serverOffsetMs: 0,      // server clock − browser clock (the demo's clock is simulated)
  units: [],
  charts: new Map(),      // unit id → { chart, pollutant }
  refreshTimer: null,
  feedAbort: null,
};

// ---- time ---------------------------------------------------------------------------------------

function serverNow() { return new Date(Date.now() + state.serverOffsetMs); }

// Formats a UTC instant in China Standard Time (the time of compliance hours), whatever the browser's zone.
function chinaParts(iso) {
  const d = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS);
  const p = (n) => String(n).padStart(2, "0");
  return { date: `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`, time: `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}` };
}
function chinaTime(iso) { if (!iso) return "—"; const c = chinaParts(iso); return `${c.date} ${c.time}`; }
function chinaClock(iso) { return chinaParts(iso).time; }

// Chart.js formats axis ticks in the browser's zone: shift instants so the axis reads China time.
function chartX(iso) {
  const t = new Date(iso).getTime();
  return t + CHINA_OFFSET_MS + new Date(t).getTimezoneOffset() * 60000;
}

function ago(iso) {
  if (!iso) return "never";
  const s = Math.round((serverNow().getTime() - new Date(iso).getTime()) / 1000);
  if (s < 90) return `${Math.max(s, 0)} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

// ---- API ----------------------------------------------------------------------------------------

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...(options.headers || {}), "X-Api-Key": state.key || "" } });
  if (response.status === 401) { askForKey("This API key was not accepted. Enter a valid key."); throw new Error("unauthorized"); }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.error || `${response.status} ${response.statusText}`);
  }
  return response.json();
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === "text") node.textContent = value; else node.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function fmt(value, digits = 1) { return value === null || value === undefined ? "—" : Number(value).toFixed(digits); }

// ---- sign-in ------------------------------------------------------------------------------------

function askForKey(message) {
  const dialog = document.getElementById("key-dialog");
  document.getElementById("key-error").textContent = message || "";
  if (!dialog.open) dialog.showModal();
  document.getElementById("key-input").focus();
}

document.getElementById("key-form").addEventListener("submit", (event) => {
  const value = document.getElementById("key-input").value.trim();
  if (!value) { event.preventDefault(); return; }
  state.key = value;
  localStorage.setItem(KEY_STORAGE, value);
  document.getElementById("key-input").value = "";
  start();
});
document.getElementById("change-key").addEventListener("click", () => askForKey(""));
document.getElementById("alerts-open-only").addEventListener("change", () => loadAlerts());

// ---- units --------------------------------------------------------------------------------------

function renderUnits(units) {
  const container = document.getElementById("units");
  container.replaceChildren(...units.map(unitCard));
}

function unitCard(u) {
  const hour = u.judgedHour;
  const rows = POLLUTANTS.filter((p) => hour && hour.pollutants[p]).map((p) => {
    const v = hour.pollutants[p];
    return el("tr", { "data-exceeds": String(v.exceeds), "data-valid": String(v.valid) },
      el("td", { text: p }),
      el("td", { class: "num", text: v.valid ? fmt(v.correctedAverage) : "invalid" }),
      el("td", { class: "num", text: fmt(v.limit, 0) }),
      el("td", { class: "num", text: `${v.validMinutes}/60` }),
      el("td", { text: v.valid ? (v.exceeds ? "over limit" : "within limit") : `${v.flag} · ${FLAG_SHORT[v.flag] || v.flagText}`, title: v.flagText }));
  });
  const table = rows.length
    ? el("table", { class: "values" },
        el("thead", {}, el("tr", {}, el("th", { text: "Pollutant" }), el("th", { class: "num", text: "mg/m³" }), el("th", { class: "num", text: "Limit" }), el("th", { class: "num", text: "Valid min" }), el("th", { text: "Verdict" }))),
        el("tbody", {}, ...rows))
    : el("p", { class: "small", text: "No hourly result for the last full hour." });

  const coal = u.coalMonth;
  let coalBlock;
  if (coal && coal.netGcePerKwh !== null) {
    const scale = Math.max(coal.limit * 1.25, coal.netGcePerKwh * 1.05);
    coalBlock = el("div", { class: "coal" },
      el("div", { class: "coal-line" },
        el("span", { text: `Net coal consumption ${coal.period} to date` }),
        el("strong", { "data-exceeds": String(coal.exceeds), text: `${fmt(coal.netGcePerKwh)} gce/kWh ${coal.exceeds ? "≥" : "<"} ${fmt(coal.limit, 0)}` })),
      el("div", { class: "bar", title: `limit ${coal.limit} gce/kWh` },
        el("span", { class: "fill", "data-exceeds": String(coal.exceeds), style: `width:${Math.min(100, (coal.netGcePerKwh / scale) * 100).toFixed(1)}%` }),
        el("span", { class: "limit", style: `left:${((coal.limit / scale) * 100).toFixed(1)}%` })));
  } else {
    coalBlock = el("div", { class: "coal small", text: `Net coal consumption: no coal and power data this month (limit ${fmt(u.coalLimit, 0)} gce/kWh)` });
  }

  return el("article", { class: "unit", "data-unit": u.id, "data-state": u.state },
    el("div", { class: "unit-head" },
      el("div", {}, el("h3", { text: `Unit ${u.id}` }), el("span", { class: "meta", text: `${u.class} unit · O₂ ref ${u.o2Reference} % · gateways ${u.gateways.join(", ") || "none"}` })),
      el("span", { class: "pill", "data-state": u.state, text: STATE_LABEL[u.state] || u.state })),
    el("p", { class: "state-text", text: u.stateText }),
    table,
    coalBlock,
    el("div", { class: "unit-foot" },
      el("span", { class: "alerts", "data-open": String(u.openAlerts > 0), text: u.openAlerts ? `${u.openAlerts} open alert${u.openAlerts > 1 ? "s" : ""}` : "No open alerts" }),
      el("span", { text: `Newest minute ${u.lastMinuteUtc ? chinaTime(u.lastMinuteUtc) : "—"}` })));
}

async function loadUnits() {
  const units = await api("/api/units");
  if (units.length) syncClock(units[0].asOfUtc);
  state.units = units;
  renderUnits(units);
  for (const u of units) ensureChart(u);
}

// ---- alerts -------------------------------------------------------------------------------------

async function loadAlerts() {
  const openOnly = document.getElementById("alerts-open-only").checked;
  const alerts = await api(`/api/alerts${openOnly ? "?open=true" : ""}`);
  const body = document.querySelector("#alerts tbody");
  if (!alerts.length) {
    body.replaceChildren(el("tr", {}, el("td", { class: "empty", colspan: "8", text: openOnly ? "No open alerts." : "No alerts." })));
    return;
  }
  body.replaceChildren(...alerts.map(alertRow));
}

function alertRow(a) {
  const what = `${KIND_LABEL[a.kind] || a.kind}${a.pollutant ? ` · ${a.pollutant}` : ""}`;
  const unitOf = a.kind === "coal" ? " gce/kWh" : " mg/m³";
  const status = a.open ? "open" : a.status;
  let ack;
  if (a.acknowledgement) {
    const changed = a.acknowledgement.version < a.version ? ` (v${a.acknowledgement.version}; changed since)` : "";
    ack = el("span", { class: "small", text: `✓ ${a.acknowledgement.by}, ${chinaTime(a.acknowledgement.atUtc)}${changed}` });
  } else if (state.me && state.me.role === "regulator") {
    const button = el("button", { class: "ack", type: "button", text: "Acknowledge" });
    button.addEventListener("click", async () => {
      button.disabled = true;
      try { await api(`/api/alerts/${encodeURIComponent(a.alertId)}/acknowledge`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }); await loadAlerts(); }
      catch (e) { button.disabled = false; button.title = e.message; }
    });
    ack = button;
  } else {
    ack = el("span", { class: "small", text: "not acknowledged" });
  }
  return el("tr", { "data-alert": a.alertId, "data-kind": a.kind, "data-unit": a.unit, "data-open": String(a.open) },
    el("td", { text: a.unit }),
    el("td", {}, el("span", { class: "kind", "data-kind": a.kind, text: what }), a.detail ? el("div", { class: "small", text: a.detail }) : null),
    el("td", { text: chinaTime(a.startUtc) }),
    el("td", { text: a.endUtc ? chinaTime(a.endUtc) : "ongoing" }),
    el("td", { text: a.peak === null ? "—" : `${fmt(a.peak)}${unitOf}` }),
    el("td", { text: String(a.count) }),
    el("td", {}, el("span", { class: "tag", "data-status": status, text: status })),
    el("td", {}, ack));
}

// ---- gateways -----------------------------------------------------------------------------------

async function loadGateways() {
  const gateways = await api("/api/gateways");
  const body = document.querySelector("#gateways tbody");
  if (!gateways.length) { body.replaceChildren(el("tr", {}, el("td", { class: "empty", colspan: "9", text: "No gateways configured." }))); return; }
  body.replaceChildren(...gateways.map((g) => el("tr", { "data-gateway": g.id },
    el("td", { text: g.id }),
    el("td", { text: g.unit }),
    el("td", {}, el("span", { class: "tag", "data-state": g.state, text: g.state.replace("-", " ") })),
    el("td", { text: g.lastSeenUtc ? `${ago(g.lastSeenUtc)} (${chinaClock(g.lastSeenUtc)})` : "never" }),
    el("td", { text: chinaTime(g.lastMinuteUtc) }),
    el("td", { text: g.backlog === null ? "—" : `${g.backlog} records` }),
    el("td", { text: g.clockSkewSeconds === null ? "—" : `${fmt(g.clockSkewSeconds, 0)} s` }),
    el("td", { text: g.firmware || "—" }),
    el("td", { text: `${g.accepted} / ${g.rejected}` }))));
}

// ---- charts -------------------------------------------------------------------------------------

function ensureChart(unit) {
  if (state.charts.has(unit.id)) return;
  const canvas = el("canvas", { "aria-label": `Corrected concentrations of unit ${unit.id}`, role: "img" });
  const tabs = el("div", { class: "tabs", role: "group", "aria-label": "Pollutant" });
  const card = el("div", { class: "chart-card", "data-unit": unit.id },
    el("div", { class: "chart-head" }, el("h3", { text: `Unit ${unit.id}` }), tabs),
    el("div", { class: "chart-box" }, canvas));
  document.getElementById("charts").append(card);
  const entry = { chart: null, pollutant: "SO2", unit, tabs };
  for (const p of POLLUTANTS) {
    const button = el("button", { type: "button", "aria-pressed": String(p === entry.pollutant), text: p });
    button.addEventListener("click", () => { entry.pollutant = p; for (const b of tabs.children) b.setAttribute("aria-pressed", String(b.textContent === p)); loadChart(entry); });
    tabs.append(button);
  }
  entry.chart = new Chart(canvas, {
    type: "line",
    data: { datasets: [
      { label: "Minute, corrected", data: [], borderColor: "#8fb3d9", backgroundColor: "#8fb3d9", borderWidth: 1.5, pointRadius: 0, spanGaps: false, order: 2 },
      { label: "Hourly average, corrected", data: [], borderColor: "#0b3b57", backgroundColor: "#0b3b57", borderWidth: 3, pointRadius: 0, stepped: "before", order: 1 },
    ] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: {
        x: { type: "time", time: { unit: "minute", displayFormats: { hour: "HH:mm", minute: "HH:mm" }, tooltipFormat: "yyyy-MM-dd HH:mm" }, ticks: { stepSize: 30, maxRotation: 0, autoSkip: true }, title: { display: true, text: "China time (UTC+8)" } },
        y: { beginAtZero: true, title: { display: true, text: "mg/m³ at reference O₂" } },
      },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } }, annotation: { annotations: {} } },
    },
  });
  state.charts.set(unit.id, entry);
  loadChart(entry);
}

async function loadChart(entry) {
  const to = serverNow();
  const from = chartStart(to);
  const q = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(new Date(to.getTime() + 60000).toISOString())}`;
  const [minutes, hours] = await Promise.all([api(`/api/units/${entry.unit.id}/minutes?${q}`), api(`/api/units/${entry.unit.id}/hours?${q}`)]);
  const p = entry.pollutant;
  entry.chart.data.datasets[0].data = minutes.map((m) => ({ x: chartX(m.minuteUtc), y: m.pollutants[p] && m.pollutants[p].counts ? m.pollutants[p].corrected : null }));
  entry.chart.data.datasets[1].data = hourPoints(hours, p);
  const limit = (state.units.find((u) => u.id === entry.unit.id) || entry.unit).limits[p];
  entry.chart.options.scales.x.min = chartX(from.toISOString());
  entry.chart.options.scales.x.max = chartX(to.toISOString());
  entry.chart.options.scales.y.suggestedMax = limit * 1.6;
  entry.chart.options.plugins.annotation.annotations = {
    limit: { type: "line", yMin: limit, yMax: limit, borderColor: "#b3261e", borderWidth: 2, borderDash: [6, 5],
      label: { display: true, content: `${p} limit ${limit} mg/m³`, position: "end", backgroundColor: "rgba(179,38,30,0.9)", font: { size: 11 } } },
  };
  entry.chart.update();
}

// The chart's left edge: CHART_HOURS back, on a half hour (China time is a whole-hour offset, so UTC alignment holds).
function chartStart(to) {
  const halfHour = 1800 * 1000;
  return new Date(Math.floor((to.getTime() - CHART_HOURS * 3600 * 1000) / halfHour) * halfHour);
}

// Each hourly average drawn across its hour (start and end points of a stepped line); invalid hours leave a gap.
function hourPoints(hours, p) {
  const points = [];
  for (const h of hours) {
    const v = h.pollutants[p];
    const y = v && v.valid ? Number(v.correctedAverage) : null;
    const start = new Date(h.startUtc).getTime();
    points.push({ x: chartX(h.startUtc), y }, { x: chartX(new Date(start + 3600000 - 1).toISOString()), y }, { x: chartX(new Date(start + 3600000).toISOString()), y: null });
  }
  return points;
}

function onMinute(m) {
  advanceClock(new Date(new Date(m.minuteUtc).getTime() + 60000).toISOString());
  const entry = state.charts.get(m.unit);
  if (!entry) return;
  const v = m.pollutants[entry.pollutant];
  const data = entry.chart.data.datasets[0].data;
  data.push({ x: chartX(m.minuteUtc), y: v && v.counts ? v.corrected : null });
  const to = serverNow();
  entry.chart.options.scales.x.max = chartX(to.toISOString());
  entry.chart.options.scales.x.min = chartX(chartStart(to).toISOString());
  entry.chart.update("none");
}

// ---- live feed ----------------------------------------------------------------------------------

function setLive(mode, text) {
  const live = document.getElementById("live");
  live.dataset.state = mode;
  document.getElementById("live-text").textContent = text;
}

function scheduleRefresh(delayMs = 1500) {
  if (state.refreshTimer) return;
  state.refreshTimer = setTimeout(async () => {
    state.refreshTimer = null;
    await refreshAll().catch(() => {});
  }, delayMs);
}

async function followFeed() {
  if (state.feedAbort) state.feedAbort.abort();
  const abort = new AbortController();
  state.feedAbort = abort;
  while (!abort.signal.aborted) {
    try {
      const response = await fetch("/api/events", { headers: { "X-Api-Key": state.key, Accept: "text/event-stream" }, signal: abort.signal });
      if (response.status === 401) { askForKey("This API key was not accepted."); return; }
      if (!response.ok || !response.body) throw new Error(`${response.status}`);
      setLive("live", "Live");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, "\n");
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          handleEvent(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
    } catch (e) {
      if (abort.signal.aborted) return;
    }
    setLive("down", "Reconnecting…");
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

function handleEvent(block) {
  let type = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) type = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (!data.length) return;
  const payload = JSON.parse(data.join("\n"));
  switch (type) {
    case "hello":
    case "ping":
      syncClock(payload.serverTimeUtc);
      break;
    case "minute":
      onMinute(payload);
      break;
    case "hour":
    case "alert":
      scheduleRefresh();
      break;
  }
}

// The server's clock may be simulated and faster than the browser's (the demo): follow what the server says.
function syncClock(serverTimeUtc) {
  state.serverOffsetMs = new Date(serverTimeUtc).getTime() - Date.now();
}

function advanceClock(serverTimeUtc) {
  state.serverOffsetMs = Math.max(state.serverOffsetMs, new Date(serverTimeUtc).getTime() - Date.now());
}

function tickClock() {
  const now = serverNow().toISOString();
  const c = chinaParts(now);
  const s = String(new Date(new Date(now).getTime() + CHINA_OFFSET_MS).getUTCSeconds()).padStart(2, "0");
  document.getElementById("server-time").textContent = `${c.date} ${c.time}:${s}`;
}

// ---- start --------------------------------------------------------------------------------------

async function refreshAll() {
  await Promise.all([loadUnits(), loadAlerts(), loadGateways()]);
  await Promise.all([...state.charts.values()].map(loadChart));
}

async function start() {
  if (!state.key) { askForKey(""); return; }
  try {
    state.me = await api("/api/me");
  } catch (e) {
    return;
  }
  syncClock(state.me.serverTimeUtc);
  document.getElementById("plant-name").textContent = state.me.plant;
  document.getElementById("who-name").textContent = state.me.name;
  document.getElementById("who-role").textContent = `${state.me.role} · units ${state.me.units.join(", ")}`;
  for (const entry of state.charts.values()) entry.chart.destroy();
  state.charts.clear();
  document.getElementById("charts").replaceChildren();
  await refreshAll();
  document.body.dataset.ready = "true";
  followFeed();
}

window.addEventListener("load", () => {
  setInterval(tickClock, 1000);
  setInterval(() => scheduleRefresh(0), 30000);
  start();
});
