"""The HTML page's inline style sheet and script: kept apart from the markup so each stays readable."""

PAGE_CSS = """
:root { --ink: #1d1c1d; --muted: #5e5d60; --line: #dddddd; --accent: #1264a3; --paper: #ffffff; --code: #f4f4f4; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e8e8e8; --muted: #a9a9ad; --line: #3a3a3e; --accent: #5eb1f2; --paper: #1a1d21; --code: #25282d; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 56rem; padding: 0 1rem 3rem; font: 1rem/1.55 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper); }
a { color: var(--accent); }
a:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--paper); padding: .5rem; }
header { border-bottom: 1px solid var(--line); padding-bottom: .5rem; }
h1 { margin: 1rem 0 .25rem; font-size: 1.8rem; }
.version, .meta, .sources, small { color: var(--muted); }
.search { padding: .5rem 0; }
.search label { display: block; font-weight: 600; }
.search input { width: 100%; font: inherit; padding: .6rem .75rem; border: 2px solid var(--line);
  border-radius: 6px; background: var(--paper); color: var(--ink); }
#search-count { margin: .25rem 0 0; font-size: .9rem; color: var(--muted); }
.toc, .index { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid var(--line); }
.entry { border-bottom: 1px solid var(--line); padding: .5rem 0 1rem; scroll-margin-top: 1rem; }
.entry h3 { margin: .5rem 0 0; }
.entry h3 a.self { color: inherit; text-decoration: none; }
.entry:target { background: color-mix(in srgb, var(--accent) 10%, transparent); }
.meta { margin: 0 0 .5rem; }
.team-note { border-left: 3px solid var(--muted); padding-left: .6rem; font-style: italic; }
h4 { margin: .75rem 0 .25rem; font-size: 1rem; }
pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--code); padding: .5rem .75rem; border-radius: 6px; white-space: pre-wrap;
  word-break: break-word; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .25rem 0; }
dd { margin: 0; }
.example th { text-align: left; font-weight: normal; padding-right: 1rem; }
.letters a { display: inline-block; min-width: 2rem; padding: .25rem; text-align: center; }
[hidden] { display: none !important; }
@media (max-width: 40rem) {
  body { padding: 0 .75rem 2rem; }
  h1 { font-size: 1.4rem; }
  dl { grid-template-columns: 1fr; }
  dd { margin-left: 1rem; }
}
@media print {
  .search, nav, .skip, .letters { display: none !important; }
  body { max-width: none; color: #000; background: #fff; }
  a { color: inherit; text-decoration: none; }
  .entry { break-inside: avoid; }
  h2 { break-after: avoid; }
  #a-z { break-before: page; }
}
"""

PAGE_JS = """
(function () {
  var box = document.getElementById("search"), count = document.getElementById("search-count");
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.category"));
  var index = document.getElementById("a-z"), none = document.getElementById("no-results");
  function filter() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    entries.forEach(function (entry) {
      var text = entry.getAttribute("data-search");
      entry.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
      if (!entry.hidden) { shown++; }
    });
    sections.forEach(function (s) { s.hidden = !s.querySelector("article.entry:not([hidden])"); });
    index.hidden = words.length > 0;
    none.hidden = shown > 0;
    count.textContent = words.length ? shown + " of " + entries.length + " terms match" : entries.length + " terms";
  }
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.closest("[hidden]")) { box.value = ""; filter(); target.scrollIntoView(); }
  }
  box.addEventListener("input", filter);
  box.addEventListener("keydown", function (e) { if (e.key === "Escape") { box.value = ""; filter(); } });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== box) { e.preventDefault(); box.focus(); }
  });
  window.addEventListener("hashchange", reveal);
})();
"""
