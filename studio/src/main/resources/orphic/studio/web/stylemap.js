// The Style map tab: the document's chunks, the mood boards' fragments and the document's
// generations on a 2-D map (GET /api/stylemap), coloured by style (or by kind without a style
// space); hover a point to read it. SVG built with DOM calls; every text goes in as text.

import { api } from './api.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const PALETTE = ['#6d28d9', '#dc2626', '#059669', '#d97706', '#2563eb', '#db2777', '#0891b2', '#65a30d', '#7c2d12', '#475569'];
const W = 640;
const H = 440;
const PAD = 24;

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export class StyleMapView {
  constructor(getDocument, fail, status) {
    this.getDocument = getDocument;
    this.fail = fail;
    this.status = status;
    $('stylemap-run').addEventListener('click', () => this.show().catch(fail));
  }

  async show() {
    const doc = this.getDocument();
    if (!doc) return;
    $('stylemap-info').textContent = 'Embedding…';
    const map = await api.styleMap(doc);
    this.draw(map);
  }

  draw(map) {
    const colours = new Map(map.labels.map((l, i) => [l, PALETTE[i % PALETTE.length]]));
    const plot = $('stylemap');
    plot.replaceChildren();
    const xs = map.points.map((p) => p.x);
    const ys = map.points.map((p) => p.y);
    const span = (v) => { const lo = Math.min(...v, 0); const hi = Math.max(...v, 0); return [lo, hi - lo || 1]; };
    const [x0, dx] = span(xs);
    const [y0, dy] = span(ys);
    plot.append(svg('rect', { x: 0, y: 0, width: W, height: H, class: 'sm-frame' }));
    const shape = { chunk: 'circle', fragment: 'rect', generation: 'diamond' };
    for (const p of map.points) {
      const cx = PAD + ((p.x - x0) / dx) * (W - 2 * PAD);
      const cy = H - PAD - ((p.y - y0) / dy) * (H - 2 * PAD);
      let m;
      if (shape[p.kind] === 'rect') m = svg('rect', { x: cx - 5, y: cy - 5, width: 10, height: 10 });
      else if (shape[p.kind] === 'diamond') m = svg('polygon', { points: `${cx},${cy - 7} ${cx + 7},${cy} ${cx},${cy + 7} ${cx - 7},${cy}` });
      else m = svg('circle', { cx, cy, r: 6 });
      m.setAttribute('class', `sm-point sm-${p.kind}`);
      m.setAttribute('fill', colours.get(p.label) || '#888');
      m.dataset.id = p.id;
      m.dataset.kind = p.kind;
      m.dataset.label = p.label;
      m.setAttribute('tabindex', '0');
      const read = () => this.read(p, m);
      m.addEventListener('mouseenter', read);
      m.addEventListener('focus', read);
      plot.append(m);
    }
    const legend = $('stylemap-legend');
    legend.replaceChildren();
    for (const [label, colour] of colours) {
      const li = document.createElement('li');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = colour;
      const n = map.points.filter((p) => p.label === label).length;
      li.append(sw, document.createTextNode(`${label} (${n})`));
      legend.append(li);
    }
    const pct = (v) => `${Math.round((v || 0) * 100)}%`;
    $('stylemap-info').textContent = `${map.points.length} points · ${map.vectors === 'style-space' ? 'style vectors of the workspace style space, coloured by top style' : 'MiniLM embeddings (no style space in WORKSPACE/styles), coloured by kind'} · PCA, axes ${pct(map.explained[0])} and ${pct(map.explained[1])} of the variance · ● chunk ■ fragment ◆ generation`;
    $('stylemap-read').replaceChildren();
    if (map.points.length === 0) $('stylemap-read').textContent = 'Nothing to map yet: write, continue, or add fragments to a mood board.';
  }

  read(p, mark) {
    for (const m of document.querySelectorAll('#stylemap .sm-point.on')) m.classList.remove('on');
    mark.classList.add('on');
    const box = $('stylemap-read');
    const head = document.createElement('p');
    head.className = 'sm-head';
    let h = p.label === p.kind ? p.kind : `${p.kind} · ${p.label}`;
    if (p.scores) h += ` · ${Object.entries(p.scores).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`;
    head.textContent = h;
    const body = document.createElement('p');
    body.className = 'sm-text';
    body.textContent = p.text;
    box.replaceChildren(head, body);
  }
}
