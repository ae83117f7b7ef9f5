// Withdrawal (R17), offline-first: the consumer sends the withdrawal token from the receipt (or
// opens the link withdraw.html#token=...; a fragment never reaches server logs). The request is
// stored on this device first and sent now or as soon as the network is back, with the same
// backoff as submissions (outbox.js). The server checks the token and records the withdrawal in
// the log; this page only shows its answer. Withdrawing twice is answered the same way, so a
// resend after a lost answer is harmless.
import { loadConfig } from './campaign.js';
import { Outbox } from './outbox.js';

const $ = (id) => document.getElementById(id);

function show(state, text, look = state) {
  const node = $('result');
  node.className = `verdict ${look}`;
  node.textContent = text;
  node.hidden = false;
  document.body.dataset.state = state;
}

function localTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long',
                                        timeStyle: 'short' });
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

// Shows what became of the withdrawal with this token (null: none made on this device).
function render(entry) {
  if (!entry) return;
  if (entry.state === 'confirmed') {
    const answer = parse(entry.receipt);
    const when = answer.withdrawn_at ? ` op ${localTime(answer.withdrawn_at)}` : '';
    show('ok', `Je toestemming is ingetrokken${when}. Je wordt niet meer gebeld en krijgt geen ` +
               'nieuwsbrief meer voor deze actie.');
  } else if (entry.state === 'refused') {
    const answer = parse(entry.refusal);
    show('bad', `Intrekken lukte niet: ${answer.error?.message || `HTTP ${entry.status}`}`);
  } else if (!navigator.onLine || entry.attempts > 0) {
    show('queued', 'Je intrekking is op dit apparaat bewaard en wordt verstuurd zodra je weer ' +
                   'online bent. Je hoeft niets opnieuw te doen.', 'wait');
  }
}

async function main() {
  const config = await loadConfig();
  const api = (config.api || '/v1').replace(/\/$/, '');
  let current = null;
  const outbox = new Outbox({
    endpoint: `${api}/withdrawals`,
    store: 'withdrawals',
    onChange: async () => {
      if (current) render(await outbox.entry(current));
    },
  });
  outbox.start();  // also sends what an earlier, offline visit left behind
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    $('token').value = fromLink;
    $('inspect-link').href = `consent.html#token=${encodeURIComponent(fromLink)}`;
  }
  $('withdraw-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    $('token-error').textContent = token ? '' : 'Vul de intrekcode in.';
    $('token').setAttribute('aria-invalid', token ? 'false' : 'true');
    if (!token) return;
    current = token;
    // Stored (durably) before it is sent; a refusal is kept so a corrected code starts afresh.
    const existing = await outbox.entry(token);
    if (existing?.state === 'refused') existing.state = 'pending';
    if (existing) await outbox.update(existing, {});
    else await outbox.add(token, JSON.stringify({ token }));
    await outbox.flush();
    render(await outbox.entry(token));
  });
  document.body.dataset.state = 'ready';
}

main();
