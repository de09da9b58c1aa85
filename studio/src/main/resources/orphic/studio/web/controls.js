import { api } from './api.js';

// The sampler controls: model, preset, one slider per parameter, length. Their values are the
// document's settings (saved with it) and the sampler settings of each generation.

function decimals(step) {
  const s = String(step);
  return s.includes('.') ? s.length - s.indexOf('.') - 1 : 0;
}

export class Controls {
  constructor(els, samplers, models, onChange) {
    this.els = els;
    this.samplers = samplers;
    this.onChange = onChange;
    this.presets = new Map(samplers.presets.map((p) => [p.name, p]));
    this.sliders = new Map();
    this.styleValues = new Map(); // adapter name -> weight, as saved with the document
    this.styleSliders = new Map(); // the adapters the current model offers
    this.styleRequest = 0;

    this.setModels(models);
    els.model.addEventListener('change', () => { this.describeModel(); onChange(); });
    if (els.fogLevel) els.fogLevel.addEventListener('change', () => onChange());

    els.preset.replaceChildren();
    for (const p of samplers.presets) {
      const o = document.createElement('option');
      o.value = p.name;
      o.textContent = p.name.replace(/-/g, ' ');
      els.preset.append(o);
    }
    els.preset.addEventListener('change', () => {
      this.fromPreset(els.preset.value);
      onChange();
    });

    els.sliders.replaceChildren();
    for (const s of samplers.sliders) {
      const box = document.createElement('div');
      box.className = 'slider';
      const label = document.createElement('label');
      label.htmlFor = `s-${s.key}`;
      label.textContent = `${s.label} `;
      const out = document.createElement('output');
      out.id = `s-${s.key}-value`;
      label.append(out);
      const input = document.createElement('input');
      input.type = 'range';
      input.id = `s-${s.key}`;
      input.dataset.key = s.key;
      input.min = String(s.min);
      input.max = String(s.max);
      input.step = String(s.step);
      const help = document.createElement('p');
      help.className = 'desc';
      help.textContent = s.help;
      const show = () => { out.textContent = Number(input.value).toFixed(decimals(s.step)); };
      input.addEventListener('input', () => { show(); onChange(); });
      box.append(label, input, help);
      els.sliders.append(box);
      this.sliders.set(s.key, { input, show, spec: s });
    }

    els.maxTokens.max = String(Math.min(400, samplers.max_tokens.max));
    els.maxTokens.addEventListener('input', () => { this.showLength(); onChange(); });
  }

  /** Fills the model list (again, e.g. when a training has added one), keeping the choice. */
  setModels(models) {
    const els = this.els;
    const was = els.model.value;
    els.model.replaceChildren();
    for (const m of models.models) {
      const o = document.createElement('option');
      o.value = m.id;
      o.textContent = m.ready ? m.id : `${m.id} (not ready)`;
      o.disabled = !m.ready;
      els.model.append(o);
    }
    if (models.models.length === 0) {
      const o = document.createElement('option');
      o.value = '';
      o.textContent = 'no model yet';
      els.model.append(o);
    }
    this.models = new Map(models.models.map((m) => [m.id, m]));
    if (was && this.models.has(was)) els.model.value = was;
  }

  showLength() {
    this.els.maxTokensValue.textContent = this.els.maxTokens.value;
  }

