import { monitoring } from '../api.js';
import { esc, level, unitType, num } from '../format.js';
import { href } from '../main.js';

export const YEARS = Array.from({ length: 2023 - 2010 + 1 }, (_, i) => String(2023 - i));

export function periodSelect(id, value, label = 'Jahr') {
  return `<label for="${id}">${label}</label>
    <select id="${id}">${YEARS.map((y) => `<option${y === value ? ' selected' : ''}>${y}</option>`).join('')}</select>`;
}

export async function findView(main, params, state) {
  main.innerHTML = `
    <h1>Gemeinde oder Kreis finden</h1>
    <p>Suchen Sie nach Name oder amtlichem Schlüssel (AGS), z. B. „Köln“, „Koeln“, „05315“ oder „München“.
       Umlaute dürfen als ae/oe/ue geschrieben werden.</p>
    <form id="search-form" class="search" role="search">
      <div class="field"><label for="q">Name oder Schlüssel</label>
        <input id="q" name="q" type="search" autocomplete="off" value="${esc(params.q || '')}" required></div>
      <div class="field"><label for="level">Ebene</label>
        <select id="level"><option value="">alle</option><option value="UNIT_LEVEL_KREIS">Kreise und kreisfreie Städte</option>
        <option value="UNIT_LEVEL_GEMEINDE">Gemeinden</option><option value="UNIT_LEVEL_LAND">Länder</option></select></div>
      <div class="field">${periodSelect('period', state.period, 'Berichtsjahr')}</div>
      <button type="submit" class="primary">Suchen</button>
    </form>
    <div id="results" aria-live="polite"></div>`;
  const form = main.querySelector('#search-form');
  const q = main.querySelector('#q');
  const lvl = main.querySelector('#level');
  const per = main.querySelector('#period');
  const results = main.querySelector('#results');
  per.onchange = () => { state.period = per.value; };
  let timer = null;
  let last = '';
  async function search() {
    const query = q.value.trim();
    const key = `${query}|${lvl.value}`;
    if (!query || key === last) return;
    last = key;
    const body = { query, limit: 20 };
    if (lvl.value) body.level = lvl.value;
    results.innerHTML = '<p role="status">Suche …</p>';
    const r = await monitoring('SearchUnits', body);
    const units = r.units || [];
    if (!units.length) { results.innerHTML = `<p>Keine Treffer für „${esc(query)}“.</p>`; return; }
    results.innerHTML = `<h2>${units.length} Treffer</h2><ul class="results">${units.map((u) => {
      const p = { unit: u.key, name: u.name, period: per.value };
      return `<li><a class="unit-link" data-key="${esc(u.key)}" href="${href('scorecard', p)}"><strong>${esc(u.name)}</strong></a>
        <span class="muted">${esc(u.key)} · ${esc(unitType(u.type) || level(u.level))}${u.population ? ` · ${num(Number(u.population), 0)} Einw.` : ''}</span>
        <span class="links"><a href="${href('indikator', p)}">Indikator</a> · <a href="${href('vergleich', p)}">Vergleich</a> · <a href="${href('karte', { ...p, land: u.key.slice(0, 2) })}">Karte</a></span></li>`;
    }).join('')}</ul>`;
  }
  form.onsubmit = (e) => { e.preventDefault(); clearTimeout(timer); search().catch(showErr); };
  q.oninput = () => { clearTimeout(timer); timer = setTimeout(() => search().catch(showErr), 350); };
  lvl.onchange = () => search().catch(showErr);
  function showErr(e) { results.innerHTML = `<p class="error" role="alert">Fehler: ${esc(e.message)}</p>`; }
  if (params.q) await search();
  q.focus();
}
