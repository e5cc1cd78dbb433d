// Renders offersim's report pages in one headless Chromium (Playwright) and checks each:
//   - every chart container (#chart-*) holds an <svg> that draws something,
//   - the page logs no uncaught exception and no console error,
//   - a comparison opens with its recommendation and a sortable table of the variants,
//   - the page prints to a non-empty A4 PDF;
// and leaves NAME.png (the first screen) and NAME.pdf beside the pages list for people.
//
// Usage: node render_pages.cjs PLAYWRIGHT_CORE_DIR PAGES.json
// PAGES.json: [{ "html": "/abs/report.html", "name": "report-zh-CN", "dir": "/abs/screens",
//                "charts": ["subscribers", ...], "comparison": false }, ...]
// Exit codes: 0 every check passed, 1 a check failed. CHROMIUM overrides /usr/bin/chromium.
'use strict';
const fs = require('fs');
const path = require('path');

const [playwrightDir, pagesFile] = process.argv.slice(2);
const { chromium } = require(playwrightDir);
const pages = JSON.parse(fs.readFileSync(pagesFile, 'utf8'));

async function check(browser, spec) {
  const failures = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => failures.push(`uncaught exception: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console error: ${message.text()}`);
  });
  await page.goto('file://' + spec.html, { waitUntil: 'load' });
  // Every chart the page holds, and the ones it must hold even if its markup lost them.
  const present = await page.$$eval('[id^="chart-"]', (els) => els.map((el) => el.id.slice('chart-'.length)));
  const charts = [...new Set([...spec.charts, ...present])];
  for (const id of charts) {
    // A chart that failed leaves an empty "<svg><g></g></svg>" behind: require a path or text.
    const drawn = await page
      .waitForFunction((chart) => {
        const el = document.getElementById('chart-' + chart);
        return !!el && !!el.querySelector('svg path, svg text');
      }, id, { timeout: 15000 })
      .then(() => true, () => false);
    if (!drawn) failures.push(`chart-${id} holds no rendered <svg>`);
  }
  if (spec.comparison) {
    if (!(await page.$('.recommendation'))) failures.push('no recommendation in the executive summary');
    if (!(await page.$('table.comparison.sortable'))) failures.push('no sortable table of the variants');
  }
  const png = path.join(spec.dir, spec.name + '.png');
  await page.screenshot({ path: png });
  const pdf = path.join(spec.dir, spec.name + '.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  if (!fs.existsSync(png) || fs.statSync(png).size === 0) failures.push(`no screenshot was written to ${png}`);
  if (!fs.existsSync(pdf) || fs.readFileSync(pdf).subarray(0, 5).toString() !== '%PDF-')
    failures.push(`no PDF was printed to ${pdf}`);
  await page.close();
  return { charts: charts.length, failures };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  let failed = 0;
  try {
    for (const spec of pages) {
      const { charts, failures } = await check(browser, spec);
      for (const failure of failures) console.error(`FAIL [${spec.name}]: ${failure}`);
      failed += failures.length;
      if (failures.length === 0)
        console.log(`[${spec.name}] ${charts} charts drawn, no console errors, ${spec.name}.png and .pdf in ${spec.dir}`);
    }
  } finally {
    await browser.close();
  }
  if (failed > 0) {
    console.error(`${failed} check(s) failed`);
    process.exit(1);
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
