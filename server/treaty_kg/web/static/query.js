// The query page: examples from queries/*.rq, results from /sparql as a table whose IRIs link to
// the resource pages, download links for every result format. Plain JS, nothing fetched but /sparql.
(function () {
  "use strict";
  var BASE = "https://w3id.org/treaty-kg/";
  var RESULT_FORMATS = [["json", "SPARQL JSON"], ["xml", "SPARQL XML"], ["csv", "CSV"], ["tsv", "TSV"]];
  var GRAPH_FORMATS = [["ttl", "Turtle"], ["nt", "N-Triples"], ["jsonld", "JSON-LD"], ["rdf", "RDF/XML"]];
  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query");
  var select = document.getElementById("example");
  var statusBox = document.getElementById("status");
  var errorBox = document.getElementById("error");
  var results = document.getElementById("results");
  var downloads = document.getElementById("downloads");
  var links = document.getElementById("download-links");
  var examples = JSON.parse(document.getElementById("examples").textContent);

  select.addEventListener("change", function () {
    var example = examples[select.value];
    if (example) { textarea.value = example.query; run(example.query); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(textarea.value); });

  // SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside comments, IRIs and strings.
  function queryForm(query) {
    var text = query.replace(/#[^\n]*/g, " ").replace(/<[^>\s]*>/g, " ").replace(/"[^"\n]*"|'[^'\n]*'/g, " ");
    var match = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(text);
    return match ? match[1].toUpperCase() : "SELECT";
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function termNode(term) {
    if (!term) return document.createTextNode("");
    if (term.type === "uri") {
      var local = term.value.indexOf(BASE) === 0;
      var path = term.value.slice(BASE.length);
      var a = el("a", { href: local ? "/" + path : term.value, title: term.value },
                 local ? path.replace("/", ":") : term.value);
      if (!local) { a.className = "external"; a.rel = "external"; }
      return a;
    }
    if (term.type === "bnode") return document.createTextNode("_:" + term.value);
    var span = el("span", term["xml:lang"] ? { lang: term["xml:lang"] } : {}, term.value);
    var wrap = document.createElement("span");
    wrap.appendChild(span);
    var tag = term["xml:lang"] ? "@" + term["xml:lang"] : (term.datatype ? term.datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:") : "");
    if (tag) { wrap.appendChild(document.createTextNode(" ")); wrap.appendChild(el("small", { "class": "tag" }, tag)); }
    return wrap;
  }

  function table(data) {
    var vars = data.head.vars || [];
    var t = el("table", { id: "results-table" });
    var head = t.createTHead().insertRow();
    vars.forEach(function (v) { head.appendChild(el("th", {}, "?" + v)); });
    var body = t.createTBody();
    data.results.bindings.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.insertCell().appendChild(termNode(row[v])); });
    });
    return t;
  }

  function showDownloads(query, kind) {
    links.textContent = "";
    (kind === "graph" ? GRAPH_FORMATS : RESULT_FORMATS).forEach(function (f, i) {
      if (i) links.appendChild(document.createTextNode(" · "));
      links.appendChild(el("a", { href: "/sparql?" + new URLSearchParams({ query: query, format: f[0] }), download: "results." + f[0] }, f[1]));
    });
    downloads.hidden = false;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    statusBox.textContent = "";
  }

  function run(query) {
    var kind = /^(CONSTRUCT|DESCRIBE)$/.test(queryForm(query)) ? "graph" : "results";
    errorBox.hidden = true; downloads.hidden = true; results.textContent = "";
    statusBox.textContent = "Running…";
    var started = performance.now();
    fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": kind === "graph" ? "text/turtle" : "application/sparql-results+json" },
      body: new URLSearchParams({ query: query })
    }).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { showError("The endpoint answered " + response.status + " " + response.statusText + ":\n" + text); return; }
        var ms = Math.round(performance.now() - started);
        showDownloads(query, kind);
        if (kind === "graph") {
          results.appendChild(el("pre", {}, text));
          statusBox.textContent = "Graph in " + ms + " ms.";
          return;
        }
        var data = JSON.parse(text);
        if (typeof data.boolean === "boolean") {
          results.appendChild(el("p", { "class": "ask" }, data.boolean ? "Yes (true)" : "No (false)"));
          statusBox.textContent = "Answered in " + ms + " ms.";
          return;
        }
        results.appendChild(table(data));
        var n = data.results.bindings.length;
        statusBox.textContent = n + (n === 1 ? " row" : " rows") + " in " + ms + " ms.";
      });
    }).catch(function (error) { showError("The query could not be sent: " + error.message); });
  }
})();
