// Renders offersim's report pages in one headless Chromium (Playwright) and checks each:
//   - every chart container (#chart-*) holds an <svg> that draws something,
//   - the page logs no uncaught exception and no console error,
//   - a comparison opens with its recommendation and a sortable table of the variants;
// prints it to an A4 PDF and checks, measured while Chromium lays the page out for print:
//   - the page is laid out at the printable width (nothing wider makes Chromium shrink it),
//     and every chart is drawn at that full width, no wider,
//   - the executive summary ends on page 1 (a run's #summary; a comparison's decision, cards
//     and variant table; a tool's report, of `calibrate` or `backtest`, has none),
//   - with "maxPages", the report without its appendix takes at most that many pages;
//   - the table of assumptions shows in print and not on screen, where the collapsed YAML is
//     (runs and comparisons);
// and at a phone's 412 px width:
//   - no card value wraps or spills out of its card, nothing widens the page, and every
//     table shows at least its first two columns.
// It leaves for people, beside the pages list: NAME.png (the first screen), NAME.pdf,
// NAME-executive.png (printed page 1), NAME-phone.png and, where the page has one,
// NAME-offers.png (the first offer table), NAME-cash.png (the first variant's cash chart) and
// NAME-assumptions.png (the printed table of assumptions).
//
// Usage: node render_pages.cjs PLAYWRIGHT_CORE_DIR PAGES.json
// PAGES.json: [{ "html": "/abs/report.html", "name": "report-zh-CN", "dir": "/abs/screens",
//                "charts": ["subscribers", ...], "kind": "run", "maxPages": 6 }, ...]
// kind: "run", "compare" or "tool" (a report of `offersim calibrate` or `backtest`, which must
// draw at least one chart).
// Exit codes: 0 every check passed, 1 a check failed. CHROMIUM overrides /usr/bin/chromium.
'use strict';
const fs = require('fs');
const path = require('path');

const [playwrightDir, pagesFile] = process.argv.slice(2);
const { chromium } = require(playwrightDir);
const pages = JSON.parse(fs.readFileSync(pagesFile, 'utf8'));

const phoneWidth = 412;
const a4 = { width: 210, height: 297 };  // mm
// Chromium rounds the printed page to whole pixels: 186 mm (703.0 px) is laid out 704 px wide.
const rounding = 1.5;  // px

function pdfPages(buffer) {
  return (buffer.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

// Runs in the page before it prints: when the print layout starts (after the report's own
// listener has redrawn the charts for it), records what the checks need into
// window.offersimPrint. The printable area comes from the page's own @page rule.
function watchPrintLayout({ executiveSelectors, paper }) {
  const mm = 96 / 25.4;
  let margins = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const sheet of document.styleSheets)
    for (const rule of sheet.cssRules)
      if (rule instanceof CSSPageRule)
        for (const side of Object.keys(margins))
          margins[side] = parseFloat(rule.style.getPropertyValue('margin-' + side)) || margins[side];
  matchMedia('print').addEventListener('change', (event) => {
    if (!event.matches) return;
    const contentWidth = (paper.width - margins.left - margins.right) * mm;
    const pageHeight = (paper.height - margins.top - margins.bottom) * mm;
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width, bottom: r.bottom + window.scrollY };
    };
    window.offersimPrint = {
      contentWidth, pageHeight,
      layoutWidth: document.documentElement.getBoundingClientRect().width,
      charts: [...document.querySelectorAll('.chart')].map((el) => {
        const svg = el.querySelector('svg');
        return { id: el.id, box: box(el), svg: svg ? box(svg) : null };
      }),
      executive: executiveSelectors.map((selector) => {
        const el = document.querySelector(selector);
        return { selector, bottom: el ? box(el).bottom : null };
      }),
    };
  });
}

async function checkPrint(page, spec, failures) {
  const executive = { run: ['.report-header', '#summary'], compare: ['.decision', '.cards', '#variant-table'],
                      tool: [] }[spec.kind];
  await page.evaluate(watchPrintLayout, { executiveSelectors: executive, paper: a4 });
  const pdfPath = path.join(spec.dir, spec.name + '.pdf');
  const pdf = await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  if (pdf.subarray(0, 5).toString() !== '%PDF-') failures.push(`no PDF was printed to ${pdfPath}`);
  const print = await page.evaluate(() => window.offersimPrint);
  if (!print) {
    failures.push('printing never switched the page to print media');
    return;
  }
  const mm = (px) => `${(px * 25.4 / 96).toFixed(1)} mm`;
  if (print.layoutWidth > print.contentWidth + rounding)
    failures.push(`printed at ${mm(print.layoutWidth)} wide, more than the ${mm(print.contentWidth)} of A4 ` +
                  'text width: something is too wide and Chromium shrinks the whole page');
  for (const chart of print.charts) {
    const drawn = chart.svg || chart.box;
    if (chart.box.right > print.contentWidth + rounding || drawn.right > print.contentWidth + rounding)
      failures.push(`${chart.id} overflows the printable width: ends at ${mm(drawn.right)} of ${mm(print.contentWidth)}`);
    else if (drawn.width < 0.95 * print.contentWidth)
      failures.push(`${chart.id} is printed ${mm(drawn.width)} wide, not the full text width ${mm(print.contentWidth)}`);
  }
  for (const part of print.executive) {
    if (part.bottom === null) failures.push(`no ${part.selector} in the executive summary`);
    else if (part.bottom > print.pageHeight + rounding)
      failures.push(`the executive summary's ${part.selector} ends ${mm(part.bottom - print.pageHeight)} past page 1`);
  }
  if (spec.maxPages) {
    const hidden = await page.addStyleTag({ content: '#appendix { display: none !important; }' });
    const count = pdfPages(await page.pdf({ format: 'A4', printBackground: true }));
    await hidden.evaluate((el) => el.remove());
    if (count > spec.maxPages) failures.push(`without its appendix the report takes ${count} A4 pages, more than ${spec.maxPages}`);
    else console.log(`[${spec.name}] ${count} A4 pages without the appendix, ${pdfPages(pdf)} with it`);
  }
  // Printed page 1 as an image: print media at the printable width, one page high.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: Math.round(print.contentWidth), height: Math.round(print.pageHeight) });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(spec.dir, spec.name + '-executive.png') });
  await page.emulateMedia({ media: 'screen' });
}

