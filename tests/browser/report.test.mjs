// report.test.mjs - the seed-004-like report in a real browser: the chart has
// one row per terminal, a coloured cell exactly where the store says a request
// got through (in that destination's colour), grey exactly where requests only
// failed, the coverage gap shaded and labelled, the --events markers, a tooltip
// with the store's counts, the hour/day switch, Japanese labels, and no request
// but the file itself. Screenshots go to $BUILDDIR/browser/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  FIXTURES, OUT, assertOnlyFile, buildStore, cellsOf, hoverCell, mitsuke, openReport, pathBoxes, sql,
} from './lib.mjs';

const HOUR = 3600000;
const db = buildStore('seed004', 'seed004.sql');
const events = path.join(FIXTURES, 'report', 'seed004-events.csv');
const html = path.join(OUT, 'seed004.html');
mitsuke('report', '--db', db, '-o', html, '--events', events, '--lang', 'en');

// What the store says, computed here from SQL, independently of mitsuke.
const terminals = sql(db, 'SELECT id, name, success FROM terminals ORDER BY first_ms IS NULL, first_ms, name, id');
const rowOf = new Map(terminals.map((t, i) => [t.id, i]));
const start = sql(db, `SELECT min(m) AS m FROM (SELECT min(first_ms) AS m FROM sources
  UNION ALL SELECT min(hour_ms) FROM coverage_hours UNION ALL SELECT min(hour_ms) FROM hourly)`)[0].m;
const chartStart = start - (start % HOUR);
const colOf = (ms) => Math.floor((ms - chartStart) / HOUR);
const cellSet = (rows) => new Set(rows.map((r) => `${rowOf.get(r.terminal_id)}:${colOf(r.hour_ms)}`));

