import { feature } from 'topojson-client';
import { monitoring } from '../api.js';
import { chart, echarts } from '../charts.js';
import { esc, num, unitLabel, polarity, hasFlag, sourceLine, BKG, SYN_BADGE } from '../format.js';
import { href } from '../main.js';
import { indicators, indicatorSelect } from './catalog.js';
import { periodSelect } from './find.js';

export const LAENDER = {
  '01': 'Schleswig-Holstein', '02': 'Hamburg', '03': 'Niedersachsen', '04': 'Bremen', '05': 'Nordrhein-Westfalen',
  '06': 'Hessen', '07': 'Rheinland-Pfalz', '08': 'Baden-Württemberg', '09': 'Bayern', 10: 'Saarland', 11: 'Berlin',
  12: 'Brandenburg', 13: 'Mecklenburg-Vorpommern', 14: 'Sachsen', 15: 'Sachsen-Anhalt', 16: 'Thüringen',
};
const COLORS = ['#f1eef6', '#bdc9e1', '#74a9cf', '#0570b0'];   // 4 quartile classes (light = low values)
const NO_DATA = '#d4d4d4';
const geoCache = new Map();
async function geo(file) {
  if (!geoCache.has(file)) {
    geoCache.set(file, fetch(`./geo/${file}`).then((r) => {
      if (!r.ok) throw new Error(`Kartendatei ${file} fehlt (HTTP ${r.status})`);
      return r.json();
    }).then((t) => feature(t, t.objects[Object.keys(t.objects)[0]])));
  }
  return geoCache.get(file);
}

// Quantiles by linear interpolation between order statistics (as the API's quartiles).
function quantile(sorted, p) {
  if (!sorted.length) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]) - sorted[lo]);
}

