// large.test.mjs - 2,000 terminals over four weeks (gen_large.py): the page
// stays under 10 MB, opens and answers the first hover within 5 seconds, has
// all 2,000 rows with the hourly view, and scrolls to the last terminal; its
// 10-minute view holds the hours the size limit allows, drawn from the store.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, OUT, assertOnlyFile, hoverCell, mitsuke, openReport, sql } from './lib.mjs';

test('2,000 terminals x 4 weeks', async () => {
  const db = path.join(OUT, 'large.db');
  execFileSync('python3', [path.join(FIXTURES, 'report', 'gen_large.py'), db, '--terminals', '2000', '--days', '28']);
  const html = path.join(OUT, 'large.html');
  const summary = JSON.parse(mitsuke('report', '--db', db, '-o', html, '--json', '--lang', 'en'));
  const bytes = statSync(html).size;
  assert.ok(bytes < 10e6, `${bytes} bytes`);
  assert.equal(summary.rows_drawn, 2000);
  assert.equal(summary.hour_view, true);

  const r = await openReport(html);
  try {
    const { page } = r;
    const started = Date.now();
    const first = await hoverCell(page, 'hour', 10, 300);
    const openMs = r.loadMs + (Date.now() - started);
    console.log(`# large report: ${bytes} bytes, load ${r.loadMs} ms, load + first tooltip ${openMs} ms`);
    assert.ok(openMs < 5000, `took ${openMs} ms to open and answer a hover`);
    assert.ok(first.length > 0);
    const svg = page.locator('.chart[data-view=hour] svg.cells');
    assert.equal((await svg.getAttribute('viewBox')).split(' ')[3], '2000');
    assert.equal(await page.locator('.chart[data-view=hour] svg.rowlabels text').count(), 2000);
    // the last row is reachable by scrolling and its tooltip names it
    const lastName = sql(db, 'SELECT name FROM terminals ORDER BY first_ms DESC, name DESC, id DESC LIMIT 1')[0].name;
    const tip = await hoverCell(page, 'hour', 1999, 600);
    assert.ok(tip.startsWith(lastName), tip);
    await page.screenshot({ path: path.join(OUT, 'report-large.png') });

    // the 10-minute window: its columns and cells are the store's
    const w = summary.ten_minute_view;
    const from = Date.parse(w.start), to = Date.parse(w.end);
    await page.getByRole('button', { name: '10 min' }).click();
    const ten = page.locator('.chart[data-view="10min"] svg.cells');
    assert.ok(await ten.isVisible());
    const [, , ncols10, nrows10] = (await ten.getAttribute('viewBox')).split(' ').map(Number);
    assert.equal(nrows10, 2000);
    assert.equal(ncols10, (to - from) / 600000);
    const cells = sql(db, `SELECT count(*) AS n FROM cells10 WHERE start_ms >= ${from} AND start_ms < ${to}`)[0].n;
    assert.ok(cells > 10000 && cells <= 60000, `${cells} cells in the window`);
    const c = sql(db, `SELECT t.name, c.start_ms, c.ok_requests FROM cells10 c JOIN terminals t ON t.id = c.terminal_id
      WHERE start_ms >= ${from} AND start_ms < ${to} AND c.ok_requests > 0 ORDER BY t.first_ms DESC, t.name DESC LIMIT 1`)[0];
    const row = sql(db, `SELECT count(*) AS n FROM terminals WHERE first_ms < (SELECT first_ms FROM terminals
      WHERE name = '${c.name}') OR (first_ms = (SELECT first_ms FROM terminals WHERE name = '${c.name}')
      AND name < '${c.name}')`)[0].n;
    const tip10 = await hoverCell(page, '10min', row, (c.start_ms - from) / 600000);
    assert.ok(tip10.startsWith(c.name), tip10);
    assert.ok(tip10.includes(`ok ${c.ok_requests} /`), tip10);
    await page.screenshot({ path: path.join(OUT, 'report-large-10min.png') });
    assert.deepEqual(r.errors, []);
    assertOnlyFile(r.requests, r.url);
  } finally {
    await r.close();
  }
});
