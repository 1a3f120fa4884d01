// pipeline.test.mjs - the report of a real scan in chromium: `mitsuke simulate
// --scenario pension-2015` (8-24 May 2015, 100 terminals, the real case's
// missing proxy hours planted), the --events file from truth.json's mails,
// `mitsuke scan --db --html --events`. The page is checked against what the
// store says (rows = the terminals table, cells = the hourly and cells10
// tables) and against the truth that holds whatever the detectors decide: 31
// infected terminals, 6 of them failure-only (grey only), the gap shaded and
// labelled, mail IV's marker above the column where the spread began. Then the
// tooltip, the click from an hour into 10-minute columns, the day buttons, and
// no request but the file. Screenshots: $BUILDDIR/browser/pipeline-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { OUT, assertOnlyFile, cellsOf, hoverCell, openReport, pathBoxes, simulateAndScan, sql } from './lib.mjs';

const HOUR = 3600000, TEN = 600000, JST = 9 * HOUR;
const { db, html, truth } = simulateAndScan('pipeline', '--scenario', 'pension-2015', '--days', '17',
  '--gap', '2015-05-10T20:01,3.95');

const terminals = sql(db, 'SELECT id, name, success FROM terminals ORDER BY first_ms IS NULL, first_ms, name, id');
const rowOf = new Map(terminals.map((t, i) => [t.id, i]));
const start = sql(db, `SELECT min(m) AS m FROM (SELECT min(first_ms) AS m FROM sources
  UNION ALL SELECT min(hour_ms) FROM coverage_hours UNION ALL SELECT min(hour_ms) FROM hourly)`)[0].m;
const chartStart = start - (start % HOUR);
const colOf = (ms, width = HOUR) => Math.floor((ms - chartStart) / width);
const hhmm = (ms) => new Date(ms + JST).toISOString().slice(11, 16);
const ymd = (ms) => new Date(ms + JST).toISOString().slice(0, 10);

/** "row:col" of the store's cells per terminal and period: grey (none got through) and coloured. */
function storeCells(table, timeCol, width) {
  const key = (r) => `${rowOf.get(r.terminal_id)}:${colOf(r.t, width)}`;
  const q = (having) => new Set(sql(db, `SELECT terminal_id, ${timeCol} AS t FROM ${table} GROUP BY 1, 2
    HAVING ${having}`).map(key));
  return { grey: q('sum(ok_requests) = 0'), coloured: q('sum(ok_requests) > 0') };
}

/** The cells the page draws in a view: grey, coloured (all colours), and per legend class. */
async function drawnCells(page, view) {
  const svg = page.locator(`.chart[data-view="${view}"] svg.cells`);
  const grey = cellsOf(pathBoxes(await svg.locator('path.fail').getAttribute('d')));
  const classes = await svg.locator('path[class^=d]').evaluateAll((ps) => ps.map((p) => p.getAttribute('class'))
    .filter((c) => /^d\d+$/.test(c)));
  const perClass = new Map();
  let coloured = new Set();
  for (const cls of classes) {
    const set = cellsOf(pathBoxes(await svg.locator(`path.${cls}`).getAttribute('d')));
    perClass.set(cls, set);
    coloured = new Set([...coloured, ...set]);
  }
  return { grey, coloured, perClass };
}

const sorted = (set) => [...set].sort();

