// Checks a site built by `vp site` in Debian's headless Chromium, served over
// HTTP from this process, and as files (file://):
//   1. axe-core (WCAG 2.1 A and AA) on every page: one JSON line per page;
//   2. a walk with the keyboard and links: the start page's skip link is
//      focused and visible, a unit's plan is opened from the start page and
//      one of its enhetsmål from the table of contents; a word from the plans
//      is searched, in an inflected form and as a prefix, and a result
//      followed to its goal; the search works from the folder opened as files.
// Usage: node tests/browser/site.mjs SITE_DIR   (SCREENSHOTS=DIR keeps four
// screenshots; CHROMIUM overrides /usr/bin/chromium). Exits 1 on any failure.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const site = resolve(process.argv[2] || '');
if (!process.argv[2] || !statSync(site).isDirectory()) {
  console.error('site.mjs: ange webbplatsens katalog');
  process.exit(2);
}

function pages(dir, rel = '') {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap(e => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return pages(dir, r);
    return e.name.endsWith('.html') ? [r] : [];
  }).sort();
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.pdf': 'application/pdf' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  const file = resolve(join(site, path.endsWith('/') ? `${path}index.html` : path));
  try {
    if (!file.startsWith(site + sep)) throw new Error('outside');
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let failed = false;
function check(ok, what) {
  if (!ok) {
    failed = true;
    console.error(`walk: FEL: ${what}`);
  }
}

async function axe(page, file) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const violations = result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
    first: v.nodes[0] && v.nodes[0].target.join(' '),
  }));
  if (violations.length > 0) failed = true;
  console.log(JSON.stringify({ file, passes: result.passes.length, violations }));
}

