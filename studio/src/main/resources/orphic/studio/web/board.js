// The Mood board tab: add fragments (with tags, or to a failure garden), list the boards, search one
// with a share of contrasting picks, each result with its reason and auto-tags. Every fragment,
// tag, name and reason goes in as text (textContent), never as HTML.

import { api } from './api.js';

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function chips(fragment) {
  const box = el('div', 'chips');
  for (const t of fragment.tags) box.append(el('span', 'chip', t));
  for (const t of fragment.auto_tags) {
    const c = el('span', 'chip auto', `~${t}`);
    c.title = 'auto-tag: the concept nearest in meaning';
    box.append(c);
  }
  return box;
}

/** One fragment as a list item; hit (optional) adds its role and reason. */
function fragmentItem(fragment, hit) {
  const li = el('li', hit ? `hit ${hit.role}` : 'hit');
  li.dataset.id = String(fragment.id);
  if (hit) {
    li.dataset.role = hit.role;
    const head = el('div');
    head.append(el('span', 'role', hit.role), el('span', 'reason', hit.reason));
    li.append(head);
  }
  li.append(el('p', 'frag-text', fragment.text), chips(fragment));
  return li;
}

function empty(list, text) {
  list.replaceChildren(el('li', 'empty desc', text));
}

export class BoardView {
  constructor(fail, status) {
    this.fail = fail;
    this.status = status;
    this.boards = [];
    this.current = null;
    $('frag-form').addEventListener('submit', (e) => { e.preventDefault(); this.add().catch(fail); });
    $('board-search-form').addEventListener('submit', (e) => { e.preventDefault(); this.search().catch(fail); });
    $('board-contrast').addEventListener('input', () => { $('board-contrast-value').textContent = Number($('board-contrast').value).toFixed(2); });
  }

  async show() {
    await this.reload();
  }

  async reload() {
    this.boards = (await api.boards()).boards;
    const names = $('board-names');
    names.replaceChildren();
    const list = $('board-list');
    list.replaceChildren();
    if (this.boards.length === 0) empty(list, 'No boards yet: add a fragment above.');
    for (const b of this.boards) {
      const o = document.createElement('option');
      o.value = b.name;
      names.append(o);
      const li = el('li');
      li.dataset.board = b.name;
      const button = el('button', 'item', `${b.name} · ${b.fragments} fragment${b.fragments === 1 ? '' : 's'}${b.kind === 'failure_garden' ? ' · failure garden' : ''}`);
      button.type = 'button';
      if (b.name === this.current) button.classList.add('selected');
      button.addEventListener('click', () => this.select(b.name).catch(this.fail));
      li.append(button);
      list.append(li);
    }
    if (!this.current || !this.boards.some((b) => b.name === this.current)) {
      const plain = this.boards.find((b) => b.kind === 'board') || this.boards[0];
      this.current = plain ? plain.name : null;
    }
    await this.renderFragments();
    await this.renderGarden();
  }

  async select(name) {
    this.current = name;
    $('frag-board').value = name;
    await this.reload();
  }

  async renderFragments() {
    const list = $('board-fragments');
    $('board-current').textContent = this.current ? `of “${this.current}”` : '';
    if (!this.current) {
      empty(list, 'Nothing yet.');
      return;
    }
    const board = await api.board(this.current);
    list.replaceChildren(...board.fragments.map((f) => fragmentItem(f)));
    if (board.fragments.length === 0) empty(list, 'This board is empty.');
  }

  async renderGarden() {
    const list = $('failure-garden');
    list.replaceChildren();
    for (const b of this.boards.filter((x) => x.kind === 'failure_garden')) {
      const board = await api.board(b.name);
      for (const f of board.fragments) list.append(fragmentItem(f));
    }
    if (!list.firstChild) empty(list, 'No glitches kept yet.');
  }

  async add() {
    const board = $('frag-board').value.trim();
    const text = $('frag-text').value.trim();
    if (!board || !text) return;
    const tags = $('frag-tags').value.split(',').map((t) => t.trim()).filter((t) => t);
    const failure = $('frag-failure').checked;
    const f = await api.addFragment(board, { text, tags, failure, source: 'studio' });
    $('frag-text').value = '';
    this.status(`Added to “${f.board}”${f.auto_tags.length ? ` · auto-tags: ${f.auto_tags.join(', ')}` : ''}.`);
    if (!failure) this.current = f.board;
    await this.reload();
  }

  async search() {
    const query = $('board-query').value.trim();
    const list = $('board-results');
    if (!query) return;
    if (!this.current) {
      this.status('Add a fragment first: there is no board to search.', 'error');
      return;
    }
    const k = Math.max(1, Math.min(50, Number($('board-k').value) || 8));
    const contrast = Number($('board-contrast').value);
    const res = await api.searchBoard(this.current, { query, k, contrast });
    list.replaceChildren(...res.results.map((h) => fragmentItem(h, h)));
    if (res.results.length === 0) empty(list, 'Nothing found.');
    const c = res.results.filter((h) => h.role === 'contrast').length;
    this.status(`${res.results.length} picks from “${this.current}”: ${res.results.length - c} aligned, ${c} contrast.`);
    $('view-board').dataset.searched = String(Number($('view-board').dataset.searched || 0) + 1); // for tests
  }
}
