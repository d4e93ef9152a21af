//! Light / dark / follow-system theme: persisted, cycled by the navbar toggle; first paint is handled by theme-boot.js.

import { $ } from './dom.js';
import { loadRaw, saveRaw } from './store.js';

const ORDER = ['light', 'dark', 'system'];
const media = window.matchMedia('(prefers-color-scheme: dark)');

export function preference() {
  const p = loadRaw('theme');
  return ORDER.includes(p) ? p : 'system';
}

function apply(pref) {
  const root = document.documentElement;
  const dark = pref === 'dark' || (pref === 'system' && media.matches);
  root.dataset.theme = dark ? 'dark' : 'light';
  root.dataset.themePref = pref;
  const label = `Switch between dark and light mode (currently ${pref === 'system' ? 'system' : pref} mode)`;
  const btn = $('#theme-toggle');
  btn.setAttribute('aria-label', label);
  btn.title = label;
}

export function setTheme(pref) {
  saveRaw('theme', pref);
  apply(pref);
}

export function cycleTheme() {
  const next = ORDER[(ORDER.indexOf(preference()) + 1) % ORDER.length];
  setTheme(next);
  return next;
}

export function initTheme() {
  apply(preference());
  $('#theme-toggle').addEventListener('click', cycleTheme);
  media.addEventListener('change', () => {
    if (preference() === 'system') apply('system');
  });
  // Another window of the app changed the theme.
  window.addEventListener('storage', (e) => {
    if (e.key === 'palette.theme') apply(preference());
  });
}
