"""The HTML, CSS and JavaScript of the interactive graph page, as string constants.

Kept apart from :mod:`graph.render` so the Python that prepares the data stays readable, and kept
as a module rather than a package data file so an installed wheel can never lose it.

The page's contract with :mod:`graph.render`:

- ``{{name}}`` placeholders are filled in a single pass (inserted text is never scanned again);
- the graph arrives as JSON in ``<script type="application/json" id="graph-data">``, escaped so
  that no string can close the element (see :func:`graph.render.script_json`);
- the script builds every piece of the page from that data with ``textContent`` and DOM nodes,
  never ``innerHTML``: article text can only ever be text;
- ``window.newsgraph = {network, nodes, edges, data, ready}`` is exposed for tests and power
  users; ``ready`` turns true once the layout is final.
"""

from __future__ import annotations

__all__ = ["PAGE", "APP_CSS", "APP_JS", "SCRIPT_COUNT"]

#: Number of ``<script>`` elements in :data:`PAGE` (data, vis-network, app): a page with more
#: has been injected into.
SCRIPT_COUNT = 3

PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{csp}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="newsgraph {{version}}">
<title>{{title}}</title>
<style>{{vis_css}}</style>
<style>{{app_css}}</style>
</head>
<body>
<header id="top">
  <h1 id="page-title">{{title}}</h1>
  <p id="summary" aria-live="polite"></p>
  <form id="search-form" role="search" autocomplete="off">
    <input id="search" type="search" list="names" placeholder="Find an entity by any name\u2026"
           aria-label="Find an entity by name or alias">
    <datalist id="names"></datalist>
    <button type="submit">Find</button>
    <span id="search-status" aria-live="polite"></span>
  </form>
</header>
<main>
  <aside id="sidebar">
    <section>
      <h2>Classes</h2>
      <ul id="legend" class="checks"></ul>
      <p class="note" id="size-note"></p>
    </section>
    <section>
      <h2>Relations <span class="links"><button type="button" id="pred-all">all</button>
        <button type="button" id="pred-none">none</button></span></h2>
      <ul id="predicates" class="checks"></ul>
    </section>
    <section>
      <h2>Neighbourhood</h2>
      <p class="controls">
        <label>hops <select id="hops"><option>1</option><option selected>2</option>
          <option>3</option></select></label>
        <button type="button" id="hood">Show around selection</button>
        <button type="button" id="reset">Show all</button>
      </p>
    </section>
  </aside>
  <div id="network" role="img" aria-label="Network of entities and relations"></div>
  <aside id="panel" aria-live="polite"></aside>
