// German formatting and labels for the proto enums (canonical JSON: enum value names).

const nf2 = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });
const nf0 = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
export const num = (v, digits = 2) => (v == null || Number.isNaN(v) ? '–'
  : digits === 0 ? nf0.format(v) : digits === 2 ? nf2.format(v)
    : new Intl.NumberFormat('de-DE', { maximumFractionDigits: digits }).format(v));

// "POLARITY_LOWER_IS_BETTER" -> "LOWER_IS_BETTER"
export function en(v, prefix) {
  if (v == null) return '';
  const s = String(v);
  return prefix && s.startsWith(prefix + '_') ? s.slice(prefix.length + 1) : s;
}

export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const measure = {
  percent: '%', PERCENT: '%', MEASURE_UNIT_PERCENT: '%',
  per_1000_inhabitants: 'je 1.000 Einw.', MEASURE_UNIT_PER_1000_INHABITANTS: 'je 1.000 Einw.',
  per_100000_inhabitants: 'je 100.000 Einw.', MEASURE_UNIT_PER_100000_INHABITANTS: 'je 100.000 Einw.',
  count: '', MEASURE_UNIT_COUNT: '', eur: '€', MEASURE_UNIT_EUR: '€',
  eur_per_inhabitant: '€ je Einw.', MEASURE_UNIT_EUR_PER_INHABITANT: '€ je Einw.',
  years: 'Jahre', MEASURE_UNIT_YEARS: 'Jahre', index: '', MEASURE_UNIT_INDEX: '',
};
export function unitLabel(u, label) {
  if (label) return label;
  return measure[u] ?? (u && !String(u).startsWith('MEASURE_UNIT') ? u : '');
}
export const withUnit = (v, u) => (v == null ? '–' : `${num(v)}${u ? (u === '%' ? ' %' : ' ' + u) : ''}`);

export const polarityText = {
  HIGHER_IS_BETTER: 'höher ist besser', LOWER_IS_BETTER: 'niedriger ist besser', NEUTRAL: 'neutral (Kontext)', UNSPECIFIED: '',
};
export const polarity = (p) => polarityText[en(p, 'POLARITY')] ?? '';

export const quartileText = {
  BOTTOM: 'unteres Viertel', LOWER_MIDDLE: 'zweites Viertel', UPPER_MIDDLE: 'drittes Viertel', TOP: 'oberes Viertel', UNSPECIFIED: '–',
};
export const quartile = (q) => quartileText[en(q || 'QUARTILE_POSITION_UNSPECIFIED', 'QUARTILE_POSITION')] ?? '–';

export const trend = {
  IMPROVING: ['↗', 'verbessert sich'], WORSENING: ['↘', 'verschlechtert sich'], STABLE: ['→', 'stabil'],
  RISING: ['↑', 'steigt (neutral)'], FALLING: ['↓', 'fällt (neutral)'], UNKNOWN: ['·', 'kein Trend (zu wenige Werte)'],
};
export const trendOf = (d) => trend[en(d || 'TREND_DIRECTION_UNKNOWN', 'TREND_DIRECTION')] || trend.UNKNOWN;

export const targetText = { ON_TRACK: 'auf Kurs', AT_RISK: 'gefährdet', OFF_TRACK: 'nicht auf Kurs', UNKNOWN: 'nicht beurteilbar' };
export const targetStatus = (s) => targetText[en(s || 'TARGET_STATUS_UNKNOWN', 'TARGET_STATUS')] || 'nicht beurteilbar';

export const fieldStatusText = {
  LAGGING: 'Rückstand', NOT_LAGGING: 'kein Rückstand', NOT_ASSESSABLE: 'nicht bewertbar', NOT_MONITORED: 'nicht beobachtet', UNSPECIFIED: '–',
};
export const fieldStatus = (s) => fieldStatusText[en(s || 'FIELD_STATUS_UNSPECIFIED', 'FIELD_STATUS')];

