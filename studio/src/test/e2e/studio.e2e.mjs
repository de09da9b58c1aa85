// Browser end-to-end test of the Orphic studio: Debian's chromium driven by playwright-core.
// Run by orphic.studio.web.StudioBrowserTest against a studio with a tiny random-weight model:
//   STUDIO_URL=http://127.0.0.1:PORT/ SHOTS_DIR=studio/target/e2e node studio/src/test/e2e/studio.e2e.mjs
// Exit 0 when every step passed; otherwise 1, with the failing step, and failure.png in SHOTS_DIR.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const url = process.env.STUDIO_URL;
const shots = process.env.SHOTS_DIR || 'target/e2e-screenshots';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!url) {
  console.error('set STUDIO_URL to the studio address');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const log = (msg) => console.log(`e2e: ${msg}`);
function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  log(`ok - ${what}`);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
const dialogs = [];
const pageErrors = [];
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') log(`console error: ${m.text()}`); });

const shot = async (name) => {
  await page.screenshot({ path: join(shots, name), fullPage: false });
  log(`screenshot ${join(shots, name)}`);
};
const ready = () => page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
const runs = () => page.evaluate(() => Number(document.body.dataset.runs || 0));
/** Clicks (or otherwise starts) a generation and waits until the page has recorded it. */
async function generation(start) {
  const before = await runs();
  await start();
  await page.waitForFunction((n) => Number(document.body.dataset.runs || 0) > n, before, { timeout: 30000 });
}
const saved = () => page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/documents/') && r.ok(), { timeout: 10000 });
const modelNodes = () => page.locator('#loom li.node.model').count();

try {
  await page.goto(url);
  await ready();
  check(await page.title() === 'Orphic studio', 'the page loads');

  // Write, then continue from the cursor: tokens stream in as spans.
  await page.click('#editor');
  await page.keyboard.type('the cat sat on the ');
  await generation(() => page.click('#continue'));
  const tokens = await page.locator('#editor span.tok').count();
  check(tokens >= 10, `continue streamed ${tokens} tokens into the editor`);
  check((await page.locator('#editor').textContent()).startsWith('the cat sat on the '), 'the written text stays before the continuation');
  const title = await page.locator('#editor span.tok').nth(2).getAttribute('title');
  check(/%/.test(title) && /bits/.test(title), `a token shows its probability on hover ("${title}")`);
  check(await modelNodes() === 1, 'the continuation is a branch in the loom');
  await shot('01-continued.png');

  // A token's alternatives; take one: the text is cut after it and a new branch continues.
  const target = page.locator('#editor span.tok').nth(3);
  const before = await page.locator('#editor').textContent();
  await target.click();
  await page.waitForSelector('#alternatives:not([hidden])');
  const alts = await page.locator('#alternatives button.alt').count();
  check(alts >= 2, `clicking a token lists ${alts} alternatives`);
  await shot('02-alternatives.png');
  const alt = page.locator('#alternatives button.alt:not(.chosen)').first();
  const altText = (await alt.locator('.alt-text').textContent()).replace(/␣/g, ' ').replace(/↵/g, '\n');
  await generation(() => alt.click());
  await page.waitForFunction(() => document.querySelectorAll('#loom li.node.model').length >= 2, null, { timeout: 10000 });
  const after = await page.locator('#editor').textContent();
  const kept = await page.locator('#editor span.tok').nth(3).textContent();
  check(kept === altText, `the taken alternative "${altText}" replaced the token`);
  const firstThree = (await page.locator('#editor span.tok').evaluateAll((els) => els.slice(0, 3).map((e) => e.textContent).join('')));
  check(after !== before && after.startsWith('the cat sat on the ' + firstThree + altText), 'the text keeps the tokens before it and continues from the alternative');
  check(await modelNodes() === 2, 'the new branch appears in the loom (two continuations)');
  const siblings = await page.evaluate(() => {
    const model = [...document.querySelectorAll('#loom li.node.model')];
    return model.length === 2 && model[0].parentElement === model[1].parentElement;
  });
  check(siblings, 'the two continuations are siblings under the written text');
  await shot('03-branch.png');

  // Going back to the first branch restores its text.
  await page.locator('#loom li.node.model .node-button').first().click();
  await page.waitForFunction((t) => document.getElementById('editor').textContent === t, before, { timeout: 10000 });
  check(true, 'navigating the loom shows the first branch again');

  // A slider: move it, let the document save, reload: the setting is still there.
  const slider = page.locator('#s-temperature');
  const oldValue = await slider.inputValue();
  const save = saved();
  await slider.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  const newValue = await slider.inputValue();
  check(newValue !== oldValue, `the temperature slider moved (${oldValue} → ${newValue})`);
  await save;
  await page.reload();
  await ready();
  check(await page.locator('#s-temperature').inputValue() === newValue, `after a reload the temperature is still ${newValue}`);
  check(await modelNodes() === 2, 'after a reload the loom still has both branches');
  check((await page.locator('#editor').textContent()) === before, 'after a reload the editor shows the same text');
  await shot('04-reloaded.png');

  // A script typed into the document is text, never code.
  await page.click('#editor');
  await page.keyboard.press('Control+End');
  const payload = '\n<script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=2;alert(2)">';
  const save2 = page.waitForResponse((r) => r.request().method() === 'PUT' && r.ok()
    && (r.request().postData() || '').includes('alert(2)'), { timeout: 10000 });
  await page.keyboard.type(payload);
  await save2;
  check((await page.locator('#editor').textContent()).endsWith(payload), 'typing after a generated token appends plain text');
  await page.reload();
  await ready();
  const text = await page.locator('#editor').textContent();
  check(text.includes('<script>window.__pwned=1;alert(1)</script>'), 'the typed <script> is kept as text');
  check(await page.locator('#editor script, #editor img').count() === 0, 'no script or img element was created');
  await page.click('#editor');
  await page.keyboard.press('Control+End');
  await generation(() => page.click('#continue'));
  await page.waitForTimeout(300);
  check(await page.locator('#loom li.node.writer').count() === 2, 'the typed text and its continuation are a new branch');
  check(await page.evaluate(() => window.__pwned === undefined), 'the script did not run');
  check(dialogs.length === 0, 'no alert was shown');
  await shot('05-script-as-text.png');
  check(pageErrors.length === 0, `no uncaught page errors${pageErrors.length ? ': ' + pageErrors.join('; ') : ''}`);
  log('all steps passed');
  await browser.close();
  process.exit(0);
} catch (e) {
  console.error(`e2e: FAILED: ${e.message}`);
  try { await shot('failure.png'); } catch { /* the browser may be gone */ }
  await browser.close();
  process.exit(1);
}
