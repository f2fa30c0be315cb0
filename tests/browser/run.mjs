#!/usr/bin/env node
// Browser test of the dashboard: headless Chromium from Debian (/usr/bin/chromium) driven by
// playwright-core (never downloads a browser), against a real integrad with the demo data.
//
//   node tests/browser/run.mjs --integrad PATH --cli PATH [--web-root web/dist] [--screenshots DIR]
//   node tests/browser/run.mjs --url http://127.0.0.1:8181/   (an already running server with the demo data)
//
// Starts integrad with a temp data dir, --http on a free port, --allow-anonymous-read and
// --web-root; loads the demo content through the real CLI (deploy/load-demo.sh); then walks the
// views as a user would and checks them against the API (fetched by this script, outside the page).
// Writes screenshots, the scorecard PDF and summary.json to the screenshots folder.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const webDir = path.join(repo, 'web');
const { chromium } = await import(path.join(webDir, 'node_modules', 'playwright-core', 'index.mjs'));

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : '1']);
  return acc;
}, []));
const webRoot = path.resolve(args['web-root'] || process.env.INTEGRA_WEB_ROOT || path.join(webDir, 'dist'));
const shots = path.resolve(args.screenshots || process.env.INTEGRA_SCREENSHOTS || path.join(repo, 'build', 'browser-screenshots'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(shots, { recursive: true });

const summary = { views: {}, checks: [] };
const children = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'integra-browser-'));
function cleanup() {
  for (const c of children) { try { c.kill('SIGTERM'); } catch { /* gone */ } }
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
const step = (s) => console.log(`[browser] ${s}`);
const check = (name, cond, detail = '') => {
  summary.checks.push({ name, ok: !!cond, detail });
  assert.ok(cond, `${name}${detail ? ': ' + detail : ''}`);
  step(`ok  ${name}${detail ? ' (' + detail + ')' : ''}`);
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startIntegrad(data, tokenFile, anonymous, logName) {
  const integrad = path.resolve(args.integrad || process.env.INTEGRAD);
  fs.writeFileSync(tokenFile, execFileSync(integrad, ['admin', 'token', 'create', '--data-dir', data, '--name', 'browser-test', '--role', 'ADMIN'], { stdio: ['ignore', 'pipe', 'ignore'] }), { mode: 0o600 });
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const log = fs.openSync(path.join(shots, logName), 'w');
  const srv = spawn(integrad, ['--data-dir', data, '--listen', `127.0.0.1:${grpcPort}`, '--http', `127.0.0.1:${httpPort}`,
    '--web-root', webRoot, ...(anonymous ? ['--allow-anonymous-read'] : [])], { stdio: ['ignore', log, log] });
  children.push(srv);
  const url = `http://127.0.0.1:${httpPort}/`;
  for (let i = 0; ; i++) {
    if (srv.exitCode != null) throw new Error(`integrad exited (${srv.exitCode}); see ${path.join(shots, logName)}`);
    try { if ((await fetch(url)).ok) break; } catch { /* not yet */ }
    if (i > 300) throw new Error('integrad did not serve HTTP within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { grpcPort, url };
}

async function startServer() {
  const integrad = path.resolve(args.integrad || process.env.INTEGRAD);
  const cli = path.resolve(args.cli || process.env.INTEGRA_CLI);
  for (const [n, p] of [['integrad', integrad], ['integra CLI', cli], ['web root', path.join(webRoot, 'index.html')]]) {
    if (!fs.existsSync(p)) throw new Error(`${n} not found at ${p}`);
  }
  const data = path.join(tmp, 'data');
  const tokenFile = path.join(tmp, 'admin.token');
  const { grpcPort, url: base } = await startIntegrad(data, tokenFile, true, 'integrad.log');
  step(`integrad up: gRPC ${grpcPort}, HTTP ${base}`);
  const t0 = Date.now();
  execFileSync('bash', [path.join(repo, 'deploy', 'load-demo.sh')], {
    cwd: repo, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, INTEGRA: `${cli} --server 127.0.0.1:${grpcPort} --token-file ${tokenFile}` },
  });
  step(`demo data loaded through the CLI in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The demo has no provisional value, footnote or series break: write one of each for Köln's
  // ALO_QUOTE through the HTTP API (with the ADMIN token), so the indicator view must mark them.
  const secret = fs.readFileSync(tokenFile, 'utf8').trim();
  const put = async (observation) => {
    const r = await fetch(new URL('integra.v1.MonitoringService/PutObservation', base), {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` }, body: JSON.stringify({ observation }) });
    if (!r.ok) throw new Error(`PutObservation: HTTP ${r.status} ${await r.text()}`);
  };
  const s2011 = await (await fetch(new URL('integra.v1.MonitoringService/GetSeries', base), { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ indicatorCode: 'ALO_QUOTE', unitKeys: ['05315'], fromPeriod: '2011', toPeriod: '2011' }) })).json();
  const p2011 = s2011.series[0].points.find((p) => !p.breakdownText);
  await put({ ...p2011, seriesBreak: 'Umstellung der Arbeitslosenstatistik (Browsertest)', footnote: 'Fußnote des Browsertests', revision: undefined, sequence: undefined, recordedMicros: undefined });
  await put({ indicatorCode: 'ALO_QUOTE', unitKey: '05315', period: '2022', value: 9.05, flags: ['OBSERVATION_FLAG_PROVISIONAL'], source: 'integra Browsertest (vorläufig)' });
  markedData = true;
  return base;
}

