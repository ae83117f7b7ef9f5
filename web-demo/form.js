// Renders the form from the VERIFIED manifest summary (never from hard-coded texts): the legal
// texts are exactly summary.shown_texts, whose hash the record carries, so what the person saw is
// what is signed. Each element that shows a legal text carries data-legal-kind (and data-legal-id)
// so the context measurement and the tests can find it.
const kAutocomplete = {
  given_name: 'given-name', family_name: 'family-name', email: 'email', phone_nl: 'tel',
  postcode_nl: 'postal-code', house_number: 'address-line2', date_of_birth: 'bday',
};
const kInputType = { email: 'email', phone_nl: 'tel' };
const kPlaceholder = { date_of_birth: 'dd-mm-jjjj', phone_nl: '06-12345678', postcode_nl: '1234 AB' };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === undefined || value === null) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter(Boolean));
  return node;
}

function legalText(shown, kind, id) {
  const item = shown.find((t) => t.kind === kind && (id === undefined || t.id === id));
  if (!item) throw new Error(`the manifest lists no ${kind} text ${id || ''}`);
  return item;
}

// One form field: label, purpose as hint, input, and the error slot wired with aria-describedby.
function fieldBlock(spec) {
  const id = `f-${spec.name}`;
  const optional = spec.required ? '' : ' (niet verplicht)';
  const input = spec.multiline ?
      el('textarea', { id, name: spec.name, maxlength: spec.max_length, rows: 3 }) :
      el('input', {
        id, name: spec.name, type: kInputType[spec.type] || 'text',
        autocomplete: kAutocomplete[spec.type] || 'off', maxlength: spec.max_length,
        inputmode: spec.type === 'phone_nl' ? 'tel' : undefined,
        placeholder: kPlaceholder[spec.type],
      });
  input.setAttribute('aria-describedby', `hint-${spec.name} err-${spec.name}`);
  if (spec.required) input.setAttribute('aria-required', 'true');
  input.dataset.fieldType = spec.type;
  return el('div', { class: 'field', 'data-field': spec.name },
            el('label', { for: id, text: `${spec.label}${optional}` }),
            el('p', { class: 'hint', id: `hint-${spec.name}`, text: spec.purpose }),
            input,
            el('p', { class: 'error', id: `err-${spec.name}`, 'aria-live': 'polite' }));
}

// Field specs (the manifest's fields plus the extra question as a short_text field).
export function fieldSpecs(manifest) {
  const specs = (manifest.fields || []).map((f) => ({
    name: f.name, type: f.type, label: f.label, purpose: f.purpose, required: !!f.required,
    max_length: f.max_length, min_age: f.min_age, options: f.options, gated_by: f.gated_by || '',
  }));
  const extra = manifest.extra_question;
  if (extra) {
    specs.push({ name: extra.name, type: 'short_text', label: extra.text, purpose: extra.purpose,
                 required: false, max_length: extra.max_length, gated_by: '', multiline: true,
                 legal: true });
  }
  return specs;
}

export function renderForm(root, summary) {
  const { manifest, shown_texts: shown } = summary;
  const terms = legalText(shown, 'terms');
  const privacy = legalText(shown, 'privacy');
  const legal = el('section', { class: 'legal-links', 'aria-label': 'Voorwaarden en privacy' },
      el('p', { text: 'Lees dit voordat je meedoet:' }),
      el('ul', {},
         el('li', {}, el('a', { href: terms.url, 'data-legal-kind': 'terms', text: terms.text })),
         el('li', {}, el('a', { href: privacy.url, 'data-legal-kind': 'privacy', text: privacy.text }))));

  const specs = fieldSpecs(manifest);
  const form = el('form', { id: 'optin-form', novalidate: true });
  form.append(legal);
  for (const spec of specs.filter((s) => !s.gated_by)) {
    const block = fieldBlock(spec);
    if (spec.legal) {
      const label = block.querySelector('label');
      label.textContent = legalText(shown, 'extra_question', spec.name).text;
      label.dataset.legalKind = 'extra_question';
      label.dataset.legalId = spec.name;
      label.after(el('span', { class: 'hint', text: '(niet verplicht)' }));
    }
    form.append(block);
  }

  const consents = el('fieldset', { class: 'consents' }, el('legend', { text: 'Jouw keuzes' }));
  for (const consent of manifest.consents || []) {
    const id = `c-${consent.id}`;
    const box = el('input', { type: 'checkbox', id, name: `consent:${consent.id}`,
                              'aria-describedby': `err-${consent.id}` });
    box.checked = false;  // R4: never ticked for the person
    box.dataset.consent = consent.id;
    const label = el('label', { for: id, 'data-legal-kind': 'consent', 'data-legal-id': consent.id,
                                text: legalText(shown, 'consent', consent.id).text });
    consents.append(el('div', { class: 'consent' }, box, label,
                        el('p', { class: 'error', id: `err-${consent.id}`, 'aria-live': 'polite' })));
    // Fields gated by this consent (the phone) appear right under it, only when it is ticked.
    for (const spec of specs.filter((s) => s.gated_by === consent.id)) {
      const block = fieldBlock(spec);
      block.classList.add('gated');
      block.hidden = true;
      block.dataset.gatedBy = consent.id;
      consents.append(block);
    }
  }
  form.append(consents,
              el('button', { type: 'submit', class: 'submit', text: 'Doe mee' }),
              el('p', { class: 'form-summary', id: 'form-summary', role: 'alert' }));
  root.replaceChildren(form);
  return { form, specs };
}
