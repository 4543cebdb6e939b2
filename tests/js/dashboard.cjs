// Runs the dashboard's inline script in jsdom and reports what a reader
// would see: the table without scripts, then after filtering and sorting.
// Used by tests/it/register.rs; prints one JSON document.
"use strict";
const fs = require("fs");
const { JSDOM } = require("jsdom");

const html = fs.readFileSync(process.argv[2], "utf8");
const ids = (document) =>
  Array.from(document.querySelectorAll("table.activities tbody tr"))
    .filter((row) => !row.hidden)
    .map((row) => row.querySelector("th code").textContent);
const column = (document, n) =>
  Array.from(document.querySelectorAll("table.activities tbody tr"))
    .map((row) => row.cells[n].getAttribute("data-sort"));

const still = new JSDOM(html).window.document;
const dom = new JSDOM(html, { runScripts: "dangerously" });
const { document, Event } = dom.window;
const headings = Array.from(document.querySelectorAll("table.activities thead th"));
const input = document.querySelector("label.filter input");
const out = {
  without_script: ids(still),
  script_buttons: headings.filter((th) => th.querySelector("button.sort")).length,
  headings: headings.length,
  filter_label: document.querySelector("label.filter").firstChild.textContent,
};
input.value = process.argv[3];
input.dispatchEvent(new Event("input"));
out.filtered = ids(document);
out.shown = document.querySelector("label.filter span").textContent;
input.value = "";
input.dispatchEvent(new Event("input"));
const click = (name) => {
  const th = headings.find((h) => h.textContent.trim() === name);
  th.querySelector("button").click();
  return headings.indexOf(th);
};
out.sorted = {};
for (const name of process.argv.slice(4)) {
  const n = click(name);
  const ascending = column(document, n);
  const state = headings[n].getAttribute("aria-sort");
  click(name);
  out.sorted[name] = { ascending, state, descending: column(document, n), then: headings[n].getAttribute("aria-sort") };
}
console.log(JSON.stringify(out));
