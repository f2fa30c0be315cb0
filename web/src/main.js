import './style.css';
import { resetViewCount, stats, onAuthChange, token, setToken, askAgain } from './api.js';
import { esc } from './format.js';
import { findView } from './views/find.js';
import { scorecardView } from './views/scorecard.js';
import { peersView } from './views/peers.js';

// Views that draw charts load ECharts on first use (a separate chunk), so the search, the
// scorecard and the peer table start without it.
const lazy = (load, name) => async (...a) => (await load())[name](...a);
const indicatorView = lazy(() => import('./views/indicator.js'), 'indicatorView');
const mapView = lazy(() => import('./views/map.js'), 'mapView');
const graphView = lazy(() => import('./views/graph.js'), 'graphView');

const views = {
  suche: { title: 'Suche', render: findView },
  scorecard: { title: 'Scorecard', render: scorecardView },
  indikator: { title: 'Indikator', render: indicatorView },
  vergleich: { title: 'Vergleich', render: peersView },
  karte: { title: 'Karte', render: mapView },
  wissen: { title: 'Wissensgraph', render: graphView },
};

// The page's state lives in the hash: #/view?unit=05315&name=...&period=2021&indicator=ALO_QUOTE
export const state = { unit: '', name: '', period: '2021', indicator: 'ALO_QUOTE' };
const KEEP = ['unit', 'name', 'period', 'indicator'];

export function href(view, extra = {}) {
  const p = new URLSearchParams();
  for (const k of KEEP) if (state[k]) p.set(k, state[k]);
  for (const [k, v] of Object.entries(extra)) { if (v == null || v === '') p.delete(k); else p.set(k, v); }
  return `#/${view}?${p}`;
}
export function go(view, extra = {}) { location.hash = href(view, extra); }

function parse() {
  const h = location.hash.replace(/^#\/?/, '');
  const [name, q = ''] = h.split('?');
  const params = Object.fromEntries(new URLSearchParams(q));
  for (const k of KEEP) if (params[k]) state[k] = params[k];
  return { name: views[name] ? name : 'suche', params };
}

function renderNav(active) {
  const nav = document.getElementById('nav');
  nav.innerHTML = Object.entries(views).map(([k, v]) =>
    `<li><a href="${href(k)}"${k === active ? ' aria-current="page"' : ''}>${v.title}</a></li>`).join('');
  const ctx = document.getElementById('context');
  ctx.innerHTML = state.unit
    ? `Gebiet: <strong>${esc(state.name || state.unit)}</strong>${state.name ? ` (${esc(state.unit)})` : ''} · Jahr: <strong>${esc(state.period)}</strong>`
    : 'Noch kein Gebiet gewählt – bitte suchen.';
}

const auth = document.getElementById('auth');
onAuthChange((kind, message) => {
  if (kind === 'missing') {
    auth.hidden = false;
    auth.innerHTML = `<strong>${esc(message)}</strong> <button type="button" id="auth-login">Token eingeben</button>`;
    document.getElementById('auth-login').onclick = async () => { if (await askAgain()) route(); };
  } else if (kind === 'token') {
    auth.hidden = false;
    auth.innerHTML = 'Angemeldet mit API-Token (nur in diesem Tab gespeichert). <button type="button" id="auth-logout">Abmelden</button>';
    document.getElementById('auth-logout').onclick = () => { setToken(''); auth.hidden = true; };
  }
});
if (token()) setToken(token());

let seq = 0;
async function route() {
  const my = ++seq;
  const { name, params } = parse();
  for (const fn of window.__integraDispose || []) fn();
  resetViewCount();
  renderNav(name);
  const main = document.getElementById('main');
  main.dataset.view = name;
  main.dataset.ready = '0';
  document.title = `${views[name].title} – integra`;
  main.innerHTML = '<p class="loading" role="status">Lade …</p>';
  const t0 = performance.now();
  try {
    await views[name].render(main, params, state);
  } catch (e) {
    if (my !== seq) return;
    console.error(e);
    main.innerHTML = `<div class="error" role="alert"><h1>${esc(views[name].title)}</h1><p>Fehler: ${esc(e.message)}</p></div>`;
  }
  if (my !== seq) return;
  renderNav(name);
  main.dataset.requests = String(stats.requests);
  main.dataset.ms = String(Math.round(performance.now() - t0));
  main.dataset.ready = '1';
}
window.addEventListener('hashchange', route);
route();
