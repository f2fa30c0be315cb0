import { knowledge } from '../api.js';
import { chart } from '../charts.js';
import { esc, en, nodeType, edgeType, nodeTypeText } from '../format.js';
import { href } from '../main.js';

const TYPES = Object.keys(nodeTypeText);
const TYPE_COLORS = ['#b30000', '#238b45', '#08519c', '#6a51a3', '#d94801', '#737373', '#a6761d', '#e6ab02', '#e7298a', '#444'];

export async function graphView(main, params) {
  const afs = (await knowledge('ListNodes', { type: 'NODE_TYPE_ACTION_FIELD', pageSize: 100 })).nodes || [];
  const root = params.node || afs[0]?.id;
  const sg = await knowledge('GetSubgraph', { id: root, depth: 1 });
  if (root && !afs.some((n) => n.id === root)) {
    const r = (sg.nodes || []).find((n) => n.id === root);
    if (r) afs.unshift(r);
  }
  const nodes = new Map((sg.nodes || []).map((n) => [n.id, n]));
  const edges = new Map((sg.edges || []).map((e) => [`${e.from}|${en(e.type, 'EDGE_TYPE')}|${e.to}`, e]));
  const expanded = new Set([root]);
  let path = [];
  main.innerHTML = `
    <h1>Wissensgraph</h1>
    <p>Die Nachbarschaft eines Handlungsfelds: Empfehlungen, Erfolgsbedingungen, Befunde und Indikatoren aus der Wissensbasis
      (Roth 2017, Befragungen von Kommunen). Ein Klick auf einen Knoten (oder die Schaltfläche in der Liste) lädt seine Nachbarn.</p>
    <div class="toolbar">
      <div class="field"><label for="af">Ausgangsknoten (Handlungsfeld)</label><select id="af">${afs.map((n) =>
    `<option value="${esc(n.id)}"${n.id === root ? ' selected' : ''}>${esc(n.titleDe)}</option>`).join('')}</select></div>
    </div>
    <div class="graph-layout">
      <div class="chart graph" id="graph" role="img" aria-label="Netzwerkgrafik der Wissensbasis um ${esc(nodes.get(root)?.titleDe || root)}; die Knoten stehen auch in der Liste daneben."></div>
      <div class="graph-side">
        <h2>Knoten <span class="muted" id="node-count"></span></h2>
        <ul id="node-list" class="node-list"></ul>
      </div>
    </div>
    <section aria-labelledby="path-h">
      <h2 id="path-h">Erklärungspfad zwischen zwei Knoten</h2>
      <form id="path-form" class="toolbar">
        <div class="field"><label for="path-from">Von</label><select id="path-from"></select></div>
        <div class="field"><label for="path-to">Nach</label><select id="path-to"></select></div>
        <button type="submit" class="primary">Pfad erklären</button>
      </form>
      <div id="path-result" aria-live="polite"></div>
    </section>
    <p class="source">Quelle: integra-Wissensbasis nach Roth (2017) und den Kommunalbefragungen 2015–2017 (data/knowledge, docs/knowledge.md).</p>`;
  const g = chart(main.querySelector('#graph'));
  window.__integraGraph = g;
  const pathEdges = () => new Set(path.filter((s) => s.edge).map((s) => `${s.edge.from}|${en(s.edge.type, 'EDGE_TYPE')}|${s.edge.to}`));
  function draw() {
    const pe = pathEdges();
    const pn = new Set(path.map((s) => s.node?.id));
    g.setOption({
      aria: { enabled: true },
      tooltip: { formatter: (p) => (p.dataType === 'edge' ? esc(p.data.label.formatter) : `${esc(p.data.fullTitle)}<br><small>${esc(nodeType(p.data.type))} · ${esc(p.data.name)}</small>`) },
      legend: [{ data: TYPES.map((t) => nodeTypeText[t]), top: 0, type: 'scroll' }],
      series: [{
        type: 'graph', layout: 'force', roam: true, draggable: true, animation: false,
        force: { repulsion: 260, edgeLength: [60, 140], gravity: 0.08, layoutAnimation: false },
        categories: TYPES.map((t, i) => ({ name: nodeTypeText[t], itemStyle: { color: TYPE_COLORS[i] } })),
        label: { show: true, position: 'right', fontSize: 11, formatter: (p) => (p.data.fullTitle.length > 28 ? p.data.fullTitle.slice(0, 27) + '…' : p.data.fullTitle) },
        edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 7,
        data: [...nodes.values()].map((n) => ({
          id: n.id, name: n.id, fullTitle: n.titleDe, type: n.type,
          category: Math.max(0, TYPES.indexOf(en(n.type, 'NODE_TYPE'))),
          symbolSize: n.id === root ? 28 : expanded.has(n.id) ? 20 : 13,
          itemStyle: pn.has(n.id) ? { borderColor: '#000', borderWidth: 3 } : undefined,
        })),
        links: [...edges.entries()].map(([k, e]) => ({
          source: e.from, target: e.to, label: { show: false, formatter: `${nodes.get(e.from)?.titleDe || e.from} ${edgeType(e.type)} ${nodes.get(e.to)?.titleDe || e.to}` },
          lineStyle: pe.has(k) ? { color: '#b30000', width: 4 } : { color: '#999', width: 1 },
        })),
      }],
    }, { replaceMerge: ['series'] });
    const list = main.querySelector('#node-list');
    const sorted = [...nodes.values()].sort((a, b) => TYPES.indexOf(en(a.type, 'NODE_TYPE')) - TYPES.indexOf(en(b.type, 'NODE_TYPE')) || a.titleDe.localeCompare(b.titleDe, 'de'));
    list.innerHTML = sorted.map((n) => `<li data-node="${esc(n.id)}"><span class="dot" style="background:${TYPE_COLORS[Math.max(0, TYPES.indexOf(en(n.type, 'NODE_TYPE')))]}"></span>
      <span>${esc(n.titleDe)} <span class="muted small">${esc(nodeType(n.type))}</span></span>
      ${expanded.has(n.id) ? '<span class="muted small">erweitert</span>' : `<button type="button" class="small" data-expand="${esc(n.id)}" aria-label="erweitern: Nachbarn von ${esc(n.titleDe)} laden">erweitern</button>`}</li>`).join('');
    main.querySelector('#node-count').textContent = `(${nodes.size})`;
    const opts = sorted.map((n) => `<option value="${esc(n.id)}">${esc(n.titleDe.length > 60 ? n.titleDe.slice(0, 59) + '…' : n.titleDe)} (${esc(nodeType(n.type))})</option>`).join('');
    const from = main.querySelector('#path-from'); const to = main.querySelector('#path-to');
    const fv = from.value || root; const tv = to.value || sorted[sorted.length - 1]?.id;
    from.innerHTML = opts; to.innerHTML = opts;
    from.value = fv; to.value = tv;
  }
  async function expand(id) {
    if (expanded.has(id)) return;
    const r = await knowledge('Neighbors', { id });
    expanded.add(id);
    for (const nb of r.neighbors || []) {
      if (en(nb.edge.type, 'EDGE_TYPE') === 'CITES') continue;   // citations would pull in every source
      nodes.set(nb.node.id, nb.node);
      edges.set(`${nb.edge.from}|${en(nb.edge.type, 'EDGE_TYPE')}|${nb.edge.to}`, nb.edge);
    }
    draw();
    main.dataset.lastExpanded = id;
    main.dataset.expanded = String(expanded.size);
  }
  g.on('click', (p) => { if (p.dataType === 'node') expand(p.data.id).catch(showErr); });
  main.querySelector('#node-list').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-expand]');
    if (b) expand(b.dataset.expand).then(() => main.querySelector(`#node-list li[data-node="${CSS.escape(b.dataset.expand)}"]`)?.focus?.()).catch(showErr);
  });
  main.querySelector('#af').onchange = (e) => { location.hash = href('wissen', { node: e.target.value }); };
  main.querySelector('#path-form').onsubmit = async (e) => {
    e.preventDefault();
    const res = main.querySelector('#path-result');
    try {
      const r = await knowledge('ExplainPath', { from: main.querySelector('#path-from').value, to: main.querySelector('#path-to').value, undirected: true });
      path = r.found ? r.steps || [] : [];
      res.innerHTML = r.found
        ? `<ol class="path">${path.map((s) => `<li>${s.edge ? `<span class="muted">${s.forward ? '' : '← '}${esc(edgeType(s.edge.type))}${s.edge.note ? ` (${esc(s.edge.note)})` : ''} →</span> ` : ''}<strong>${esc(s.node.titleDe)}</strong> <span class="muted small">${esc(nodeType(s.node.type))}</span></li>`).join('')}</ol>`
        : '<p>Die beiden Knoten sind nicht verbunden.</p>';
      draw();
    } catch (err) { showErr(err); }
  };
  function showErr(err) { main.querySelector('#path-result').innerHTML = `<p class="error" role="alert">Fehler: ${esc(err.message)}</p>`; }
  draw();
}
