// The query page with JavaScript: YASGUI's editor (YASQE) and results view (YASR), vendored in
// vendor/yasgui, in place of the plain form. Everything comes from the page's #editor-config
// (query_editor.py): the project's prefixes, the ontology's classes and properties for completion,
// the competency questions as examples. Nothing is fetched but /sparql: YASQE's LOV-backed class
// and property completers are replaced by ones over the ontology, prefix.cc by the project's prefixes.
(function () {
  "use strict";
  if (!window.Yasqe || !window.Yasr) return; // the bundle did not load: the plain form stays
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query");
  var select = document.getElementById("example");
  var editorEl = document.getElementById("editor");
  var resultsEl = document.getElementById("results");

  // Completion from the page's own lists. IRIs are completed in full; YASQE turns them back into
  // prefixed names when the query declares the prefix.
  function completer(from, name, terms) {
    Yasqe.forkAutocompleter(from, {
      name: name,
      bulk: true,
      persistenceId: null,
      get: function () { return terms; }
    }, false);
  }
  completer("prefixes", "project-prefixes",
            Object.keys(config.prefixes).map(function (p) { return p + ": <" + config.prefixes[p] + ">"; }));
  completer("class", "project-classes", config.classes);
  completer("property", "project-properties", config.properties);
  // Set on the defaults, not passed in: YASQE merges arrays of its config by index.
  Yasqe.defaults.autocompleters = ["project-prefixes", "variables", "project-classes", "project-properties"];

  var endpoint = new URL(config.endpoint, window.location.href).href;
  var yasqe = new Yasqe(editorEl, {
    value: textarea.value,
    persistenceId: null, // the page's query (?query=, ?example=) wins over a remembered one
    editorHeight: "22em",
    collapsePrefixesOnLoad: true, // the PREFIX block folds to one line; a click unfolds it
    resizeable: true,
    createShareableLink: function (y) {
      return window.location.origin + "/?" + new URLSearchParams({ query: y.getValue() });
    },
    consumeShareLink: null,
    requestConfig: {
      endpoint: endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle"
    }
  });
  Yasr.plugins.table.defaults.openIriInNewWindow = false;
  var yasr = new Yasr(resultsEl, {
    prefixes: config.prefixes,
    persistenceId: null,
    pluginOrder: ["table", "response"],
    defaultPlugin: "table",
    getPlainQueryLinkToEndpoint: function () {
      return endpoint + "?" + new URLSearchParams({ query: yasqe.getValue() });
    }
  });
  yasqe.on("queryResponse", function (_y, response, duration) { yasr.setResponse(response, duration); });
  form.hidden = true;
  editorEl.hidden = false;
  document.getElementById("editor-help").hidden = false;
  yasqe.refresh();

  // Our IRIs open on this host (the server answers every IRI of the namespace at its own path);
  // YASR writes them as links to w3id.org, so they are rewritten as the table draws them.
  var local = new RegExp("^" + config.base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "(" + config.spaces.join("|") + ")(/|$)");
  function localise(root) {
    root.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (local.test(href)) {
        a.setAttribute("href", "/" + href.slice(config.base.length));
        a.setAttribute("title", href);
        a.removeAttribute("target");
      }
    });
  }
  new MutationObserver(function () { localise(resultsEl); }).observe(resultsEl, { childList: true, subtree: true });

  select.addEventListener("change", function () {
    var example = config.examples.filter(function (e) { return e.name === select.value; })[0];
    if (!example) return;
    yasqe.setValue(example.query);
    yasqe.query().catch(function () {});
  });
})();
