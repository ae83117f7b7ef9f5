// Capture context (DESIGN.md "context"): facts measured on the page and signed inside the record:
// how each legal text was presented, whether a consent box was ticked before the person touched
// it, time on page, and how each field was filled. Facts only; judging them is the server's and
// QA's job. Colours in style.css are rgb() so computed styles read back as numbers.

function parseRgb(text) {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(text);
  if (!m) return null;
  let alpha = 1;
  if (m[4] !== undefined) alpha = m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return { r: +m[1], g: +m[2], b: +m[3], a: alpha };
}

// The first opaque background behind the element (white if none is set, as the canvas is).
function backgroundOf(element) {
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const colour = parseRgb(getComputedStyle(node).backgroundColor);
    if (colour && colour.a > 0) return colour;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
}

// WCAG 2 relative luminance and contrast ratio: a measurement of what was shown.
function luminance({ r, g, b }) {
  const channel = (v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrastRatio(fg, bg) {
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
}

function hiddenByCss(element) {
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse' ||
        parseFloat(style.opacity) === 0) {
      return true;
    }
  }
  const box = element.getBoundingClientRect();
  return box.width < 1 || box.height < 1;
}

function inViewport(element) {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth &&
      box.width > 0 && box.height > 0;
}

export class ContextRecorder {
  constructor() {
    this.legal = [];          // {element, kind, id, seen}
    this.boxes = new Map();   // consent id -> {element, initially_checked, touched, ticked_before_touch}
    this.fields = new Map();  // field name -> Set of methods
  }

  // A legal text as rendered; `seen` turns true once at least half of it was in the viewport.
  watchLegalText(element, kind, id) {
    const item = { element, kind, id, seen: false };
    this.legal.push(item);
    if ('IntersectionObserver' in globalThis) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting && e.intersectionRatio >= 0.5)) {
          item.seen = true;
          observer.disconnect();
        }
      }, { threshold: [0.5] });
      observer.observe(element);
    }
  }

  watchConsentBox(element, id) {
    const box = { element, initially_checked: element.checked, touched: false,
                  ticked_before_touch: element.checked };
    this.boxes.set(id, box);
    const touch = (event) => {
      if (event.isTrusted) box.touched = true;
    };
    for (const type of ['pointerdown', 'keydown']) element.addEventListener(type, touch);
    element.labels?.forEach((label) => label.addEventListener('pointerdown', touch));
    // A script (or a pre-filled state restored by the browser) ticking it before any touch.
    element.addEventListener('change', () => {
      if (!box.touched && element.checked) box.ticked_before_touch = true;
    });
  }

  watchField(element, name) {
    const methods = new Set();
    this.fields.set(name, { element, methods });
    element.addEventListener('paste', () => methods.add('pasted'));
    element.addEventListener('input', (event) => {
      const type = event.inputType || '';
      if (type === 'insertFromPaste' || type === 'insertFromDrop') methods.add('pasted');
      else if (type === 'insertReplacementText' || type === '' || !event.isTrusted) {
        methods.add('autofilled');  // Chromium autofill fires input without a typing inputType
      } else methods.add('typed');
    });
  }

  measure() {
    const legal_texts = this.legal.map(({ element, kind, id, seen }) => {
      const style = getComputedStyle(element);
      const fg = parseRgb(style.color) || { r: 0, g: 0, b: 0, a: 1 };
      const visibleNow = inViewport(element);
      const fact = {
        kind,
        font_size_px: Math.round(parseFloat(style.fontSize) * 100) / 100,
        contrast_ratio: contrastRatio(fg, backgroundOf(element)),
        in_viewport_at_submit: visibleNow,
        seen_in_viewport: seen || visibleNow,
        hidden_by_css: hiddenByCss(element),
      };
      if (id) fact.id = id;
      return fact;
    });
    const consent_boxes = {};
    let anyTickedBeforeTouch = false;
    for (const [id, box] of this.boxes) {
      // Ticked now without ever being touched: it was ticked for the person, not by them.
      const ticked = box.ticked_before_touch || (box.element.checked && !box.touched);
      anyTickedBeforeTouch ||= ticked;
      consent_boxes[id] = { initially_checked: box.initially_checked, touched: box.touched,
                            ticked_before_touch: ticked };
    }
    const fill_methods = {};
    for (const [name, { element, methods }] of this.fields) {
      try {
        if (element.matches(':autofill')) methods.add('autofilled');
      } catch {
        // a browser without :autofill: the input events above are all there is
      }
      if (element.value === '') continue;
      fill_methods[name] = [...methods].sort();
    }
    return {
      legal_texts,
      consent_boxes,
      any_consent_ticked_before_touch: anyTickedBeforeTouch,
      time_on_page_ms: Math.round(performance.now()),
      fill_methods,
      viewport: { width: innerWidth, height: innerHeight },
    };
  }
}
