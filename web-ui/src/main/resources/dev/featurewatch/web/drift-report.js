/*
 * The page of `featurewatch drift --format html`: its data is the JSON drift report
 * (docs/drift-report-json.md) with each feature's distribution on both sides, in the bins its
 * method used.
 */
"use strict";

(() => {
  const { el, num, pct, bars, sortable, data } = FW;
  const report = data();
  const page = document.getElementById("fw-page");
  page.replaceChildren();

  const verdictLabel = { drift: "drift", no_drift: "no drift", insufficient_data: "too little data" };
  const verdict = (v) => el("span", { class: `verdict ${v}` }, verdictLabel[v] || v);
  const side = (s) => `${s.kind === "baseline" ? "baseline" : "data"} ${s.file} (${num(s.rows)} rows)`;

  // drifted first, then by how far past the threshold, then by name
  const features = [...report.features].sort((a, b) =>
    (b.drifted - a.drifted) || (severity(b) - severity(a)) || a.feature.localeCompare(b.feature));

  function severity(f) {
    if (f.score === null || f.threshold === null || f.threshold === 0) return 0;
    return f.score_kind === "p_value" ? f.threshold / Math.max(f.score, 1e-300) : f.score / f.threshold;
  }

  page.append(
    el("h1", {}, "Drift report"),
    el("p", { class: "muted" }, `Reference: ${side(report.reference)}. Current: ${side(report.current)}.`,
      report.generated_at ? ` Written ${report.generated_at} by featurewatch.` : "")
  );

  const dataset = report.dataset;
  const drifted = features.filter((f) => f.drifted);
  page.append(
    el("section", { id: "summary" },
      el("div", { class: "summary" },
        el("div", { class: "tile" }, el("div", { class: "muted small" }, "dataset"), el("div", { class: "value" }, verdict(dataset.verdict))),
        el("div", { class: "tile" }, el("div", { class: "muted small" }, "features drifted"),
          el("div", { class: "value" }, `${dataset.drifted} of ${dataset.judged}`),
          el("div", { class: "muted small" }, `${pct(dataset.share)}; the dataset drifts at ${pct(dataset.threshold)}`)),
        el("div", { class: "tile" }, el("div", { class: "muted small" }, "too little data to judge"), el("div", { class: "value" }, String(dataset.insufficient)))
      ),
      drifted.length
        ? el("p", {}, "Drifted: ", drifted.map((f, i) => [i ? ", " : "", el("a", { href: `#feature-${f.feature}` }, f.feature)]))
        : el("p", {}, "No feature drifted."),
      report.calibration ? el("p", { class: "muted small" }, report.calibration) : null
    )
  );

  const head = el("thead", {}, el("tr", {},
    ["feature", "type", "method", "score", "threshold", "verdict", "missing (current)", "out of range", "unseen"].map((name, i) =>
      el("th", { class: i >= 3 && i !== 5 ? "sortable num" : "sortable" }, name))));
  const body = el("tbody", {}, features.map((f) => el("tr", { id: `row-${f.feature}` },
    el("td", { "data-value": f.feature }, el("a", { href: `#feature-${f.feature}` }, f.feature)),
    el("td", {}, f.type + (f.compared_as !== f.type ? ` (as ${f.compared_as})` : "")),
    el("td", {}, f.method),
    el("td", { class: "num", "data-value": f.score ?? "" }, num(f.score)),
    el("td", { class: "num", "data-value": f.threshold ?? "" }, num(f.threshold)),
    el("td", { "data-value": f.drifted ? 2 : f.verdict === "no_drift" ? 1 : 0 }, verdict(f.verdict)),
    el("td", { class: "num", "data-value": f.current.missing_share ?? "" }, pct(f.current.missing_share)),
    el("td", { class: "num", "data-value": f.out_of_range_share ?? "" }, f.type === "numeric" ? pct(f.out_of_range_share) : "–"),
    el("td", { class: "num", "data-value": f.unseen_count }, f.type === "categorical" ? pct(f.current.values ? f.unseen_count / f.current.values : 0) : "–")
  )));
  page.append(el("h2", {}, "Features"), sortable(el("table", { class: "fw-table", id: "features" }, head, body)));

  page.append(el("h2", {}, "Distributions"));
  for (const f of features) {
    const chart = el("div", { class: "chart" });
    const d = f.distribution;
    if (d && d.labels.length > 0) {
      bars(chart, { labels: d.labels, reference: d.reference, current: d.current, title: `${f.feature}: reference and current`, notes: d.note });
    } else {
      chart.append(el("p", { class: "muted" }, "No values to draw on one side or both."));
    }
    const thresholdHow = {
      calibrated: "calibrated to the false-alarm rate at this sample size",
      fixed: "fixed (the method's default, or --threshold)",
    }[f.threshold_source] || f.threshold_source || "–";
    const facts = [
      ["method", `${f.method} (${f.score_kind === "p_value" ? "p-value: drift below the threshold" : "distance: drift above the threshold"})`],
      ["score", num(f.score)],
      ["threshold", `${num(f.threshold)}, ${thresholdHow}`],
      ["false-alarm rate", f.false_alarm_rate === null ? "–" : pct(f.false_alarm_rate)],
      ["verdict", verdict(f.verdict)],
      ["reason", f.reason || null],
      ["rows", `${num(f.reference.rows)} reference, ${num(f.current.rows)} current`],
      ["missing", `${pct(f.reference.missing_share)} reference, ${pct(f.current.missing_share)} current`],
      ["out of range", f.type === "numeric" ? pct(f.out_of_range_share) : null],
      ["unseen", f.type === "categorical"
        ? `${pct(f.current.values ? f.unseen_count / f.current.values : 0)} (${num(f.unseen_count)} values)${f.unseen_categories.length ? ": " + f.unseen_categories.join(", ") : ""}`
        : null],
      ["first invalid", f.first_invalid || null],
    ].filter(([, v]) => v !== null);
    page.append(el("section", { class: f.drifted ? "card drifted" : "card", id: `feature-${f.feature}` },
      el("h3", {}, f.feature, " ", verdict(f.verdict)),
      el("div", { class: "card-body" }, chart, el("dl", {}, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])))
    ));
  }
})();
