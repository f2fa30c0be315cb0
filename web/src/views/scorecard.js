import { scorecard } from '../api.js';
import {
  esc, num, en, unitLabel, withUnit, polarity, quartile, trendOf, targetStatus, fieldStatus, flagList,
  LICENCE_LINK, SYN_BADGE, unitType, measureStatus,
} from '../format.js';
import { href } from '../main.js';
import { periodSelect } from './find.js';

function noUnit(main, what) {
  main.innerHTML = `<h1>${what}</h1><p>Bitte zuerst ein Gebiet <a href="#/suche">suchen</a>.</p>`;
}

function valueCell(ind) {
  const v = ind.value || {};
  const u = unitLabel(ind.unitOfMeasure);
  const status = en(v.status || 'VALUE_STATUS_MISSING', 'VALUE_STATUS');
  if (status === 'SUPPRESSED') return '<td data-cell="value">geheim gehalten</td>';
  if (status !== 'PRESENT' || v.value == null) return '<td data-cell="value">keine Daten</td>';
  const flags = flagList(v.flags).filter((f) => f !== 'synthetisch');
  return `<td data-cell="value" data-value="${v.value}" class="${flags.includes('vorläufig') ? 'provisional' : ''}">${withUnit(v.value, u)}`
    + `${v.earlierPeriod ? ` <span class="muted">(${esc(v.period)})</span>` : ''}`
    + `${v.synthetic ? ' ' + SYN_BADGE : ''}${flags.map((f) => ` <span class="badge">${esc(f)}</span>`).join('')}`
    + `${v.footnote ? ` <span class="footnote" title="${esc(v.footnote)}">Fußnote: ${esc(v.footnote)}</span>` : ''}</td>`;
}

function positionCells(ind, rankings) {
  const p = ind.position || {};
  if (!p.compared) return `<td data-cell="percentile">–</td><td data-cell="position" colspan="1">${esc(p.note || 'kein Vergleich')}</td><td>–</td>`;
  const pos = rankings && p.rank != null
    ? `Rang ${p.rank} von ${p.n ?? 0}`
    : `${quartile(p.quartile)}`;
  return `<td data-cell="percentile" data-value="${p.percentile ?? ''}">${p.percentile != null ? num(p.percentile, 0) : '–'}</td>`
    + `<td data-cell="position" class="q-${esc(en(p.quartile, 'QUARTILE_POSITION').toLowerCase())}">${esc(pos)}${p.note ? ` <span class="muted">${esc(p.note)}</span>` : ''}</td>`
    + `<td data-cell="median" data-value="${p.median ?? 0}">${num(p.median ?? 0)}</td>`;
}

function advice(title, list) {
  if (!list || !list.length) return '';
  return `<h4>${title}</h4><ul class="advice">${list.map((a) => `<li><strong><a href="${href('wissen', { node: a.id })}">${esc(a.titleDe)}</a></strong>${a.note ? ` – ${esc(a.note)}` : ''}
    ${a.evidence && a.evidence.length ? `<ul>${a.evidence.map(evidence).join('')}</ul>` : ''}</li>`).join('')}</ul>`;
}
// The unit's own measures addressing a field. Their evaluation (ScorecardService.Evaluate) is
// fetched only when asked for: it costs about 0.1 s per indicator (docs/evaluation.md).
function measures(list) {
  if (!list || !list.length) return '';
  return `<div class="measures"><h3>Eigene Maßnahmen</h3><ul>${list.map((m) => `<li data-measure="${esc(m.id)}">
    <strong>${esc(m.titleDe)}</strong> <span class="muted small">${esc(measureStatus(m.status))}, ${esc(m.startDate)} – ${esc(m.endDate || 'offen')}</span>
    <button type="button" class="no-print evaluate" data-measure="${esc(m.id)}">Wirkung prüfen</button>
    <div class="evaluation" aria-live="polite"></div></li>`).join('')}</ul></div>`;
}