let markedData = false;
const base = args.url || process.env.INTEGRA_BROWSER_URL || await startServer();
async function api(service, method, body) {
  const r = await fetch(new URL(`integra.v1.${service}/${method}`, base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(`${service}/${method}: HTTP ${r.status} ${JSON.stringify(j)}`);
  return j;
}
const de = (v, d = 2) => (v == null ? '–' : new Intl.NumberFormat('de-DE', { maximumFractionDigits: d }).format(v));
const squash = (s) => s.replace(/\s+/g, ' ').trim();

// --- the bundle budget: gzipped JS + CSS of web/dist
let gz = 0;
for (const f of fs.readdirSync(path.join(webRoot, 'assets'))) {
  if (/\.(js|css)$/.test(f)) gz += zlib.gzipSync(fs.readFileSync(path.join(webRoot, 'assets', f)), { level: 9 }).length;
}
summary.bundleGzipBytes = gz;
check('gzipped bundle <= 400 KB', gz <= 400 * 1024, `${(gz / 1024).toFixed(1)} KB`);

const profile = path.join(tmp, 'profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 }, locale: 'de-DE',
});
const page = context.pages()[0] || await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text()); });
page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/integra.v1.')) pageErrors.push(`HTTP ${r.status()} ${r.url()}`); });
let apiRequests = [];
page.on('request', (r) => { if (r.url().includes('/integra.v1.')) apiRequests.push(r.url().split('/integra.v1.')[1]); });
const axeSource = fs.readFileSync(path.join(webDir, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

async function open(hash, view, label = view) {
  apiRequests = [];
  const t0 = Date.now();
  await page.evaluate((h) => { location.hash = h; }, hash).catch(() => {});
  await page.waitForSelector(`main[data-view="${view}"][data-ready="1"]`, { timeout: 30000 });
  return record(label, Date.now() - t0);
}
function record(view, ms) {
  const n = apiRequests.length;
  summary.views[view] = { requests: n, calls: [...apiRequests], ms };
  check(`${view}: ≤ 5 API requests`, n <= 5, `${n}: ${apiRequests.join(', ')}`);
  return n;
}
async function axe(view) {
  await page.addScriptTag({ content: axeSource });
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0]?.target }));
  });
  summary.views[view].axe = res;
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(`${view}: axe-core, no serious/critical violations`, bad.length === 0, bad.length ? JSON.stringify(bad) : `${res.length} minor/moderate`);
}
const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

