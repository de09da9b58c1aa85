// The studio's JSON API (docs/studio-api.md): every call the page makes goes through here.

export class ApiError extends Error {
  constructor(status, error, fix) {
    super(error);
    this.status = status;
    this.fix = fix || '';
  }
}

async function call(method, path, body, keepalive = false) {
  const init = { method, headers: {}, keepalive };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) {
    throw new ApiError(res.status, (data && data.error) || `request failed (${res.status})`, data && data.fix);
  }
  return data;
}

export const api = {
  models: () => call('GET', '/api/models'),
  adapters: (model) => call('GET', `/api/models/${encodeURIComponent(model)}/adapters`),
  samplers: () => call('GET', '/api/samplers'),
  documents: () => call('GET', '/api/documents'),
  createDocument: (doc) => call('POST', '/api/documents', doc),
  document: (id) => call('GET', `/api/documents/${encodeURIComponent(id)}`),
  // keepalive: the request survives the page being closed (the last save on leaving).
  updateDocument: (id, patch, keepalive = false) => call('PUT', `/api/documents/${encodeURIComponent(id)}`, patch, keepalive),
  loom: (id) => call('GET', `/api/documents/${encodeURIComponent(id)}/loom`),
  loomNode: (id, node) => call('GET', `/api/documents/${encodeURIComponent(id)}/loom/${encodeURIComponent(node)}`),
  lexicon: () => call('GET', '/api/lexicon'),
  addTerm: (term) => call('POST', '/api/lexicon/terms', term),
  updateTerm: (name, patch) => call('PUT', `/api/lexicon/terms/${encodeURIComponent(name)}`, patch),
  deleteTerm: (name) => call('DELETE', `/api/lexicon/terms/${encodeURIComponent(name)}`),
  relate: (rel) => call('POST', '/api/lexicon/relations', rel),
  unrelate: (id) => call('DELETE', `/api/lexicon/relations/${encodeURIComponent(id)}`),
  activate: (text) => call('POST', '/api/lexicon/activate', { text }),
  hydra: (request) => call('POST', '/api/hydra', request),
  fog: (request) => call('POST', '/api/fog', request),
  styleMap: (documentId) => call('GET', `/api/stylemap?document=${encodeURIComponent(documentId)}`),
  inspect: (text, model) => call('POST', '/api/inspect', { text, model }),
  boards: () => call('GET', '/api/boards'),
  board: (name) => call('GET', `/api/boards/${encodeURIComponent(name)}`),
  addFragment: (board, fragment) => call('POST', `/api/boards/${encodeURIComponent(board)}/fragments`, fragment),
  searchBoard: (board, search) => call('POST', `/api/boards/${encodeURIComponent(board)}/search`, search),
  training: () => call('GET', '/api/train'),
  train: (job) => call('POST', '/api/train', job),
  cancelTraining: () => call('POST', '/api/train/cancel', {}),
};

/** Reads a Server-Sent Events body: onEvent(name, data) per event, until the stream ends. */
async function readEvents(res, onEvent) {
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) name = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) onEvent(name, JSON.parse(data));
    }
  }
}

/** GET /api/train/events: the training's events so far, then each new one, until its end. */
export async function trainingEvents(onEvent, signal) {
  const res = await fetch('/api/train/events', { headers: { 'Accept': 'text/event-stream' }, signal });
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    throw new ApiError(res.status, (data && data.error) || `no training events (${res.status})`, data && data.fix);
  }
  await readEvents(res, onEvent);
}

/**
 * POST /api/generate and read its Server-Sent Events: onEvent(name, data) for start, token, done
 * and error. Resolves when the stream ends; abort with the signal (the server then stops).
 */
export async function generate(request, onEvent, signal) {
  const res = await fetch('/api/generate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream' },
    body: JSON.stringify(request),
    signal,
  });
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    throw new ApiError(res.status, (data && data.error) || `generation failed (${res.status})`, data && data.fix);
  }
  await readEvents(res, onEvent);
}