// The screen keeps the collapsed YAML; paper has the table of assumptions in its place.
async function checkAssumptions(page, spec, failures) {
  const shown = () => page.evaluate(() => {
    const table = document.querySelector('section.assumptions');
    const yaml = document.querySelector('details.scenario-yaml');
    const visible = (el) => !!el && getComputedStyle(el).display !== 'none';
    return { table: visible(table), yaml: visible(yaml), rows: table ? table.querySelectorAll('tbody tr').length : 0 };
  });
  const screen = await shown();
  if (screen.table) failures.push('the table of assumptions shows on screen');
  if (!screen.yaml) failures.push('the collapsed scenario YAML is missing on screen');
  await page.emulateMedia({ media: 'print' });
  const paper = await shown();
  if (!paper.table || paper.rows === 0) failures.push('the printed report has no table of assumptions');
  if (paper.yaml) failures.push('the scenario YAML is printed');
  const table = await page.$('section.assumptions');
  if (table && paper.table) await table.screenshot({ path: path.join(spec.dir, spec.name + '-assumptions.png') });
  await page.emulateMedia({ media: 'screen' });
}

async function checkPhone(page, spec, failures) {
  await page.setViewportSize({ width: phoneWidth, height: 900 });
  const phone = await page.evaluate(() => {
    const cards = [...document.querySelectorAll('.card-value')].map((el) => {
      const style = getComputedStyle(el);
      const lineHeight = parseFloat(style.lineHeight) || 1.2 * parseFloat(style.fontSize);
      return { text: el.textContent, wrapped: el.getBoundingClientRect().height > 1.5 * lineHeight,
               spills: el.scrollWidth > el.clientWidth + 1 };
    });
    const tables = [...document.querySelectorAll('table')].map((table) => {
      const row = table.rows[table.rows.length - 1];
      return { name: table.id || table.className, right: table.getBoundingClientRect().right,
               second: row && row.cells[1] ? row.cells[1].getBoundingClientRect().left : null };
    });
    return { pageWidth: document.documentElement.scrollWidth, cards, tables };
  });
  if (phone.pageWidth > phoneWidth) failures.push(`at ${phoneWidth} px the page is ${phone.pageWidth} px wide`);
  for (const card of phone.cards) {
    if (card.wrapped) failures.push(`at ${phoneWidth} px the card value "${card.text}" wraps`);
    if (card.spills) failures.push(`at ${phoneWidth} px the card value "${card.text}" spills out of its card`);
  }
  for (const table of phone.tables) {
    if (table.right > phoneWidth + 1) failures.push(`at ${phoneWidth} px table ${table.name} runs off the screen`);
    if (table.second !== null && table.second > phoneWidth - 24)
      failures.push(`at ${phoneWidth} px table ${table.name} shows only its first column`);
  }
  // The phone view from the summary's cards down.
  await page.evaluate(() => {
    const cards = document.querySelector('.cards');
    window.scrollTo(0, cards ? cards.getBoundingClientRect().top + window.scrollY - 60 : 0);
  });
  await page.screenshot({ path: path.join(spec.dir, spec.name + '-phone.png') });
}

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
  if (spec.kind === 'tool' && charts.length === 0) failures.push('the report draws no chart');
  if (spec.kind === 'compare') {
    if (!(await page.$('.recommendation'))) failures.push('no recommendation in the executive summary');
    if (!(await page.$('table.comparison.sortable'))) failures.push('no sortable table of the variants');
  }
  const png = path.join(spec.dir, spec.name + '.png');
  await page.screenshot({ path: png });
  if (!fs.existsSync(png) || fs.statSync(png).size === 0) failures.push(`no screenshot was written to ${png}`);
  const offers = await page.$('table.offers');
  if (offers) await offers.screenshot({ path: path.join(spec.dir, spec.name + '-offers.png') });
  const cash = await page.$('figure:has(#chart-cash-1)');
  if (cash) await cash.screenshot({ path: path.join(spec.dir, spec.name + '-cash.png') });
  await checkPrint(page, spec, failures);
  if (spec.kind !== 'tool') await checkAssumptions(page, spec, failures);
  await checkPhone(page, spec, failures);
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
  // One page at a time: ctest runs other tests beside this one on the machine's cores, and
  // a second page at once only crowded them (the timed limits of tests/cli among them).
  try {
    for (const spec of pages) {
      const { charts, failures } = await check(browser, spec);
      for (const failure of failures) console.error(`FAIL [${spec.name}]: ${failure}`);
      failed += failures.length;
      if (failures.length === 0)
        console.log(`[${spec.name}] ${charts} charts drawn, no console errors, fits A4 and a phone; ` +
                    `${spec.name}.png, .pdf, -executive.png and -phone.png in ${spec.dir}`);
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
