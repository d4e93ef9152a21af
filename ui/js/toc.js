//! "On this page": h2–h3 links from page.toc and a scroll-spy (pure rule + listener wiring, as Docusaurus' useTOCHighlight).

/**
 * Which heading is being read? Pure, so it is unit-tested without a browser.
 * `tops`: each heading's top edge relative to the viewport, in document order.
 * Rule: the first heading at or below `offset` is active when it sits in the top half of the viewport
 * (the reader has just reached it); otherwise the heading before it is. Past the last heading → the last one.
 * At the very bottom of the page the last heading that is on screen wins, so short final sections can be highlighted.
 * Returns an index into `tops`, or -1 when the reader is above the first heading.
 */
export function activeHeadingIndex(tops, { offset, viewportHeight, atBottom = false }) {
  if (tops.length === 0) return -1;
  if (atBottom) {
    for (let i = tops.length - 1; i >= 0; i -= 1) if (tops[i] < viewportHeight) return i;
  }
  const next = tops.findIndex((t) => t >= offset);
  if (next === -1) return tops.length - 1;
  if (tops[next] < viewportHeight / 2) return next;
  return next - 1;
}

/** Keep only the TOC levels we show (h2–h3). */
export function tocEntries(toc, { min = 2, max = 3 } = {}) {
  return (toc || []).filter((t) => t.level >= min && t.level <= max);
}

let entries = [];
let links = [];
let frame = 0;
let activeId = null;
let listeners = null;

function build(list, items) {
  list.replaceChildren();
  const out = [];
  for (const t of items) {
    const li = document.createElement('li');
    li.className = `toc-level-${t.level}`;
    const a = document.createElement('a');
    a.href = `#${t.id}`;
    a.textContent = t.text;
    a.dataset.id = t.id;
    li.append(a);
    list.append(li);
    out.push(a);
  }
  return out;
}

function navbarHeight() {
  const nav = document.querySelector('.navbar');
  return nav ? nav.getBoundingClientRect().height : 0;
}

export function currentSectionId() {
  return activeId;
}

function update() {
  frame = 0;
  const headings = entries.map((t) => document.getElementById(t.id));
  const present = headings.map((el, i) => [el, i]).filter(([el]) => el);
  const tops = present.map(([el]) => el.getBoundingClientRect().top);
  const doc = document.scrollingElement || document.documentElement;
  const atBottom = doc.scrollHeight > window.innerHeight + 4 && window.innerHeight + window.scrollY >= doc.scrollHeight - 2;
  const idx = activeHeadingIndex(tops, { offset: navbarHeight() + 24, viewportHeight: window.innerHeight, atBottom });
  const id = idx >= 0 ? entries[present[idx][1]].id : null;
  if (id === activeId) return;
  activeId = id;
  for (const a of links) {
    const on = a.dataset.id === id;
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'location');
    else a.removeAttribute('aria-current');
  }
  keepInView(document.getElementById('toc'), links.find((a) => a.dataset.id === id && a.closest('#toc')));
}

/** Scrolls the side TOC (only it, never the page) so that its active entry is in sight. */
function keepInView(box, link) {
  if (!box || !link || box.scrollHeight <= box.clientHeight) return;
  const top = link.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  const margin = 24;
  if (top < box.scrollTop + margin) box.scrollTop = Math.max(0, top - margin);
  else if (top + link.offsetHeight > box.scrollTop + box.clientHeight - margin) {
    box.scrollTop = top + link.offsetHeight - box.clientHeight + margin;
  }
}

function schedule() {
  if (!frame) frame = requestAnimationFrame(update);
}

/** Render both TOCs (side column and the collapsible one for narrow windows) and start the scroll-spy. */
export function renderToc(page) {
  const side = document.getElementById('toc');
  const mobile = document.getElementById('toc-mobile');
  entries = page && !page.hide_table_of_contents ? tocEntries(page.toc) : [];
  const show = entries.length > 0;
  side.hidden = !show;
  mobile.hidden = !show;
  mobile.open = false;
  links = [...build(document.getElementById('toc-list'), entries), ...build(document.getElementById('toc-mobile-list'), entries)];
  activeId = undefined;
  if (!listeners) {
    listeners = true;
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    window.addEventListener('palette:hash', schedule);
  }
  schedule();
}

export function refreshToc() {
  schedule();
}
