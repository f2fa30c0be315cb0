#!/usr/bin/env node
// Prepares the map boundaries of the dashboard from BKG VG5000 (Gebietsstand 01.01.2021,
// dl-de/by-2-0, "© GeoBasis-DE / BKG 2021"), as found in ../shared/data/geo/ (see its README).
//
//   node scripts/prepare-geo.mjs [SRC_DIR]      (default: /work/shared/data/geo or $INTEGRA_GEO_DIR)
//
// Writes web/public/geo/:
//   kreise.json              TopoJSON, object "kreise": 400 Kreise keyed by the 5-digit AGS
//                            (property "key"), Eisenach (16056) dissolved into the Wartburgkreis
//                            (16063) as in the 2023 register (merger of 01.07.2021)
//   laender.json             TopoJSON, object "laender": 16 Länder (outline layer, key = 2 digits)
//   gemeinden-LL.json        TopoJSON per Land, object "gemeinden": the Gemeinden keyed by their
//                            8-digit AGS, reprojected from Gauss-Krüger zone 3 (EPSG:31467) to WGS84;
//                            keys the 2023 register no longer has carry "reg2023": false
//   index.json               what was written, with feature counts and the notes
// The geometry is simplified (Visvalingam, weighted) and quantized: "Daten verändert".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.resolve(here, '..');
const repo = path.resolve(web, '..');
const src = process.argv[2] || process.env.INTEGRA_GEO_DIR || '/work/shared/data/geo';
const out = path.join(web, 'public', 'geo');
const mapshaper = path.join(web, 'node_modules', '.bin', 'mapshaper');
fs.mkdirSync(out, { recursive: true });
const tmp = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'integra-geo-'));

function ms(args) {
  args = [...args];
  const o = args.lastIndexOf('-o');
  args.splice(o, 0, '-verbose');
  args.splice(args.indexOf('-verbose'), 1);
  execFileSync(mapshaper, ['-i', ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}

// The 2023 register (Destatis GV100AD) decides which keys still exist.
function readCsvColumn(file, column) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const header = lines[0].split(',');
  const i = header.indexOf(column);
  return new Set(lines.slice(1).map((l) => l.split(',')[i]));
}
const kreise2023 = readCsvColumn(path.join(repo, 'data/reference/kreise_gv100ad_2023-11-30.csv'), 'kreis_code');
const gemeinden2023 = readCsvColumn(path.join(repo, 'data/reference/gemeinden_gv100ad_2023-11-30.csv'), 'ags');

// --- Kreise: already WGS84. Key = ARS; 16056 (Eisenach) dissolved into 16063.
const kreiseTmp = path.join(tmp, 'kreise.json');
ms([
  path.join(src, 'vg5000_kreise_2021.geojson'),
  '-each', "key = ARS == '16056' ? '16063' : ARS",
  '-each', "name = key == '16063' ? 'Wartburgkreis' : GEN",
  '-dissolve2', 'key', 'copy-fields=name',
  '-each', "note = key == '16063' ? 'Gebietsstand 2023: mit Eisenach (16056), das am 01.07.2021 in den Wartburgkreis eingegliedert wurde; die Karte (BKG 2021) zeigt beide als eine Fläche' : ''",
  '-simplify', 'weighted', '6%', 'keep-shapes',
  '-clean',
  '-rename-layers', 'kreise',
  '-o', 'format=topojson', 'quantization=10000', 'precision=0.0001', kreiseTmp,
]);
fs.copyFileSync(kreiseTmp, path.join(out, 'kreise.json'));

// --- Länder outline.
ms([
  path.join(src, 'vg5000_laender_2021.geojson'),
  '-each', 'key = ARS',
  '-dissolve2', 'key', 'copy-fields=GEN',
  '-rename-fields', 'name=GEN',
  '-simplify', 'weighted', '4%', 'keep-shapes',
  '-rename-layers', 'laender',
  '-o', 'format=topojson', 'quantization=10000', path.join(out, 'laender.json'),
]);

// --- Gemeinden: shapefile in EPSG:31467 -> WGS84, one file per Land.
const gemAll = path.join(tmp, 'gemeinden.json');
ms([
  path.join(src, 'VG5000_GEM.shp'), 'encoding=utf8',
  '-proj', 'wgs84',
  '-filter-fields', 'AGS,GEN',
  '-each', 'key = AGS, name = GEN, land = AGS.slice(0, 2)',
  '-dissolve2', 'key', 'copy-fields=name,land',
  '-simplify', 'weighted', '5%', 'keep-shapes',
  '-o', 'format=geojson', gemAll,
]);
const all = JSON.parse(fs.readFileSync(gemAll, 'utf8'));
const byLand = new Map();
let notIn2023 = 0;
for (const f of all.features) {
  const p = f.properties;
  // Eisenach's Gemeinde key changed with the merger (16056000 -> 16063105).
  if (p.key === '16056000') { p.key = '16063105'; p.name = 'Eisenach, Stadt'; }
  if (!gemeinden2023.has(p.key)) { p.reg2023 = false; notIn2023++; }
  const land = p.land;
  delete p.land;
  if (!byLand.has(land)) byLand.set(land, []);
  byLand.get(land).push(f);
}
const index = {
  attribution: '© GeoBasis-DE / BKG 2021 (Daten verändert)',
  licence: 'Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)',
  source: 'BKG VG5000, Gebietsstand 01.01.2021',
  kreise: { file: 'kreise.json', features: 0, notes: { '16063': 'inkl. Eisenach (16056), seit 01.07.2021 Teil des Wartburgkreises' } },
  laender: { file: 'laender.json' },
  gemeinden: {},
};
for (const [land, feats] of [...byLand].sort()) {
  const f1 = path.join(tmp, `g${land}.json`);
  fs.writeFileSync(f1, JSON.stringify({ type: 'FeatureCollection', features: feats }));
  const file = `gemeinden-${land}.json`;
  ms([f1, '-rename-layers', 'gemeinden', '-o', 'format=topojson', 'quantization=10000', path.join(out, file)]);
  index.gemeinden[land] = { file, features: feats.length, notIn2023: feats.filter((f) => f.properties.reg2023 === false).length };
}
const kt = JSON.parse(fs.readFileSync(path.join(out, 'kreise.json'), 'utf8'));
const kgeoms = kt.objects.kreise.geometries;
index.kreise.features = kgeoms.length;
const missingKreise = [...kreise2023].filter((k) => !kgeoms.some((g) => g.properties.key === k));
index.kreise.registerKeysWithoutGeometry = missingKreise;
fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify(index, null, 1) + '\n');
fs.rmSync(tmp, { recursive: true, force: true });

let total = 0;
for (const f of fs.readdirSync(out)) total += fs.statSync(path.join(out, f)).size;
console.log(`prepare-geo: ${kgeoms.length} Kreise, ${all.features.length} Gemeinden in ${byLand.size} Länder ` +
  `(${notIn2023} not in the 2023 register), ${Math.round(total / 1024)} KB in ${path.relative(repo, out)}`);
if (missingKreise.length) console.log('prepare-geo: register Kreise without geometry:', missingKreise.join(' '));
