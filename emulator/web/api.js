// The control API over HTTP (see emulator/README.md) and its event stream.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || (body?.errors ? JSON.stringify(body.errors) : `HTTP ${status}`));
    this.status = status;
    this.body = body;
  }
}

async function answer(response) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { message: text }; }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function get(path) {
  return answer(await fetch(`/_control/${path}`, { headers: { Accept: 'application/json' } }));
}

export async function post(path, body = {}) {
  return answer(await fetch(`/_control/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  }));
}

// Follow /_control/events; onEvent gets every event (the first of each connection is "hello").
export function follow(onEvent, onState) {
  const source = new EventSource('/_control/events');
  source.onmessage = (e) => onEvent(JSON.parse(e.data));
  source.onopen = () => onState(true);
  source.onerror = () => onState(false);
  return source;
}

// What the page shows when a call fails, in Discord's words where Discord has them.
export function explain(error) {
  if (!(error instanceof ApiError)) return String(error);
  const kind = error.body?.error;
  if (kind === 'timeout') return 'The application did not respond.';
  if (kind === 'rejected') return `Discord refused the bot's answer: ${error.message}`;
  if (kind === 'input') return `Discord would not send this: ${error.message}`;
  return error.message;
}