test('the chart matches the store cell for cell', async () => {
  const r = await openReport(html);
  try {
    const { page } = r;
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.violations, []);
    assertOnlyFile(r.requests, r.url);

    const cells = page.locator('.chart[data-view=hour] svg.cells');
    const [, , ncols, nrows] = (await cells.getAttribute('viewBox')).split(' ').map(Number);
    assert.equal(nrows, 31, 'one row per terminal');
    assert.equal(ncols, 27 * 24 + 21, '05-08 00:00 to 06-04 20:59 JST, hourly');
    const labels = page.locator('.chart[data-view=hour] svg.rowlabels text');
    assert.equal(await labels.count(), 31);
    assert.deepEqual(await labels.allTextContents(), terminals.map((t) => t.name));
    assert.equal(await page.locator('.chart[data-view=hour] svg.rowlabels text.fo').count(), 6,
      'six failure-only terminals');

    // grey: the hours where requests were made and none got through
    const grey = cellsOf(pathBoxes(await cells.locator('path.fail').getAttribute('d')));
    const wantGrey = cellSet(sql(db, `SELECT terminal_id, hour_ms FROM hourly GROUP BY 1, 2
      HAVING sum(ok_requests) = 0`));
    assert.equal(grey.size, wantGrey.size);
    assert.deepEqual([...grey].sort(), [...wantGrey].sort());

    // coloured: per destination, in the colour the legend gives it
    const legend = await page.locator('ul.legend li').evaluateAll((lis) => lis
      .map((li) => ({ cls: li.querySelector('.sw').className.split(' ')[1], text: li.textContent }))
      .filter((x) => /^d\d+$/.test(x.cls)));
    assert.equal(legend.length, 19, '19 destinations got through at least once');
    let coloured = new Set();
    for (const { cls, text } of legend) {
      const name = text.replace(/^\d+ /, '').replace(/ (high|medium|critical|low|info)$/, '');
      const got = cellsOf(pathBoxes(await cells.locator(`path.${cls}`).getAttribute('d')));
      const want = cellSet(sql(db, `SELECT terminal_id, hour_ms FROM hourly h JOIN destinations d
        ON d.id = h.destination_id WHERE d.name = '${name}' AND h.ok_requests > 0`));
      assert.deepEqual([...got].sort(), [...want].sort(), `cells of ${name}`);
      coloured = new Set([...coloured, ...got]);
    }
    const wantColoured = cellSet(sql(db, `SELECT terminal_id, hour_ms FROM hourly GROUP BY 1, 2
      HAVING sum(ok_requests) > 0`));
    assert.equal(coloured.size, wantColoured.size);
    for (const c of grey) assert.ok(!coloured.has(c), `cell ${c} both grey and coloured`);

    // the colours really are applied (the stylesheet passed the CSP)
    const fills = await cells.locator('path.fail, path.d0').evaluateAll((ps) => ps.map((p) => getComputedStyle(p).fill));
    assert.deepEqual(fills, ['rgb(160, 160, 160)', 'rgb(0, 103, 165)']);

    // the coverage gap: shaded to the minute and labelled
    const gap = sql(db, 'SELECT start_ms, end_ms FROM gaps WHERE source_id IS NULL')[0];
    const shade = await cells.locator('rect.nolog').evaluateAll((rs) => rs.map((r) => ({
      x: +r.getAttribute('x'), w: +r.getAttribute('width'), fill: getComputedStyle(r).fill })));
    assert.equal(shade.length, 1);
    assert.ok(Math.abs(shade[0].x - (gap.start_ms - chartStart) / HOUR) < 0.01);
    assert.ok(Math.abs(shade[0].x + shade[0].w - (gap.end_ms - chartStart) / HOUR) < 0.01);
    assert.equal(shade[0].fill, 'rgb(245, 207, 207)');
    const axis = page.locator('.chart[data-view=hour] svg.axis');
    assert.ok((await axis.textContent()).includes('no logs 2015-05-10 20:01 – 23:58 JST'));
    // the per-source firewall gap is not drawn as "no log at all"
    assert.equal(await axis.locator('rect.nolog').count(), 1);

    // event markers above their columns
    const mark = axis.locator('text.k-mail', { hasText: 'mail IV received' });
    const x = parseFloat(await mark.getAttribute('x'));
    const mailIV = Date.UTC(2015, 4, 20, 4, 5);
    assert.ok(Math.abs((x / 100) * ncols - (mailIV - chartStart) / HOUR) < 0.01);
    assert.equal(await axis.locator('text.lbl').count(), 9, '8 events and the gap');

    // the tooltip: mail I's terminal in the hour it reached both destinations
    const t01 = terminals[0];
    const hour = Date.UTC(2015, 4, 8, 2); // 11:00 JST
    const tip = await hoverCell(page, 'hour', 0, colOf(hour));
    assert.ok(tip.includes(t01.name), tip);
    assert.ok(tip.includes('2015-05-08 (Fri) 11:00–12:00 JST'), tip);
    for (const c of sql(db, `SELECT d.name, h.ok_requests, h.failed_requests FROM hourly h JOIN destinations d
        ON d.id = h.destination_id WHERE terminal_id = ${t01.id} AND hour_ms = ${hour}`)) {
      assert.ok(tip.includes(`${c.name} ok ${c.ok_requests} / failed ${c.failed_requests}`), tip);
    }
    assert.equal((await page.locator('#tip li').count()), 2);
    assert.match(tip, /log records in this period: [\d,]+/);
    await page.screenshot({ path: path.join(OUT, 'report-seed004-tooltip.png') });

    // an hour inside the gap, and a failure-only terminal
    assert.ok((await hoverCell(page, 'hour', 5, colOf(gap.start_ms) + 1)).includes('no log records in this period'));
    const fo = terminals.findIndex((t) => !t.success);
    const foCell = sql(db, `SELECT hour_ms, failed_requests FROM hourly WHERE terminal_id = ${terminals[fo].id}
      ORDER BY hour_ms LIMIT 1`)[0];
    const foTip = await hoverCell(page, 'hour', fo, colOf(foCell.hour_ms));
    assert.ok(foTip.includes(`ok 0 / failed ${foCell.failed_requests}`), foTip);

    // switch to days: same rows, 28 columns, sums per JST day
    await page.getByRole('button', { name: '1 day' }).click();
    assert.ok(await page.locator('.chart[data-view=hour]').isHidden());
    const day = page.locator('.chart[data-view=day] svg.cells');
    assert.equal((await day.getAttribute('viewBox')), '0 0 28 31');
    const dayTip = await hoverCell(page, 'day', 0, 0);
    const sum = sql(db, `SELECT sum(ok_requests) AS ok FROM hourly WHERE terminal_id = ${t01.id}
      AND destination_id = 1 AND hour_ms < ${chartStart + 24 * HOUR}`)[0].ok;
    assert.ok(dayTip.includes('2015-05-08 (Fri) JST'), dayTip);
    assert.ok(dayTip.includes(`update.mail-check.example ok ${sum} /`), dayTip);
    await page.getByRole('button', { name: '1 hour' }).click();
    await page.locator('#timeline').screenshot({ path: path.join(OUT, 'report-seed004-chart.png') });
    await page.screenshot({ path: path.join(OUT, 'report-seed004.png'), fullPage: true });
    assert.deepEqual(r.errors, []);
    assertOnlyFile(r.requests, r.url);
  } finally {
    await r.close();
  }
});

test('Japanese labels', async () => {
  const ja = path.join(OUT, 'seed004-ja.html');
  mitsuke('report', '--db', db, '-o', ja, '--events', events, '--lang', 'ja');
  const r = await openReport(ja);
  try {
    const { page } = r;
    assert.deepEqual(r.errors, []);
    assert.equal(await page.locator('h2').first().textContent(), '概要');
    assert.ok((await page.locator('#killchain').textContent()).includes('遠隔操作'));
    const tip = await hoverCell(page, 'hour', 0, colOf(Date.UTC(2015, 4, 8, 2)));
    assert.ok(tip.includes('2015-05-08 (金) 11:00–12:00 JST'), tip);
    assert.ok(tip.includes('成功'), tip);
    await page.screenshot({ path: path.join(OUT, 'report-seed004-ja.png') });
    assertOnlyFile(r.requests, r.url);
  } finally {
    await r.close();
  }
});

test('printing keeps the chart on the page', async () => {
  const r = await openReport(html);
  try {
    const pdf = await r.page.pdf({ format: 'A4', landscape: true, printBackground: true });
    assert.ok(pdf.length > 10000);
    await r.page.emulateMedia({ media: 'print' });
    const w = await r.page.locator('.chart[data-view=hour] svg.cells').evaluate((e) => e.getBoundingClientRect().width);
    const page = await r.page.evaluate(() => document.documentElement.clientWidth);
    assert.ok(w < page, `printed chart is ${w}px wide on a ${page}px page`);
    await r.page.screenshot({ path: path.join(OUT, 'report-seed004-print.png') });
  } finally {
    await r.close();
  }
});
