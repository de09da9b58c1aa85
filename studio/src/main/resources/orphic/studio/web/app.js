// The studio page: documents, the editor, generation, the loom and the controls, wired together.
// Uses only the JSON API (api.js); inserts every text as text.

import { api, generate, ApiError } from './api.js';
import { Editor, percent, visible } from './editor.js';
import { renderLoom } from './loom.js';
import { Controls } from './controls.js';
import { LexiconView } from './lexicon.js';
import { InspectView } from './inspect.js';
import { TrainView } from './train.js';
import { BoardView } from './board.js';
import { HydraView } from './hydra.js';
import { FogTool } from './fog.js';
import { StyleMapView } from './stylemap.js';

const $ = (id) => document.getElementById(id);

const state = {
  doc: null,
  busy: null, // the AbortController of the running generation
  saveTimer: 0,
  picked: null, // the span whose alternatives are shown
};

function status(text, kind = '') {
  const el = $('status');
  el.textContent = text;
  el.className = `status ${kind}`;
}

function fail(e) {
  if (e instanceof ApiError) status(e.fix ? `${e.message} — ${e.fix}` : e.message, 'error');
  else status(String(e && e.message ? e.message : e), 'error');
}

// ------------------------------------------------------------------ saving

function scheduleSave() {
  clearTimeout(state.saveTimer);
  state.saveTimer = setTimeout(() => saveNow().catch(fail), 500);
}

async function saveNow(leaving = false) {
  clearTimeout(state.saveTimer);
  if (!state.doc) return;
  const patch = { text: editor.text(), title: $('doc-title').value, settings: controls.settings() };
  if (state.doc.head) patch.head = state.doc.head;
  state.doc = await api.updateDocument(state.doc.id, patch, leaving);
}

// ------------------------------------------------------------------ documents

async function refreshDocumentList() {
  const { documents } = await api.documents();
  const select = $('doc-select');
  select.replaceChildren();
  for (const d of documents) {
    const o = document.createElement('option');
    o.value = d.id;
    o.textContent = d.title || 'Untitled';
    select.append(o);
  }
  if (state.doc) select.value = state.doc.id;
  return documents;
}

async function openDocument(id) {
  const doc = await api.document(id);
  state.doc = doc;
  $('doc-title').value = doc.title;
  controls.apply(doc.settings || {});
  if (fog) { fog.refresh(); fog.els.results.replaceChildren(); }
  editor.setText(doc.text);
  if (doc.head) {
    try {
      const n = await api.loomNode(doc.id, doc.head);
      if (n.text_before + n.node.text === doc.text) editor.showNode(n.text_before, n.node);
    } catch (e) {
      // The head is gone: the plain text is shown.
    }
  }
  $('doc-select').value = doc.id;
  await refreshLoom();
  status('');
}

async function newDocument() {
  await saveNow();
  const doc = await api.createDocument({ title: 'Untitled', text: '', settings: controls.settings() });
  state.doc = doc;
  await refreshDocumentList();
  await openDocument(doc.id);
  editor.el.focus();
}

// ------------------------------------------------------------------ loom

async function refreshLoom() {
  if (!state.doc) return;
  const tree = await api.loom(state.doc.id);
  state.doc.head = tree.head;
  renderLoom($('loom'), tree.nodes, tree.head, (id) => goTo(id).catch(fail));
}

async function goTo(nodeId) {
  if (state.busy) return;
  const n = await api.loomNode(state.doc.id, nodeId);
  editor.showNode(n.text_before, n.node);
  state.doc.head = nodeId;
  await saveNow();
  await refreshLoom();
  status('Moved to that branch.');
}

// ------------------------------------------------------------------ generation

function setBusy(on) {
  $('continue').disabled = on;
  $('stop').disabled = !on;
  editor.lock(on);
}

/**
 * Continues the text: from the caret, or (take = {span, id}) from a token replaced by one of its
 * alternatives, which truncates the text after it and makes a new branch.
 */
