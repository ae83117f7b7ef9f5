// Withdrawal (R17): the consumer sends the withdrawal token from the receipt (or opens the link
// withdraw.html#token=...; a fragment never reaches server logs). The server checks the token and
// records the withdrawal in the log; this page only shows its answer.
import { loadConfig } from './campaign.js';

const $ = (id) => document.getElementById(id);

function show(kind, text) {
  const node = $('result');
  node.className = `verdict ${kind}`;
  node.textContent = text;
  node.hidden = false;
  document.body.dataset.state = kind;
}

async function withdraw(config, token) {
  const body = JSON.stringify({ token });
  const url = `${config.api}/withdrawals`;
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
                                  body });
  } catch {
    show('bad', 'Geen verbinding. Probeer het opnieuw zodra je weer online bent.');
    return;
  }
  const text = await response.text();
  if (response.status === 404 || response.status === 405) {
    // A server without the withdrawal endpoint: say so, and show exactly what would be sent.
    show('wait', 'Deze server neemt nog geen intrekkingen aan. Dit zou worden verstuurd:');
    const pre = $('would-send');
    pre.textContent = `POST ${url}\ncontent-type: application/json\n\n${body}`;
    pre.hidden = false;
    return;
  }
  let answer = {};
  try {
    answer = JSON.parse(text);
  } catch {
    // an empty or non-JSON answer: the status says enough
  }
  if (!response.ok) {
    show('bad', `Intrekken lukte niet: ${answer.error?.message || `HTTP ${response.status}`}`);
    return;
  }
  const when = answer.withdrawn_at || answer.server_time || '';
  show('ok', `Je toestemming is ingetrokken${when ? ` op ${when}` : ''}. Je wordt niet meer ` +
             'gebeld en krijgt geen nieuwsbrief meer voor deze actie.');
}

async function main() {
  const config = await loadConfig();
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) $('token').value = fromLink;
  $('withdraw-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    $('token-error').textContent = token ? '' : 'Vul de intrekcode in.';
    $('token').setAttribute('aria-invalid', token ? 'false' : 'true');
    if (token) withdraw(config, token);
  });
  document.body.dataset.state = 'ready';
}

main();
