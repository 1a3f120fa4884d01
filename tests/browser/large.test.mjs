// large.test.mjs - 2,000 terminals over four weeks (gen_large.py): the page
// stays under 10 MB, opens and answers the first hover within 5 seconds, has
// all 2,000 rows with the hourly view, and scrolls to the last terminal.
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
    assert.deepEqual(r.errors, []);
    assertOnlyFile(r.requests, r.url);
  } finally {
    await r.close();
  }
});
