// The outbox (R7): every signed envelope is committed to IndexedDB BEFORE it is sent, then sent
// while the browser is online, retried with exponential backoff, and kept with its receipt once
// the server confirms it. Resending is safe: the server answers the same envelope bytes with the
// same receipt, so a reload, a second tab or a lost response never makes a second record.
// Withdrawals use the same machinery with their own store (withdraw.js): withdrawing twice is
// answered the same way, so a resend is just as safe.
import { addIfAbsent, get, getAll, put } from './db.js';

const kBaseDelayMs = 1000;
const kMaxDelayMs = 60000;

// The server answered for good: a refusal is not retried (the same bytes would be refused again).
function isFinal(status) {
  return status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429;
}

function retryAfterMs(response) {
  const value = Number(response.headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value * 1000 : 0;
}

export class Outbox {
  constructor({ endpoint, store = 'outbox', onChange = () => {} }) {
    this.endpoint = endpoint;
    this.store = store;
    this.onChange = onChange;
    this.running = null;
    this.timer = null;
    this.failures = 0;
  }

  // Stores the envelope (exact text) and returns once it is durable; the caller may send after.
  async add(id, envelope, meta = {}) {
    const entry = { id, envelope, state: 'pending', created_at: Date.now(), attempts: 0, ...meta };
    await addIfAbsent(this.store, entry);
    this.onChange();
    return get(this.store, id);
  }

  async list() {
    const all = await getAll(this.store);
    return all.sort((a, b) => a.created_at - b.created_at);
  }

  entry(id) {
    return get(this.store, id);
  }

  // Sends on load, when the network returns, and on each backoff tick.
  start() {
    addEventListener('online', () => {
      this.failures = 0;
      this.flush();
    });
    this.flush();
  }

  // One flush at a time per page; concurrent callers share it.
  flush() {
    if (!this.running) {
      this.running = this.sendPending().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  async sendPending() {
    clearTimeout(this.timer);
    const pending = (await this.list()).filter((entry) => entry.state === 'pending');
    for (const entry of pending) {
      const outcome = await this.send(entry);
      if (outcome.retry) {
        this.schedule(outcome.delayMs);
        return;
      }
    }
    this.failures = 0;
  }

  schedule(serverDelayMs) {
    this.failures += 1;
    const backoff = Math.min(kMaxDelayMs, kBaseDelayMs * 2 ** (this.failures - 1));
    const jitter = backoff * (0.8 + 0.4 * Math.random());
    this.timer = setTimeout(() => this.flush(), Math.max(serverDelayMs, jitter));
  }

  async send(entry) {
    if (!navigator.onLine) return { retry: true, delayMs: 0 };
    let response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: entry.envelope,
        cache: 'no-store',
      });
    } catch (networkError) {
      await this.update(entry, { attempts: entry.attempts + 1, last_error: String(networkError) });
      return { retry: true, delayMs: 0 };
    }
    const body = await response.text();
    if (response.ok) {
      await this.update(entry, { state: 'confirmed', receipt: body, confirmed_at: Date.now() });
      return { retry: false };
    }
    if (isFinal(response.status)) {
      await this.update(entry, { state: 'refused', refusal: body, status: response.status });
      return { retry: false };
    }
    await this.update(entry, { attempts: entry.attempts + 1, status: response.status });
    return { retry: true, delayMs: retryAfterMs(response) };
  }

  async update(entry, changes) {
    Object.assign(entry, changes);
    await put(this.store, entry);
    this.onChange();
  }
}