  /** One slider per style adapter of the current model (WORKSPACE/adapters/NAME made for it). */
  async loadStyles() {
    const els = this.els;
    const request = ++this.styleRequest;
    const model = els.model.value;
    let answer = { adapters: [], skipped: [] };
    if (model && this.models.get(model) && this.models.get(model).ready) {
      try { answer = await api.adapters(model); } catch { answer = { adapters: [], skipped: [] }; }
    }
    if (request !== this.styleRequest) return; // the model changed again meanwhile
    els.styles.replaceChildren();
    this.styleSliders.clear();
    answer.adapters.forEach((a, i) => {
      const box = document.createElement('div');
      box.className = 'slider';
      box.dataset.style = a.name;
      const label = document.createElement('label');
      label.htmlFor = `style-${i}`;
      label.textContent = `${a.name} `;
      const out = document.createElement('output');
      label.append(out);
      const input = document.createElement('input');
      input.type = 'range';
      input.id = `style-${i}`;
      input.dataset.style = a.name;
      input.min = String(a.min);
      input.max = String(a.max);
      input.step = '0.05';
      input.value = String(this.styleValues.has(a.name) ? this.styleValues.get(a.name) : a.default);
      const show = () => { out.textContent = Number(input.value).toFixed(2); };
      show();
      input.addEventListener('input', () => {
        show();
        this.styleValues.set(a.name, Number(input.value));
        this.onChange();
      });
      box.append(label, input);
      els.styles.append(box);
      this.styleSliders.set(a.name, input);
    });
    const skipped = answer.skipped.length ? ` Skipped: ${answer.skipped.map((s) => `${s.name} (${s.problem})`).join('; ')}.` : '';
    els.stylesDesc.textContent = answer.adapters.length
      ? `How much of each style adapter to mix in: 0 = off, 1 = as trained, −1 = its opposite.${skipped}`
      : `No style adapter for this model: train one into the workspace's adapters/ folder (./orphic adapter train --model … --out WORKSPACE/adapters/NAME).${skipped}`;
    els.styles.dataset.loaded = String(Number(els.styles.dataset.loaded || 0) + 1); // for tests
  }

  describeModel() {
    this.loadStyles();
    const m = this.models.get(this.els.model.value);
    this.els.modelDesc.textContent = m
      ? `${m.arch || 'model'} · ${m.layers ?? '?'} layers · ${m.dim ?? '?'} wide · context ${m.context ?? '?'} · ${m.tokenizer || ''}`
      : 'Train a model into the workspace (models/), or start the studio with --model DIR.';
  }

  fromPreset(name) {
    const p = this.presets.get(name) || this.presets.get(this.samplers.default_preset);
    this.els.preset.value = p.name;
    this.els.presetDesc.textContent = p.description;
    for (const [key, s] of this.sliders) {
      const v = p.settings[key];
      s.input.value = String(typeof v === 'number' ? v : s.spec.default);
      s.show();
    }
  }

  /** Sets the controls from a document's saved settings (the preset first, then each saved value). */
  apply(settings) {
    this.fromPreset(settings.preset || this.samplers.default_preset);
    for (const [key, s] of this.sliders) {
      if (typeof settings[key] === 'number') {
        s.input.value = String(settings[key]);
        s.show();
      }
    }
    this.styleValues = new Map(Object.entries(settings.style && typeof settings.style === 'object' ? settings.style : {})
      .filter(([, w]) => typeof w === 'number'));
    this.els.maxTokens.value = String(settings.max_tokens || this.samplers.max_tokens.default);
    this.showLength();
    if (this.els.fogLevel) this.els.fogLevel.value = ['subtle', 'medium', 'radical'].includes(settings.fog_level) ? settings.fog_level : 'off';
    if (settings.model && this.models.has(settings.model)) this.els.model.value = settings.model;
    this.describeModel();
  }

  /** What is saved with the document. */
  settings() {
    const s = { preset: this.els.preset.value, max_tokens: Number(this.els.maxTokens.value), model: this.els.model.value };
    for (const [key, slider] of this.sliders) s[key] = Number(slider.input.value);
    s.style = Object.fromEntries(this.styleValues);
    if (this.els.fogLevel) s.fog_level = this.els.fogLevel.value;
    return s;
  }

  /** The sampler settings of a generation: the preset, overridden by every slider. */
  sampler() {
    const s = { preset: this.els.preset.value };
    for (const [key, slider] of this.sliders) s[key] = Number(slider.input.value);
    const style = {};
    for (const [name, input] of this.styleSliders) if (Number(input.value) !== 0) style[name] = Number(input.value);
    if (Object.keys(style).length) s.style = style;
    return s;
  }

  model() {
    return this.els.model.value || undefined;
  }

  maxTokens() {
    return Number(this.els.maxTokens.value);
  }
}
