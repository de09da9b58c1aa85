// The Inspect tab: attention heatmaps per layer and head (canvas), the per-head metrics, the
// entropy of the next-token distribution along the text (an SVG sparkline) and, for models with a
// void, the void mass per layer and head. Token texts are drawn with fillText or set as text.

import { api } from './api.js';
import { visible } from './editor.js';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);
const METRICS = [
  ['sparsity', 'sparsity'], ['locality', 'locality'], ['entropy', 'entropy'],
  ['uniformity', 'uniformity'], ['diagonal', 'diagonal'], ['near_diagonal', 'near-diag.'],
];

/** White (0) to the accent's dark blue (1) on a square-root scale, like the inspect command's PNGs. */
function shade(w) {
  const t = Math.sqrt(Math.max(0, Math.min(1, w)));
  const r = Math.round(255 - t * (255 - 24));
  const g = Math.round(255 - t * (255 - 40));
  const b = Math.round(255 - t * (255 - 110));
  return `rgb(${r}, ${g}, ${b})`;
}

function drawHeatmap(canvas, weights, tokens, labels) {
  const ctx = canvas.getContext('2d');
  const n = weights.length;
  const size = canvas.width;
  const margin = labels ? 28 : 0;
  const cell = (size - margin) / n;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      ctx.fillStyle = j <= i ? shade(weights[i][j]) : '#e4e1da';
      ctx.fillRect(margin + j * cell, margin + i * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
  if (labels && cell >= 7) {
    ctx.fillStyle = '#7a766e';
    ctx.font = `${Math.min(12, Math.floor(cell))}px monospace`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < n; i++) {
      const t = visible(tokens[i]).slice(0, 2);
      ctx.fillText(t, margin + (i + 0.5) * cell, margin / 2);
      ctx.fillText(t, margin / 2, margin + (i + 0.5) * cell);
    }
  }
  canvas.dataset.drawn = String(n);
}

export class InspectView {
  constructor(getText, getModel, fail, status) {
    this.getText = getText;
    this.getModel = getModel;
    this.fail = fail;
    this.status = status;
    this.result = null;
    $('inspect-run').addEventListener('click', () => this.run().catch(fail));
    $('head-select').addEventListener('change', () => this.drawSelected());
  }

  /** Called when the tab is shown: analyses the text when it changed since the last analysis. */
  async show() {
    const text = this.getText();
    if (text.trim() && text !== this.analysed) await this.run();
  }

  async run() {
    const text = this.getText();
    if (!text.trim()) {
      this.status('Write some text first: the analysis runs on it.', 'error');
      return;
    }
    $('inspect-run').disabled = true;
    try {
      this.result = await api.inspect(text, this.getModel());
      this.analysed = text;
    } finally {
      $('inspect-run').disabled = false;
    }
    const r = this.result;
    $('inspect-info').textContent = `${r.model} · ${r.arch} · ${r.layers} layers × ${r.heads} heads · `
      + (r.total_tokens > r.tokens.length ? `the last ${r.tokens.length} of ${r.total_tokens} tokens` : `${r.tokens.length} tokens`);
    this.renderHeads();
    this.renderEntropy();
    this.renderMetrics();
    this.renderVoid();
    document.getElementById('view-inspect').dataset.analysed = String(Number(document.getElementById('view-inspect').dataset.analysed || 0) + 1);
  }

  renderHeads() {
    const r = this.result;
    if (r.attention.length === 0) {
      const c = $('heatmap');
      c.getContext('2d').clearRect(0, 0, c.width, c.height);
      c.dataset.drawn = '0';
      $('head-select').replaceChildren();
      $('head-thumbs').replaceChildren();
      $('inspect-info').textContent += ` · no attention weights: ${r.attention_problem || 'this model does not report them'}`;
      return;
    }
    const sel = $('head-select');
    const was = sel.value;
    sel.replaceChildren();
    r.attention.forEach((a, k) => {
      const o = document.createElement('option');
      o.value = String(k);
      o.textContent = `layer ${a.layer} · head ${a.head}`;
      sel.append(o);
    });
    if (was && Number(was) < r.attention.length) sel.value = was;
    const thumbs = $('head-thumbs');
    thumbs.replaceChildren();
    r.attention.forEach((a, k) => {
      const fig = document.createElement('figure');
      const c = document.createElement('canvas');
      c.width = 96;
      c.height = 96;
      drawHeatmap(c, a.weights, r.tokens, false);
      c.addEventListener('click', () => { sel.value = String(k); this.drawSelected(); });
      const cap = document.createElement('figcaption');
      cap.textContent = `L${a.layer} H${a.head}`;
      fig.append(c, cap);
      thumbs.append(fig);
    });
    this.drawSelected();
  }

