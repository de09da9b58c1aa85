// The ambiguity toggle (Write tab): fog the sentence at the cursor (or the selection) with the
// document's model (POST /api/fog), show the ranked hybrids, and put the chosen one in its place.
// Every text goes in as text (textContent, text nodes).

import { api } from './api.js';

const TERMINATOR = /[.!?…]/;

/** [start, end) of the sentence around offset pos of text: from after the previous terminator (or line break) to its own. */
export function sentenceAt(text, pos) {
  let p = pos;
  while (p > 0 && text[p - 1] === ' ') p--;
  let end = text.length;
  const closed = p > 0 && TERMINATOR.test(text[p - 1]);
  if (closed) {
    end = p;
  } else {
    for (let i = p; i < text.length; i++) {
      if (text[i] === '\n') { end = i; break; }
      if (TERMINATOR.test(text[i])) {
        end = i + 1;
        while (end < text.length && /["'”’)\]]/.test(text[end])) end++;
        break;
      }
    }
  }
  let start = 0;
  for (let i = closed ? p - 2 : p - 1; i >= 0; i--) {
    if (text[i] === '\n' || (TERMINATOR.test(text[i]) && /\s/.test(text[i + 1] || ''))) { start = i + 1; break; }
  }
  while (start < end && /\s/.test(text[start])) start++;
  return [start, end];
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class FogTool {
  /** els: level, run, desc, results; editor: the Editor; onReplaced: after a hybrid went in (save). */
  constructor(els, editor, getModel, onReplaced, fail, status) {
    this.els = els;
    this.editor = editor;
    this.getModel = getModel;
    this.onReplaced = onReplaced;
    this.fail = fail;
    this.status = status;
    this.target = null; // {start, end, source}: the sentence the hybrids replace
    this.busy = false;
    els.level.addEventListener('change', () => this.refresh());
    els.run.addEventListener('click', () => this.fog().catch((e) => { this.done(); fail(e); }));
    this.refresh();
  }

  refresh() {
    const off = this.els.level.value === 'off';
    this.els.run.disabled = off || this.busy;
    this.els.desc.textContent = off
      ? 'Off. Choose a level to fog the sentence at the cursor into ranked ambiguous hybrids.'
      : `${this.els.level.value}: the model rewrites the sentence's ending, then its phrases are swapped into it; the most ambiguous, novel hybrids first. Click one to take it.`;
  }

  /** The selection in the editor, else the sentence at the caret: [start, end) in the editor's text. */
  span() {
    const text = this.editor.text();
    const sel = window.getSelection();
    if (sel && sel.rangeCount > 0 && !sel.isCollapsed) {
      const r = sel.getRangeAt(0);
      if (this.editor.el.contains(r.startContainer) && this.editor.el.contains(r.endContainer)) {
        const start = this.editor.textBefore(r).length;
        const end = start + r.toString().length;
        if (text.slice(start, end).trim()) return [start, end];
      }
    }
    return sentenceAt(text, this.editor.textBefore(this.editor.caret()).length);
  }

  async fog() {
    if (this.busy || this.els.level.value === 'off') return;
    const [start, end] = this.span();
    const text = this.editor.text();
    const source = text.slice(start, end);
    if (!source.trim()) {
      this.status('Put the cursor in a sentence (or select some words) first.', 'error');
      return;
    }
    this.busy = true;
    this.refresh();
    this.els.results.replaceChildren();
    this.status('Fogging…');
    const answer = await api.fog({ text: source, model: this.getModel(), level: this.els.level.value });
    this.target = { start, end, source };
    this.show(answer);
    this.done();
    this.status(`${answer.hybrids.length} hybrids (seed ${answer.seed}).`);
  }

  done() {
    this.busy = false;
    this.refresh();
  }

  show(answer) {
    const list = this.els.results;
    list.replaceChildren();
    list.append(el('li', 'fog-source', `“${answer.source}”`));
    for (const h of answer.hybrids) {
      const li = el('li');
      const b = el('button', 'fog-hybrid');
      b.type = 'button';
      b.title = `ambiguity ${h.ambiguity.toFixed(2)} · novelty ${h.novelty.toFixed(2)} · distinct-2 ${h.distinct_2.toFixed(2)}${h.origin === 'variant' ? ' · a variant' : ''}: take it`;
      b.append(el('span', 'fog-score', h.score.toFixed(3)), el('span', 'fog-text', h.text));
      b.addEventListener('click', () => this.take(h.text));
      li.append(b);
      list.append(li);
    }
    if (answer.hybrids.length === 0) list.append(el('li', 'desc', 'No hybrid differed from the sentence; try another level.'));
    list.scrollIntoView({ block: 'nearest' });
  }

  take(hybrid) {
    const t = this.target;
    const text = this.editor.text();
    if (!t || text.slice(t.start, t.end) !== t.source) {
      this.status('The text changed since: fog the sentence again.', 'error');
      return;
    }
    this.editor.setText(text.slice(0, t.start) + hybrid + text.slice(t.end));
    this.target = { start: t.start, end: t.start + hybrid.length, source: hybrid };
    this.els.results.replaceChildren();
    this.onReplaced();
    this.status('Hybrid taken.');
  }
}