async function continueText(take) {
  if (state.busy || !state.doc) return;
  hideAlternatives();
  const request = { document: state.doc.id, model: controls.model(), settings: controls.sampler(), max_tokens: controls.maxTokens() };
  let range;
  let fromNode = null;
  let keep = 0;
  if (take) {
    fromNode = take.span.dataset.node;
    keep = Number(take.span.dataset.index);
    request.take = { node: fromNode, index: keep, id: take.id };
  } else {
    range = editor.caret();
    const prompt = editor.textBefore(range);
    if (!prompt.trim()) {
      status('Write a few words first, then Continue.', 'error');
      return;
    }
    request.prompt = prompt;
    if (state.doc.head) request.parent = state.doc.head;
  }
  state.busy = new AbortController();
  setBusy(true);
  status('Writing…');
  try {
    await saveNow();
    const headBefore = state.doc.head;
    if (take) {
      editor.truncateFrom(take.span);
      range = editor.end();
    }
    const run = { insert: editor.inserter(range), spans: [], offset: 0, count: 0, done: null };
    await stream(request, run, state.busy.signal);
    if (!run.done || !run.done.node) {
      // Stopped: the server keeps what was written; give it a moment to record the branch.
      await new Promise((r) => setTimeout(r, 400));
      const doc = await api.document(state.doc.id);
      if (doc.head !== headBefore) run.done = { node: doc.head };
    }
    const node = run.done && run.done.node;
    if (node) {
      // The new node holds the kept tokens too (when an alternative was taken) and every new one.
      if (take) for (const s of editor.spansOf(fromNode)) if (Number(s.dataset.index) < keep) s.dataset.node = node;
      for (const s of run.spans) s.dataset.node = node;
      state.doc.head = node;
    }
    for (const s of run.spans) s.classList.remove('fresh');
    await saveNow();
    await refreshLoom();
  } finally {
    state.busy = null;
    setBusy(false);
    document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1); // for tests: one more generation finished
  }
}

/** Streams one generation into the editor at run.insert. */
async function stream(request, run, signal) {
  try {
    await generate(request, (name, data) => {
      if (name === 'start') {
        run.offset = data.forced.length;
        for (let i = data.keep; i < data.forced.length; i++) run.spans.push(run.insert.add(data.forced[i], null, i));
      } else if (name === 'token') {
        run.spans.push(run.insert.add(data, null, run.offset + data.index));
        run.count++;
        status(`Writing… ${run.count} tokens`);
      } else if (name === 'done') {
        run.done = data;
        status(`${run.count} tokens · ${data.reason === 'length' ? 'done' : data.reason.replace(/_/g, ' ')}`);
      } else if (name === 'error') {
        run.done = data;
        status(`The generation failed: ${data.error}`, 'error');
      }
    }, signal);
  } catch (e) {
    if (e.name === 'AbortError') status(`Stopped after ${run.count} tokens.`);
    else fail(e);
  }
}

function stop() {
  if (state.busy) state.busy.abort();
}

// ------------------------------------------------------------------ alternatives

function hideAlternatives() {
  $('alternatives').hidden = true;
  if (state.picked) state.picked.classList.remove('picked');
  state.picked = null;
}

function showAlternatives(span, rec) {
  if (state.busy) return;
  hideAlternatives();
  const box = $('alternatives');
  state.picked = span;
  span.classList.add('picked');
  box.querySelector('.alt-head').textContent = `“${visible(rec.text)}” was ${percent(rec.p)} likely · ${rec.entropy.toFixed(2)} bits. Take another and continue:`;
  const list = box.querySelector('.alt-list');
  list.replaceChildren();
  for (const alt of rec.top) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'alt';
    b.dataset.id = String(alt.id);
    if (alt.id === rec.id) b.classList.add('chosen');
    const t = document.createElement('span');
    t.className = 'alt-text';
    t.textContent = visible(alt.text);
    const p = document.createElement('span');
    p.className = 'alt-p';
    p.textContent = percent(alt.p);
    const bar = document.createElement('span');
    bar.className = 'alt-bar';
    bar.style.setProperty('--p', String(alt.p));
    b.append(t, bar, p);
    b.disabled = !span.dataset.node;
    b.title = alt.id === rec.id ? 'The token that was drawn: continue again from here' : 'Take this token and continue from it';
    b.addEventListener('click', () => continueText({ span, id: alt.id }).catch(fail));
    li.append(b);
    list.append(li);
  }
  if (!rec.top.some((alt) => alt.id === rec.id)) {
    // The drawn token was not among the likeliest: show it below them, as drawn.
    const li = document.createElement('li');
    li.className = 'alt-drawn';
    li.textContent = `drawn from the tail: “${visible(rec.text)}” ${percent(rec.p)}`;
    list.append(li);
  }
  const r = span.getBoundingClientRect();
  box.hidden = false;
  const w = box.offsetWidth;
  box.style.left = `${Math.max(8, Math.min(window.innerWidth - w - 8, r.left + window.scrollX))}px`;
  box.style.top = `${r.bottom + window.scrollY + 6}px`;
}

