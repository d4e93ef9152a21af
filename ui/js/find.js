//! Ctrl+F find-in-page: a small bar that marks matches in the article and steps through them.

import { $ } from './dom.js';
import { markTerms, clearMarks } from './highlight.js';
import { revealInTabs } from './tabs.js';

const CLASS = 'find-hit';
let marks = [];
let index = -1;
let timer = 0;

function body() {
  return $('#doc');
}

function select(i) {
  if (marks.length === 0) {
    index = -1;
    $('#find-count').textContent = $('#find-input').value ? 'No matches' : '';
    return;
  }
  if (index >= 0 && marks[index]) marks[index].classList.remove('find-current');
  index = (i + marks.length) % marks.length;
  const m = marks[index];
  m.classList.add('find-current');
  revealInTabs(m);
  m.scrollIntoView({ block: 'center' });
  $('#find-count').textContent = `${index + 1} of ${marks.length}`;
}

function run() {
  clearMarks(body(), CLASS);
  const q = $('#find-input').value.trim();
  marks = q ? markTerms(body(), [q], CLASS) : [];
  index = -1;
  select(0);
}

export function openFind() {
  const bar = $('#find-bar');
  bar.hidden = false;
  const input = $('#find-input');
  const sel = String(window.getSelection ? window.getSelection() : '').trim();
  if (sel && sel.length < 80 && !sel.includes('\n')) input.value = sel;
  input.focus();
  input.select();
  if (input.value) run();
}

export function closeFind() {
  $('#find-bar').hidden = true;
  clearMarks(body(), CLASS);
  marks = [];
  index = -1;
  $('#find-count').textContent = '';
}

export function isFindOpen() {
  return !$('#find-bar').hidden;
}

/** The article was replaced (navigation): re-run the search on the new page if the bar is open. */
export function refreshFind() {
  if (isFindOpen() && $('#find-input').value.trim()) run();
}

export function initFind() {
  const input = $('#find-input');
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (index === -1 && marks.length === 0) run();
      else select(index + (e.shiftKey ? -1 : 1));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeFind();
      $('#main-content').focus({ preventScroll: true });
    }
  });
  $('#find-next').addEventListener('click', () => select(index + 1));
  $('#find-prev').addEventListener('click', () => select(index - 1));
  $('#find-close').addEventListener('click', closeFind);
}
