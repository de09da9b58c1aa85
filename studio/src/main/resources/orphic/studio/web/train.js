// The Train tab: start a small model on a corpus file or the workspace's documents, follow its
// loss (an SVG chart fed by the training's Server-Sent Events) and its samples, cancel it. When it
// is done the model is in the workspace and onModel(name) refreshes the model list.

import { api, trainingEvents } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

function svg(name, attrs = {}) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export class TrainView {
  constructor(fail, status, onModel) {
    this.fail = fail;
    this.status = status;
    this.onModel = onModel;
    this.following = null; // AbortController of the event stream
    this.losses = [];
    this.evals = [];
    $('train-form').addEventListener('submit', (e) => { e.preventDefault(); this.start().catch(fail); });
    $('train-cancel').addEventListener('click', () => this.cancel().catch(fail));
  }

  async show() {
    const { models } = await api.models();
    const base = $('train-base');
    const chosen = base.value;
    base.replaceChildren(...models.map((m) => {
      const option = document.createElement('option');
      option.value = m.id;
      option.textContent = m.id;
      return option;
    }));
    if (chosen) base.value = chosen;
    const { job } = await api.training();
    if (job && !this.following && (job.status === 'running' || job.status === 'preparing')) this.follow();
    else if (!job) this.drawChart();
  }

  async start() {
    const source = document.querySelector('input[name="train-source"]:checked').value;
    const job = {
      name: $('train-name').value.trim(),
      steps: Number($('train-steps').value),
      minutes: Number($('train-minutes').value),
      layers: Number($('train-layers').value),
      dim: Number($('train-dim').value),
      context: Number($('train-context').value),
    };
    if (source === 'documents') job.documents = true;
    else job.corpus = $('train-corpus').value.trim();
    if (document.querySelector('input[name="train-kind"]:checked').value === 'adapter') {
      // a style adapter keeps its base model's sizes; it appears as a slider of the style dial
      job.kind = 'adapter';
      job.base = $('train-base').value;
      delete job.layers;
      delete job.dim;
      delete job.context;
    }
    await api.train(job);
    this.losses = [];
    this.evals = [];
    $('train-samples').replaceChildren();
    this.setRunning(true, `Training “${job.name}”…`);
    this.follow();
  }

  async cancel() {
    await api.cancelTraining();
    $('train-status').textContent = 'Stopping at the next step; the checkpoint is kept…';
  }

  setRunning(on, text) {
    $('train-start').disabled = on;
    $('train-cancel').disabled = !on;
    if (text) $('train-status').textContent = text;
    document.getElementById('view-train').dataset.state = on ? 'running' : 'idle';
  }

  follow() {
    this.following = new AbortController();
    this.losses = [];
    this.evals = [];
    $('train-samples').replaceChildren();
    this.setRunning(true);
    trainingEvents((name, data) => this.onEvent(name, data), this.following.signal)
      .catch((e) => { if (e.name !== 'AbortError') this.fail(e); })
      .finally(() => { this.following = null; });
  }

  onEvent(name, data) {
    if (name === 'step') {
      this.losses.push([data.step, data.loss]);
      $('train-status').textContent = `step ${data.step} of ${data.total_steps} · loss ${data.loss.toFixed(3)} · ${Math.round(data.tokens_per_second)} tokens/s`;
      this.drawChart();
    } else if (name === 'eval') {
      if (data.val_loss !== null) this.evals.push([data.step, data.val_loss]);
      for (const text of data.samples || []) {
        const li = document.createElement('li');
        const head = document.createElement('span');
        head.className = 'sample-step';
        head.textContent = `step ${data.step}${data.val_loss !== null ? ` · validation ${data.val_loss.toFixed(3)}` : ''}`;
        const body = document.createElement('span');
        body.className = 'sample-text';
        body.textContent = text;
        li.append(head, body);
        $('train-samples').prepend(li);
      }
      this.drawChart();
    } else if (name === 'message') {
      $('train-status').textContent = data.text;
    } else if (name === 'end') {
      if (data.status === 'done') {
        this.setRunning(false, `Done: ${data.steps} steps. “${data.model}” is in the workspace: a model to pick in Write, or a style adapter on the style dial of its base.`);
        this.onModel(data.model);
      } else if (data.status === 'cancelled') {
        this.setRunning(false, `Cancelled at step ${data.steps}; the checkpoint is kept in ${data.checkpoint}.`);
      } else {
        this.setRunning(false, `The training failed: ${data.error}`);
      }
      document.getElementById('view-train').dataset.ended = data.status;
    }
  }

  /** Training loss per step (line) and validation loss (dots), on shared axes. */
  drawChart() {
    const g = $('loss-chart');
    g.replaceChildren();
    const w = 640;
    const h = 220;
    const left = 44;
    const bottom = 24;
    g.append(svg('line', { x1: left, y1: 8, x2: left, y2: h - bottom, class: 'axis' }));
    g.append(svg('line', { x1: left, y1: h - bottom, x2: w - 8, y2: h - bottom, class: 'axis' }));
    const all = [...this.losses, ...this.evals];
    if (all.length === 0) {
      const t = svg('text', { x: w / 2, y: h / 2, 'text-anchor': 'middle', class: 'graph-empty' });
      t.textContent = 'The loss appears here as the model trains.';
      g.append(t);
      return;
    }
    const maxStep = Math.max(1, ...all.map((p) => p[0]));
    const lo = Math.min(...all.map((p) => p[1]));
    const hi = Math.max(...all.map((p) => p[1]));
    const span = hi - lo || 1;
    const x = (s) => left + (s / maxStep) * (w - left - 12);
    const y = (v) => 8 + (1 - (v - lo) / span) * (h - bottom - 16);
    for (const [v, label] of [[hi, hi.toFixed(2)], [lo, lo.toFixed(2)]]) {
      const t = svg('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' });
      t.textContent = label;
      g.append(t);
    }
    const steps = svg('text', { x: w - 8, y: h - 6, 'text-anchor': 'end', class: 'tick' });
    steps.textContent = `step ${maxStep}`;
    g.append(steps);
    if (this.losses.length) {
      g.append(svg('polyline', { points: this.losses.map(([s, v]) => `${x(s).toFixed(1)},${y(v).toFixed(1)}`).join(' '), class: 'loss-line' }));
    }
    for (const [s, v] of this.evals) g.append(svg('circle', { cx: x(s), cy: y(v), r: 4, class: 'val-dot' }));
    g.dataset.points = String(this.losses.length);
  }
}