</main>
<script type="application/json" id="graph-data">{{data}}</script>
<script>{{vis_js}}</script>
<script>{{app_js}}</script>
</body>
</html>
"""

APP_CSS = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --bg: #f5f7fa; --accent: #2f6fbd; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: var(--bg); display: flex; flex-direction: column; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 20px; padding: 10px 16px;
         background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0; font-weight: 650; }
#summary { margin: 0; color: var(--muted); flex: 1 1 280px; }
#search-form { display: flex; gap: 6px; align-items: center; }
#search { width: 280px; padding: 6px 10px; border: 1px solid #bcccdc; border-radius: 6px;
          font: inherit; }
button { font: inherit; padding: 5px 10px; border: 1px solid #bcccdc; border-radius: 6px;
         background: #fff; color: var(--ink); cursor: pointer; }
button:hover { background: #eef2f7; }
#search-status { color: #b42318; min-width: 1em; }
main { flex: 1; display: flex; min-height: 0; }
#sidebar { width: 230px; flex: none; overflow-y: auto; padding: 8px 14px; background: #fff;
           border-right: 1px solid var(--line); }
#sidebar h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em;
              color: var(--muted); margin: 14px 0 6px; display: flex; align-items: center;
              justify-content: space-between; }
#sidebar h2 .links button { padding: 0 6px; font-size: 11px; text-transform: none;
                            letter-spacing: 0; }
ul.checks { list-style: none; margin: 0; padding: 0; }
ul.checks li label { display: flex; align-items: center; gap: 8px; padding: 2px 0;
                     cursor: pointer; }
ul.checks li .name { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
ul.checks li .count { color: var(--muted); font-variant-numeric: tabular-nums; font-size: 12px; }
ul.checks svg { flex: none; }
#predicates { max-height: 40vh; overflow-y: auto; }
.note { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
.controls { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0; }
#network { flex: 1; min-width: 0; background: #fff; }
#panel { width: 360px; flex: none; overflow-y: auto; padding: 12px 16px; background: #fff;
         border-left: 1px solid var(--line); }
#panel h2 { font-size: 17px; margin: 0 0 4px; overflow-wrap: anywhere; }
#panel h3 { font-size: 13px; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase;
            letter-spacing: .05em; }
#panel .hint { color: var(--muted); }
#panel .kind { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
               font-size: 12px; margin-right: 6px; }
#panel .aliases, #panel .iri, #panel .scores { color: var(--muted); font-size: 12px;
                                               overflow-wrap: anywhere; margin: 4px 0; }
#panel .relation { border-top: 1px solid var(--line); padding: 8px 0; }
#panel .relation > button { border: none; padding: 0; background: none; text-align: left;
                            color: var(--accent); font-weight: 600; overflow-wrap: anywhere; }
#panel .relation > button:hover { text-decoration: underline; }
#panel blockquote { margin: 6px 0 2px; padding: 2px 0 2px 10px; border-left: 3px solid #9fb3c8;
                    overflow-wrap: anywhere; white-space: pre-wrap; unicode-bidi: plaintext; }
#panel .source { font-size: 12px; color: var(--muted); margin: 0 0 6px 13px;
                 overflow-wrap: anywhere; }
#panel .flag { color: #b42318; font-weight: 600; }
#panel .more { color: var(--muted); font-size: 12px; }
.tip { max-width: 340px; font: 13px/1.4 system-ui, sans-serif; white-space: normal;
       overflow-wrap: anywhere; }
.tip strong { display: block; }
.tip .muted { color: var(--muted); }
div.vis-tooltip { white-space: normal; max-width: 360px; border-radius: 6px; padding: 6px 8px;
                  background: #fff; border: 1px solid var(--line);
                  box-shadow: 0 2px 8px rgba(0,0,0,.15); }
"""

APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var meta = data.meta, kinds = meta.kinds, predicates = meta.predicates, docs = data.documents;
  var MAX_LABEL = 48, MAX_RELATIONS = 40, MAX_QUOTES = 3;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clip(text, n) { text = String(text); return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }
  function fmt(n) { return Number(n).toLocaleString("en"); }
  function fold(text) { return String(text).toLocaleLowerCase().normalize("NFKC").trim(); }
  function count(e) { return Math.max(1, e.ev.length); }
  function edgeLabel(e) {
    var label = predicates[e.p].label;
    return count(e) > 1 ? label + " \u00d7" + count(e) : label;
  }

  // -- vis items (titles are DOM nodes built with textContent: vis would render strings) ------
  function nodeTip(n) {
    var tip = el("div", "tip");
    tip.appendChild(el("strong", null, n.label));
    tip.appendChild(el("span", "muted", kinds[n.kind].name + " \u00b7 " + fmt(n.degree) + " relations"));
    if (n.aliases.length) tip.appendChild(el("div", "muted", "also: " + clip(n.aliases.join(", "), 160)));
    return tip;
  }
  function edgeTip(e) {
    var tip = el("div", "tip");
    tip.appendChild(el("strong", null, data.nodes[e.from].label + " \u2192 " + predicates[e.p].label +
      " \u2192 " + data.nodes[e.to].label));
    tip.appendChild(el("span", "muted", e.ev.length + (e.ev.length === 1 ? " statement" : " statements")));
    if (e.ev.length && e.ev[0][0]) tip.appendChild(el("div", null, "\u201c" + clip(e.ev[0][0], 220) + "\u201d"));
    return tip;
  }
  var nodeItems = data.nodes.map(function (n, i) {
    var k = kinds[n.kind];
    return {
      id: i, label: clip(n.label, MAX_LABEL), x: n.x, y: n.y, value: n.size, shape: k.shape,
      color: { background: k.color, border: k.border,
               highlight: { background: k.color, border: "#1f2933" },
               hover: { background: k.color, border: "#1f2933" } },
      title: nodeTip(n)
    };
  });
  var edgeItems = data.edges.map(function (e, i) {
    var item = { id: i, from: e.from, to: e.to, label: edgeLabel(e), width: Math.min(1 + 1.5 * (count(e) - 1), 7), title: edgeTip(e) };
    if (e.curve) item.smooth = { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve) };
    return item;
  });
  var nodes = new vis.DataSet(nodeItems), edges = new vis.DataSet(edgeItems);
  var large = meta.large, physics = meta.stabilisation > 0, few = data.nodes.length <= meta.label_all_below;
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: {
      borderWidth: 1, borderWidthSelected: 3,
      font: { size: 14, face: "system-ui, sans-serif", color: "#1f2933", strokeWidth: 4, strokeColor: "#ffffff" },
      scaling: { min: 8, max: meta.size_max,
                 label: { enabled: false, drawThreshold: 8 } }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      color: { color: large ? "rgba(140,155,175,0.35)" : "#a9b4c2", highlight: "#1f2933", hover: "#52606d", inherit: false },
      font: { size: large ? 0 : 11, face: "system-ui, sans-serif", color: "#52606d", strokeWidth: 4, strokeColor: "#ffffff", align: "horizontal" },
      scaling: { label: { enabled: false, drawThreshold: 7 } },
      selectionWidth: 2, hoverWidth: 1.5,
      smooth: large ? false : { enabled: true, type: "continuous", roundness: 0.3 }
    },
    physics: !physics ? false : {
      enabled: true, solver: "barnesHut",
      barnesHut: few ? { gravitationalConstant: -4000, centralGravity: 0.15, springLength: 150, springConstant: 0.025,
                         damping: 0.4, avoidOverlap: 0.6 }
                     : { gravitationalConstant: -2500, centralGravity: 0.4, springLength: 110, springConstant: 0.03,
                         damping: 0.4, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: meta.stabilisation, updateInterval: 1000, fit: true }
    },
    interaction: { hover: true, tooltipDelay: 250, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                   keyboard: false, multiselect: false, navigationButtons: false }
  };
  var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, options);
  var api = { network: network, nodes: nodes, edges: edges, data: data, ready: false };
  window.newsgraph = api;
  // Labels: the most important nodes (all of them in a small graph) keep a readable label at any
  // zoom, growing in canvas units as the view zooms out; vis draws the other labels only once they
  // are big enough on screen. In a large graph, edge labels show for the selected node only.
  var labelled = data.nodes.length <= meta.label_all_below ? data.nodes.length : meta.hub_labels;
  var labelSizes = data.nodes.map(function () { return 14; }), labelledAt = null, relabelPending = false;
  function labelImportant() {
    var scale = Math.max(network.getScale(), 1e-3), updates = [];
    labelledAt = scale;
    data.nodes.forEach(function (node, i) {
      if (node.rank >= labelled) return;
      var size = Math.max(14, (12 + 6 * (1 - node.rank / labelled)) / scale);
      if (Math.abs(size - labelSizes[i]) > 0.05 * size) { labelSizes[i] = size; updates.push({ id: i, font: { size: size } }); }
    });
    if (updates.length) nodes.update(updates);
  }
  network.on("afterDrawing", function () {  // zooming, by hand or animated, changes the scale
    var scale = network.getScale();
    if (relabelPending || labelledAt === null || Math.abs(scale - labelledAt) < 0.05 * labelledAt) return;
    relabelPending = true;
    window.requestAnimationFrame(function () { relabelPending = false; labelImportant(); });
  });
  var labelledEdges = [];
  function labelSelectedEdges() {
    if (!large) return;
    var now = network.getSelectedNodes().length ? network.getConnectedEdges(network.getSelectedNodes()[0]) : network.getSelectedEdges();
    edges.update(labelledEdges.map(function (id) { return { id: id, font: { size: 0 } }; })
      .concat(now.map(function (id) { return { id: id, font: { size: 12 } }; })));
    labelledEdges = now;
  }
  network.on("select", labelSelectedEdges);

  function tidyIsolated() {
    // Entities without a drawn relation would otherwise float around the picture and shrink it;
    // they go in rows under it, where they are easy to scan.
    var linked = data.nodes.map(function () { return false; });
    data.edges.forEach(function (e) { linked[e.from] = true; linked[e.to] = true; });
    var alone = [], box = { left: Infinity, right: -Infinity, bottom: -Infinity }, positions = network.getPositions();
    data.nodes.forEach(function (n, i) {
      if (!linked[i]) { alone.push(i); return; }
      var p = positions[i];
      box.left = Math.min(box.left, p.x); box.right = Math.max(box.right, p.x); box.bottom = Math.max(box.bottom, p.y);
    });
    if (!alone.length || alone.length === data.nodes.length) return;
    var gap = 110, columns = Math.max(4, Math.floor((box.right - box.left) / gap) + 1);
    alone.forEach(function (id, k) {
      network.moveNode(id, box.left + (k % columns) * gap, box.bottom + 2 * gap + Math.floor(k / columns) * gap);
    });
    network.fit();
  }
  function markReady() {
    if (physics) network.setOptions({ physics: { enabled: false } });
    tidyIsolated();
    labelImportant();
    api.ready = true;
    if (meta.focus !== null) select(meta.focus, false);  // the page already shows its neighbourhood
  }
  if (physics) network.once("stabilizationIterationsDone", markReady);
  else network.once("afterDrawing", markReady);

  // -- the evidence panel -----------------------------------------------------------------------
  var panel = document.getElementById("panel");
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function hint() {
    clear(panel);
    panel.appendChild(el("p", "hint", "Click an entity or a relation to read the sentences behind it. " +
      "Search by any name or alias above; filter by class and relation on the left."));
  }
  function quotes(parent, e, limit) {
    e.ev.slice(0, limit).forEach(function (ev) {
      var sentence = ev[0], doc = ev[1] === null ? null : docs[ev[1]];
      parent.appendChild(el("blockquote", null, sentence === null ? "(no sentence recorded)" : sentence));
      var source = el("p", "source");
      var parts = [];
      if (doc) { parts.push(doc.title || doc.iri); if (doc.date) parts.push(doc.date); }
      if (ev[2] !== null) parts.push("confidence " + Number(ev[2]).toFixed(2));
      source.appendChild(document.createTextNode(parts.join(" \u00b7 ")));
      if (ev[3]) source.appendChild(el("span", "flag", " \u00b7 negated"));
      if (ev[4]) source.appendChild(el("span", "flag", " \u00b7 " + ev[4]));
      parent.appendChild(source);
    });
    if (e.ev.length > limit) parent.appendChild(el("p", "more", "+ " + (e.ev.length - limit) + " more statements"));
  }
  function kindBadge(n) {
    var badge = el("span", "kind", kinds[n.kind].name);
    badge.style.background = kinds[n.kind].border;
    return badge;
  }
  function showEdge(id) {
    var e = data.edges[id];
    clear(panel);
    panel.appendChild(el("h2", null, data.nodes[e.from].label + " \u2192 " + predicates[e.p].label + " \u2192 " + data.nodes[e.to].label));
    var articles = {};
    e.ev.forEach(function (ev) { articles[ev[1]] = true; });
    panel.appendChild(el("p", "scores", e.ev.length + " statements from " + Object.keys(articles).length + " articles"));
    panel.appendChild(el("h3", null, "Evidence"));
    quotes(panel, e, e.ev.length);
  }
  function showNode(id) {
    var n = data.nodes[id];
    clear(panel);
    panel.appendChild(el("h2", null, n.label));
    var line = el("p");
    line.appendChild(kindBadge(n));
    line.appendChild(document.createTextNode(fmt(n.degree) + " relations \u00b7 PageRank " + n.pagerank.toPrecision(3)));
    panel.appendChild(line);
    if (n.aliases.length) panel.appendChild(el("p", "aliases", "Also called: " + n.aliases.join(" \u00b7 ")));
    panel.appendChild(el("p", "iri", n.iri));
    var incident = network.getConnectedEdges(id).map(Number).sort(function (a, b) {
      return count(data.edges[b]) - count(data.edges[a]) || a - b;
    });
    panel.appendChild(el("h3", null, "Relations (" + incident.length + ")"));
    incident.slice(0, MAX_RELATIONS).forEach(function (eid) {
      var e = data.edges[eid], box = el("div", "relation");
      var text = e.from === id ? "\u2192 " + edgeLabel(e) + " \u2192 " + data.nodes[e.to].label
                               : data.nodes[e.from].label + " \u2192 " + edgeLabel(e) + " \u2192";
      var link = el("button", null, text);
      link.type = "button";
      link.addEventListener("click", function () { network.selectEdges([eid]); labelSelectedEdges(); showEdge(eid); });
      box.appendChild(link);
      quotes(box, e, MAX_QUOTES);
      panel.appendChild(box);
    });
    if (incident.length > MAX_RELATIONS) panel.appendChild(el("p", "more", "+ " + (incident.length - MAX_RELATIONS) + " more relations"));
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else hint();
  });

  // -- filters: class, predicate, neighbourhood ---------------------------------------------------
  var kindOn = kinds.map(function () { return true; });
  var predOn = predicates.map(function () { return true; });
  var hood = null;
  var nodeHidden = data.nodes.map(function () { return false; });
  var edgeHidden = data.edges.map(function () { return false; });
  function apply() {
    var nodeChanges = [], edgeChanges = [], shown = 0;
    data.nodes.forEach(function (n, i) {
      var hide = !kindOn[n.kind] || (hood !== null && !hood[i]);
      if (!hide) shown++;
      if (hide !== nodeHidden[i]) { nodeHidden[i] = hide; nodeChanges.push({ id: i, hidden: hide }); }
    });
    data.edges.forEach(function (e, i) {
      var hide = !predOn[e.p] || nodeHidden[e.from] || nodeHidden[e.to];
      if (hide !== edgeHidden[i]) { edgeHidden[i] = hide; edgeChanges.push({ id: i, hidden: hide }); }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    summarise(shown);
  }
  function swatch(k) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), shape;
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "0 0 14 14");
    var polygons = { triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13", diamond: "7,0 14,7 7,14 0,7",
                     star: "7,0 9,5 14,5 10,8.5 11.5,14 7,10.5 2.5,14 4,8.5 0,5 5,5",
                     hexagon: "3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7" };
    if (k.shape === "square") { shape = document.createElementNS(ns, "rect"); shape.setAttribute("x", "1.5"); shape.setAttribute("y", "1.5"); shape.setAttribute("width", "11"); shape.setAttribute("height", "11"); }
    else if (polygons[k.shape]) { shape = document.createElementNS(ns, "polygon"); shape.setAttribute("points", polygons[k.shape]); }
    else { shape = document.createElementNS(ns, "circle"); shape.setAttribute("cx", "7"); shape.setAttribute("cy", "7"); shape.setAttribute("r", "6"); }
    shape.setAttribute("fill", k.color); shape.setAttribute("stroke", k.border);
    svg.appendChild(shape);
    return svg;
  }
  function checkbox(list, name, total, mark, onChange) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    if (mark) label.appendChild(mark);
    label.appendChild(el("span", "name", name));
    label.appendChild(el("span", "count", fmt(total)));
    label.title = name;
    li.appendChild(label);
    list.appendChild(li);
    return box;
  }
  var legend = document.getElementById("legend");
  var kindBoxes = kinds.map(function (k, i) {
    return checkbox(legend, k.name, k.count, swatch(k), function (on) { kindOn[i] = on; apply(); });
  });
  var predList = document.getElementById("predicates");
  var predBoxes = predicates.map(function (p, i) {
    return checkbox(predList, p.label, p.count, null, function (on) { predOn[i] = on; apply(); });
  });
  function setAllPredicates(on) { predBoxes.forEach(function (b, i) { b.checked = on; predOn[i] = on; }); apply(); }
  document.getElementById("pred-all").addEventListener("click", function () { setAllPredicates(true); });
  document.getElementById("pred-none").addEventListener("click", function () { setAllPredicates(false); });
  document.getElementById("size-note").textContent = "Size: " + (meta.size_by === "degree" ? "number of relations" : "PageRank") +
    ". Shape and colour: class.";

  function neighbourhood(start, hops) {
    var seen = {}, frontier = [start];
    seen[start] = true;
    var adjacency = data.nodes.map(function () { return []; });
    data.edges.forEach(function (e) {
      if (!predOn[e.p]) return;
      adjacency[e.from].push(e.to); adjacency[e.to].push(e.from);
    });
    for (var h = 0; h < hops; h++) {
      var next = [];
      frontier.forEach(function (u) { adjacency[u].forEach(function (v) { if (!seen[v]) { seen[v] = true; next.push(v); } }); });
      frontier = next;
    }
    return seen;
  }
  document.getElementById("hood").addEventListener("click", function () {
    var selected = network.getSelectedNodes();
    if (!selected.length) { status("Select an entity first."); return; }
    hood = neighbourhood(selected[0], Number(document.getElementById("hops").value));
    apply();
    network.fit({ nodes: Object.keys(hood).map(Number), animation: { duration: 400 } });
  });
  document.getElementById("reset").addEventListener("click", function () {
    hood = null;
    kindBoxes.forEach(function (b, i) { b.checked = true; kindOn[i] = true; });
    setAllPredicates(true);
    network.fit({ animation: { duration: 400 } });
  });

  // -- summary ------------------------------------------------------------------------------------
  var summary = document.getElementById("summary");
  function summarise(shown) {
    var text = "Showing " + fmt(shown) + " of " + fmt(meta.total_nodes) + " nodes \u00b7 " + fmt(data.edges.length) + " relations";
    if (meta.focus_label !== null) text += " \u00b7 neighbourhood of \u201c" + meta.focus_label + "\u201d within " + meta.hops + (meta.hops === 1 ? " hop" : " hops");
    if (meta.left_out > 0) text += " \u00b7 " + fmt(meta.left_out) + " less central nodes left out (raise --max-nodes to draw them)";
    if (shown < data.nodes.length) text += " \u00b7 " + fmt(data.nodes.length - shown) + " hidden by filters";
    summary.textContent = text;
  }

  // -- search by any name -------------------------------------------------------------------------
  var byName = new Map(), names = document.getElementById("names"), listed = new Set();
  function remember(name, id, preferred) {
    var key = fold(name);
    if (!byName.has(key) || preferred && !byName.get(key).preferred) byName.set(key, { id: id, preferred: preferred });
    if (!listed.has(name)) { listed.add(name); var option = el("option"); option.value = name; names.appendChild(option); }
  }
  data.nodes.forEach(function (n, i) { remember(n.label, i, true); });
  data.nodes.forEach(function (n, i) { n.aliases.forEach(function (a) { remember(a, i, false); }); });
  var searchStatus = document.getElementById("search-status");
  function status(text) { searchStatus.textContent = text; }
  function lookup(query) {
    var key = fold(query);
    if (!key) return null;
    if (byName.has(key)) return byName.get(key).id;
    for (var [name, hit] of byName) if (name.indexOf(key) !== -1) return hit.id;
    return null;
  }
  function select(id, zoom) {
    var n = data.nodes[id];
    if (nodeHidden[id]) { kindBoxes[n.kind].checked = true; kindOn[n.kind] = true; hood = null; apply(); }
    network.selectNodes([id]);
    labelSelectedEdges();
    if (zoom) network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 500, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("search").value, id = lookup(query);
    if (id === null) { status("No entity named \u201c" + clip(query, 40) + "\u201d"); return; }
    status("");
    select(id, true);
  });
  document.getElementById("search").addEventListener("change", function () {
    var id = lookup(this.value);
    if (id !== null) { status(""); select(id, true); }
  });

  hint();
  apply();
})();
"""