try {
  // 1. Find: "Koeln" and "Köln" both find 05315.
  const t0 = Date.now();
  await page.goto(new URL('#/suche', base).href);
  await page.waitForSelector('main[data-view="suche"][data-ready="1"]');
  summary.firstLoadMs = Date.now() - t0;
  summary.firstLoadNavigation = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { domContentLoadedMs: Math.round(n.domContentLoadedEventEnd), loadMs: Math.round(n.loadEventEnd), transferBytes: n.transferSize };
  });
  apiRequests = [];
  for (const q of ['Koeln', 'Köln']) {
    await page.fill('#q', q);
    await page.press('#q', 'Enter');
    await page.waitForSelector('.unit-link[data-key="05315"], #results .error', { timeout: 15000 });
    const err = await page.$('#results .error');
    if (err) throw new Error(`search "${q}" failed in the page: ${await err.textContent()}`);
    check(`search "${q}" finds Köln (05315)`, true);
  }
  record('suche', 0);
  await axe('suche');
  await shot('1-suche');

  // 2. Scorecard: the figures on the page equal the API's.
  apiRequests = [];
  const ts = Date.now();
  await page.click('.unit-link[data-key="05315"]');
  await page.waitForSelector('main[data-view="scorecard"][data-ready="1"]');
  record('scorecard', Date.now() - ts);
  summary.scorecardLoadMs = Date.now() - ts;
  const period = await page.$eval('#sc-period-value', (e) => e.textContent.trim());
  const sc = await api('ScorecardService', 'GetScorecard', { unitKey: '05315', period });
  check('scorecard shows the unit name', squash(await page.textContent('#unit-name')) === sc.unitName, sc.unitName);
  let compared = 0;
  for (const f of sc.fields) {
    for (const ind of f.indicators || []) {
      if (!ind.code) continue;
      const row = `[data-field="${f.id}"] tr[data-indicator="${ind.code}"]`;
      const v = ind.value?.value;
      if (v != null) {
        const cell = await page.$(`${row} td[data-cell=value]`);
        assert.ok(cell, `row ${row} missing`);
        assert.equal(Number(await cell.getAttribute('data-value')), v, `${f.id}/${ind.code} value`);
        assert.ok((await cell.textContent()).includes(de(v)), `${f.id}/${ind.code}: "${await cell.textContent()}" lacks ${de(v)}`);
        if (ind.value.synthetic) assert.ok((await cell.textContent()).includes('synthetisch'), `${ind.code} synthetic not labelled`);
        compared++;
      }
      const pct = ind.position?.percentile;
      if (ind.position?.compared && pct != null) {
        assert.equal(squash(await page.textContent(`${row} td[data-cell=percentile]`)), de(pct, 0), `${ind.code} percentile`);
        if (sc.rankingsEnabled && ind.position.rank != null) {
          assert.ok((await page.textContent(`${row} td[data-cell=position]`)).includes(`Rang ${ind.position.rank} von ${ind.position.n}`), `${ind.code} rank`);
        }
      }
    }
  }
  check('scorecard values, percentiles and ranks equal GetScorecard', compared > 0, `${compared} values`);
  const laggingIds = sc.laggingFieldIds || [];
  const pageLagging = await page.$$eval('[data-lagging]', (els) => els.map((e) => e.dataset.lagging));
  check('lagging fields as the API says', JSON.stringify(pageLagging) === JSON.stringify(laggingIds), laggingIds.join(', '));
  await axe('scorecard');
  await shot('2-scorecard');

  // The city's own measures per field; their evaluation, fetched on request, shows Evaluate's verdicts.
  const measureIds = sc.fields.flatMap((f) => (f.measures || []).map((m) => m.id));
  check('scorecard lists the unit\'s own measures', measureIds.includes('ms.05315.bildungslotsen'), measureIds.join(', '));
  const measureItem = 'li[data-measure="ms.05315.bildungslotsen"]';
  await page.click(`${measureItem} button.evaluate`);
  await page.waitForSelector(`${measureItem} .evaluation[data-ready="1"]`, { timeout: 60000 });
  const evaluated = await api('ScorecardService', 'Evaluate', { measureId: 'ms.05315.bildungslotsen' });
  const verdicts = await page.$$eval(`${measureItem} .evaluation .verdict`, (els) => els.map((e) => e.textContent));
  check('measure evaluation shows the API\'s verdicts',
    verdicts.length > 0 && JSON.stringify(verdicts) === JSON.stringify(evaluated.indicators.map((i) => i.notEvaluated || i.verdictDe)),
    `${verdicts.length} indicator(s)`);

  // 7. Print: the scorecard as an A4 PDF with the lagging field's name in it.
  await page.emulateMedia({ media: 'print' });
  const pdfPath = path.join(shots, 'scorecard-05315.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const pdfText = squash(execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString());
  const lagField = sc.fields.find((f) => f.id === laggingIds[0]);
  if (lagField) check('PDF names the lagging field', pdfText.includes(squash(lagField.titleDe)), lagField.titleDe);
  check('PDF names the unit, the peers and the licence', pdfText.includes(sc.unitName) && pdfText.includes('Vergleichsgruppe') && pdfText.includes('dl-de/by-2-0'));
  summary.pdfPages = Number((execFileSync('pdfinfo', [pdfPath]).toString().match(/Pages:\s+(\d+)/) || [])[1]);

  // 3. Indicator view: the band values per year equal GetPeerBand.
  const name = encodeURIComponent(sc.unitName);
  await open(`#/indikator?unit=05315&name=${name}&period=${period}&indicator=ALO_QUOTE`, 'indikator');
  const band = await api('MonitoringService', 'GetPeerBand', { indicatorCode: 'ALO_QUOTE', unitKey: '05315' });
  check('band has points', band.points.length > 5, `${band.points.length} years`);
  for (const p of band.points) {
    const row = `#band-table tr[data-period="${p.period}"]`;
    for (const k of ['value', 'q1', 'median', 'q3']) {
      assert.equal(squash(await page.textContent(`${row} td[data-cell=${k}]`)), de(p[k]), `${p.period} ${k}`);
    }
  }
  check('indicator table equals GetPeerBand (value, Q1, median, Q3 per year)', true);
  if (markedData) {
    check('provisional value marked (2022)', (await page.getAttribute('#band-table tr[data-period="2022"]', 'class')).includes('provisional')
      && (await page.textContent('#band-table tr[data-period="2022"]')).includes('vorläufig'));
    const r2011 = squash(await page.textContent('#band-table tr[data-period="2011"]'));
    check('series break and footnote marked (2011)', r2011.includes('Reihenbruch: Umstellung der Arbeitslosenstatistik') && r2011.includes('Fußnote des Browsertests'), r2011);
  }
  check('gap section (ALO_QUOTE by nationality)', (await page.$$('#gap-table tbody tr')).length > 0);
  await axe('indikator');
  await shot('3-indikator');
  await open(`#/indikator?unit=05315&name=${name}&period=${period}&indicator=BETREUUNG_U3`, 'indikator', 'indikator-ziel');
  check('target line and status shown (BETREUUNG_U3, Köln)', Number(await page.getAttribute('#target', 'data-value')) === 45);
  await shot('3b-indikator-ziel');

  // 4. Peers: sortable table, the unit highlighted.
  await open(`#/vergleich?unit=05315&name=${name}&period=${period}&indicator=ALO_QUOTE`, 'vergleich');
  const me = await page.$('#peer-table tr.me[data-key="05315"]');
  check('peer table highlights Köln', !!me);
  const vals = async () => page.$$eval('#peer-table tbody td[data-cell=value]', (els) => els.map((e) => e.dataset.value).filter((v) => v !== '').map(Number));
  await page.click('#peer-table button[data-sort="value"]');
  let v = await vals();
  check('sorted by value ascending', v.length > 5 && v.every((x, i) => i === 0 || v[i - 1] <= x), `${v.length} values`);
  await page.click('#peer-table button[data-sort="value"]');
  v = await vals();
  check('sorted by value descending', v.every((x, i) => i === 0 || v[i - 1] >= x));
  check('aria-sort on the sorted column', (await page.getAttribute('#peer-table th:has(button[data-sort="value"])', 'aria-sort')) === 'descending');
  const cmp = await api('MonitoringService', 'ComparePeers', { indicatorCode: 'ALO_QUOTE', unitKey: '05315', period, includePeers: true });
  check('peer table has every peer of ComparePeers', (await page.$$('#peer-table tbody tr')).length === cmp.peers.length, `${cmp.peers.length}`);
  await axe('vergleich');
  await shot('4-vergleich');
  // The peer set narrowed to the Land: the select sets it in the address, the table follows.
  await page.selectOption('#peer-scope', 'land');
  await page.waitForFunction(() => location.hash.includes('peers=land'));
  await open(`#/vergleich?unit=05315&name=${name}&period=${period}&indicator=ALO_QUOTE&peers=land`, 'vergleich', 'vergleich-land');
  const inLand = await api('MonitoringService', 'ComparePeers', { indicatorCode: 'ALO_QUOTE', unitKey: '05315', period, includePeers: true, peers: { scope: 'PEER_SCOPE_LAND' } });
  const landKeys = await page.$$eval('#peer-table tbody tr', (rows) => rows.map((r) => r.dataset.key));
  check('peer scope "Land": the rows of ComparePeers with PEER_SCOPE_LAND, all in NRW',
    landKeys.length === inLand.peers.length && landKeys.length < cmp.peers.length && landKeys.every((k) => k.startsWith('05')), `${landKeys.length} of ${cmp.peers.length}`);
  check('peer scope select shows the choice', (await page.inputValue('#peer-scope')) === 'land');
  // DEGURBA: the demo register (GV100AD CSVs) has none, which the page says in German.
  await open(`#/vergleich?unit=05315&name=${name}&period=${period}&indicator=ALO_QUOTE&peers=degurba`, 'vergleich', 'vergleich-degurba');
  const note = await page.textContent('#peer-note').catch(() => '');
  check('peer scope DEGURBA without DEGURBA in the register: a German note', note.includes('kein Verstädterungsgrad (DEGURBA) hinterlegt'), note);

  // 5. Map: the Kreise choropleth; click Köln.
  await open(`#/karte?unit=05315&name=${name}&period=${period}&indicator=ALO_QUOTE`, 'karte');
  await page.waitForTimeout(300);
  const legend = squash(await page.textContent('#map-legend'));
  check('map legend: quartile classes, "keine Daten", Eisenach note, BKG attribution',
    legend.includes('1. Quartil') && legend.includes('keine Daten') && legend.includes('Wartburgkreis') && legend.includes('GeoBasis-DE / BKG 2021'));
  check('attribution under the map', squash(await page.textContent('.map-figure figcaption')).includes('© GeoBasis-DE / BKG 2021 (Daten verändert)'));
  await axe('karte');
  await shot('5-karte-kreise');
  await page.$eval('#map', (e) => e.scrollIntoView({ block: 'center' }));
  const box = await page.$eval('#map', (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y }; });
  const [px, py] = await page.evaluate(() => window.__integraMap.convertToPixel({ seriesIndex: 0 }, [6.96, 50.94]));
  step(`clicking the map at ${Math.round(box.x + px)},${Math.round(box.y + py)} (Köln, 6.96° E 50.94° N): ${await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, [box.x + px, box.y + py])}`);
  await page.mouse.move(box.x + px, box.y + py);
  await page.mouse.click(box.x + px, box.y + py);
  await page.waitForFunction(() => location.hash.startsWith('#/scorecard') && location.hash.includes('unit=05315'), null, { timeout: 10000 });
  await page.waitForSelector('main[data-view="scorecard"][data-ready="1"]');
  check('click on Köln in the map opens its scorecard', true);
  await open(`#/karte?unit=05315&name=${name}&period=2022&indicator=AUSL_ANTEIL&land=05`, 'karte', 'karte-gemeinden');
  const gemLegend = squash(await page.textContent('#map-legend'));
  check('Gemeinde map of Nordrhein-Westfalen with values', /\(([1-9]\d*)\)/.test(gemLegend.split('keine Daten')[0]), gemLegend.slice(0, 160));
  await shot('5b-karte-gemeinden-nrw');

  // 6. Knowledge graph: expand a node by clicking it, explain a path.
  const af = laggingIds[0] || 'af.berufliche-integration';
  await open(`#/wissen?node=${af}`, 'wissen');
  const before = (await page.$$('#node-list li')).length;
  await page.$eval('#graph', (e) => e.scrollIntoView({ block: 'center' }));
  // Candidates: expandable nodes, the most isolated first (labels of neighbours may overlap).
  const candidates = await page.evaluate(() => {
    const g = window.__integraGraph;
    const data = g.getModel().getSeriesByIndex(0).getData();
    const all = [];
    for (let i = 0; i < data.count(); i++) {
      const p = g.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(i));
      all.push({ id: data.getId(i), x: p[0], y: p[1] });
    }
    return all
      .filter((n) => document.querySelector(`#node-list li[data-node="${CSS.escape(n.id)}"] button`) && n.y > 50)
      .map((n) => ({ ...n, room: Math.min(...all.filter((m) => m !== n).map((m) => Math.hypot(m.x - n.x, m.y - n.y))) }))
      .sort((a, b) => (a.id.startsWith('ind.') - b.id.startsWith('ind.')) || b.room - a.room);   // indicators have few neighbours
  });
  assert.ok(candidates.length, 'no expandable node');
  const gbox = await page.$eval('#graph', (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y }; });
  apiRequests = [];
  let target = null;
  for (const c of candidates.slice(0, 5)) {
    await page.mouse.click(gbox.x + c.x, gbox.y + c.y);
    const ok = await page.waitForFunction(() => Number(document.querySelector('main').dataset.expanded || 1) >= 2, null, { timeout: 3000 }).then(() => true, () => false);
    if (ok) { target = c; break; }
    step(`click at ${Math.round(c.x)},${Math.round(c.y)} (${c.id}) did not expand; next candidate`);
  }
  assert.ok(target, 'clicking graph nodes did not expand any');
  // The node under the pointer may be a neighbour of the aimed one (labels overlap nodes):
  // what counts is that the node the page says it expanded is the clicked one and is marked.
  const expandedId = await page.$eval('main', (m) => m.dataset.lastExpanded);
  const hit = await page.evaluate(([x, y]) => {
    const g = window.__integraGraph;
    const data = g.getModel().getSeriesByIndex(0).getData();
    let best = null;
    for (let i = 0; i < data.count(); i++) {
      const p = g.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(i));
      const d = Math.hypot(p[0] - x, p[1] - y);
      if (!best || d < best.d) best = { id: data.getId(i), d };
    }
    return best;
  }, [target.x, target.y]);
  const after = (await page.$$('#node-list li')).length;
  const marked = squash(await page.textContent(`#node-list li[data-node="${expandedId}"]`)).includes('erweitert');
  check('click on a graph node expands it (Neighbors)', after >= before && marked && apiRequests.some((r) => r.endsWith('/Neighbors')),
    `aimed at ${target.id}, expanded ${expandedId} (nearest node to the click: ${hit && hit.id}): ${before} -> ${after} nodes, ${apiRequests.join(', ')}`);
  await page.selectOption('#path-from', af);
  await page.selectOption('#path-to', expandedId);
  await page.click('#path-form button[type=submit]');
  await page.waitForSelector('ol.path li');
  check('explanation path shown', (await page.$$('ol.path li')).length >= 2);
  summary.views.wissen.afterInteraction = apiRequests.length + summary.views.wissen.requests;
  await axe('wissen');
  await shot('6-wissensgraph');

  // 8. Without --allow-anonymous-read: the page asks once for a token, sends it as Bearer, and
  // says clearly when it has none. (A second integrad on an empty data dir.)
  if (!args.url && !process.env.INTEGRA_BROWSER_URL) {
    const tokenFile = path.join(tmp, 'closed.token');
    const closed = await startIntegrad(path.join(tmp, 'closed'), tokenFile, false, 'integrad-closed.log');
    const secret = fs.readFileSync(tokenFile, 'utf8').trim();
    const p2 = await context.newPage();
    const auths = [];
    p2.on('request', (r) => { if (r.url().includes('/integra.v1.')) auths.push(r.headers().authorization || ''); });
    await p2.goto(new URL('#/scorecard?unit=05315&period=2021', closed.url).href);
    await p2.waitForSelector('#token-dialog[open]', { timeout: 10000 });
    await p2.screenshot({ path: path.join(shots, '8-token-dialog.png') });
    await p2.fill('#token-input', secret);
    await p2.click('#token-form button[value=ok]');
    await p2.waitForSelector('main[data-view="scorecard"][data-ready="1"]');
    check('401 -> token dialog -> the call is retried with Authorization: Bearer', auths.length === 2 && auths[0] === '' && auths[1] === `Bearer ${secret}`, JSON.stringify(auths.map((a) => a.slice(0, 12))));
    check('the token is kept in sessionStorage', (await p2.evaluate(() => sessionStorage.getItem('integra.token'))) === secret);
    await p2.close();
    const p3 = await context.newPage();   // a new tab: empty sessionStorage
    await p3.goto(new URL('#/scorecard?unit=05315&period=2021', closed.url).href);
    await p3.waitForSelector('#token-dialog[open]', { timeout: 10000 });
    await p3.click('#token-form button[value=cancel]');
    await p3.waitForSelector('main[data-view="scorecard"][data-ready="1"]');
    const banner = squash(await p3.textContent('#auth'));
    check('without a token the page says so clearly', banner.includes('Ohne API-Token') && (await p3.textContent('main')).includes('Kein Token'), banner);
    await p3.screenshot({ path: path.join(shots, '8-kein-token.png') });
    await p3.close();
  }

  // A council member opening a shared link: the scorecard URL in a new tab, until it is drawn.
  const p4 = await context.newPage();
  const t4 = Date.now();
  await p4.goto(new URL(`#/scorecard?unit=05315&name=${name}&period=${period}`, base).href);
  await p4.waitForSelector('main[data-view="scorecard"][data-ready="1"]');
  summary.scorecardLinkLoadMs = Date.now() - t4;
  await p4.close();

  check('no JavaScript errors in the page', pageErrors.length === 0, pageErrors.join(' | '));
  summary.ok = true;
} catch (e) {
  summary.ok = false;
  summary.error = String(e.stack || e);
  await shot('failure').catch(() => {});
  console.error(e);
} finally {
  fs.writeFileSync(path.join(shots, 'summary.json'), JSON.stringify(summary, null, 1));
  await context.close();
}
step(`requests per view: ${Object.entries(summary.views).map(([k, v]) => `${k} ${v.requests}`).join(', ')}; bundle ${(summary.bundleGzipBytes / 1024).toFixed(1)} KB gzipped; first load ${summary.firstLoadMs} ms (navigation ${JSON.stringify(summary.firstLoadNavigation)}), scorecard link in a new tab ${summary.scorecardLinkLoadMs} ms; screenshots in ${shots}`);
process.exit(summary.ok ? 0 : 1);
