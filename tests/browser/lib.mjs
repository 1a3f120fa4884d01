// lib.mjs - shared helpers for the browser tests (*.test.mjs, run by ctest
// with the label "browser"): build a store from SQL fixtures, run mitsuke,
// open a page in Debian's chromium through playwright-core, and read the
// chart back from the page.
//
// Chromium starts headless with a fresh profile and without any background
// networking (test machines have no Internet access and must not try), and
// every request the page makes is recorded so a test can prove the report
// loads nothing but itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error('playwright-core is missing: run `npm ci` in tests/browser (scripts/install-deps does it)');
  throw e;
}

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (ctest sets MITSUKE, FIXTURES, BUILDDIR, SRCDIR)`);
  return v;
}

export const MITSUKE = need('MITSUKE');
export const FIXTURES = need('FIXTURES');
export const BUILDDIR = need('BUILDDIR');
export const SRCDIR = need('SRCDIR');
export const OUT = path.join(BUILDDIR, 'browser');
mkdirSync(OUT, { recursive: true });

/** A store in OUT from schema-v1.sql and the given fixture files. */
export function buildStore(name, ...sqlFiles) {
  const db = path.join(OUT, `${name}.db`);
  rmSync(db, { force: true });
  const reads = ['schema-v1.sql', ...sqlFiles].map((f) => `.read ${path.join(FIXTURES, 'report', f)}`);
  execFileSync('sqlite3', ['-bail', db, ...reads]);
  return db;
}

/**
 * Upgrades a store built by buildStore to the current schema (the later
 * blocks of docs/store.md, by docschema.py), then runs `extraSql` on it.
 */
export function upgradeStore(db, extraSql = '') {
  execFileSync('python3', [path.join(FIXTURES, 'report', 'docschema.py'), 'upgrade', db]);
  if (extraSql) execFileSync('sqlite3', ['-bail', db, extraSql]);
}

/**
 * The real pipeline into OUT/NAME/: `mitsuke simulate` (extra arguments
 * appended), scripts/truth-events for the --events file, `mitsuke scan --db
 * --html --events` on the simulated proxy log. The simulated logs are removed
 * afterwards (hundreds of MB); truth.json is kept. Returns the paths and the
 * truth.
 */
export function simulateAndScan(name, ...simArgs) {
  const dir = path.join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sim = path.join(dir, 'sim');
  mitsuke('simulate', '--no-progress', '-q', '--out', sim, ...simArgs);
  const events = path.join(dir, 'events.csv');
  writeFileSync(events, execFileSync('sh', [path.join(SRCDIR, 'scripts', 'truth-events'), path.join(sim, 'truth.json')]));
  const db = path.join(dir, 'case.db'), html = path.join(dir, 'report.html');
  const scan = spawnSync(MITSUKE, ['scan', '--tz', 'JST', '--lang', 'en', '--no-progress', '-o', 'none', '--db', db,
    '--html', html, '--events', events, path.join(sim, 'proxy')], { encoding: 'utf8' });
  if (scan.status !== 1) throw new Error(`scan exited ${scan.status} (want 1, findings): ${scan.stderr}`);
  renameSync(path.join(sim, 'truth.json'), path.join(dir, 'truth.json'));
  rmSync(sim, { recursive: true, force: true });
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8'));
  return { dir, db, html, events, truth };
}

/** Rows of an SQL query on a store, as objects. */
export function sql(db, query) {
  const out = execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** Runs mitsuke; returns stdout. Throws on a non-zero exit. */
export function mitsuke(...args) {
  return execFileSync(MITSUKE, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Opens `file` in chromium. Returns { page, close, requests, dialogs, errors,
 * violations }: every request URL, every dialog (alert/confirm/prompt), page
 * errors and console errors, and Content-Security-Policy violations.
 */
export async function openReport(file, viewport = { width: 1500, height: 1000 }) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'mitsuke-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  const seen = { requests: [], dialogs: [], errors: [], violations: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  await page.exposeFunction('__mitsukeViolation', (v) => seen.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__mitsukeViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const url = pathToFileURL(file).href;
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const loadMs = Date.now() - started;
  return {
    page, url, loadMs, ...seen,
    async close() {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Boxes of an SVG path written by the chart: "M x y h w v h h-w z" repeated. */
export function pathBoxes(d) {
  const boxes = [];
  const re = /M(-?[\d.]+) (-?[\d.]+)h(-?[\d.]+)v(-?[\d.]+)h-?[\d.]+z/g;
  let m;
  while ((m = re.exec(d || ''))) boxes.push({ x: +m[1], y: +m[2], w: +m[3], h: +m[4] });
  return boxes;
}

/** The set "row:col" of unit cells covered by boxes. */
export function cellsOf(boxes) {
  const set = new Set();
  for (const b of boxes)
    for (let c = Math.round(b.x); c < Math.round(b.x + b.w); c++) set.add(`${Math.floor(b.y)}:${c}`);
  return set;
}

/**
 * Moves the mouse over cell (row, col) of the chart view `view`, scrolling the
 * chart so the cell is on screen, and returns the tooltip's text.
 */
export async function hoverCell(page, view, row, col) {
  const scroller = page.locator(`.chart[data-view="${view}"] .chart-scroll`);
  await scroller.scrollIntoViewIfNeeded();
  const svg = page.locator(`.chart[data-view="${view}"] svg.cells`);
  const [ncols, nrows] = (await svg.getAttribute('viewBox')).split(' ').slice(2).map(Number);
  await scroller.evaluate((el, [r, c, nr, nc]) => {
    const cells = el.querySelector('svg.cells');
    const w = cells.getBoundingClientRect().width / nc, h = cells.getBoundingClientRect().height / nr;
    el.scrollLeft = Math.max(0, c * w - el.clientWidth / 2);
    el.scrollTop = Math.max(0, r * h - el.clientHeight / 2);
  }, [row, col, nrows, ncols]);
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + ((col + 0.5) / ncols) * box.width, box.y + ((row + 0.5) / nrows) * box.height);
  await page.waitForSelector('#tip:not([hidden])');
  return page.locator('#tip').innerText();
}

export function assertOnlyFile(requests, url) {
  const other = requests.filter((r) => r !== url);
  if (other.length) throw new Error(`the page made requests besides itself: ${other.slice(0, 5).join(', ')}`);
}