try {
  const shots = process.env.SCREENSHOTS;
  const external = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Nothing may be fetched from elsewhere.
  page.on('request', r => {
    if (!r.url().startsWith(base) && !r.url().startsWith('file:') && !r.url().startsWith('data:')) external.push(r.url());
  });
  for (const file of pages(site)) {
    await page.goto(base + file);
    await axe(page, file);
  }

  // The start page, by keyboard: the skip link comes first and shows its focus.
  await page.goto(base + 'index.html');
  if (shots) await page.screenshot({ path: join(shots, 'site-start.png') });
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    const s = getComputedStyle(a);
    return { cls: a.className, left: r.left, top: r.top, width: r.width, outline: s.outlineStyle, ow: parseFloat(s.outlineWidth) };
  });
  check(skip.cls === 'skip' && skip.left >= 0 && skip.top >= 0 && skip.width > 0, `the skip link is focused and on screen: ${JSON.stringify(skip)}`);
  check(skip.outline !== 'none' && skip.ow >= 2, `the skip link's focus is visible: ${JSON.stringify(skip)}`);
  await page.keyboard.press('Enter');
  check(page.url().endsWith('#innehall'), `the skip link leads to the content: ${page.url()}`);

  // A unit's goal: the unit's plan from the start page, an enhetsmål from its contents.
  await page.getByRole('link', { name: 'Resursenheten', exact: true }).first().click();
  await page.waitForLoadState();
  check(/\/plan\/.*resursenheten-\d{4}\.html$/.test(page.url()), `a unit's plan opened: ${page.url()}`);
  if (shots) await page.screenshot({ path: join(shots, 'site-plan.png') });
  const goalLink = page.locator('nav.toc a', { hasText: 'Enhetsmål:' }).first();
  const goalTitle = (await goalLink.textContent()).trim();
  await goalLink.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.length > 1);
  const landed = await page.evaluate(() => {
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { text: el.textContent.trim(), top: r.top, tag: el.tagName };
  });
  // Scrolled to: its top at the window's top, give or take a rounding of a pixel.
  check(landed && landed.text === goalTitle && landed.top > -2 && landed.top < 900, `the enhetsmål "${goalTitle}" is shown: ${JSON.stringify(landed)}`);

  // A KF goal read downwards.
  await page.goto(base + 'kf/2020-mal-1-3.html');
  if (shots) await page.screenshot({ path: join(shots, 'site-kf-mal.png') });

  // A KF indicator followed up (the example follow-up the test reads with the
  // plans): each period's outcomes beside the targets, in words and symbols.
  await page.goto(base + 'kf/2020-indikator-sjukfranvaro.html#utfall-t2');
  const outcomes = await page.locator('#utfall-t2 ~ div table caption').allTextContents();
  check(outcomes.some(c => c.startsWith('Nämndernas utfall')), `the KF indicator shows the outcomes: ${JSON.stringify(outcomes)}`);
  if (shots) await page.screenshot({ path: join(shots, 'site-kf-indikator.png') });

  // Search: a word from the plans, typed with the keyboard; its result followed to its anchor.
  async function search(url, query) {
    await page.goto(url);
    await page.focus('#sok-ord');
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /träff|mål|avsnitt|saknas/.test(document.getElementById('sok-status').textContent), null, { timeout: 15000 });
    const status = (await page.textContent('#sok-status')).trim();
    const results = await page.$$eval('#sok-resultat > li', lis => lis.map(li => ({
      href: li.querySelector('h2 a').getAttribute('href'),
      title: li.querySelector('h2 a').textContent,
      text: li.textContent.toLowerCase(),
      marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent.toLowerCase()),
    })));
    return { status, results };
  }
  async function follow(href, word) {
    await page.locator(`#sok-resultat a[href="${href}"]`).first().click();
    await page.waitForLoadState();
    return page.evaluate(w => {
      const id = decodeURIComponent(location.hash.slice(1));
      const el = document.getElementById(id);
      const section = el && (el.closest('section') || el.parentElement);
      return { id, found: !!el, word: !!section && section.textContent.toLowerCase().includes(w) };
    }, word);
  }

  const plain = await search(base + 'sok.html', 'feriejobb');
  check(/mål och avsnitt med ”feriejobb”/.test(plain.status), `the search says how many goals and sections: ${plain.status}`);
  check(plain.results.length > 0 && plain.results.every(r => r.href.includes('#') && !r.href.startsWith('/') && !r.href.includes(':')),
    `results link relatively to anchors: ${JSON.stringify(plain.results.map(r => r.href))}`);
  check(plain.results.some(r => r.marks.some(m => m.startsWith('feriejobb'))), `an excerpt marks the word: ${JSON.stringify(plain.results)}`);
  await axe(page, 'sok.html (med träffar)');
  const hitLanded = await follow(plain.results[0].href, 'feriejobb');
  check(hitLanded.found && hitLanded.word, `the result's anchor is on its page, with the word: ${JSON.stringify(hitLanded)} at ${page.url()}`);

  // An inflected form the plans do not write finds the same goals as the word.
  const inflected = await search(base + 'sok.html', 'feriejobben');
  check(inflected.results.length > 0 && JSON.stringify(inflected.results.map(r => r.href)) === JSON.stringify(plain.results.map(r => r.href)),
    `"feriejobben" finds what "feriejobb" finds: ${inflected.status}`);
  check(inflected.results.some(r => r.marks.some(m => m.startsWith('feriejobb'))), `"feriejobben" marks feriejobb in an excerpt: ${JSON.stringify(inflected.results)}`);
  // A typed prefix finds the word, and words that start alike.
  const prefix = await search(base + 'sok.html', 'ferie');
  check(prefix.results.length >= plain.results.length && prefix.results.some(r => r.marks.some(m => m.startsWith('feriejobb'))),
    `"ferie" finds feriejobb: ${prefix.status}`);
  // Every word first: two words, the goals with both lead.
  const two = await search(base + 'sok.html', 'platser feriejobb');
  check(/med alla sökorden/.test(two.status) && two.results.length > 0, `two words: ${two.status}`);
  const none = await search(base + 'sok.html', 'xyzzyqq');
  check(none.status === 'Inga träffar för ”xyzzyqq”.' && none.results.length === 0, `no hits: ${none.status}`);

  // The same search from the folder opened as files, by the address's query.
  const fromFile = await search(pathToFileURL(join(site, 'sok.html')).href, 'feriejobben');
  check(fromFile.results.length === plain.results.length, `search works from file://: ${fromFile.status}`);
  const fileLanded = await follow(fromFile.results[0].href, 'feriejobb');
  check(page.url().startsWith('file:') && fileLanded.found && fileLanded.word, `a result followed from file://: ${JSON.stringify(fileLanded)} at ${page.url()}`);

  check(external.length === 0, `requests out of the site: ${external.join(', ')}`);
  if (!failed) console.log('walk: ok');
} catch (e) {
  failed = true;
  console.error(`walk: FEL: ${e.stack || e}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