  drawSelected() {
    if (!this.result || this.result.attention.length === 0) return;
    const a = this.result.attention[Number($('head-select').value) || 0];
    drawHeatmap($('heatmap'), a.weights, this.result.tokens, true);
    for (const row of document.querySelectorAll('#metrics tbody tr')) {
      row.classList.toggle('selected', row.dataset.layer === String(a.layer) && row.dataset.head === String(a.head));
    }
  }

  renderEntropy() {
    const r = this.result;
    const line = $('entropy-line');
    line.replaceChildren();
    const n = r.entropy.length;
    const max = Math.max(1e-9, ...r.entropy);
    const w = 800;
    const h = 90;
    const x = (i) => (n === 1 ? w / 2 : (i / (n - 1)) * (w - 8) + 4);
    const y = (v) => h - 6 - (v / max) * (h - 12);
    const points = r.entropy.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const poly = document.createElementNS(SVG, 'polyline');
    poly.setAttribute('points', points);
    poly.setAttribute('class', 'spark');
    line.append(poly);
    r.entropy.forEach((v, i) => {
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', x(i).toFixed(1));
      dot.setAttribute('cy', y(v).toFixed(1));
      dot.setAttribute('r', '2.5');
      dot.setAttribute('class', 'spark-dot');
      const t = document.createElementNS(SVG, 'title');
      t.textContent = `after “${visible(r.tokens[i])}”: ${v.toFixed(2)} bits`;
      dot.append(t);
      line.append(dot);
    });
    // The text with each token tinted by the entropy after it.
    const p = $('entropy-tokens');
    p.replaceChildren();
    r.tokens.forEach((tok, i) => {
      const s = document.createElement('span');
      s.className = 'etok';
      s.textContent = tok;
      s.style.setProperty('--h', String(r.entropy[i] / max));
      s.title = `${r.entropy[i].toFixed(2)} bits`;
      p.append(s);
    });
  }

  renderMetrics() {
    const r = this.result;
    const table = $('metrics');
    const head = table.querySelector('thead');
    const body = table.querySelector('tbody');
    head.replaceChildren();
    body.replaceChildren();
    const hr = document.createElement('tr');
    for (const label of ['layer', 'head', ...METRICS.map((m) => m[1])]) {
      const th = document.createElement('th');
      th.textContent = label;
      hr.append(th);
    }
    head.append(hr);
    r.attention.forEach((a, k) => {
      const tr = document.createElement('tr');
      tr.dataset.layer = String(a.layer);
      tr.dataset.head = String(a.head);
      const cells = [String(a.layer), String(a.head), ...METRICS.map(([key]) => Number(a.metrics[key]).toFixed(3))];
      for (const c of cells) {
        const td = document.createElement('td');
        td.textContent = c;
        tr.append(td);
      }
      tr.addEventListener('click', () => { $('head-select').value = String(k); this.drawSelected(); });
      body.append(tr);
    });
    this.drawSelected();
  }

  renderVoid() {
    const r = this.result;
    const body = $('void').querySelector('tbody');
    body.replaceChildren();
    if (!r.void_mass) {
      $('void-desc').textContent = 'This model has no void (only blanchot models with --void have one).';
      return;
    }
    $('void-desc').textContent = 'Mean share of attention that went nowhere, per layer (rows) and head (columns).';
    r.void_mass.forEach((row, l) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = `L${l}`;
      tr.append(th);
      for (const v of row) {
        const td = document.createElement('td');
        td.className = 'void-cell';
        td.textContent = Number(v).toFixed(3);
        td.style.setProperty('--v', String(v));
        tr.append(td);
      }
      body.append(tr);
    });
  }
}
