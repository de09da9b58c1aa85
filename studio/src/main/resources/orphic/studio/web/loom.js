// The branch tree (loom): every continuation of the document, navigable. Built with DOM calls
// only; node texts are inserted as text.

function snippet(node) {
  const t = node.text.replace(/\s+/g, ' ').trim();
  if (!t) return '(whitespace)';
  if (node.kind === 'writer') return t.length > 44 ? `…${t.slice(-44)}` : t;
  return t.length > 44 ? `${t.slice(0, 44)}…` : t;
}

/** Renders the tree into the list; onSelect(nodeId) when a node is clicked. */
export function renderLoom(list, nodes, head, onSelect) {
  const children = new Map();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) {
    const parent = n.parent && byId.has(n.parent) ? n.parent : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(n);
  }
  const onPath = new Set();
  for (let n = byId.get(head); n; n = n.parent ? byId.get(n.parent) : null) {
    if (onPath.has(n.id)) break;
    onPath.add(n.id);
  }
  const build = (parent, depth) => {
    const ol = document.createElement('ol');
    for (const n of children.get(parent) || []) {
      const li = document.createElement('li');
      li.className = `node ${n.kind}`;
      li.dataset.node = n.id;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'node-button';
      if (onPath.has(n.id)) b.classList.add('on-path');
      if (n.id === head) b.setAttribute('aria-current', 'true');
      const kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = n.kind === 'writer' ? '✎' : '◆';
      const text = document.createElement('span');
      text.className = 'snippet';
      text.textContent = snippet(n);
      b.append(kind, text);
      b.title = n.kind === 'writer' ? 'Your text' : `${n.tokens} generated tokens`;
      b.addEventListener('click', () => onSelect(n.id));
      li.append(b);
      if (children.has(n.id) && depth < 200) li.append(build(n.id, depth + 1));
      ol.append(li);
    }
    return ol;
  };
  const tree = build(null, 0);
  list.replaceChildren(...tree.childNodes);
  if (nodes.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'No branches yet: press Continue.';
    list.append(li);
  }
}
