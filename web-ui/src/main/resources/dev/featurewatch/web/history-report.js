/*
 * The page of `featurewatch report`: one monitor's history. Its data is {monitor, from, to, source,
 * drift: [drift results], performance: [each window's last performance result]}, the monitoring
 * job's result lines (monitoring-jobs/README.md), one section per model version's `all` series.
 */
"use strict";

(() => {
  const { el, num, pct, lines, heatmap, sortable, data } = FW;
  const history = data();
  const page = document.getElementById("fw-page");
  page.replaceChildren();

  const status = (s) => el("span", { class: `verdict ${s === "drift" ? "drift" : s === "ok" ? "ok" : ""}` }, s.replace("_", " "));
  const isPValue = (f) => f.method === "ks" || f.method === "chisquare" || f.method === "ztest";
  const drifts = (f) => f.verdict === "drift";

  page.append(
    el("h1", {}, `Monitoring history: ${history.monitor}`),
    el("p", { class: "muted" }, `From ${history.source}`,
      history.from || history.to ? `, windows ending ${history.from ? "after " + history.from : ""}${history.from && history.to ? " and " : ""}${history.to ? "by " + history.to : ""}` : "",
      `. Written ${history.generated_at} by featurewatch.`)
  );

  const versions = [...new Set(history.drift.concat(history.performance).map((r) => `${r.model}\u0000${r.model_version}`))].sort();
  if (versions.length === 0) {
    page.append(el("p", {}, "No results in this range."));
    return;
  }
  page.append(el("nav", { class: "no-print", id: "versions" }, "Model versions: ",
    versions.map((v, i) => {
      const [model, version] = v.split("\u0000");
      return [i ? " · " : "", el("a", { href: `#version-${model}-${version}` }, `${model} ${version}`)];
    })));

  for (const key of versions) {
    const [model, version] = key.split("\u0000");
    const mine = (r) => r.model === model && r.model_version === version && r.segment === "all";
    const drift = history.drift.filter(mine);
    const performance = history.performance.filter(mine);
    const section = el("section", { id: `version-${model}-${version}` }, el("h2", {}, `${model}, version ${version}`));
    page.append(section);
    summary(section, drift, performance);
    if (drift.length) {
      driftTimeline(section, drift);
      predictionDrift(section, drift);
    }
    performanceTimeline(section, drift, performance);
    if (drift.length) {
      dataQuality(section, drift);
      statusChanges(section, drift);
    }
  }

  function summary(section, drift, performance) {
    const byStatus = {};
    drift.forEach((r) => (byStatus[r.status] = (byStatus[r.status] || 0) + 1));
    const last = drift[drift.length - 1];
    const degraded = performance.filter((p) => p.degraded).length;
    section.append(el("div", { class: "summary" },
      el("div", { class: "tile" }, el("div", { class: "muted small" }, "last window"),
        el("div", { class: "value" }, last ? status(last.status) : "–"),
        el("div", { class: "muted small" }, last ? `ending ${last.window_end}` : "")),
      el("div", { class: "tile" }, el("div", { class: "muted small" }, "windows"),
        el("div", { class: "value" }, num(drift.length)),
        el("div", { class: "muted small" }, Object.entries(byStatus).map(([s, n]) => `${n} ${s.replace("_", " ")}`).join(", "))),
      el("div", { class: "tile" }, el("div", { class: "muted small" }, "windows with labels"),
        el("div", { class: "value" }, num(performance.length)),
        el("div", { class: "muted small" }, `${degraded} degraded`))
    ));
  }

  /** Features × windows, each cell its score against its threshold, red where it drifted. */
  function driftTimeline(section, drift) {
    const features = [...new Set(drift.flatMap((r) => r.features.map((f) => f.feature)))];
    const rows = [...features];
    if (drift.some((r) => r.prediction)) rows.push("prediction");
    if (drift.some((r) => r.multivariate)) rows.push("multivariate");
    const columns = drift.map((r) => r.window_end);
    const find = (r, name) => (name === "prediction" ? r.prediction : name === "multivariate" ? r.multivariate : r.features.find((f) => f.feature === name));
    const cells = rows.map((name) => drift.map((r) => {
      const f = find(r, name);
      if (!f || f.score === null || f.threshold === null) return f ? { label: f.reason || f.verdict } : null;
      // a p-value drifts below its threshold: compare -log10 so that higher means more drift
      const value = isPValue(f) ? -Math.log10(Math.max(f.score, 1e-300)) : f.score;
      const threshold = isPValue(f) ? -Math.log10(f.threshold) : f.threshold;
      return { value, threshold, drift: drifts(f), label: `${f.method} ${num(f.score)} (threshold ${num(f.threshold)}): ${f.verdict}` };
    }));
    section.append(el("h3", {}, "Drift by feature and window"),
      el("p", { class: "muted small" }, "Each cell is a window's score against its threshold: green below it, red where the feature drifted, grey where it could not be judged."));
    heatmap(section, { rows, columns, cells, title: "drift by feature and window" });
  }

  function predictionDrift(section, drift) {
    const withPrediction = drift.filter((r) => r.prediction && r.prediction.score !== null);
    if (!withPrediction.length) return;
    const p = withPrediction[0].prediction;
    section.append(el("h3", {}, "Prediction drift"), el("p", { class: "muted small" },
      `${p.method}: ${isPValue(p) ? "a p-value, drift below the threshold" : "a distance, drift above the threshold"}.`));
    lines(section, {
      x: withPrediction.map((r) => r.window_end),
      series: [{ name: "prediction drift score", values: withPrediction.map((r) => r.prediction.score), className: "line-current" }],
      rules: withPrediction.length ? [{ value: withPrediction[withPrediction.length - 1].prediction.threshold, label: "threshold" }] : [],
      title: "prediction drift",
    });
  }

  /** Each metric over the windows with labels, with its error band, beside training's value and the estimate before labels. */
  function performanceTimeline(section, drift, performance) {
    const estimated = drift.filter((r) => Object.keys(r.estimated_performance || {}).length);
    if (!performance.length && !estimated.length) {
      section.append(el("h3", {}, "Performance"), el("p", { class: "muted" }, "No labels and no estimate in these results."));
      return;
    }
    section.append(el("h3", {}, "Performance against training"),
      el("p", { class: "muted small" }, "The dashed line is training's value; a dotted line marks a window where the change detector fired."));
    const metrics = [...new Set(performance.flatMap((p) => Object.keys(p.metrics)).concat(estimated.flatMap((r) => Object.keys(r.estimated_performance))))];
    for (const metric of metrics) {
      const rows = performance.filter((p) => p.metrics[metric] !== null && p.metrics[metric] !== undefined);
      const windows = [...new Set(rows.map((p) => p.window_end).concat(estimated.map((r) => r.window_end)))].sort();
      const at = (list, w, f) => { const r = list.find((x) => x.window_end === w); return r ? f(r) : null; };
      const value = (w) => at(rows, w, (p) => p.metrics[metric]);
      const error = (w) => at(rows, w, (p) => (p.standard_errors || {})[metric] ?? null);
      const series = [];
      if (rows.length) {
        series.push({
          name: `${metric}, from labels (band: ±2 standard errors)`,
          values: windows.map(value),
          lower: windows.map((w) => (error(w) === null || value(w) === null ? null : value(w) - 2 * error(w))),
          upper: windows.map((w) => (error(w) === null || value(w) === null ? null : value(w) + 2 * error(w))),
          className: "line-current",
        });
      }
      if (estimated.some((r) => r.estimated_performance[metric] !== undefined)) {
        series.push({ name: `${metric}, estimated before labels`, values: windows.map((w) => at(estimated, w, (r) => r.estimated_performance[metric] ?? null)), className: "line-reference" });
      }
      const training = rows.length ? rows[0].baseline_metrics[metric] : estimated.length ? (estimated[0].baseline_performance || {})[metric] : null;
      const markers = rows.filter((p) => p.change_detected).map((p) => ({ x: p.window_end, label: "change detected" }));
      lines(section, { x: windows, series, rules: training === null || training === undefined ? [] : [{ value: training, label: `training ${metric}` }], markers, title: `${metric} over time` });
    }
    if (performance.length) {
      section.append(el("h3", {}, "Label coverage"));
      lines(section, {
        x: performance.map((p) => p.window_end),
        series: [{ name: "share of predictions with a label", values: performance.map((p) => p.label_coverage), className: "line-current" }],
        title: "label coverage",
      });
    }
  }

  /** Per feature, the worst missing and out-of-range shares of the windows, beside the baseline's. */
  function dataQuality(section, drift) {
    const features = [...new Set(drift.flatMap((r) => r.features.map((f) => f.feature)))];
    const rows = features.map((name) => {
      const seen = drift.map((r) => r.features.find((f) => f.feature === name)).filter(Boolean);
      const max = (k) => Math.max(0, ...seen.map((f) => f[k]).filter(Number.isFinite));
      const mean = (k) => { const v = seen.map((f) => f[k]).filter(Number.isFinite); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null; };
      return {
        name, meanMissing: mean("missing_share"), maxMissing: max("missing_share"),
        baselineMissing: seen.length ? seen[0].baseline_missing_share : null,
        maxOut: max("out_of_range_share"), unseenWindows: seen.filter((f) => f.unseen_count > 0).length,
      };
    });
    const head = el("thead", {}, el("tr", {}, ["feature", "missing (mean)", "missing (worst window)", "missing in training", "out of range (worst)", "windows with unseen categories"]
      .map((h, i) => el("th", { class: i ? "sortable num" : "sortable" }, h))));
    const body = el("tbody", {}, rows.map((r) => el("tr", {},
      el("td", {}, r.name),
      el("td", { class: "num", "data-value": r.meanMissing ?? "" }, pct(r.meanMissing)),
      el("td", { class: "num", "data-value": r.maxMissing }, pct(r.maxMissing)),
      el("td", { class: "num", "data-value": r.baselineMissing ?? "" }, pct(r.baselineMissing)),
      el("td", { class: "num", "data-value": r.maxOut }, pct(r.maxOut)),
      el("td", { class: "num", "data-value": r.unseenWindows }, num(r.unseenWindows)))));
    section.append(el("h3", {}, "Data quality"), sortable(el("table", { class: "fw-table quality" }, head, body)));
  }

  function statusChanges(section, drift) {
    const changes = drift.filter((r, i) => i === 0 || r.status !== drift[i - 1].status);
    section.append(el("h3", {}, "Where the status changed"),
      el("table", { class: "fw-table changes" },
        el("thead", {}, el("tr", {}, el("th", {}, "window"), el("th", {}, "status"), el("th", {}, "drifted"), el("th", {}, "problems"))),
        el("tbody", {}, changes.map((r) => el("tr", {},
          el("td", {}, `${r.window_start} – ${r.window_end}`),
          el("td", {}, status(r.status)),
          el("td", {}, (r.drifted_features || []).join(", ") || "–"),
          el("td", { class: "small" }, (r.problems || []).join("; ") || "–"))))));
  }
})();
