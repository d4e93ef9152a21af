//! Client-side routing with the History API: link interception, back/forward, scroll restoration.

import { showNotice, outsideTarget } from './notice.js';
import { copyText, toast } from './dom.js';
import { revealInTabs } from './tabs.js';

let render = async () => {};
let current = null;

/** Normalise a path so every page route ends with one slash: `/security/x` → `/security/x/`. */
export function normalizePath(path) {
  let p = path || '/';
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/\/{2,}/g, '/');
  if (!p.endsWith('/') && !/\.[a-z0-9]+$/i.test(p)) p += '/';
  return p;
}

export function currentLocation() {
  return { path: normalizePath(location.pathname), hash: decodeURIComponent(location.hash.slice(1)), search: location.search };
}

function rememberScroll() {
  const state = { ...(history.state || {}), scrollY: window.scrollY };
  history.replaceState(state, '', location.href);
}

/**
 * Go to an in-app URL. `opts.replace` replaces the history entry; `opts.highlight` carries search terms;
 * `opts.scrollY` restores a reading position.
 */
export async function navigate(url, opts = {}) {
  const u = new URL(url, location.origin);
  const path = normalizePath(u.pathname);
  const hash = decodeURIComponent(u.hash.slice(1));
  const target = path + u.search + (hash ? `#${encodeURIComponent(hash).replace(/%2D/g, '-')}` : '');
  if (!opts.replace) rememberScroll();
  const state = { scrollY: opts.scrollY ?? null };
  if (opts.replace) history.replaceState(state, '', target);
  else history.pushState(state, '', target);
  await run({ path, hash, search: u.search, scrollY: opts.scrollY ?? null, highlight: opts.highlight || null, pushed: true });
}

async function run(loc) {
  current = loc;
  await render(loc);
}

export function route() {
  return current;
}

function onClick(e) {
  if (e.defaultPrevented || e.button !== 0) return;
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || a.hasAttribute('download')) return;
  const out = outsideTarget(a);
  if (out) {
    // Never open a connection: show the address instead, whatever modifier keys were held.
    e.preventDefault();
    showNotice(out.kind, out.url, out.label);
    return;
  }
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
    e.preventDefault();
    return; // new windows/tabs make no sense in the app; stay put
  }
  const href = a.getAttribute('href');
  if (href.startsWith('#')) {
    e.preventDefault();
    const id = decodeURIComponent(href.slice(1));
    rememberScroll();
    history.pushState({ scrollY: null }, '', `${location.pathname}#${encodeURIComponent(id)}`);
    current = { ...current, hash: id };
    scrollToAnchor(id, { focus: true });
    if (a.classList.contains('hash-link')) {
      // "Direct link": copy an address that reopens this section (the serve URL, or the route for `palette-docs <route>`).
      const link = location.protocol.startsWith('http') ? location.href : `${location.pathname}#${id}`;
      copyText(link).then((ok) => toast(ok ? `Link copied: ${link}` : link));
    }
    window.dispatchEvent(new CustomEvent('palette:hash', { detail: id }));
    return;
  }
  const u = new URL(href, location.href);
  if (u.origin !== location.origin) return;
  if (u.pathname.startsWith('/api/') || u.pathname.startsWith('/assets/')) {
    e.preventDefault();
    return;
  }
  e.preventDefault();
  navigate(u.pathname + u.search + u.hash);
}

/**
 * The CVE id inside an anchor, e.g. the vendor's dated report anchors
 * (`<date>---cve-2023-4911-<title>`): such links land on that CVE's report (same rule as core's
 * `bundle::upstream_anchors::cve_in`).
 */
function cveIn(id) {
  const m = /cve-\d{4}-\d{4,}/.exec(id.toLowerCase());
  return m ? m[0] : '';
}

/** Scroll a heading into view (respecting scroll-margin) and optionally move focus there for screen readers. */
export function scrollToAnchor(id, { focus = false } = {}) {
  const el = id ? document.getElementById(id) || document.getElementById(cveIn(id)) : null;
  if (!el) return false;
  revealInTabs(el);
  el.scrollIntoView({ block: 'start' });
  if (focus) {
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
  }
  return true;
}

export function startRouter(renderFn) {
  render = renderFn;
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', (e) => {
    const { path, hash, search } = currentLocation();
    run({ path, hash, search, scrollY: e.state ? e.state.scrollY : null, highlight: null, pushed: false });
  });
  let t = 0;
  window.addEventListener('scroll', () => {
    clearTimeout(t);
    t = setTimeout(rememberScroll, 150);
  }, { passive: true });
}

/** Start at the current URL (the caller may substitute the last page read when the URL is `/`). */
export async function startAt(loc) {
  const { path, hash, search = '' } = loc;
  history.replaceState({ scrollY: loc.scrollY ?? null }, '', path + search + (hash ? `#${hash}` : ''));
  await run({ path, hash, search, scrollY: loc.scrollY ?? null, highlight: null, pushed: false });
}
