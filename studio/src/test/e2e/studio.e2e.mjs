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

  // Write controls: the lexical virality slider is there and moves.
  const viral = page.locator('#s-lexical_virality');
  check(await viral.count() === 1, 'the Write controls have a lexical virality slider');
  await viral.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  check(Number(await viral.inputValue()) > 0, `lexical virality moved to ${await viral.inputValue()}`);

  // Lexicon: add two terms and a relation; they appear in the list and the graph; the tester
  // fires on the document's text, which contains "cat".
  await page.click('#tab-lexicon');
  await page.waitForSelector('#view-lexicon:not([hidden])');
  check(await page.locator('#view-write').isHidden(), 'the Lexicon tab replaces the Write view');
  for (const [name, definition] of [['cat', 'a small household god'], ['mat', 'where the god sits']]) {
    await page.fill('#term-name', name);
    await page.fill('#term-definition', definition);
    await page.click('#term-save');
    await page.waitForSelector(`#lex-graph g.node[data-term="${name}"]`, { timeout: 10000 });
  }
  check(await page.locator('#term-list li[data-term="cat"]').count() === 1, 'the new term is listed');
  check(await page.locator('#lex-graph g.node').count() === 2, 'the graph draws both terms');
  await page.selectOption('#rel-from', 'cat');
  await page.fill('#rel-type', 'APPEARS_IN');
  await page.selectOption('#rel-to', 'mat');
  await page.click('#rel-add');
  await page.waitForSelector('#lex-graph line.edge', { state: 'attached', timeout: 10000 });
  check(await page.locator('#rel-list li').count() === 1, 'the relation is listed and drawn as an edge');
  await page.waitForSelector('#act-traces li.trace.fired[data-term="cat"]', { timeout: 10000 });
  check(await page.locator('#lex-graph g.node.fired[data-term="cat"]').count() === 1, 'the tester fires "cat" on the document text and the graph marks it');
  await page.fill('#act-text', 'nothing here but a mat');
  await page.waitForSelector('#act-traces li.trace[data-term="cat"][data-outcome="NO_KEY"]', { timeout: 10000 });
  check(await page.locator('#act-traces li.trace.fired[data-term="mat"]').count() === 1, 'typing other text re-runs the tester live (mat fires, cat does not)');
  await page.fill('#act-text', 'the cat sat on the mat');
  await page.waitForSelector('#act-traces li.trace.fired[data-term="cat"]', { timeout: 10000 });
  await shot('06-lexicon.png');

  // Inspect: the current text is analysed; the heatmap canvas is drawn (not blank), one metrics row per head.
  await page.click('#tab-inspect');
  await page.waitForSelector('#view-inspect[data-analysed]', { timeout: 20000 });
  const drawn = await page.evaluate(() => {
    const c = document.getElementById('heatmap');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200) dark++;
    return { n: Number(c.dataset.drawn || 0), dark };
  });
  check(drawn.n > 0 && drawn.dark > 100, `the heatmap canvas is drawn (${drawn.n} tokens, ${drawn.dark} dark pixels)`);
  check(await page.locator('#metrics tbody tr').count() === 2, 'the metrics table has a row per head (1 layer × 2 heads)');
  check(await page.locator('#entropy-line circle').count() === drawn.n, 'the entropy sparkline has a point per token');
  check((await page.locator('#void-desc').textContent()).includes('no void'), 'a gpt model says it has no void');
  await page.locator('#head-thumbs canvas').nth(1).click();
  check(await page.locator('#metrics tbody tr.selected[data-head="1"]').count() === 1, 'clicking a thumbnail selects that head');
  await page.evaluate(() => document.getElementById('view-inspect').scrollTo(0, 0));
  await shot('07-inspect.png');

  // Style dial: the model's adapter has a slider; moving it is saved with the document and sent with the generation.
  await page.click('#tab-write');
  await page.waitForSelector('#styles input[data-style="calm"]', { state: 'attached', timeout: 10000 });
  check(true, 'the style dial shows a slider for the model\'s adapter');
  {
    const savedStyle = saved();
    await page.locator('#styles input[data-style="calm"]').fill('1');
    await savedStyle;
    await page.click('#editor');
    await page.keyboard.press('End');
    const request = page.waitForRequest((r) => r.url().endsWith('/api/generate'));
    await generation(() => page.click('#continue'));
    const body = JSON.parse((await request).postData());
    check(body.settings.style && body.settings.style.calm === 1, `the generation is asked with the style mix ${JSON.stringify(body.settings.style)}`);
    await shot('10-style-dial.png');
    await page.reload();
    await ready();
    await page.waitForSelector('#styles input[data-style="calm"]', { state: 'attached', timeout: 10000 });
    check(await page.locator('#styles input[data-style="calm"]').inputValue() === '1', 'the style weight is kept with the document');
  }

  // Hydra: the current text grown in four branches side by side, each with its metrics.
  await page.click('#tab-hydra');
  await page.fill('#hydra-tokens', '16');
  await page.fill('#hydra-seed', '5');
  await page.click('#hydra-grow');
  await page.waitForSelector('#view-hydra[data-grown]', { timeout: 30000 });
  check(await page.locator('#hydra-results article.branch').count() === 4, 'four branches side by side');
  check((await page.locator('#hydra-results article.branch[data-branch="anti-muse"] dl').textContent()).includes('distinct-2'), 'each branch shows its metrics');
  check((await page.locator('#hydra-results article.branch[data-branch="realism"] dl').textContent()).includes('calm'), 'the branches use the style dial\'s mix');
  check(await page.locator('#view-hydra script, #view-hydra img').count() === 0, 'the branches\' texts stay text');
  await shot('11-hydra.png');

  // Mood board: add two fragments (one holding markup), keep a glitch in the failure garden, search.
  await page.click('#tab-board');
  const fragments = [
    ['Grey waves heave against the harbour wall; the tide pulls salt foam back into the deep water.', 'sea, night'],
    ['The committee postponed the vote <img src=x onerror=alert(1)> until after the holidays.', 'office'],
  ];
  for (const [i, [text, tags]] of fragments.entries()) {
    await page.fill('#frag-board', 'sea');
    await page.fill('#frag-text', text);
    await page.fill('#frag-tags', tags);
    await page.click('#frag-add');
    await page.waitForFunction((n) => document.querySelectorAll('#board-fragments li.hit').length === n, i + 1, { timeout: 20000 });
  }
  check(await page.locator('#board-list li[data-board="sea"]').count() === 1, 'the board is listed');
  check(await page.locator('#board-fragments li.hit .chip.auto').count() > 0, 'fragments show their auto-tags');
  await page.fill('#frag-board', 'glitches');
  await page.fill('#frag-text', 'lamp lamp lamp lamp lamp');
  await page.fill('#frag-tags', 'loop');
  await page.check('#frag-failure');
  await page.click('#frag-add');
  await page.waitForSelector('#failure-garden li.hit', { timeout: 20000 });
  check((await page.locator('#failure-garden').textContent()).includes('lamp lamp'), 'the failure garden lists the glitch');
  await page.uncheck('#frag-failure');
  await page.locator('#board-list li[data-board="sea"] button').click();
  await page.fill('#board-query', 'the tide at night by the sea');
  await page.fill('#board-k', '2');
  await page.locator('#board-contrast').fill('0.5');
  await page.click('#board-search');
  await page.waitForSelector('#view-board[data-searched]', { timeout: 20000 });
  const hits = await page.locator('#board-results li.hit').evaluateAll((els) => els.map((e) => ({ role: e.dataset.role, reason: e.querySelector('.reason').textContent, text: e.querySelector('.frag-text').textContent })));
  check(hits.length >= 1 && hits.every((h) => h.reason.startsWith(`${h.role}:`)), `search results are labelled (${hits.map((h) => h.reason).join(' | ')})`);
  check(hits[0].role === 'aligned' && hits[0].text.includes('tide'), 'the first pick is the aligned sea fragment');
  check((await page.locator('#view-board').textContent()).includes('<img src=x onerror=alert(1)>'), 'a fragment with markup shows as text');
  check(await page.locator('#view-board img').count() === 0 && dialogs.length === 0, 'the markup in a fragment is not an element and never runs');
  await shot('09-board.png');

  // Ambiguity toggle: fog the sentence at the cursor, take a hybrid; the level is kept with the document.
  await page.click('#tab-write');
  check(await page.locator('#fog-run').isDisabled(), 'the fog button is off until a level is chosen');
  await page.click('#editor');
  await page.keyboard.press('Control+End');
  const fogSentence = 'The pale rider carried a silver lamp through the dark orchard.';
  await page.keyboard.type(` ${fogSentence}`);
  await page.selectOption('#fog-level', 'medium');
  await page.click('#fog-run');
  await page.waitForSelector('#fog-results button.fog-hybrid', { timeout: 60000 });
  const hybrids = await page.locator('#fog-results button.fog-hybrid').evaluateAll((els) => els.map((e) => ({ score: Number(e.querySelector('.fog-score').textContent), text: e.querySelector('.fog-text').textContent })));
  check(hybrids.length >= 1 && hybrids.every((h, i) => i === 0 || h.score <= hybrids[i - 1].score), `ranked hybrids with scores (${hybrids.map((h) => h.score).join(', ')})`);
  check((await page.locator('#fog-results .fog-source').textContent()).includes(fogSentence), 'the sentence at the cursor was fogged');
  await shot('12-fog.png');
  const fogSaved = saved();
  await page.locator('#fog-results button.fog-hybrid').first().click();
  await fogSaved;
  const afterFog = await page.locator('#editor').textContent();
  check(afterFog.includes(hybrids[0].text) && !afterFog.includes(fogSentence), `the hybrid replaced the sentence: "${hybrids[0].text}"`);
  check(await page.locator('#editor script, #editor img').count() === 0, 'the hybrid went in as text');
  await page.reload();
  await ready();
  check(await page.locator('#fog-level').inputValue() === 'medium', 'the ambiguity level is kept with the document');
  check((await page.locator('#editor').textContent()).includes(hybrids[0].text), 'the fogged text was saved');

  // Style map: chunks, fragments and generations as points; hovering one shows its text, as text.
  await page.click('#tab-stylemap');
  await page.waitForSelector('#stylemap .sm-point', { timeout: 30000 });
  const kinds = await page.locator('#stylemap .sm-point').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.kind))].sort());
  check(kinds.includes('chunk') && kinds.includes('fragment') && kinds.includes('generation'), `the map has chunks, fragments and generations (${kinds.join(', ')})`);
  check(await page.locator('#stylemap-legend li').count() === 3, 'the legend lists the three kinds');
  await page.locator('#stylemap .sm-point[data-kind="fragment"]').first().hover();
  const read = await page.locator('#stylemap-read .sm-text').textContent();
  check(read.length > 0, `hovering a point shows its text: "${read.slice(0, 60)}"`);
  const marked = page.locator('#stylemap .sm-point[data-kind="fragment"]');
  for (let i = 0; i < await marked.count(); i++) {
    await marked.nth(i).hover();
    if ((await page.locator('#stylemap-read .sm-text').textContent()).includes('<img')) break;
  }
  check((await page.locator('#stylemap-read .sm-text').textContent()).includes('<img src=x onerror=alert(1)>'), 'a fragment with markup reads as text');
  check(await page.locator('#view-stylemap img, #view-stylemap script').count() === 0 && dialogs.length === 0, 'nothing in the map runs');
  await shot('13-stylemap.png');

  // Train: a tiny training on the corpus file; the loss chart fills, samples appear, the model joins the list.
  await page.click('#tab-train');
  await page.fill('#train-name', 'little');
  await page.fill('#train-corpus', process.env.CORPUS || '');
  await page.fill('#train-steps', '8');
  await page.fill('#train-layers', '1');
  await page.fill('#train-dim', '16');
  await page.fill('#train-context', '16');
  await page.click('#train-start');
  await page.waitForSelector('#view-train[data-ended]', { timeout: 60000 });
  check(await page.getAttribute('#view-train', 'data-ended') === 'done', `the training ended: ${await page.locator('#train-status').textContent()}`);
  const points = Number(await page.getAttribute('#loss-chart', 'data-points'));
  check(points >= 2, `the loss chart has ${points} points`);
  check(await page.locator('#train-samples li').count() > 0, 'samples appeared as the model trained');
  await page.waitForSelector('#model option[value="little"]', { state: 'attached', timeout: 10000 });
  check(true, 'the new model is offered in the Write controls');
  await shot('08-train.png');
  await page.click('#tab-write');
  check(await page.locator('#view-write').isVisible(), 'back to Write');
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
