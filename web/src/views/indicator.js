import { monitoring } from '../api.js';
import { chart } from '../charts.js';
import {
  esc, num, en, unitLabel, withUnit, polarity, targetStatus, flagList, hasFlag, sourceLine, SYN_BADGE,
} from '../format.js';
import { href } from '../main.js';
import { indicators, indicatorSelect } from './catalog.js';

const DIM_LABELS = { nationality: 'Staatsangehörigkeit', auslaendisch: 'ausländisch', deutsch: 'deutsch', sex: 'Geschlecht', f: 'weiblich', m: 'männlich' };
const dl = (v) => DIM_LABELS[v] || v || '';

function gapDefinitionFor(ind) {
  const d = (ind.dimensions || []).find((x) => (x.values || []).length === 2);
  if (!d) return null;
  const ref = d.values.includes('deutsch') ? 'deutsch' : d.values[0];
  const focus = d.values.find((v) => v !== ref);
  return { baseCode: ind.code, dimension: d.name, focus, reference: ref, kind: 'GAP_KIND_DIFFERENCE' };
}

export async function indicatorView(main, params, state) {
  if (!state.unit) { main.innerHTML = '<h1>Indikator</h1><p>Bitte zuerst ein Gebiet <a href="#/suche">suchen</a>.</p>'; return; }
  const list = await indicators();
  const ind = list.find((i) => i.code === state.indicator) || list[0];
  state.indicator = ind.code;
  const u = unitLabel(ind.unit, ind.unitLabel);
  const gapDef = ind.gap && ind.gap.baseCode ? null : gapDefinitionFor(ind);
  const calls = [
    monitoring('GetPeerBand', { indicatorCode: ind.code, unitKey: state.unit }),
    monitoring('GetSeries', { indicatorCode: ind.code, unitKeys: [state.unit] }),
    monitoring('GetTargetStatus', { indicatorCode: ind.code, unitKey: state.unit }),
  ];
  if (ind.gap && ind.gap.baseCode) calls.push(monitoring('GetGapSeries', { gapCode: ind.code, unitKey: state.unit }));
  else if (gapDef) calls.push(monitoring('GetGapSeries', { definition: gapDef, unitKey: state.unit }));
  const [bandR, seriesR, targetR, gapR] = await Promise.allSettled(calls);
  const band = bandR.status === 'fulfilled' ? bandR.value : null;
  const points = band?.points || [];
  const obs = new Map(((seriesR.value?.series || [])[0]?.points || []).filter((p) => !p.breakdownText).map((p) => [p.period, p]));
  const targets = (targetR.value?.entries || []).filter((e) => !e.target?.breakdownText);
  const target = targets.sort((a, b) => (a.target.key.targetPeriod < b.target.key.targetPeriod ? -1 : 1))[0];
  const gap = gapR && gapR.status === 'fulfilled' ? gapR.value : null;
  const unitName = state.name || state.unit;
  const synthetic = points.some((p) => hasFlag(p.flags, 'SYNTHETIC'));

  main.innerHTML = `
    <h1>${esc(ind.nameDe)} <span class="muted">– ${esc(unitName)}</span></h1>
    <div class="toolbar">
      <div class="field">${indicatorSelect(list, ind.code)}</div>
      <p class="muted">${esc(polarity(ind.polarity))}${u ? ` · Einheit: ${esc(u)}` : ''} · <a href="${href('vergleich')}">Vergleichstabelle</a> · <a href="${href('karte')}">Karte</a></p>
    </div>
    <section aria-labelledby="band-h">
      <h2 id="band-h">Verlauf im Vergleich: ${esc(unitName)}, Median und mittlere 50 % der Vergleichsgruppe</h2>
      ${band ? `<p class="muted">Vergleichsgruppe: ${esc(band.peerGroup)}</p>` : `<p class="error" role="alert">${esc(bandR.reason?.message || 'keine Daten')}</p>`}
      ${synthetic ? `<p class="note">${SYN_BADGE} Einige Werte sind synthetische Demowerte (Dreieck im Diagramm).</p>` : ''}
      <div class="chart" id="band-chart" role="img" aria-label="Liniendiagramm: ${esc(ind.nameDe)} für ${esc(unitName)} mit Median und Interquartilsband der Vergleichsgruppe; die Werte stehen in der Tabelle darunter."></div>
      <p class="legend-note small">Linie mit Punkten: ${esc(unitName)} · gestrichelt: Median · Fläche: 1. bis 3. Quartil · hohler Punkt: vorläufiger Wert · Dreieck: synthetisch · senkrechte Linie: Reihenbruch${target ? ' · waagerechte Linie: Zielwert' : ''}</p>
      ${sourceLine(band?.sources || [ind.sheet?.dataSource])}
      ${target ? `<p id="target" data-value="${(target.target.targetValue ?? 0)}">Ziel: <strong>${withUnit((target.target.targetValue ?? 0), u)} bis ${esc(target.target.key.targetPeriod)}</strong>
        – Status: <strong>${targetStatus(target.assessment?.status)}</strong>${target.assessment?.reason ? ` (${esc(target.assessment.reason)})` : ''}.
        ${target.target.note ? esc(target.target.note) + '.' : ''} <span class="muted">Beispielziel der Demo, nicht von der Kommune beschlossen.</span></p>` : ''}
      <details class="data-table" open><summary>Werte als Tabelle</summary>
      <div class="table-wrap"><table id="band-table"><caption class="sr-only">Werte je Jahr</caption>
        <thead><tr><th scope="col">Jahr</th><th scope="col">${esc(unitName)}</th><th scope="col">1. Quartil</th><th scope="col">Median</th><th scope="col">3. Quartil</th><th scope="col">n</th><th scope="col">Hinweise</th></tr></thead>
        <tbody>${points.map((p) => {
    const o = obs.get(p.period) || {};
    const notes = [...flagList(p.flags).map((f) => (f === 'synthetisch' ? SYN_BADGE : `<span class="badge">${esc(f)}</span>`)),
      o.seriesBreak ? `<span class="badge break">Reihenbruch: ${esc(o.seriesBreak)}</span>` : '',
      o.footnote ? `<span class="footnote">Fußnote: ${esc(o.footnote)}</span>` : '',
      (p.n ?? 0) < 5 ? '<span class="footnote">weniger als 5 Vergleichswerte: kein Band im Diagramm</span>' : ''].filter(Boolean).join(' ');
    return `<tr data-period="${esc(p.period)}" class="${hasFlag(p.flags, 'PROVISIONAL') ? 'provisional' : ''}">
          <th scope="row">${esc(p.period)}</th><td data-cell="value">${num(p.value)}</td><td data-cell="q1">${num(p.q1)}</td>
          <td data-cell="median">${num(p.median)}</td><td data-cell="q3">${num(p.q3)}</td><td>${p.n ?? 0}/${p.peerCount ?? 0}</td><td>${notes}</td></tr>`;
  }).join('')}</tbody></table></div></details>
    </section>
    ${gapDef || gap ? `<section aria-labelledby="gap-h">
      <h2 id="gap-h">Aufschlüsselung und Lücke${gap ? `: ${esc(dl(gap.definition?.dimension))} ${esc(dl(gap.definition?.focus))} gegenüber ${esc(dl(gap.definition?.reference))}` : ''}</h2>
      ${gap ? `<div class="chart small-chart" id="gap-chart" role="img" aria-label="Liniendiagramm der Aufschlüsselung nach ${esc(gap.definition?.dimension)}; Werte in der Tabelle."></div>
      <div class="table-wrap"><table id="gap-table"><caption class="sr-only">Lücke je Jahr</caption><thead><tr><th scope="col">Jahr</th>
        <th scope="col">${esc(dl(gap.definition?.focus))}</th><th scope="col">${esc(dl(gap.definition?.reference))}</th><th scope="col">Lücke ${en(gap.definition?.kind, 'GAP_KIND') === 'RATIO' ? '(Verhältnis' : '(Differenz'}, Parität = ${num(gap.parity ?? 0)})</th></tr></thead>
        <tbody>${(gap.points || []).map((g) => `<tr data-period="${esc(g.period)}"><th scope="row">${esc(g.period)}</th><td>${num(g.focus)}</td><td>${num(g.reference)}</td><td>${g.gap != null ? num(g.gap) : esc(g.reason || '–')}</td></tr>`).join('')}</tbody></table></div>
      ${(gap.sources || []).some((x) => /synthe/i.test(x)) ? `<p class="note small">${SYN_BADGE} Die Aufschlüsselung ist ein synthetischer Demowert (keine amtliche Zahl).</p>` : ''}
      ${sourceLine(gap.sources)}` : `<p class="error">${esc(gapR?.reason?.message || '')}</p>`}
    </section>` : ''}
    <section aria-labelledby="sheet-h"><h2 id="sheet-h">Metadaten</h2>
      <dl class="sheet"><dt>Definition</dt><dd>${esc(ind.sheet?.definition || '–')}</dd>
      <dt>Empirische Relevanz</dt><dd>${esc(ind.sheet?.relevance || '–')}</dd>
      <dt>Bewertung</dt><dd>${esc(ind.sheet?.interpretation || '–')}</dd>
      <dt>Datenquelle</dt><dd>${esc(ind.sheet?.dataSource || '–')}</dd>
      <dt>Methodische Hinweise</dt><dd>${esc(ind.sheet?.methodologicalNotes || '–')}</dd></dl>
    </section>`;
  main.querySelector('#ind').onchange = (e) => { location.hash = href('indikator', { indicator: e.target.value }); };

  // The band chart: Q1 + (Q3 - Q1) stacked as an area, the median, the unit's values.
  const periods = points.map((p) => p.period);
  const tp = target?.target?.key?.targetPeriod;
  if (tp && /^\d{4}$/.test(tp) && periods.length && tp > periods[periods.length - 1]) {
    for (let y = +periods[periods.length - 1] + 1; y <= +tp; y++) periods.push(String(y));
  }
  // The band and median only where enough peers have a value (as the scorecard's rule: n >= 5);
  // with fewer the "band" would be the unit's own value and look like agreement.
  const MIN_N = 5;
  const bandOk = (p) => (p.n ?? 0) >= MIN_N;
  const breaks = points.filter((p) => obs.get(p.period)?.seriesBreak).map((p) => ({ xAxis: p.period, label: { formatter: 'Reihenbruch' } }));
  const markLines = [...breaks];
  if (target) markLines.push({ yAxis: (target.target.targetValue ?? 0), label: { formatter: `Ziel ${tp}: ${num((target.target.targetValue ?? 0))}` }, lineStyle: { color: '#8a4b00', type: 'solid' } });
  const c = chart(main.querySelector('#band-chart'));
  c.setOption({
    aria: { enabled: true },
    animation: false,
    grid: { left: 56, right: 24, top: 24, bottom: 36 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => num(v) },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', scale: true, name: u, axisLabel: { formatter: (v) => num(v) } },
    series: [
      { name: '1. Quartil', type: 'line', stack: 'band', data: points.map((p) => (bandOk(p) ? p.q1 ?? null : null)), symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: true } },
      { name: 'Interquartilsabstand', type: 'line', stack: 'band', data: points.map((p) => (bandOk(p) && p.q1 != null && p.q3 != null ? p.q3 - p.q1 : null)),
        symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: '#9ecae1', opacity: 0.6 }, tooltip: { show: false } },
      { name: 'Median', type: 'line', data: points.map((p) => (bandOk(p) ? p.median ?? null : null)), symbol: 'none', lineStyle: { type: 'dashed', color: '#08519c' }, itemStyle: { color: '#08519c' } },
      { name: unitName, type: 'line', color: '#b30000', symbolSize: 8,
        data: points.map((p) => {
          const prov = hasFlag(p.flags, 'PROVISIONAL');
          const syn = hasFlag(p.flags, 'SYNTHETIC');
          return { value: p.value ?? null, symbol: syn ? 'triangle' : prov ? 'emptyCircle' : 'circle',
            itemStyle: prov ? { color: '#fff', borderColor: '#b30000', borderType: 'dashed' } : { color: '#b30000' } };
        }),
        markLine: markLines.length ? { symbol: 'none', silent: true, lineStyle: { color: '#555', type: 'dotted' }, data: markLines } : undefined },
    ],
  });
  if (gap) {
    const g = chart(main.querySelector('#gap-chart'));
    const gp = gap.points || [];
    g.setOption({
      aria: { enabled: true }, animation: false,
      grid: { left: 56, right: 24, top: 32, bottom: 36 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => num(v) },
      xAxis: { type: 'category', data: gp.map((p) => p.period) },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v) => num(v) } },
      series: [
        { name: dl(gap.definition?.focus), type: 'line', data: gp.map((p) => p.focus ?? null), color: '#b30000' },
        { name: dl(gap.definition?.reference), type: 'line', data: gp.map((p) => p.reference ?? null), color: '#08519c' },
        { name: 'Lücke', type: 'line', data: gp.map((p) => p.gap ?? null), color: '#444', lineStyle: { type: 'dashed' } },
      ],
    });
  }
}
