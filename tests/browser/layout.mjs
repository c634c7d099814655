// Checks how vp's HTML lays out in Debian's headless Chromium (issue 26):
//  - at 1280 px wide, no table is wider than its frame (no horizontal scrolling);
//  - at 1280 px and at 360 px, no date (2019-12-31, 10 januari 2019) is broken over two lines;
//  - the table of contents adds no list numbers to titles that carry their own.
// Usage: node tests/browser/layout.mjs FILE.html...   (CHROMIUM overrides /usr/bin/chromium)
// Prints one JSON line per file and exits 1 if any file has a problem.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('layout.mjs: inga filer');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  for (const file of files) {
    const problems = [];
    let dates = 0;
    for (const width of [1280, 360]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(pathToFileURL(resolve(file)).href);
      const found = await page.evaluate((width) => {
        const problems = [];
        if (width === 1280) {
          for (const wrap of document.querySelectorAll('.table-wrap')) {
            if (wrap.scrollWidth > wrap.clientWidth + 1) {
              const caption = wrap.querySelector('caption');
              problems.push(`table wider than its frame at 1280 px (${wrap.scrollWidth} > ${wrap.clientWidth}): ${caption ? caption.textContent : '?'}`);
            }
          }
          for (const li of document.querySelectorAll('.toc li')) {
            const marker = getComputedStyle(li).listStyleType;
            if (marker !== 'none') {
              problems.push(`table of contents numbered by the list (${marker}): ${li.firstElementChild.textContent}`);
              break;
            }
          }
        }
        // Every date in the page's text, wherever it stands, as the browser set it.
        const pattern = /(?<!\d)(\d{4}-\d{2}-\d{2}|\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4})(?!\d)/g;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let dates = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const m of node.data.matchAll(pattern)) {
            dates += 1;
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (lines.size > 1) {
              problems.push(`date broken over lines at ${width} px: ${m[0]}`);
            }
          }
        }
        return { problems, dates };
      }, width);
      problems.push(...found.problems);
      dates = Math.max(dates, found.dates);
      await page.close();
    }
    if (problems.length > 0) failed = true;
    console.log(JSON.stringify({ file, dates, problems }));
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