export async function mapView(main, params, state) {
  const land = params.land && LAENDER[params.land] ? params.land : '';
  const list = await indicators();
  const ind = list.find((i) => i.code === state.indicator) || list[0];
  state.indicator = ind.code;
  const u = unitLabel(ind.unit, ind.unitLabel);
  const [fc, lt] = await Promise.all([
    geo(land ? `gemeinden-${land}.json` : 'kreise.json'),
    monitoring('GetLeagueTable', land
      ? { indicatorCode: ind.code, period: state.period, level: 'UNIT_LEVEL_GEMEINDE', within: land }
      : { indicatorCode: ind.code, period: state.period, level: 'UNIT_LEVEL_KREIS' }).catch((e) => ({ error: e })),
  ]);
  const rows = lt.rows || [];
  const byKey = new Map(rows.map((r) => [r.unitKey, r]));
  const sorted = rows.map((r) => r.value).sort((a, b) => a - b);
  const th = [quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75)];
  const classOf = (v) => (v == null ? -1 : v <= th[0] ? 0 : v <= th[1] ? 1 : v <= th[2] ? 2 : 3);
  const counts = [0, 0, 0, 0];
  let noData = 0; let old = 0;
  const features = fc.features;
  const data = features.map((f) => {
    const k = f.properties.key;
    const r = byKey.get(k);
    const notReg = f.properties.reg2023 === false;
    const c = r ? classOf(r.value) : -1;
    if (c >= 0) counts[c]++; else if (notReg) old++; else noData++;
    const me = k === state.unit || k === `${state.unit}000` || `${k}000` === state.unit;
    return {
      name: k, value: r ? r.value : null,
      itemStyle: {
        areaColor: c >= 0 ? COLORS[c] : notReg ? '#ffffff' : NO_DATA,
        decal: c < 0 ? { symbol: 'rect', symbolSize: 0.6, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: notReg ? -0.8 : 0.8, color: 'rgba(0,0,0,0.25)' } : undefined,
        borderColor: me ? '#000' : '#666', borderWidth: me ? 2.5 : 0.3,
      },
    };
  });
  const synthetic = rows.some((r) => hasFlag(r.flags, 'SYNTHETIC'));
  const title = land ? `Gemeinden in ${LAENDER[land]}` : 'Kreise und kreisfreie Städte';
  const rng = (i) => (i === 0 ? `bis ${num(th[0])}` : i === 3 ? `über ${num(th[2])}` : `${num(th[i - 1])} bis ${num(th[i])}`);
  main.innerHTML = `
    <h1>Karte: ${esc(ind.nameDe)}, ${esc(state.period)}</h1>
    <div class="toolbar">
      <div class="field">${indicatorSelect(list, ind.code)}</div>
      <div class="field">${periodSelect('map-period', state.period)}</div>
      <div class="field"><label for="map-level">Gebiete</label><select id="map-level">
        <option value="">Kreise (Deutschland)</option>
        ${Object.entries(LAENDER).sort().map(([k, n]) => `<option value="${k}"${k === land ? ' selected' : ''}>Gemeinden: ${esc(n)}</option>`).join('')}</select></div>
    </div>
    <p>${esc(title)} – ${esc(polarity(ind.polarity))}. Ein Klick auf ein Gebiet öffnet seine Scorecard.
      ${lt.error ? `<strong class="error">Keine Rangliste: ${esc(lt.error.message)}</strong>` : ''}</p>
    ${!lt.error && !rows.length ? `<p class="note" role="status">Für ${esc(state.period)} liegen für diese Gebiete keine Werte dieses Indikators vor – bitte ein anderes Jahr wählen.${land ? ' Auf Gemeindeebene enthält die Demo vor allem Werte des Zensus 2022 (Jahr 2022).' : ''}</p>` : ''}
    <div class="map-layout">
      <figure class="map-figure">
        <div class="chart map" id="map" role="img" aria-label="Choroplethenkarte ${esc(title)}: ${esc(ind.nameDe)} ${esc(state.period)} in vier Quartilsklassen; alle Werte in der Tabelle unter der Karte."></div>
        <figcaption class="attribution">Karte: ${BKG}, VG5000 Gebietsstand 01.01.2021</figcaption>
      </figure>
      <div class="legend" id="map-legend">
        <h2>Legende</h2>
        <p class="small">Quartilsklassen über die ${rows.length} ${land ? 'Gemeinden' : 'Kreise'} mit Wert (nicht über eine Vergleichsgruppe); Einheit: ${esc(u || '–')}.
          Helle Farbe = niedriger Wert, dunkle = hoher Wert (${esc(polarity(ind.polarity))}).</p>
        <ul>
          ${[3, 2, 1, 0].map((i) => `<li><span class="swatch" style="background:${COLORS[i]}"></span> ${i + 1}. Quartil: ${rows.length ? rng(i) : '–'} <span class="muted">(${counts[i]})</span></li>`).join('')}
          <li><span class="swatch nodata"></span> keine Daten <span class="muted">(${noData})</span></li>
          ${old ? `<li><span class="swatch old"></span> Gebietsstand 2021, im Register 2023 nicht mehr vorhanden <span class="muted">(${old})</span></li>` : ''}
        </ul>
        ${!land ? '<p class="small note" id="eisenach-note">Eisenach (16056) war auf der Karte von 2021 noch kreisfrei; seit 01.07.2021 gehört es zum Wartburgkreis (16063). Die Karte zeigt beide als eine Fläche mit dem Wert des Wartburgkreises (Gebietsstand des Registers 2023).</p>' : ''}
        ${synthetic ? `<p class="small">${SYN_BADGE} Die Werte sind (teilweise) synthetische Demowerte.</p>` : ''}
        ${sourceLine(lt.sources)}
        <p class="small">Grenzen: ${BKG}</p>
      </div>
    </div>
    <details class="data-table"><summary>Alle Gebiete als Tabelle (${rows.length} mit Wert)</summary>
      <div class="table-wrap"><table><caption class="sr-only">Werte je Gebiet, beste zuerst</caption>
      <thead><tr><th scope="col">Rang</th><th scope="col">Gebiet</th><th scope="col">Wert</th></tr></thead>
      <tbody>${rows.map((r) => `<tr><td>${r.rank}</td><th scope="row"><a href="${href('scorecard', { unit: r.unitKey, name: r.name })}">${esc(r.name)}</a> <span class="muted">${esc(r.unitKey)}</span></th><td>${num(r.value)}</td></tr>`).join('')}</tbody></table></div>
    </details>`;
  const mapName = land ? `gem${land}` : 'kreise';
  if (!echarts.getMap(mapName)) echarts.registerMap(mapName, fc);
  const names = new Map(features.map((f) => [f.properties.key, f.properties]));
  const c = chart(main.querySelector('#map'));
  c.setOption({
    aria: { enabled: true, decal: { show: false } },
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const pr = names.get(p.name) || {};
        const r = byKey.get(p.name);
        return `${esc(r?.name || pr.name)} (${esc(p.name)})<br>${r ? `${num(r.value)} ${esc(u)}${hasFlag(r.flags, 'SYNTHETIC') ? ' (synthetisch)' : ''}` : pr.reg2023 === false ? 'nicht im Register 2023' : 'keine Daten'}${pr.note ? `<br><small>${esc(pr.note)}</small>` : ''}`;
      },
    },
    series: [{
      type: 'map', map: mapName, nameProperty: 'key', roam: true, aspectScale: 0.65, selectedMode: false,
      label: { show: false }, emphasis: { label: { show: false }, itemStyle: { areaColor: '#fdae6b' } },
      data,
    }],
  });
  window.__integraMap = c;
  c.on('click', (p) => {
    const k = p.name;
    const r = byKey.get(k);
    const nm = r?.name || names.get(k)?.name || k;
    location.hash = href('scorecard', { unit: k, name: nm });
  });
  main.querySelector('#ind').onchange = (e) => { location.hash = href('karte', { indicator: e.target.value, land }); };
  main.querySelector('#map-period').onchange = (e) => { location.hash = href('karte', { period: e.target.value, land }); };
  main.querySelector('#map-level').onchange = (e) => { location.hash = href('karte', { land: e.target.value }); };
}
