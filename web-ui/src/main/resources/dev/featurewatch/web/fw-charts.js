/*
 * featurewatch's charts: small SVG drawings made here, without a library, for the reports written
 * by the command line and for the console. Each function appends one <svg class="fw-chart"> to a
 * container and returns it; every mark has a <title>, which browsers show on hover.
 */
"use strict";

const FW = (() => {
  const SVG = "http://www.w3.org/2000/svg";

  /** An HTML element with attributes and children (strings become text). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  /** An SVG element with attributes; a title attribute becomes a <title> child. */
  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "title") {
        const title = document.createElementNS(SVG, "title");
        title.textContent = value;
        node.append(title);
      } else if (value !== null && value !== undefined) {
        node.setAttribute(name, String(value));
      }
    }
    return node;
  }

  /** A number for people: 4 significant digits, thousands grouped, "–" when absent. */
  function num(value, digits = 4) {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString("en-US");
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) return value.toExponential(digits - 1);
    return Number(value.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 6 });
  }

  /** Appends a <text> holding content to parent; returns it. */
  function label(parent, attributes, content) {
    const node = svg("text", attributes);
    node.textContent = content;
    parent.append(node);
    return node;
  }

  function pct(share) {
    return share === null || share === undefined ? "–" : (100 * share).toFixed(1) + "%";
  }

  function shares(counts) {
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c) => (total === 0 ? 0 : c / total));
  }

  function frame(width, height, label) {
    return svg("svg", {
      class: "fw-chart",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label": label,
    });
  }

  function legend(items) {
    return el(
      "div",
      { class: "legend" },
      items.map(([name, color]) => el("span", { style: `--swatch: var(${color})` }, name))
    );
  }

  /**
   * Reference and current shares per bin, side by side: bins are {labels[i], reference[i],
   * current[i]} counts; the y axis is the share of each side's values.
   */
  function bars(container, { labels, reference, current, title, notes }) {
    const width = 640;
    const height = 260;
    const left = 44;
    const bottom = labels.some((l) => l.length > 6) ? 70 : 34;
    const top = 10;
    const ref = shares(reference);
    const cur = shares(current);
    const max = Math.max(0.0001, ...ref, ...cur);
    const plotWidth = width - left - 10;
    const plotHeight = height - top - bottom;
    const step = plotWidth / labels.length;
    const barWidth = Math.max(1, step * 0.4);
    const chart = frame(width, height, title || "distribution");
    const y = (share) => top + plotHeight - (share / max) * plotHeight;
    for (let t = 0; t <= 4; t++) {
      const share = (max * t) / 4;
      chart.append(svg("line", { class: "axis", x1: left, x2: width - 10, y1: y(share), y2: y(share) }));
      label(chart, { x: left - 4, y: y(share) + 4, "text-anchor": "end" }, pct(share));
    }
    labels.forEach((label, i) => {
      const x = left + i * step + step / 2;
      const tip = (side, s, c) => `${label}\n${side}: ${pct(s)} (${num(c)} values)`;
      chart.append(svg("rect", {
        class: "reference", x: x - barWidth, y: y(ref[i]), width: barWidth,
        height: Math.max(0, top + plotHeight - y(ref[i])), title: tip("reference", ref[i], reference[i]),
      }));
      chart.append(svg("rect", {
        class: "current", x, y: y(cur[i]), width: barWidth,
        height: Math.max(0, top + plotHeight - y(cur[i])), title: tip("current", cur[i], current[i]),
      }));
      const text = svg("text", { x, y: top + plotHeight + 14, "text-anchor": "middle" });
      if (bottom > 34) {
        text.setAttribute("transform", `rotate(-35 ${x} ${top + plotHeight + 14})`);
        text.setAttribute("text-anchor", "end");
      }
      text.textContent = label.length > 14 ? label.slice(0, 13) + "…" : label;
      chart.append(text);
    });
    const figure = el("figure", { class: "fw-figure" }, legend([["reference", "--reference"], ["current", "--current"]]), chart);
    if (notes) figure.append(el("figcaption", { class: "muted small" }, notes));
    container.append(figure);
    return chart;
  }

  /**
   * A line per series over x positions (numbers or ISO instants), with an optional band (lower,
   * upper) per series, horizontal reference lines and vertical markers.
   */
  function lines(container, { x, series, title, yLabel, rules = [], markers = [] }) {
    const width = 720;
    const height = 240;
    const left = 52;
    const bottom = 40;
    const top = yLabel ? 24 : 10; // the label sits above the plot, clear of the top tick
    const xs = x.map((v) => (typeof v === "number" ? v : Date.parse(v)));
    const values = series.flatMap((s) => [...s.values, ...(s.lower || []), ...(s.upper || [])]).filter(Number.isFinite);
    rules.forEach((r) => Number.isFinite(r.value) && values.push(r.value));
    // the data's own range, padded: a metric near 0.7 would be a flat line on an axis from 0
    const low = Math.min(...values);
    const high = Math.max(...values);
    const pad = Math.max((high - low) * 0.08, Math.abs(high) * 1e-3, 1e-9);
    const minY = low >= 0 && low - pad < 0 ? 0 : low - pad;
    const maxY = high + pad;
    const minX = Math.min(...xs);
    const maxX = Math.max(minX + 1, ...xs);
    const plotWidth = width - left - 12;
    const plotHeight = height - top - bottom;
    const px = (v) => left + ((v - minX) / (maxX - minX)) * plotWidth;
    const py = (v) => top + plotHeight - ((v - minY) / (maxY - minY)) * plotHeight;
    const chart = frame(width, height, title || "timeline");
    for (let t = 0; t <= 4; t++) {
      const v = minY + ((maxY - minY) * t) / 4;
      chart.append(svg("line", { class: "axis", x1: left, x2: width - 12, y1: py(v), y2: py(v) }));
      label(chart, { x: left - 4, y: py(v) + 4, "text-anchor": "end" }, num(v, 3));
    }
    const isTime = typeof x[0] === "string";
    [0, Math.floor((xs.length - 1) / 2), xs.length - 1].forEach((i) => {
      if (i < 0 || i >= xs.length) return;
      const anchor = i === 0 ? "start" : i === xs.length - 1 ? "end" : "middle";
      const text = svg("text", { x: px(xs[i]), y: height - 22, "text-anchor": anchor });
      text.textContent = isTime ? x[i].replace("T", " ").replace(":00Z", "Z") : num(xs[i]);
      chart.append(text);
    });
    if (yLabel) {
      label(chart, { x: 4, y: 12 }, yLabel);
    }
    markers.forEach((m) => {
      const at = typeof m.x === "number" ? m.x : Date.parse(m.x);
      chart.append(svg("line", { class: "change", x1: px(at), x2: px(at), y1: top, y2: top + plotHeight, title: m.label }));
    });
    rules.forEach((r) => {
      if (!Number.isFinite(r.value)) return;
      chart.append(svg("line", { class: "threshold", x1: left, x2: width - 12, y1: py(r.value), y2: py(r.value), title: r.label }));
    });
    series.forEach((s) => {
      if (s.lower && s.upper) {
        const upper = xs.map((v, i) => [v, s.upper[i]]).filter(([, u]) => Number.isFinite(u));
        const lower = xs.map((v, i) => [v, s.lower[i]]).filter(([, l]) => Number.isFinite(l)).reverse();
        if (upper.length > 1 && lower.length > 1) {
          const points = [...upper, ...lower].map(([a, b]) => `${px(a)},${py(b)}`).join(" ");
          chart.append(svg("polygon", { class: "band", points, title: `${s.name}: error band` }));
        }
      }
      const points = xs.map((v, i) => [v, s.values[i]]).filter(([, y]) => Number.isFinite(y));
      if (points.length === 0) return;
      chart.append(svg("polyline", {
        class: s.className || "line-current",
        points: points.map(([a, b]) => `${px(a)},${py(b)}`).join(" "),
      }));
      points.forEach(([a, b]) => {
        chart.append(svg("circle", {
          cx: px(a), cy: py(b), r: 2.5, class: (s.className || "line-current").replace("line-", ""),
          title: `${s.name} ${isTime ? x[xs.indexOf(a)] : num(a)}: ${num(b)}`,
        }));
      });
    });
    const figure = el("figure", { class: "fw-figure" }, legend(series.map((s) => [s.name, s.className === "line-reference" ? "--reference" : "--current"])), chart);
    container.append(figure);
    return chart;
  }

  /**
   * A grid of rows × columns, each cell coloured by value / threshold (green below 1, red from 1)
   * or grey when absent; cells[r][c] is {value, threshold, label}.
   */
  function heatmap(container, { rows, columns, cells, title }) {
    const cell = Math.max(8, Math.min(28, Math.floor(600 / Math.max(1, columns.length))));
    const left = 150;
    const top = 10;
    const bottom = 70;
    const width = left + cell * columns.length + 10;
    const height = top + cell * rows.length + bottom;
    const chart = frame(width, height, title || "heatmap");
    // drawn at its own size: a few windows would otherwise be stretched to the page's width
    chart.setAttribute("style", `max-width: ${width}px`);
    const colour = (c) => {
      if (!c || !Number.isFinite(c.value) || !Number.isFinite(c.threshold) || c.threshold === 0) return "#e3e5e9";
      const ratio = Math.min(2, c.value / c.threshold);
      if (c.drift) return `hsl(4, 65%, ${70 - 25 * Math.min(1, ratio - 1)}%)`;
      return `hsl(125, 45%, ${88 - 30 * Math.min(1, ratio)}%)`;
    };
    rows.forEach((row, r) => {
      const text = svg("text", { x: left - 6, y: top + r * cell + cell * 0.68, "text-anchor": "end" });
      text.textContent = row;
      chart.append(text);
      columns.forEach((column, c) => {
        const value = cells[r][c];
        chart.append(svg("rect", {
          x: left + c * cell, y: top + r * cell, width: cell - 1, height: cell - 1, fill: colour(value),
          title: `${row} · ${column}\n${value ? value.label : "no result"}`,
        }));
      });
    });
    const every = Math.max(1, Math.ceil(columns.length / 12));
    columns.forEach((column, c) => {
      if (c % every !== 0) return;
      const x = left + c * cell + cell / 2;
      const y = top + rows.length * cell + 10;
      const text = svg("text", { x, y, "text-anchor": "end", transform: `rotate(-40 ${x} ${y})` });
      text.textContent = column.replace("T", " ").replace(":00Z", "");
      chart.append(text);
    });
    container.append(el("figure", { class: "fw-figure" }, chart));
    return chart;
  }

  /**
   * Makes a table's header cells marked sortable sort its body on click, numbers by their
   * data-value, text otherwise; a second click reverses.
   */
  function sortable(table) {
    const headers = [...table.querySelectorAll("thead th")];
    headers.forEach((th, index) => {
      if (!th.classList.contains("sortable")) return;
      th.setAttribute("tabindex", "0");
      const sort = () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const key = (row) => {
          const cellNode = row.cells[index];
          const raw = cellNode.dataset.value;
          if (raw !== undefined && raw !== "" && !Number.isNaN(Number(raw))) return Number(raw);
          return cellNode.textContent.trim().toLowerCase();
        };
        const rows = [...body.rows].sort((a, b) => {
          const ka = key(a);
          const kb = key(b);
          const order = typeof ka === "number" && typeof kb === "number" ? ka - kb : String(ka).localeCompare(String(kb));
          return ascending ? order : -order;
        });
        rows.forEach((row) => body.append(row));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), sort()));
    });
    return table;
  }

  /** The JSON data inlined in the page. */
  function data() {
    return JSON.parse(document.getElementById("fw-data").textContent);
  }

  return { el, svg, num, pct, bars, lines, heatmap, sortable, data };
})();