export const measureStatusText = { PLANNED: 'geplant', RUNNING: 'laufend', FINISHED: 'abgeschlossen', STOPPED: 'abgebrochen' };
export const measureStatus = (s) => measureStatusText[en(s || 'MEASURE_STATUS_UNSPECIFIED', 'MEASURE_STATUS')] || '';
export const flagText = { PROVISIONAL: 'vorläufig', ESTIMATED: 'geschätzt', SUPPRESSED: 'geheim gehalten', SYNTHETIC: 'synthetisch', LOW_RELIABILITY: 'Aussagewert eingeschränkt', BLOCKED: 'Tabellenfach gesperrt', UNRELIABLE: 'nicht sicher genug', NOT_YET_AVAILABLE: 'fällt später an' };
export const flagList = (flags) => (flags || []).map((f) => flagText[en(f, 'OBSERVATION_FLAG')]).filter(Boolean);
export const hasFlag = (flags, f) => (flags || []).some((x) => en(x, 'OBSERVATION_FLAG') === f);

export const levelText = { BUND: 'Bund', LAND: 'Land', REGIERUNGSBEZIRK: 'Regierungsbezirk', KREIS: 'Kreis', GEMEINDE: 'Gemeinde' };
export const level = (l) => levelText[en(l, 'UNIT_LEVEL')] || '';
export const unitTypeText = {
  BUND: 'Bund', LAND: 'Land', STADTSTAAT: 'Stadtstaat', REGIERUNGSBEZIRK: 'Regierungsbezirk', KREISFREIE_STADT: 'Kreisfreie Stadt',
  LANDKREIS: 'Landkreis', KREISANGEHOERIGE_GEMEINDE: 'Kreisangehörige Gemeinde', GEMEINDEFREIES_GEBIET: 'Gemeindefreies Gebiet',
};
export const unitType = (t) => unitTypeText[en(t, 'UNIT_TYPE')] || '';

export const nodeTypeText = {
  ACTION_FIELD: 'Handlungsfeld', SUCCESS_FACTOR: 'Erfolgsbedingung', RECOMMENDATION: 'Empfehlung', FINDING: 'Befund',
  CHALLENGE: 'Herausforderung', RESOURCE: 'Ressource', SUPPORT_NEED: 'Unterstützungsbedarf', INDICATOR: 'Indikator',
  MEASURE: 'Maßnahme', SOURCE: 'Quelle', GOAL: 'Ziel',
};
export const nodeType = (t) => nodeTypeText[en(t, 'NODE_TYPE')] || en(t, 'NODE_TYPE');
export const edgeTypeText = {
  ADDRESSES: 'adressiert', ENABLES: 'ermöglicht', EVIDENCES: 'belegt', MEASURES: 'misst', IMPLEMENTS: 'setzt um', REQUIRES: 'setzt voraus', CITES: 'zitiert',
  CONTRIBUTES_TO: 'trägt bei zu', INSTANCE_OF: 'ist ein Fall von',
};
export const edgeType = (t) => edgeTypeText[en(t, 'EDGE_TYPE')] || en(t, 'EDGE_TYPE');

export const LICENCE = 'dl-de/by-2-0';
export const LICENCE_LINK = '<a href="https://www.govdata.de/dl-de/by-2-0">dl-de/by-2-0</a>';
export const BKG = '<a href="https://www.bkg.bund.de">© GeoBasis-DE / BKG 2021 (Daten verändert)</a>';
export function sourceLine(sources, extra = '') {
  const list = [...new Set((sources || []).filter(Boolean))];
  const s = list.length ? list.map(esc).join('; ') : 'keine Quellenangabe im Datenbestand';
  return `<p class="source">Quelle: ${s}; Lizenz ${LICENCE_LINK}${extra ? '. ' + extra : ''}</p>`;
}
export const SYN_BADGE = '<span class="badge syn" title="Synthetischer Demowert, keine amtliche Zahl">synthetisch</span>';
