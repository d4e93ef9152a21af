//! Tiny DOM helpers shared by the feature modules.

/** Create an element: h('a', { href: '/x', class: 'y' }, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** An inline SVG icon from a path list (no network, CSP-safe; the HTML parser puts <svg> in the SVG namespace). */
export function icon(paths, size = 16, extra = {}) {
  const tpl = document.createElement('template');
  const attr = (v) => String(v).replace(/[^0-9a-zA-Z .,-]/g, '');
  const d = paths.map((p) => `<path d="${attr(p)}" fill="${attr(extra.fill || 'none')}" stroke="currentColor" stroke-width="${attr(extra.strokeWidth || 2)}" stroke-linecap="round" stroke-linejoin="round"></path>`).join('');
  tpl.innerHTML = `<svg viewBox="0 0 24 24" width="${attr(size)}" height="${attr(size)}" aria-hidden="true" focusable="false">${d}</svg>`;
  return tpl.content.firstElementChild;
}

export const ICONS = {
  home: ['M3 11.5 12 4l9 7.5', 'M5.5 9.5V20h13V9.5', 'M10 20v-5.5h4V20'],
  caret: ['M7 10l5 5 5-5'],
  bookmark: ['M6 3h12v18l-6-4-6 4Z'],
  outside: ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5'],
  folder: ['M3 6.5A1.5 1.5 0 0 1 4.5 5H10l2 2h7.5A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5Z'],
  lock: ['M6 11h12v9H6Z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
  doc: ['M7 3h7l4 4v14H7Z', 'M14 3v4h4'],
};

/** Copy text; falls back to a hidden textarea where the async clipboard is not allowed. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = h('textarea', { class: 'visually-hidden', readonly: true });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}

let toastTimer = 0;
/** A short status message at the bottom; optional action button (e.g. Undo). */
export function toast(text, action) {
  const box = $('#toast');
  const btn = $('#toast-action');
  $('#toast-text').textContent = text;
  btn.hidden = !action;
  btn.onclick = null;
  if (action) {
    btn.textContent = action.label;
    btn.onclick = () => {
      box.hidden = true;
      action.run();
    };
  }
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, action ? 8000 : 2500);
}
