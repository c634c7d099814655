// Checks HTML files with axe-core (WCAG 2.1 A and AA) in Debian's headless Chromium.
// Usage: node tests/browser/axe.mjs FILE.html...   (CHROMIUM overrides /usr/bin/chromium)
// Prints one JSON line per file and exits 1 if any file has a violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('axe.mjs: inga filer');
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
    const page = await browser.newPage();
    await page.goto(pathToFileURL(resolve(file)).href);
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
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
