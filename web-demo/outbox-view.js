// The list of this device's entries and their state: saved here and waiting, or confirmed by the
// server with the proof number (the leaf index in the log), or refused with the server's reason.
function receiptOf(entry) {
  try {
    return JSON.parse(entry.receipt);
  } catch {
    return {};
  }
}

function refusalText(entry, describe) {
  try {
    const { error } = JSON.parse(entry.refusal);
    return describe(error.code) || error.message;
  } catch {
    return `HTTP ${entry.status}`;
  }
}

export function stateText(entry, describe = () => '') {
  if (entry.state === 'confirmed') return `Bevestigd, bewijs #${receiptOf(entry).leaf_index}`;
  if (entry.state === 'refused') return `Niet aangenomen: ${refusalText(entry, describe)}`;
  return 'Opgeslagen op dit apparaat, wordt verstuurd';
}

export function renderOutbox(section, entries, describe) {
  const list = section.querySelector('ul');
  list.replaceChildren();
  for (const entry of entries) {
    const li = document.createElement('li');
    li.dataset.recordId = entry.id;
    li.dataset.state = entry.state;
    const state = document.createElement('p');
    state.className = `state-${entry.state}`;
    state.textContent = stateText(entry, describe);
    const id = document.createElement('p');
    id.className = 'id';
    id.textContent = `Opt-in-code ${entry.id}`;
    li.append(state, id);
    if (entry.state === 'confirmed') {
      const link = document.createElement('a');
      link.href = `receipt.html?id=${encodeURIComponent(entry.id)}`;
      link.textContent = 'Bekijk en controleer je bewijs';
      li.append(link);
    }
    list.append(li);
  }
  section.hidden = entries.length === 0;
}