test('the report of a simulated pension-2015 scan', async () => {
  // truth invariants that hold whatever the detectors rank
  const truthTerms = new Map(truth.terminals.map((t) => [t.terminal, t]));
  assert.equal(truthTerms.size, 31);
  assert.deepEqual(terminals.map((t) => t.name).sort(), [...truthTerms.keys()].sort());
  const failedOnly = terminals.filter((t) => !t.success);
  assert.deepEqual(failedOnly.map((t) => t.name).sort(),
    truth.terminals.filter((t) => !t.success).map((t) => t.terminal).sort());
  assert.equal(failedOnly.length, 6);

  const r = await openReport(html);
  try {
    const { page } = r;
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.violations, []);

    // --- the hourly view (17 days: the page opens on hours) -----------------
    const hour = page.locator('.chart[data-view="hour"] svg.cells');
    assert.ok(await hour.isVisible());
    const [, , ncols, nrows] = (await hour.getAttribute('viewBox')).split(' ').map(Number);
    assert.equal(nrows, terminals.length, 'one row per terminal in the store');
    assert.equal(ncols, 17 * 24, '05-08 00:00 to 05-24 24:00 JST');
    const labels = page.locator('.chart[data-view="hour"] svg.rowlabels text');
    assert.deepEqual(await labels.allTextContents(), terminals.map((t) => t.name));
    assert.deepEqual(await page.locator('.chart[data-view="hour"] svg.rowlabels text.fo').allTextContents(),
      terminals.filter((t) => !t.success).map((t) => t.name), 'failure-only terminals in grey italics');

    const want = storeCells('hourly', 'hour_ms', HOUR);
    const got = await drawnCells(page, 'hour');
    assert.deepEqual(sorted(got.grey), sorted(want.grey), 'grey cells = hours whose requests all failed');
    assert.deepEqual(sorted(got.coloured), sorted(want.coloured), 'coloured cells = hours with a success');
    // each legend colour is drawn exactly where its destination got through
    const legend = await page.locator('ul.legend li').evaluateAll((lis) => lis
      .map((li) => ({ cls: li.querySelector('.sw').className.split(' ')[1], text: li.textContent }))
      .filter((x) => /^d\d+$/.test(x.cls)));
    assert.ok(legend.length >= 10, `${legend.length} colours`);
    for (const { cls, text } of legend) {
      const name = text.replace(/^\d+ /, '').replace(/ (high|medium|critical|low|info)$/, '');
      const mine = new Set(sql(db, `SELECT terminal_id, hour_ms AS t FROM hourly h JOIN destinations d
        ON d.id = h.destination_id WHERE d.name = '${name.replace(/'/g, "''")}' AND h.ok_requests > 0`)
        .map((c) => `${rowOf.get(c.terminal_id)}:${colOf(c.t)}`));
      assert.deepEqual(sorted(got.perClass.get(cls) || new Set()), sorted(mine), `cells of ${name}`);
    }
    // the six failure-only terminals: grey cells only
    for (const t of failedOnly) {
      const row = rowOf.get(t.id);
      assert.ok([...got.grey].some((c) => c.startsWith(`${row}:`)), `${t.name} has grey cells`);
      assert.ok(![...got.coloured].some((c) => c.startsWith(`${row}:`)), `${t.name} has no coloured cell`);
    }

    // the planted gap: shaded to the minute and labelled
    const gap = sql(db, 'SELECT start_ms, end_ms FROM gaps WHERE source_id IS NULL');
    assert.equal(gap.length, 1);
    const planted = truth.gaps[0];
    assert.ok(Math.abs(gap[0].start_ms - Date.parse(planted.start)) <= 60000, JSON.stringify([gap, planted]));
    const shade = await hour.locator('rect.nolog').evaluateAll((rs) => rs.map((x) => ({
      x: +x.getAttribute('x'), w: +x.getAttribute('width'), fill: getComputedStyle(x).fill })));
    assert.equal(shade.length, 1, JSON.stringify(shade));
    assert.ok(Math.abs(shade[0].x - (gap[0].start_ms - chartStart) / HOUR) < 0.01);
    assert.ok(Math.abs(shade[0].x + shade[0].w - (gap[0].end_ms - chartStart) / HOUR) < 0.01);
    assert.equal(shade[0].fill, 'rgb(245, 207, 207)');
    const axis = page.locator('.chart[data-view="hour"] svg.axis');
    const gapLabel = `no logs ${ymd(gap[0].start_ms)} ${hhmm(gap[0].start_ms)} – ${hhmm(gap[0].end_ms)} JST`;
    assert.ok((await axis.textContent()).includes(gapLabel), gapLabel);

    // mail IV's marker sits above the column where the spread began: the
    // first hourly cell of the terminals campaign IV infected
    const ivTerms = truth.terminals.filter((t) => t.campaign === 'IV').map((t) => `'${t.terminal}'`).join(',');
    const spread = sql(db, `SELECT h.terminal_id, min(h.hour_ms) AS t FROM hourly h JOIN terminals t
      ON t.id = h.terminal_id WHERE t.name IN (${ivTerms}) GROUP BY 1 ORDER BY 2 LIMIT 1`)[0];
    const mark = axis.locator('text.k-mail', { hasText: 'mail IV received' });
    const markCol = (parseFloat(await mark.getAttribute('x')) / 100) * ncols;
    assert.equal(Math.floor(markCol), colOf(spread.t), `marker at column ${markCol}`);
    const mailIV = Math.min(...truth.mails.filter((m) => m.campaign === 'IV').map((m) => Date.parse(m.time)));
    assert.ok(Math.abs(markCol - (mailIV - chartStart) / HOUR) < 0.01);
    assert.equal(await axis.locator('text.k-mail').count(), 4, 'mails I to IV');
    await page.locator('#timeline').screenshot({ path: path.join(OUT, 'pipeline-hour.png') });

    // the tooltip over the first cell of the spread
    const spreadRow = rowOf.get(spread.terminal_id);
    const tip = await hoverCell(page, 'hour', spreadRow, colOf(spread.t));
    assert.ok(tip.startsWith(terminals[spreadRow].name), tip);
    assert.ok(tip.includes(`${ymd(spread.t)} (Wed) ${hhmm(spread.t)}–${hhmm(spread.t + HOUR)} JST`), tip);
    for (const c of sql(db, `SELECT d.name, h.ok_requests, h.failed_requests FROM hourly h JOIN destinations d
        ON d.id = h.destination_id WHERE terminal_id = ${spread.terminal_id} AND hour_ms = ${spread.t}`))
      assert.ok(tip.includes(`${c.name} ok ${c.ok_requests} / failed ${c.failed_requests}`), tip);
    assert.match(tip, /log records in this period: [\d,]+/);
    assert.ok(tip.includes('click: 10-minute columns'), tip);
    await page.screenshot({ path: path.join(OUT, 'pipeline-tooltip.png') });

    // --- a click opens the 10-minute columns at that hour -------------------
    const box = await hour.boundingBox();
    await page.mouse.click(box.x + ((colOf(spread.t) + 0.5) / ncols) * box.width,
      box.y + ((spreadRow + 0.5) / nrows) * box.height);
    const ten = page.locator('.chart[data-view="10min"] svg.cells');
    assert.ok(await ten.isVisible());
    assert.ok(await page.locator('.chart[data-view="hour"]').isHidden());
    assert.equal(await page.locator('.view-switch button[aria-pressed=true]').textContent(), '10 min');
    const [, , ncols10, nrows10] = (await ten.getAttribute('viewBox')).split(' ').map(Number);
    assert.equal(ncols10, ncols * 6);
    assert.equal(nrows10, nrows);
    // the clicked hour is in view
    const view10 = await page.locator('.chart[data-view="10min"] .chart-scroll').evaluate((el) => ({
      left: el.scrollLeft, width: el.clientWidth - 200, px: el.querySelector('svg.cells').getBoundingClientRect().width }));
    const x10 = (colOf(spread.t, TEN) * view10.px) / ncols10 - view10.left;
    assert.ok(x10 > 0 && x10 + (6 * view10.px) / ncols10 < view10.width, JSON.stringify({ x10, ...view10 }));

    const want10 = storeCells('cells10', 'start_ms', TEN);
    const got10 = await drawnCells(page, '10min');
    assert.deepEqual(sorted(got10.grey), sorted(want10.grey), '10-minute grey cells = cells10');
    assert.deepEqual(sorted(got10.coloured), sorted(want10.coloured), '10-minute coloured cells = cells10');
    assert.ok(want10.coloured.size > want.coloured.size);
    for (const t of failedOnly)
      assert.ok(![...got10.coloured].some((c) => c.startsWith(`${rowOf.get(t.id)}:`)), `${t.name} in 10 minutes`);
    // the mail IV marker, in 10-minute columns, is just before the first infected 10 minutes
    const axis10 = page.locator('.chart[data-view="10min"] svg.axis');
    const mark10 = (parseFloat(await axis10.locator('text.k-mail', { hasText: 'mail IV received' })
      .getAttribute('x')) / 100) * ncols10;
    const first10 = sql(db, `SELECT min(start_ms) AS t FROM cells10 WHERE terminal_id = ${spread.terminal_id}`)[0].t;
    assert.ok(mark10 < colOf(first10, TEN) + 1 && colOf(first10, TEN) - mark10 < 6, `${mark10} vs ${colOf(first10, TEN)}`);
    await page.locator('#timeline').screenshot({ path: path.join(OUT, 'pipeline-10min.png') });

    // the tooltip of a 10-minute cell: its 10 minutes, the cells10 counts, the hour's records
    const c10 = sql(db, `SELECT d.name, c.ok_requests, c.failed_requests FROM cells10 c JOIN destinations d
      ON d.id = c.destination_id WHERE terminal_id = ${spread.terminal_id} AND start_ms = ${first10}`);
    const tip10 = await hoverCell(page, '10min', spreadRow, colOf(first10, TEN));
    assert.ok(tip10.includes(`${hhmm(first10)}–${hhmm(first10 + TEN)} JST`), tip10);
    for (const c of c10) assert.ok(tip10.includes(`${c.name} ok ${c.ok_requests} / failed ${c.failed_requests}`), tip10);
    assert.match(tip10, /log records in this hour: [\d,]+/);
    assert.ok(!tip10.includes('click:'), tip10);
    await page.screenshot({ path: path.join(OUT, 'pipeline-10min-tooltip.png') });

    // a day button scrolls to that day's midnight
    await page.locator('.day-nav button', { hasText: '05-21 (Thu)' }).click();
    const left = await page.locator('.chart[data-view="10min"] .chart-scroll').evaluate((el) => el.scrollLeft);
    const midnight = Date.parse('2015-05-21T00:00:00+09:00');
    assert.ok(Math.abs(left - (colOf(midnight, TEN) * view10.px) / ncols10) <= 1, `${left}`);

    // and back to hours
    await page.getByRole('button', { name: '1 hour' }).click();
    assert.ok(await hour.isVisible());
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.violations, []);
    assertOnlyFile(r.requests, r.url);
  } finally {
    await r.close();
  }
});
