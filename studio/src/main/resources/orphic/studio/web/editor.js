// The editor: plain text and generated tokens. Every piece of text, the writer's or the model's,
// enters the page as a text node (textContent / createTextNode), never as markup, so a "<script>"
// in a document is just nine characters. Pastes and drops are reduced to plain text; Enter inserts
// a newline character. The editor therefore only ever holds text nodes and <span class="tok">
// elements, and its textContent is the document's text.

const records = new WeakMap(); // span → token record {id, text, p, entropy, top}

/** A token's text with its invisible characters made visible, for lists of alternatives. */
export function visible(text) {
  if (text === '') return '∅';
  return text.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥');
}

export function percent(p) {
  return p >= 0.995 ? '100%' : p >= 0.1 ? `${(p * 100).toFixed(0)}%` : `${(p * 100).toFixed(1)}%`;
}

export class Editor {
  constructor(el, { onInput, onToken }) {
    this.el = el;
    this.locked = false;
    el.addEventListener('keydown', (e) => {
      if (this.locked && !((e.ctrlKey || e.metaKey) && e.key === 'c') && !e.key.startsWith('Arrow')) e.preventDefault();
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.preventDefault(); // Ctrl+Enter continues (app.js)
    });
    // Typing goes through insertText, so characters land in text nodes, never inside a token's span.
    el.addEventListener('beforeinput', (e) => {
      if (this.locked) {
        e.preventDefault();
        return;
      }
      if (e.inputType === 'insertText' && e.data) {
        e.preventDefault();
        this.insertText(e.data);
        onInput();
      } else if (e.inputType === 'insertParagraph' || e.inputType === 'insertLineBreak') {
        e.preventDefault();
        this.insertText('\n');
        onInput();
      }
    });
    el.addEventListener('paste', (e) => {
      e.preventDefault();
      if (this.locked) return;
      this.insertText(e.clipboardData.getData('text/plain'));
      onInput();
    });
    el.addEventListener('drop', (e) => e.preventDefault());
    el.addEventListener('input', () => {
      this.normalise();
      onInput();
    });
    el.addEventListener('click', (e) => {
      const span = e.target instanceof Element ? e.target.closest('span.tok') : null;
      if (span && this.el.contains(span) && records.has(span)) onToken(span, records.get(span));
    });
  }

  text() {
    return this.el.textContent;
  }

  lock(locked) {
    this.locked = locked;
    this.el.classList.toggle('busy', locked);
    this.el.setAttribute('aria-busy', String(locked));
  }

  setText(text) {
    this.el.replaceChildren(document.createTextNode(text));
  }

  /** Shows a loom node: the text before it, then its tokens as spans (or its text). */
  showNode(textBefore, node) {
    this.el.replaceChildren();
    if (textBefore) this.el.append(document.createTextNode(textBefore));
    if (node.kind === 'model' && node.tokens.length > 0) {
      node.tokens.forEach((t, i) => this.el.append(this.tokenSpan(t, node.id, i)));
    } else {
      this.el.append(document.createTextNode(node.text));
    }
  }

  tokenSpan(rec, nodeId, index) {
    const span = document.createElement('span');
    span.className = 'tok';
    span.textContent = rec.text;
    span.dataset.index = String(index);
    if (nodeId) span.dataset.node = nodeId;
    span.title = `${percent(rec.p)} likely · ${rec.entropy.toFixed(2)} bits of uncertainty`;
    span.style.setProperty('--p', String(Math.max(0, Math.min(1, rec.p))));
    records.set(span, rec);
    return span;
  }

  /** A token's span whose text the writer changed becomes plain text again (the caret stays where it was). */
  normalise() {
    const sel = window.getSelection();
    const at = sel && sel.rangeCount > 0 ? sel.getRangeAt(0) : null;
    for (const span of this.el.querySelectorAll('span.tok')) {
      const rec = records.get(span);
      if (rec && span.textContent === rec.text) continue;
      let offset = -1;
      if (at && span.contains(at.startContainer)) {
        const r = document.createRange();
        r.selectNodeContents(span);
        r.setEnd(at.startContainer, at.startOffset);
        offset = r.toString().length;
      }
      const text = document.createTextNode(span.textContent);
      span.replaceWith(text);
      if (offset >= 0) this.place(text, offset);
    }
    for (const el of this.el.querySelectorAll(':scope > :not(span.tok)')) {
      el.replaceWith(document.createTextNode(el.tagName === 'BR' ? '' : el.textContent));
    }
  }

  /** The caret as a collapsed range inside the editor (at the end when the caret is elsewhere). */
  caret() {
    const sel = window.getSelection();
    if (sel && sel.rangeCount > 0) {
      const r = sel.getRangeAt(0);
      if (this.el.contains(r.endContainer)) {
        const c = r.cloneRange();
        c.collapse(false);
        return this.outsideTokens(c);
      }
    }
    return this.end();
  }

  end() {
    const r = document.createRange();
    r.selectNodeContents(this.el);
    r.collapse(false);
    return r;
  }

  /** A caret inside a token's span moves to the span's nearer edge: tokens are never split. */
  outsideTokens(range) {
    const node = range.startContainer;
    const span = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node)?.closest?.('span.tok');
    if (span && this.el.contains(span)) {
      if (range.startOffset === 0) range.setStartBefore(span);
      else range.setStartAfter(span);
      range.collapse(true);
    }
    return range;
  }

  textBefore(range) {
    const r = document.createRange();
    r.setStart(this.el, 0);
    r.setEnd(range.startContainer, range.startOffset);
    return r.toString();
  }

  /** Replaces the selection with text, outside any token, and puts the caret after it. */
  insertText(text) {
    const sel = window.getSelection();
    if (sel && sel.rangeCount > 0 && this.el.contains(sel.getRangeAt(0).startContainer)) sel.getRangeAt(0).deleteContents();
    const range = this.caret();
    const { startContainer: c, startOffset: o } = range;
    if (c.nodeType === Node.TEXT_NODE && !c.parentElement.closest('span.tok')) {
      c.insertData(o, text);
      this.place(c, o + text.length);
      return;
    }
    const prev = c.nodeType === Node.ELEMENT_NODE ? c.childNodes[o - 1] : null;
    if (prev && prev.nodeType === Node.TEXT_NODE) {
      prev.appendData(text);
      this.place(prev, prev.length);
      return;
    }
    const node = document.createTextNode(text);
    range.insertNode(node);
    this.place(node, node.length);
  }

  place(textNode, offset) {
    const r = document.createRange();
    r.setStart(textNode, offset);
    r.collapse(true);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }

  /** Inserts token spans one after the other at the range. */
  inserter(range) {
    return {
      add: (rec, nodeId, index) => {
        const span = this.tokenSpan(rec, nodeId, index);
        range.insertNode(span);
        range.setStartAfter(span);
        range.collapse(true);
        span.classList.add('fresh');
        return span;
      },
    };
  }

  /** Removes the span and everything after it. */
  truncateFrom(span) {
    const r = document.createRange();
    r.setStartBefore(span);
    r.setEnd(this.el, this.el.childNodes.length);
    r.deleteContents();
  }

  spansOf(nodeId) {
    return [...this.el.querySelectorAll('span.tok')].filter((s) => s.dataset.node === nodeId);
  }

  record(span) {
    return records.get(span);
  }
}
