// The Lexicon tab: terms and relations (list, form, an SVG graph) and the activation tester on the
// current document's text. Every name and text goes in as text (textContent, SVG text nodes).

import { api } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

function svg(name, attrs = {}) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function item(text, onClick, onDelete, label) {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'item';
  b.textContent = text;
  if (onClick) b.addEventListener('click', onClick); else b.disabled = true;
  li.append(b);
  if (onDelete) {
    const x = document.createElement('button');
    x.type = 'button';
    x.className = 'remove';
    x.textContent = '×';
    x.title = label;
    x.setAttribute('aria-label', label);
    x.addEventListener('click', onDelete);
    li.append(x);
  }
  return li;
}

export class LexiconView {
  constructor(getText, fail, status) {
    this.getText = getText;
    this.fail = fail;
    this.status = status;
    this.terms = [];
    this.relations = [];
    this.fired = new Set();
    this.editing = null; // the name of the term in the form, or null for a new one
    this.timer = 0;

    $('term-form').addEventListener('submit', (e) => { e.preventDefault(); this.saveTerm().catch(fail); });
    $('term-clear').addEventListener('click', () => this.edit(null));
    $('term-delete').addEventListener('click', () => this.deleteTerm().catch(fail));
    $('rel-form').addEventListener('submit', (e) => { e.preventDefault(); this.addRelation().catch(fail); });
    $('act-text').addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.test().catch(fail), 250);
    });
  }

  /** Called when the tab is shown: reload, and test the document's current text. */
  async show() {
    $('act-text').value = this.getText();
    await this.reload();
  }

  async reload() {
    const lex = await api.lexicon();
    this.terms = lex.terms;
    this.relations = lex.relations;
    this.renderLists();
    await this.test();
  }

  edit(term) {
    this.editing = term ? term.name : null;
    $('term-name').value = term ? term.name : '';
    $('term-name').readOnly = !!term;
    $('term-definition').value = term ? term.definition : '';
    $('term-aliases').value = term ? term.aliases.join(', ') : '';
    $('term-bias').value = String(term ? term.activation.bias : 0);
    $('term-constant').checked = !!(term && term.activation.constant);
    $('term-save').textContent = term ? 'Save term' : 'Add term';
    $('term-delete').disabled = !term;
  }

  async saveTerm() {
    const body = {
      definition: $('term-definition').value,
      aliases: $('term-aliases').value.split(',').map((a) => a.trim()).filter((a) => a),
      activation: { bias: Number($('term-bias').value) || 0, constant: $('term-constant').checked },
    };
    if (this.editing) {
      await api.updateTerm(this.editing, body);
      this.status(`Saved “${this.editing}”.`);
    } else {
      const name = $('term-name').value.trim();
      if (!name) return;
      await api.addTerm({ name, ...body });
      this.status(`Added “${name}”.`);
    }
    this.edit(null);
    await this.reload();
  }

  async deleteTerm() {
    if (!this.editing) return;
    const name = this.editing;
    await api.deleteTerm(name);
    this.status(`Deleted “${name}” and its relations.`);
    this.edit(null);
    await this.reload();
  }

  async addRelation() {
    const from = $('rel-from').value;
    const to = $('rel-to').value;
    const type = $('rel-type').value.trim() || 'LINKED';
    if (!from || !to) return;
    await api.relate({ from, type, to });
    await this.reload();
  }

  renderLists() {
    const list = $('term-list');
    list.replaceChildren();
    if (this.terms.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'No terms yet: add the words of your world above.';
      list.append(li);
    }
    for (const t of this.terms) {
      const label = t.definition ? `${t.name} — ${t.definition}` : t.name;
      const li = item(label, () => this.edit(t), null, '');
      li.dataset.term = t.name;
      list.append(li);
    }
    for (const id of ['rel-from', 'rel-to']) {
      const sel = $(id);
      const was = sel.value;
      sel.replaceChildren();
      for (const t of this.terms) {
        const o = document.createElement('option');
        o.value = t.name;
        o.textContent = t.name;
        sel.append(o);
      }
      if (this.terms.some((t) => t.name === was)) sel.value = was;
    }
    const rels = $('rel-list');
    rels.replaceChildren();
    for (const r of this.relations) {
      rels.append(item(`${r.from} —${r.type}→ ${r.to}`, null, () => api.unrelate(r.id).then(() => this.reload()).catch(this.fail),
        'Remove this relation'));
    }
    this.renderGraph();
  }

  /** Nodes on a circle (or a few rings), edges as arrows labelled with their type. */
  renderGraph() {
    const g = $('lex-graph');
    g.replaceChildren();
    const w = 520;
    const h = 420;
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
    defs.append(marker);
    g.append(defs);
    const n = this.terms.length;
    if (n === 0) {
      const t = svg('text', { x: w / 2, y: h / 2, 'text-anchor': 'middle', class: 'graph-empty' });
      t.textContent = 'The graph appears as you add terms.';
      g.append(t);
      return;
    }
    const pos = new Map();
    const r = n === 1 ? 0 : Math.min(w, h) / 2 - 60;
    this.terms.forEach((t, i) => {
      const a = (2 * Math.PI * i) / n - Math.PI / 2 + Math.PI / (2 * n); // no vertical edge between two terms
      pos.set(t.name.toLowerCase(), { x: w / 2 + r * Math.cos(a), y: h / 2 + r * Math.sin(a) });
    });
    const R = 16;
    for (const rel of this.relations) {
      const a = pos.get(rel.from.toLowerCase());
      const b = pos.get(rel.to.toLowerCase());
      if (!a || !b) continue;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.hypot(dx, dy) || 1;
      const line = svg('line', {
        x1: a.x + (dx / len) * R, y1: a.y + (dy / len) * R, x2: b.x - (dx / len) * R, y2: b.y - (dy / len) * R,
        class: 'edge', 'marker-end': 'url(#arrow)',
      });
      const title = svg('title');
      title.textContent = `${rel.from} ${rel.type} ${rel.to}`;
      line.append(title);
      g.append(line);
      const label = svg('text', { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 4, 'text-anchor': 'middle', class: 'edge-label' });
      label.textContent = rel.type.toLowerCase().replace(/_/g, ' ');
      g.append(label);
    }
    for (const t of this.terms) {
      const p = pos.get(t.name.toLowerCase());
      const node = svg('g', { class: this.fired.has(t.name) ? 'node fired' : 'node', 'data-term': t.name });
      node.append(svg('circle', { cx: p.x, cy: p.y, r: R }));
      const label = svg('text', { x: p.x, y: p.y + R + 14, 'text-anchor': 'middle' });
      label.textContent = t.name;
      const title = svg('title');
      title.textContent = t.definition || t.name;
      node.append(label, title);
      node.addEventListener('click', () => this.edit(t));
      g.append(node);
    }
  }

  /** The activation tester on the text in the box. */
  async test() {
    const text = $('act-text').value;
    const r = await api.activate(text);
    this.fired = new Set(r.fired);
    const list = $('act-traces');
    list.replaceChildren();
    for (const t of r.traces) {
      const li = document.createElement('li');
      li.className = t.fired ? 'trace fired' : 'trace';
      li.dataset.term = t.term;
      li.dataset.outcome = t.outcome;
      const head = document.createElement('span');
      head.className = 'outcome';
      head.textContent = t.outcome.replace(/_/g, ' ').toLowerCase();
      const name = document.createElement('strong');
      name.textContent = ` ${t.term} `;
      const why = document.createElement('span');
      why.className = 'why';
      const parts = [];
      if (t.key) parts.push(`key “${t.key}” at ${t.position} (“${t.matched}”)`);
      parts.push(...t.notes);
      if (t.fired) parts.push(`cost ${t.cost}`);
      why.textContent = parts.join('; ');
      li.append(head, name, why);
      list.append(li);
    }
    $('act-summary').textContent = r.traces.length === 0 ? 'No terms to test.'
      : `${r.fired.length} of ${r.traces.length} fired${r.fired.length ? ': ' + r.fired.join(', ') : ''}.`;
    $('act-priming').textContent = r.priming;
    this.renderGraph();
  }
}
