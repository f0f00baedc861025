/*
 * The web console served at /ui/ by `featurewatch serve` and the demo: read-only pages of the
 * registry (entities, sources, views, services, monitors, versions and their diff) and of the
 * monitored model versions' health, drawn from the JSON under api/ (app's Console). Pages are
 * addressed by the URL's fragment (#/views/NAME), so links, back and forward work without the
 * server. When the API answers 401 or 403, the page asks for a bearer token with the read scope and
 * keeps it in this tab's sessionStorage.
 */
"use strict";

(() => {
  const { el, num, pct, heatmap, lines, sortable } = FW;
  const page = document.getElementById("fw-page");
  const nav = document.getElementById("fw-nav");
  const TOKEN = "featurewatch.console.token";

  const SECTIONS = [
    ["#/", "overview"],
    ["#/views", "feature views"],
    ["#/entities", "entities"],
    ["#/sources", "sources"],
    ["#/services", "services"],
    ["#/monitors", "monitors"],
    ["#/versions", "versions"],
    ["#/models", "model health"],
  ];

  /** A failed API call, with the server's error code and detail. */
  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.detail ? body.detail : `the server answered ${status}`);
      this.status = status;
    }
  }

  async function api(path) {
    const token = sessionStorage.getItem(TOKEN);
    const response = await fetch(`api/${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      cache: "no-store",
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  const enc = encodeURIComponent;
  const link = (href, text) => el("a", { href }, text);
  const status = (s) => el("span", { class: `verdict ${s || "unknown"}` }, (s || "no status").replace(/_/g, " "));
  const list = (values) => (values && values.length ? values.join(", ") : "–");

  /** 86400 → "1d", 5400 → "90m"; 0 → "none". */
  function duration(seconds) {
    if (!seconds) return "none";
    if (seconds % 86400 === 0) return `${seconds / 86400}d`;
    if (seconds % 3600 === 0) return `${seconds / 3600}h`;
    return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
  }

  function table(id, headers, rows) {
    return sortable(el("table", { class: "fw-table", id },
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: "sortable" }, h)))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c)))))));
  }

  function facts(pairs) {
    return el("dl", { class: "facts" }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }

  const tags = (object) => {
    const entries = Object.entries(object || {});
    return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : "–";
  };

  const fields = (fs) => fs.map((f) => `${f.name}: ${f.type}`).join(", ");

  // ---- registry pages -------------------------------------------------------------------------

  async function overview() {
    const [registry, models] = await Promise.all([api("registry"), api("models")]);
    const count = (href, label, n) => el("a", { class: "tile", href },
      el("div", { class: "muted small" }, label), el("div", { class: "value" }, String(n)));
    return [
      el("h1", {}, "featurewatch"),
      el("p", { class: "muted" }, `Registry version ${registry.version}, applied ${registry.applied_at}.`),
      el("div", { class: "summary" },
        count("#/views", "feature views", registry.feature_views.length),
        count("#/entities", "entities", registry.entities.length),
        count("#/sources", "sources", registry.sources.length),
        count("#/services", "feature services", registry.feature_services.length),
        count("#/monitors", "model monitors", registry.model_monitors.length),
        count("#/versions", "registry versions", registry.version)),
      el("h2", {}, "Model health"),
      modelTable(models),
      el("h2", {}, "Metrics"),
      metricsLinks(),
    ];
  }

  function metricsLinks() {
    return el("ul", { id: "metrics-links" },
      el("li", {}, link("../metrics", "/metrics"), " — every metric of this process, in Prometheus' format (scrape it, or read it here)"),
      el("li", {}, link("../health/ready", "/health/ready"), " — whether the registry and the online store answer"),
      el("li", {}, link("../openapi.json", "/openapi.json"), " — the feature server's API"));
  }

  async function views() {
    const r = await api("registry");
    return [el("h1", {}, "Feature views"), el("p", { class: "muted" }, `Registry version ${r.version}.`),
      table("views", ["name", "entities", "features", "ttl", "source", "online", "owner"],
        r.feature_views.map((v) => [link(`#/views/${enc(v.name)}`, v.name), list(v.entities),
          String(v.features.length), duration(v.ttl_seconds), v.source || "–", v.online ? "yes" : "no", v.owner || "–"]))];
  }

  async function view(name) {
    const r = await api("registry");
    const v = r.feature_views.find((x) => x.name === name);
    if (!v) return [el("h1", {}, name), el("p", { class: "error" }, `No feature view named ${name} in version ${r.version}.`)];
    const stream = v.stream;
    return [
      el("h1", {}, `Feature view ${v.name}`),
      facts([
        ["entities", v.entities.map((e, i) => [i ? ", " : "", link("#/entities", e)])],
        ["ttl", duration(v.ttl_seconds)],
        ["source", v.source ? link("#/sources", v.source) : "–"],
        ["stream", stream ? (stream.window_seconds
          ? `${duration(stream.window_seconds)} windows every ${duration(stream.slide_seconds)}`
          : "latest value of each field") + `, events up to ${duration(stream.max_out_of_orderness_seconds)} out of order` : null],
        ["online, offline", `${v.online ? "yes" : "no"}, ${v.offline ? "yes" : "no"}`],
        ["owner", v.owner],
        ["description", v.description],
        ["tags", tags(v.tags)],
      ]),
      el("h2", {}, "Schema"),
      table("schema", ["feature", "type", "computed", "description"], v.features.map((f) => {
        const a = stream && stream.aggregations ? stream.aggregations.find((x) => x.feature === f.name) : null;
        return [f.name, f.type, a ? `${a.function}(${a.field})` : "–", f.description || "–"];
      })),
    ];
  }

  async function entities() {
    const r = await api("registry");
    return [el("h1", {}, "Entities"), table("entities", ["name", "join keys", "description"],
      r.entities.map((e) => [e.name, fields(e.join_keys), e.description || "–"]))];
  }

  async function sources() {
    const r = await api("registry");
    return [el("h1", {}, "Data sources"), table("sources", ["name", "kind", "settings", "timestamp field", "description"],
      r.sources.map((s) => [s.name, s.kind, tags(s.settings), s.timestamp_field || "–", s.description || "–"]))];
  }

  async function services() {
    const r = await api("registry");
    return [el("h1", {}, "Feature services"), table("services", ["name", "features", "description"],
      r.feature_services.map((s) => [s.name,
        s.features.map((f, i) => [i ? ", " : "", link(`#/views/${enc(f.view)}`, f.view), `:${f.feature}`]),
        s.description || "–"]))];
  }

  async function monitors() {
    const r = await api("registry");
    return [el("h1", {}, "Model monitors"), table("monitors",
      ["name", "model", "version", "features", "window", "drift", "labels", "segments"],
      r.model_monitors.map((m) => [m.name, m.model,
        m.version ? link(`#/models/${enc(m.model)}/${enc(m.version)}`, m.version) : `@${m.alias}`,
        m.feature_service ? `service ${m.feature_service} (${m.features.length})` : String(m.features.length),
        [m.window.size_seconds ? duration(m.window.size_seconds) : null,
          m.window.predictions ? `${num(m.window.predictions)} predictions` : null].filter(Boolean).join(" or "),
        m.drift.method + (m.drift.threshold !== undefined ? ` (threshold ${num(m.drift.threshold)})` : ""),
        m.labels ? `${m.labels.source}, within ${duration(m.labels.max_delay_seconds)}` : "–",
        list(m.segments)]))];
  }

  // ---- versions and diff ----------------------------------------------------------------------

  async function versions() {
    const all = await api("registry/versions");
    const choose = (id, selected) => el("select", { id }, all.map((v) =>
      el("option", { value: v.version, selected: v.version === selected }, `version ${v.version}`)));
    const from = choose("diff-from", all.length > 1 ? all[1].version : all[0].version);
    const to = choose("diff-to", all[0].version);
    const compare = el("button", { id: "diff-go", type: "button" }, "compare");
    compare.addEventListener("click", () => { location.hash = `#/diff/${from.value}/${to.value}`; });
    return [
      el("h1", {}, "Registry versions"),
      el("p", { class: "muted" }, "Each apply that changed something stored a version."),
      el("div", { class: "diff-form" }, "Compare ", from, " with ", to, " ", compare),
      table("versions", ["version", "applied", "views", "entities", "sources", "services", "monitors", "changes"],
        all.map((v) => [link(`#/versions/${v.version}`, String(v.version)), v.applied_at,
          String(v.feature_views), String(v.entities), String(v.sources), String(v.feature_services),
          String(v.model_monitors), v.version > 1 ? link(`#/diff/${v.version - 1}/${v.version}`, `diff with ${v.version - 1}`) : "first"])),
    ];
  }

  async function version(n) {
    const r = await api(`registry/versions/${enc(n)}`);
    return [
      el("h1", {}, `Registry version ${r.version}`),
      el("p", { class: "muted" }, `Applied ${r.applied_at}.`),
      el("h2", {}, "Feature views"),
      table("version-views", ["name", "entities", "schema", "ttl"],
        r.feature_views.map((v) => [v.name, list(v.entities), fields(v.features), duration(v.ttl_seconds)])),
      el("h2", {}, "Entities"), table("version-entities", ["name", "join keys"], r.entities.map((e) => [e.name, fields(e.join_keys)])),
      el("h2", {}, "Sources"), table("version-sources", ["name", "kind"], r.sources.map((s) => [s.name, s.kind])),
      el("h2", {}, "Feature services"), table("version-services", ["name", "features"],
        r.feature_services.map((s) => [s.name, s.features.map((f) => `${f.view}:${f.feature}`).join(", ")])),
      el("h2", {}, "Model monitors"), table("version-monitors", ["name", "model"],
        r.model_monitors.map((m) => [m.name, `${m.model} ${m.version || "@" + m.alias}`])),
    ];
  }

  async function diff(from, to) {
    const d = await api(`registry/diff?from=${enc(from)}&to=${enc(to)}`);
    const kinds = [["feature_views", "feature views"], ["entities", "entities"], ["sources", "sources"],
      ["feature_services", "feature services"], ["model_monitors", "model monitors"]];
    const show = (field, value) => {
      if (value === null) return "–";
      if (field.endsWith("_seconds") && typeof value === "number") return duration(value);
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    };
    const sections = kinds.map(([key, label]) => {
      const c = d.changes[key];
      if (!c.created.length && !c.updated.length && !c.deleted.length) return null;
      return el("section", { class: "card diff" }, el("h3", {}, label),
        c.created.length ? el("p", {}, el("span", { class: "verdict created" }, "created"), " ", c.created.join(", ")) : null,
        c.deleted.length ? el("p", {}, el("span", { class: "verdict deleted" }, "deleted"), " ", c.deleted.join(", ")) : null,
        c.updated.map((u) => [el("p", {}, el("span", { class: "verdict updated" }, "updated"), " ", u.name),
          table(`diff-${key}-${u.name}`, ["field", `version ${d.from}`, `version ${d.to}`],
            u.fields.map((f) => [f.field, el("code", {}, show(f.field, f.before)), el("code", {}, show(f.field, f.after))]))]));
    }).filter(Boolean);
    return [
      el("h1", {}, `Version ${d.from} → version ${d.to}`),
      el("p", {}, link("#/versions", "all versions")),
      d.breaking_changes.length
        ? el("div", { class: "card drifted" }, el("h3", {}, "Breaking changes"), el("ul", {}, d.breaking_changes.map((b) => el("li", {}, b))))
        : null,
      sections.length ? sections : el("p", { class: "muted" }, "Nothing changed."),
    ];
  }

  // ---- model health ---------------------------------------------------------------------------

  function modelTable(models) {
    if (!models.length) return el("p", { class: "muted" }, "No model monitor in the registry.");
    return table("models", ["model", "version", "aliases", "status", "drifted features", "alerts firing", "last window"],
      models.map((m) => m.error
        ? [m.model, m.version || "–", "–", el("span", { class: "error" }, m.error), "–", "–", "–"]
        : [m.model, link(`#/models/${enc(m.model)}/${enc(m.version)}`, m.version), list(m.aliases),
          status(m.status), list(m.drifted_features), list(m.alerts_firing), m.last_window_end || "–"]));
  }

  async function models() {
    return [el("h1", {}, "Model health"),
      el("p", { class: "muted" }, "The monitored model versions, from the tags the monitoring job and the alert receiver write in the model registry."),
      modelTable(await api("models"))];
  }

  async function model(name, version) {
    const h = await api(`models/${enc(name)}/${enc(version)}`);
    const t = h.timeline;
    const p = h.performance_timeline;
    const tile = (label, value, note) => el("div", { class: "tile" },
      el("div", { class: "muted small" }, label), el("div", { class: "value" }, value), note ? el("div", { class: "muted small" }, note) : null);
    const out = [
      el("h1", {}, `${h.model} version ${h.version}`),
      el("p", { class: "muted" }, h.monitors && h.monitors.length ? `Monitor ${list(h.monitors)}. ` : h.monitor ? `Monitor ${h.monitor}. ` : "",
        h.aliases.length ? `Aliases: ${list(h.aliases)}.` : ""),
      el("div", { class: "summary", id: "health" },
        tile("status", status(h.status), h.last_window_end ? `last window ended ${h.last_window_end}` : "no window yet"),
        tile("drifted features", String(h.drifted_features.length), list(h.drifted_features)),
        tile("alerts firing", String(h.alerts_firing.length), list(h.alerts_firing)),
        tile("performance", h.performance || "–", h.label_coverage ? `label coverage ${pct(Number(h.label_coverage))}` : "no labels yet")),
      h.worst_drift ? el("p", {}, el("strong", {}, "Furthest past its threshold: "), h.worst_drift) : null,
    ];

    out.push(el("h2", {}, "Drift timeline"));
    if (h.results_error) out.push(el("p", { class: "error" }, `The monitoring results cannot be read: ${h.results_error}`));
    if (t.windows.length && t.features.length) {
      const chart = el("div", { class: "chart", id: "drift-heatmap" });
      heatmap(chart, {
        title: "drift by window and feature",
        rows: t.features,
        columns: t.windows,
        cells: t.cells.map((row) => row.map((c) => c && {
          value: c.score, threshold: c.threshold, drift: c.verdict === "drift",
          label: `${c.method} ${num(c.score)} (threshold ${num(c.threshold)}): ${c.verdict.replace(/_/g, " ")}`,
        })),
      });
      out.push(el("p", { class: "muted small" }, "Each window's score against its threshold: red where the feature drifted."), chart);
    } else {
      out.push(el("p", { class: "muted" }, "No monitoring results for this version yet."));
    }
    if (t.windows.length && t.prediction.scores.some((s) => s !== null)) {
      const chart = el("div", { class: "chart", id: "prediction-drift" });
      const threshold = t.prediction.thresholds.find((x) => x !== null);
      lines(chart, {
        title: "prediction drift", x: t.windows, yLabel: "score",
        series: [{ name: "prediction drift score", values: t.prediction.scores.map((s) => (s === null ? NaN : s)) }],
        rules: threshold !== undefined ? [{ value: threshold, label: `threshold ${num(threshold)}` }] : [],
        markers: changes(t.windows, t.status),
      });
      out.push(el("h2", {}, "Prediction drift"), chart);
    }

    out.push(el("h2", {}, "Performance"));
    if (p.windows.length && p.metric) {
      const value = p.values.map((v) => (v === null ? NaN : v));
      const se = p.standard_errors.map((s) => (s === null ? NaN : s));
      const chart = el("div", { class: "chart", id: "performance" });
      lines(chart, {
        title: `${p.metric} by window`, x: p.windows, yLabel: p.metric,
        series: [{ name: `${p.metric} (± 1.96 standard errors)`, values: value,
          lower: value.map((v, i) => v - 1.96 * se[i]), upper: value.map((v, i) => v + 1.96 * se[i]) }],
        rules: p.baseline !== null ? [{ value: p.baseline, label: `training ${num(p.baseline)}` }] : [],
      });
      const coverage = el("div", { class: "chart", id: "label-coverage" });
      lines(coverage, {
        title: "label coverage", x: p.windows, yLabel: "labelled",
        series: [{ name: "share of predictions labelled", values: p.label_coverage.map((v) => (v === null ? NaN : v)), className: "line-reference" }],
      });
      out.push(chart, el("h2", {}, "Label coverage"), coverage);
    } else {
      out.push(el("p", { class: "muted" }, "No labelled window yet."));
    }

    out.push(el("h2", {}, "Alerts"));
    out.push(h.alerts.length
      ? table("alerts", ["alert", "state"], h.alerts.map((a) => [
        el("span", {}, status(a.firing ? "firing" : "resolved"), " ", a.alert), a.state]))
      : el("p", { class: "muted" }, "No alert has fired for this version."));
    out.push(el("h2", {}, "Tags"), table("tags", ["tag", "value"], Object.entries(h.tags).map(([k, v]) => [k, v])));
    return out;
  }

  /** Markers where the status changed from one window to the next. */
  function changes(windows, statuses) {
    const marks = [];
    for (let i = 1; i < statuses.length; i++) {
      if (statuses[i] !== statuses[i - 1]) marks.push({ x: windows[i], label: `${statuses[i - 1]} → ${statuses[i]}` });
    }
    return marks;
  }

  // ---- routing --------------------------------------------------------------------------------

  function route(hash) {
    const parts = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
    switch (parts[0]) {
      case "": return overview();
      case "views": return parts[1] ? view(parts[1]) : views();
      case "entities": return entities();
      case "sources": return sources();
      case "services": return services();
      case "monitors": return monitors();
      case "versions": return parts[1] ? version(parts[1]) : versions();
      case "diff": return diff(parts[1], parts[2]);
      case "models": return parts[2] ? model(parts[1], parts[2]) : models();
      default: return Promise.resolve([el("h1", {}, "Not found"), el("p", {}, "No console page at ", hash, ". ", link("#/", "Overview"))]);
    }
  }

  function tokenForm(error) {
    const input = el("input", { id: "token", type: "password", autocomplete: "off", size: 40 });
    const form = el("form", { class: "card token" },
      el("h3", {}, "A token is needed"),
      el("p", {}, error.status === 403
        ? "This token may not read: the console needs a token with the read scope."
        : "This server needs a bearer token with the read scope (serving.auth in featurewatch.yaml). It is kept in this tab only."),
      el("label", { for: "token" }, "token "), input, " ", el("button", { type: "submit" }, "use"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN, input.value.trim());
      render();
    });
    return form;
  }

  async function render() {
    const hash = location.hash || "#/";
    const section = "#/" + hash.replace(/^#\/?/, "").split("/")[0];
    nav.replaceChildren(
      ...SECTIONS.map(([href, label]) => el("a", { href, class: href === section ? "active" : null }, label)),
      el("a", { href: "../metrics", class: "external" }, "metrics"));
    page.setAttribute("aria-busy", "true");
    try {
      page.replaceChildren(...[await route(hash)].flat(Infinity).filter(Boolean));
    } catch (e) {
      page.replaceChildren(e instanceof ApiError && (e.status === 401 || e.status === 403)
        ? tokenForm(e)
        : el("div", { class: "card drifted" }, el("h3", {}, "The console cannot show this page"), el("p", { class: "error" }, e.message)));
    } finally {
      page.setAttribute("aria-busy", "false");
      page.dataset.route = hash;
    }
  }

  window.addEventListener("hashchange", render);
  render();
})();
