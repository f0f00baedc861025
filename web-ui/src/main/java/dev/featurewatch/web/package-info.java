/**
 * What featurewatch shows in a browser. {@link dev.featurewatch.web.HtmlPage} assembles a
 * self-contained page from the assets in this package's resources: {@code fw.css}, {@code
 * fw-charts.js} (our own SVG charts, no library) and one page script per kind of page, which draws
 * the page from the JSON data inlined beside it. Plain HTML, CSS and JavaScript: building needs no
 * Node toolchain. Depends on nothing.
 */
package dev.featurewatch.web;
