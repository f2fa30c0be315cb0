import { monitoring } from '../api.js';
import { esc, num, en, unitLabel, withUnit, polarity, quartile, flagList, hasFlag, sourceLine, SYN_BADGE } from '../format.js';
import { href } from '../main.js';
import { indicators, indicatorSelect } from './catalog.js';
import { periodSelect } from './find.js';

const PEER_SCOPES = {
  '': 'Standard: gleiche Ebene, Art und Größenklasse',
  land: 'dieselben, nur im eigenen Land',
  degurba: 'dieselben, nur gleicher Verstädterungsgrad (DEGURBA)',
  'land+degurba': 'eigenes Land und gleicher Verstädterungsgrad',
};

export async function peersView(main, params, state) {
  if (!state.unit) { main.innerHTML = '<h1>Vergleich</h1><p>Bitte zuerst ein Gebiet <a href="#/suche">suchen</a>.</p>'; return; }
  const list = await indicators();
  const ind = list.find((i) => i.code === state.indicator) || list[0];
  state.indicator = ind.code;
  const u = unitLabel(ind.unit, ind.unitLabel);
  // The peer set: the default peers, within the Land, and/or of the same degree of urbanisation.
  const scope = Object.hasOwn(PEER_SCOPES, params.peers || '') ? (params.peers || '') : '';
  const scopeSelect = `<label for="peer-scope">Vergleichsgruppe</label>
    <select id="peer-scope">${Object.entries(PEER_SCOPES).map(([k, v]) => `<option value="${k}"${k === scope ? ' selected' : ''}>${esc(v)}</option>`).join('')}</select>`;
  const selection = { scope: scope.startsWith('land') ? 'PEER_SCOPE_LAND' : 'PEER_SCOPE_DEFAULT', sameDegurba: scope.includes('degurba') };
  let r;
  try {
    r = await monitoring('ComparePeers', { indicatorCode: ind.code, unitKey: state.unit, period: state.period, includePeers: true, peers: selection });
  } catch (e) {
    if (!(selection.sameDegurba && e.code === 'failed_precondition')) throw e;
    // No DEGURBA for this unit (the register import of the Gemeindeverzeichnis-Auszug brings it).
    main.innerHTML = `<h1>Vergleich</h1>
      <div class="toolbar"><div class="field">${scopeSelect}</div></div>
      <p id="peer-note" role="status">Für dieses Gebiet ist kein Verstädterungsgrad (DEGURBA) hinterlegt. Er kommt mit dem Gemeindeverzeichnis-Auszug von Destatis (<code>integra unit import</code>); bis dahin bitte eine andere Vergleichsgruppe wählen.</p>`;
    main.querySelector('#peer-scope').onchange = (ev) => { location.hash = href('vergleich', { peers: ev.target.value }); };
    return;
  }
  for (const k of ['n', 'missing', 'peerCount', 'min', 'q1', 'median', 'q3', 'max', 'mean']) r[k] ??= 0;   // canonical JSON omits zeros
  const rankings = !!r.rankingsEnabled;
  if (!r.peers && r.peerCount) throw new Error('Der Server liefert keine Liste der Vergleichsgebiete (ComparePeersRequest.includePeers wird nicht unterstützt).');
  const peers = (r.peers || []).map((p) => ({ ...p, value: p.value ?? null }));
  const unitName = peers.find((p) => p.unitKey === state.unit)?.name || state.name || state.unit;
  main.innerHTML = `
    <h1>Vergleich: ${esc(unitName)} unter ähnlichen Kommunen</h1>
    <div class="toolbar">
      <div class="field">${indicatorSelect(list, ind.code)}</div>
      <div class="field">${periodSelect('peer-period', state.period)}</div>
      <div class="field">${scopeSelect}</div>
    </div>
    <p>${esc(ind.nameDe)} (${esc(polarity(r.polarity || ind.polarity))}), ${esc(r.period)}. Vergleichsgruppe: ${esc(r.peerGroup)}.</p>
    <dl class="facts" id="peer-summary">
      <dt>Wert ${esc(unitName)}</dt><dd data-cell="value">${withUnit(r.value, u)}</dd>
      <dt>${rankings ? 'Rang' : 'Position'}</dt><dd data-cell="rank">${rankings && r.rank != null ? `${r.rank} von ${r.n}` : `${quartile(r.quartile)}${r.rankingsNote ? ` (Rangplätze aus: ${esc(r.rankingsNote)})` : ''}`}</dd>
      <dt>Perzentil</dt><dd>${r.percentile != null ? num(r.percentile, 0) : '–'} <span class="muted">(100 = am besten)</span></dd>
      <dt>Median (1.–3. Quartil)</dt><dd data-cell="median">${num(r.median)} (${num(r.q1)} – ${num(r.q3)})</dd>
      <dt>Gebiete mit Wert</dt><dd>${r.n} von ${r.peerCount}${r.missing ? `, ${r.missing} ohne Wert` : ''}</dd>
    </dl>
    <div class="table-wrap"><table id="peer-table" class="sortable">
      <caption>Vergleichsgruppe (${peers.length} Gebiete) – zum Sortieren die Spaltenköpfe wählen</caption>
      <thead><tr>
        ${rankings ? '<th scope="col" aria-sort="ascending"><button type="button" data-sort="rank">Rang</button></th>' : ''}
        <th scope="col"${rankings ? '' : ' aria-sort="ascending"'}><button type="button" data-sort="name">Gebiet</button></th>
        <th scope="col"><button type="button" data-sort="unitKey">Schlüssel</button></th>
        <th scope="col"><button type="button" data-sort="value">Wert${u ? ` (${esc(u)})` : ''}</button></th>
        <th scope="col">Hinweise</th></tr></thead>
      <tbody></tbody></table></div>
    ${sourceLine([ind.sheet?.dataSource], peers.some((p) => hasFlag(p.flags, 'SYNTHETIC')) ? 'Synthetische Demowerte sind markiert' : '')}`;
  const tbody = main.querySelector('#peer-table tbody');
  let sortKey = rankings ? 'rank' : 'name';
  let dir = 1;
  function render() {
    const rows = [...peers].sort((a, b) => {
      const x = a[sortKey]; const y = b[sortKey];
      if (x == null && y == null) return 0;
      if (x == null) return 1;          // no value: always last
      if (y == null) return -1;
      return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'de')) * dir;
    });
    tbody.innerHTML = rows.map((p) => {
      const me = p.unitKey === state.unit;
      const flags = flagList(p.flags).map((f) => (f === 'synthetisch' ? SYN_BADGE : `<span class="badge">${esc(f)}</span>`)).join(' ');
      return `<tr data-key="${esc(p.unitKey)}"${me ? ' class="me" aria-current="true"' : ''}>
        ${rankings ? `<td data-cell="rank">${p.rank ?? '–'}</td>` : ''}
        <th scope="row"><a href="${href('scorecard', { unit: p.unitKey, name: p.name })}">${esc(p.name)}</a>${me ? ' <span class="badge me-badge">ausgewählt</span>' : ''}</th>
        <td>${esc(p.unitKey)}</td><td data-cell="value" data-value="${p.value ?? ''}" class="num">${p.value == null ? 'keine Daten' : num(p.value)}</td><td>${flags}</td></tr>`;
    }).join('');
    for (const th of main.querySelectorAll('#peer-table th[scope=col]')) {
      const b = th.querySelector('button');
      if (!b) continue;
      if (b.dataset.sort === sortKey) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending'); else th.removeAttribute('aria-sort');
    }
  }
  main.querySelectorAll('#peer-table button[data-sort]').forEach((b) => {
    b.onclick = () => {
      if (sortKey === b.dataset.sort) dir = -dir; else { sortKey = b.dataset.sort; dir = 1; }
      render();
    };
  });
  render();
  main.querySelector('#ind').onchange = (e) => { location.hash = href('vergleich', { indicator: e.target.value }); };
  main.querySelector('#peer-period').onchange = (e) => { location.hash = href('vergleich', { period: e.target.value }); };
  main.querySelector('#peer-scope').onchange = (e) => { location.hash = href('vergleich', { peers: e.target.value }); };
}