async function showEvaluation(button) {
  const box = button.parentElement.querySelector('.evaluation');
  button.disabled = true;
  box.dataset.ready = '0';
  box.textContent = 'wird berechnet …';
  try {
    const r = await scorecard('Evaluate', { measureId: button.dataset.measure });
    box.innerHTML = `<ul>${(r.indicators || []).map((i) => `<li data-indicator="${esc(i.indicatorCode)}"><strong>${esc(i.nameDe)}</strong>: `
      + `<span class="verdict">${esc(i.notEvaluated || i.verdictDe)}</span></li>`).join('')}</ul>`
      + '<p class="muted small">Vergleich mit ähnlichen Gebieten; belegt keine Ursache.</p>';
  } catch (e) {
    box.textContent = `Nicht auswertbar: ${e.message}`;
  }
  box.dataset.ready = '1';
}

function evidence(e) {
  return `<li class="evidence">Befund: ${esc(e.titleDe)}${e.year ? ` (${e.year}${e.sampleSize ? `, n = ${e.sampleSize}` : ''})` : ''}${e.note ? ` – ${esc(e.note)}` : ''}</li>`;
}

export async function scorecardView(main, params, state) {
  if (!state.unit) return noUnit(main, 'Scorecard');
  const sc = await scorecard('GetScorecard', { unitKey: state.unit, period: state.period });
  state.name = sc.unitName || state.name;
  const rankings = !!sc.rankingsEnabled;
  const fields = sc.fields || [];
  const lagging = fields.filter((f) => en(f.status, 'FIELD_STATUS') === 'LAGGING');
  const unitLink = (v, ind) => href(v, { indicator: ind.code });
  main.innerHTML = `
    <div class="print-only report-head">Integrationsmonitoring – Bericht für den Rat · erstellt ${new Date().toLocaleDateString('de-DE')}</div>
    <h1>Scorecard: <span id="unit-name">${esc(sc.unitName)}</span> <span class="muted">(${esc(sc.unitKey)})</span></h1>
    <div class="toolbar no-print">
      <div class="field">${periodSelect('sc-period', state.period, 'Berichtsjahr')}</div>
      <button type="button" id="print">Als Ratsbericht drucken (A4)</button>
    </div>
    <dl class="facts">
      <dt>Gebiet</dt><dd>${esc(sc.unitName)} (${esc(sc.unitKey)}${sc.twinKey ? `, Gemeindeschlüssel ${esc(sc.twinKey)}` : ''}), ${esc(unitType(sc.unitType) || sc.unitType)}</dd>
      <dt>Berichtsjahr</dt><dd id="sc-period-value">${esc(sc.period)}</dd>
      ${(sc.earlierPeriodsShown ?? []).length ? `<dt>Datenstand</dt><dd id="sc-earlier">keine Werte für ${esc(sc.period)}; gezeigt werden die jeweils letzten früheren Werte (${sc.earlierPeriodsShown.map(esc).join(', ')})</dd>` : ''}
      <dt>Vergleichsgruppe</dt><dd id="peer-description">${esc(sc.peerDescription)} – ${sc.peerCount ?? 0} Gebiete (einschließlich ${esc(sc.unitName)})</dd>
      <dt>Rangplätze</dt><dd>${rankings ? 'werden angezeigt' : `ausgeschaltet${sc.rankingsNote ? ': ' + esc(sc.rankingsNote) : ''} – gezeigt wird die Viertelposition`}</dd>
    </dl>
    ${sc.hasSynthetic ? `<p class="note syn-note">${SYN_BADGE} Einige Werte dieser Scorecard sind <strong>synthetische Demowerte</strong> (nicht amtlich). Sie sind einzeln markiert.</p>` : ''}
    <section aria-labelledby="lag-h" class="lagging-summary">
      <h2 id="lag-h">Handlungsfelder mit Rückstand (${lagging.length})</h2>
      ${lagging.length ? `<ul>${lagging.map((f) => `<li><a href="#f-${esc(f.id)}" data-lagging="${esc(f.id)}">${esc(f.titleDe)}</a> – ${esc(f.reason || '')}${f.restsOnSynthetic ? ' ' + SYN_BADGE : ''}</li>`).join('')}</ul>`
    : '<p>Kein Handlungsfeld erfüllt die Rückstandsregel.</p>'}
      <details class="no-print"><summary>Regel</summary><p>${esc(sc.rule)}</p></details>
      <p class="print-only small">Regel: ${esc(sc.rule)}</p>
    </section>
    ${fields.map((f) => {
    const st = en(f.status, 'FIELD_STATUS');
    return `<section class="field-card ${st === 'LAGGING' ? 'lagging' : ''}" id="f-${esc(f.id)}" aria-labelledby="h-${esc(f.id)}" data-field="${esc(f.id)}">
      <h2 id="h-${esc(f.id)}">${esc(f.titleDe)} <span class="status status-${st.toLowerCase()}">${fieldStatus(f.status)}</span>${f.restsOnSynthetic ? ' ' + SYN_BADGE : ''}</h2>
      ${f.reason ? `<p class="muted">${esc(f.reason)}</p>` : ''}
      ${(f.indicators || []).length ? `<div class="table-wrap"><table class="indicators">
        <caption class="sr-only">Indikatoren des Handlungsfelds ${esc(f.titleDe)}</caption>
        <thead><tr><th scope="col">Indikator</th><th scope="col">Wert</th><th scope="col">Perzentil<span class="sr-only"> (100 = am besten)</span></th>
          <th scope="col">${rankings ? 'Rang' : 'Viertel'}</th><th scope="col">Median Vergleichsgruppe</th><th scope="col">Trend</th><th scope="col">Ziel</th><th scope="col">Quelle</th></tr></thead>
        <tbody>${(f.indicators || []).map((ind) => {
      const [arrow, ttext] = trendOf(ind.trend?.direction);
      const t = ind.target;
      return `<tr data-indicator="${esc(ind.code)}" class="${ind.bottomQuartile ? 'bottom' : ''}">
          <th scope="row">${ind.code ? `<a href="${unitLink('indikator', ind)}">${esc(ind.nameDe)}</a>` : esc(ind.nameDe)}
            <span class="muted small">${esc(polarity(ind.polarity))}${ind.assessable ? '' : ' · zählt nicht'}</span></th>
          ${valueCell(ind)}${positionCells(ind, rankings)}
          <td data-cell="trend"><span aria-hidden="true" class="arrow">${arrow}</span> ${esc(ttext)}${ind.trend?.fromPeriod ? ` <span class="muted small">${esc(ind.trend.fromPeriod)}–${esc(ind.trend.toPeriod)}</span>` : ''}</td>
          <td data-cell="target">${t ? `${num(t.targetValue ?? 0)} bis ${esc(t.targetPeriod)}: <span class="target-${esc(en(t.status, 'TARGET_STATUS').toLowerCase())}">${targetStatus(t.status)}</span>` : '–'}</td>
          <td class="small">${esc((ind.sources || []).join('; ') || (ind.value?.synthetic ? 'synthetisch (Demo)' : '–'))}</td></tr>`;
    }).join('')}</tbody></table></div>` : '<p>Kein Indikator misst dieses Handlungsfeld.</p>'}
      ${st === 'LAGGING' ? `<div class="kb">${advice('Empfehlungen', f.recommendations)}${advice('Erfolgsbedingungen', f.successFactors)}
        ${f.findings && f.findings.length ? `<h4>Befunde</h4><ul>${f.findings.map(evidence).join('')}</ul>` : ''}
        <p class="no-print"><a href="${href('wissen', { node: f.id })}">Im Wissensgraph ansehen</a></p></div>` : ''}
      ${measures(f.measures)}
    </section>`;
  }).join('')}
    <section class="sources" aria-labelledby="src-h">
      <h2 id="src-h">Quellen und Lizenzen</h2>
      <ul>${(sc.attributions || []).map((a) => `<li>${esc(a.text)} – Lizenz ${a.licence === 'dl-de/by-2-0' ? LICENCE_LINK : esc(a.licence)}</li>`).join('')}
        ${(sc.otherSources || []).map((s) => `<li>${esc(s)}</li>`).join('')}
        ${sc.hasSynthetic ? '<li>Synthetische Demowerte (integra-Demo, keine amtlichen Daten)</li>' : ''}
        <li>Wissensbasis: Roth (2017), Kommunale Integrationspolitik (docs/knowledge.md)</li>
        <li>Gebietsstand: Gemeindeverzeichnis GV100AD 30.11.2023, Destatis – Lizenz ${LICENCE_LINK}</li></ul>
    </section>`;
  main.querySelector('#sc-period').onchange = (e) => { location.hash = href('scorecard', { period: e.target.value }); };
  main.querySelector('#print').onclick = () => window.print();
  main.querySelectorAll('button.evaluate').forEach((b) => { b.onclick = () => showEvaluation(b); });
}