// ------------------------------------------------------------------ tabs

const views = {};

async function showView(name) {
  if (name !== 'write') await saveNow();
  hideAlternatives();
  for (const tab of document.querySelectorAll('.tabs [role="tab"]')) {
    const on = tab.dataset.view === name;
    tab.setAttribute('aria-selected', String(on));
    $(`view-${tab.dataset.view}`).hidden = !on;
  }
  document.body.dataset.view = name;
  status('');
  if (views[name]) await views[name].show();
}

// ------------------------------------------------------------------ start

let editor;
let controls;
let fog;

async function main() {
  editor = new Editor($('editor'), { onInput: scheduleSave, onToken: showAlternatives });
  const [samplers, models] = await Promise.all([api.samplers(), api.models()]);
  controls = new Controls({
    model: $('model'), modelDesc: $('model-desc'), preset: $('preset'), presetDesc: $('preset-desc'),
    sliders: $('sliders'), styles: $('styles'), stylesDesc: $('styles-desc'), maxTokens: $('max-tokens'), maxTokensValue: $('max-tokens-value'), fogLevel: $('fog-level'),
  }, samplers, models, scheduleSave);
  controls.apply({});

  views.lexicon = new LexiconView(() => editor.text(), fail, status);
  views.inspect = new InspectView(() => editor.text(), () => controls.model(), fail, status);
  views.board = new BoardView(fail, status);
  views.hydra = new HydraView(() => editor.text(), () => controls.model(), () => controls.sampler().style, fail, status);
  views.stylemap = new StyleMapView(() => state.doc && state.doc.id, fail, status);
  fog = new FogTool({ level: $('fog-level'), run: $('fog-run'), desc: $('fog-desc'), results: $('fog-results') }, editor, () => controls.model(), scheduleSave, fail, status);
  views.train = new TrainView(fail, status, async () => controls.setModels(await api.models()));
  for (const tab of document.querySelectorAll('.tabs [role="tab"]')) {
    tab.addEventListener('click', () => showView(tab.dataset.view).catch(fail));
  }

  $('continue').addEventListener('click', () => continueText().catch(fail));
  $('stop').addEventListener('click', stop);
  $('new-doc').addEventListener('click', () => newDocument().catch(fail));
  $('doc-select').addEventListener('change', (e) => saveNow().then(() => openDocument(e.target.value)).catch(fail));
  $('doc-title').addEventListener('change', () => saveNow().then(refreshDocumentList).catch(fail));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      continueText().catch(fail);
    } else if (e.key === 'Escape') {
      hideAlternatives();
      stop();
    }
  });
  document.addEventListener('click', (e) => {
    const box = $('alternatives');
    if (!box.hidden && !box.contains(e.target) && !(e.target instanceof Element && e.target.closest('span.tok'))) hideAlternatives();
  });
  window.addEventListener('pagehide', () => { if (state.doc) saveNow(true).catch(() => {}); });

  const documents = await refreshDocumentList();
  if (documents.length === 0) await newDocument();
  else await openDocument(documents[0].id);
  if (models.models.length === 0) status('No model yet: train one into the workspace (see the Model panel).', 'error');
  document.body.dataset.ready = 'true';
}

main().catch(fail);
