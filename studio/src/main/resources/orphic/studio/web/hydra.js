// The Hydra tab: one prompt (the end of the current text) grown in several branches side by side,
// each with its style mix, sampler and metrics. Every text goes in as text (textContent).

import { api } from './api.js';

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const fixed = (v, n) => (typeof v === 'number' ? v.toFixed(n) : '–');

export class HydraView {
  constructor(getText, getModel, getStyle, fail, status) {
    this.getText = getText;
    this.getModel = getModel;
    this.getStyle = getStyle;
    this.fail = fail;
    this.status = status;
    $('hydra-form').addEventListener('submit', (e) => { e.preventDefault(); this.grow().catch(fail); });
  }

  /** Called when the tab is shown: the prompt is the end of the document (unless edited here). */
  async show() {
    if (!$('hydra-prompt').dataset.edited) $('hydra-prompt').value = this.getText().slice(-400);
    $('hydra-prompt').addEventListener('input', () => { $('hydra-prompt').dataset.edited = '1'; }, { once: true });
  }

  async grow() {
    const prompt = $('hydra-prompt').value;
    if (!prompt.trim()) {
      this.status('Write a prompt first.', 'error');
      return;
    }
    const branches = [...document.querySelectorAll('#hydra-branches input:checked')].map((i) => i.value);
    if (branches.length === 0) {
      this.status('Pick at least one branch.', 'error');
      return;
    }
    const request = { prompt, model: this.getModel(), branches, max_tokens: Math.max(1, Math.min(400, Number($('hydra-tokens').value) || 80)) };
    const style = this.getStyle();
    if (style) request.style = style;
    const seed = $('hydra-seed').value.trim();
    if (seed) request.seed = Number(seed);
    $('hydra-grow').disabled = true;
    this.status('Growing the branches…');
    try {
      const r = await api.hydra(request);
      this.render(r);
      this.status(`${r.branches.length} branches · seed ${r.seed}`);
    } finally {
      $('hydra-grow').disabled = false;
    }
  }

  render(r) {
    const styles = Object.entries(r.prompt_styles || {});
    $('hydra-styles').textContent = styles.length
      ? `The prompt's styles: ${styles.map(([s, v]) => `${s} ${v.toFixed(2)}`).join(', ')}`
      : 'No style adapters: every branch uses the model as it is, with its own sampler.';
    const grid = $('hydra-results');
    grid.replaceChildren();
    for (const b of r.branches) {
      const card = el('article', 'branch');
      card.dataset.branch = b.name;
      card.append(el('h3', 'branch-name', b.name), el('p', 'desc', b.description));
      const text = el('p', 'branch-text');
      text.append(el('span', 'prompt-tail', r.prompt.slice(-120)), el('span', 'grown', b.text));
      card.append(text);
      const dl = el('dl', 'branch-metrics');
      for (const [k, v] of [['style', b.mix || 'none'], ['sampler', b.sampler], ['tokens', String(b.tokens)], ['distinct-2', fixed(b.distinct_2, 3)],
        ['entropy', `${fixed(b.mean_entropy_bits, 2)} bits`], ['speed', `${fixed(b.tokens_per_second, 0)} tokens/s`]]) {
        dl.append(el('dt', '', k), el('dd', '', v));
      }
      card.append(dl);
      grid.append(card);
    }
    $('view-hydra').dataset.grown = String(Number($('view-hydra').dataset.grown || 0) + 1); // for tests
  }
}
