// hostile.test.mjs - a store whose host names, URLs, User-Agent-derived
// evidence, finding titles, source paths and event labels are HTML and script
// payloads (tests/fixtures/report/hostile.sql, hostile-events.csv). In a real
// browser: nothing runs (each payload would set window.__pwned or open a
// dialog), no element of the attacker's exists, the CSP reports no attempt,
// the page loads nothing but itself, and the payloads are shown as text,
// in the page and in the tooltip. The store is upgraded to the current schema
// with 10-minute cells (all marked incomplete, so the page names every
// destination in its note), and the 10-minute view is hovered and zoomed into
// as well.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, OUT, assertOnlyFile, buildStore, hoverCell, mitsuke, openReport, upgradeStore } from './lib.mjs';

const db = buildStore('hostile', 'hostile.sql');
upgradeStore(db, `INSERT INTO meta VALUES ('cells10_ms', '600000');
  INSERT INTO cells10 SELECT terminal_id, destination_id, hour_ms + 600000, requests, ok_requests, failed_requests,
    bytes_out, bytes_in FROM hourly;
  UPDATE destinations SET cells10_complete = 0;`);
const PAYLOADS = [
  '<script>window.__pwned="terminal"</script>',
  '"><img src=x onerror="window.__pwned=\'attr\'">',
  'javascript:window.__pwned="jsurl"//x.example',
  '<script>window.__pwned="dest"</script>.example',
  '<iframe src="javascript:window.__pwned=\'title\'"></iframe>',
  '<img src=x onerror=window.__pwned="evidence">',
  '<script>window.__pwned="event"</script>',
  '/var/log/squid/<script>window.__pwned="source"</script>.log',
  '{{constructor.constructor(\'window.__pwned=1\')()}}',
];

for (const lang of ['en', 'ja']) {
  test(`hostile strings stay text (${lang})`, async () => {
    const html = path.join(OUT, `hostile-${lang}.html`);
    try {
      mitsuke('report', '--db', db, '-o', html, '--events', path.join(FIXTURES, 'report', 'hostile-events.csv'),
        '--lang', lang);
    } catch (e) {
      throw new Error(`mitsuke report failed: ${e.stderr || e.message}`);
    }
    const r = await openReport(html);
    try {
      const { page } = r;
      // move over every cell of every row, in every view, so a payload in the
      // tooltip would get its chance to run
      for (const view of ['10min', 'hour', 'day']) {
        await page.locator(`.view-switch button[data-view="${view}"]`).click();
        const svg = page.locator(`.chart[data-view="${view}"] svg.cells`);
        const [, , ncols, nrows] = (await svg.getAttribute('viewBox')).split(' ').map(Number);
        for (let row = 0; row < nrows; row++)
          for (let col = 0; col < ncols; col += Math.max(1, Math.floor(ncols / 12))) await hoverCell(page, view, row, col);
      }
      await page.locator('.view-switch button[data-view=hour]').click();
      const tip = await hoverCell(page, 'hour', 0, 0);
      assert.ok(tip.includes('<script>window.__pwned="terminal"</script>'), tip);
      // a click zooms into the 10-minute view, whose note names every destination
      await page.mouse.down();
      await page.mouse.up();
      assert.ok(await page.locator('.chart[data-view="10min"]').isVisible());
      const tip10 = await hoverCell(page, '10min', 0, 7); // 02:10 UTC, the first cell (hourly + 10 min)
      assert.ok(tip10.includes('02:10–02:20 UTC'), tip10);
      assert.match(tip10, /<script>window.__pwned="dest"<\/script>.example \S+ 5 \/ \S+ 1/);
      const note = await page.locator('.chart[data-view="10min"] p.note').textContent();
      assert.ok(note.includes('<script>window.__pwned="dest"</script>.example'), note);
      await page.locator('details.below summary').click();
      await page.waitForTimeout(200);

      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a payload ran');
      assert.deepEqual(r.dialogs, [], 'a payload opened a dialog');
      assert.deepEqual(r.violations, [], 'something tried to run and the CSP stopped it');
      assert.deepEqual(r.errors, []);
      assertOnlyFile(r.requests, r.url);

      const dom = await page.evaluate(() => ({
        foreign: document.querySelectorAll('img, iframe, object, embed, link, base, form, input, svg script').length,
        scripts: document.scripts.length,
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes])
          .filter((a) => a.name.startsWith('on') || /javascript:/i.test(a.value)).map((a) => a.name),
        text: document.body.innerText,
      }));
      assert.equal(dom.foreign, 0, 'an element from the store reached the DOM');
      assert.equal(dom.scripts, 2, 'only the data block and the report script');
      assert.deepEqual(dom.handlers, []);
      for (const p of PAYLOADS) assert.ok(dom.text.includes(p), `not shown as text: ${p}`);
      assert.ok(!dom.text.includes('\u202e'), 'a bidi override reached the page');
      await page.screenshot({ path: path.join(OUT, `hostile-${lang}.png`), fullPage: true });
    } finally {
      await r.close();
    }
  });
}
