#!/usr/bin/env node
//! Desktop smoke test of the real app window through tauri-driver + WebKitWebDriver, with plain
//! WebDriver HTTP calls (Node 20 fetch; no browser download, no npm client).
//!
//! Run it through tests/desktop/run.sh, which starts Xvfb and tauri-driver. Environment:
//!   APP        the app binary (default: target/debug/palette-docs)
//!   DRIVER     tauri-driver's address (default: http://127.0.0.1:4444)
//!   ARTIFACTS  where screenshots go (default: tests/artifacts)

import { APP, ARTIFACTS, ORIGIN, KEY, Session, PAGE_READY, sleep, checks } from './webdriver.mjs';

const { check, fail, finish } = checks('desktop');

async function main() {
  console.log(`desktop: app ${APP}`);
  let s;
  try {
    s = await Session.start();
  } catch (e) {
    fail('start the app', e);
    finish();
  }
  let landing;
  let found;

  await check('landing page rendered from the palette:// scheme', async () => {
    landing = await s.until('the landing page', PAGE_READY);
    if (!landing.href.startsWith(`${ORIGIN}/`)) throw new Error(`window is on ${landing.href}`);
    await s.screenshot('desktop-landing');
    const items = await s.run(`return document.querySelectorAll('#sidebar-tree [role="treeitem"]').length`);
    if (!items) throw new Error('the sidebar is empty');
    return `"${landing.title}" at ${landing.path}, ${items} sidebar items, document.title "${landing.docTitle}"`;
  });

  await check('open a page from the sidebar', async () => {
    const route = await s.until(
      'a sidebar page link',
      `const here = location.pathname;
       const links = [...document.querySelectorAll('#sidebar-tree a[data-route]')]
         .filter((a) => a.getAttribute('data-route') !== here && a.offsetParent !== null);
       if (!links.length) return null;
       links[0].setAttribute('data-smoke-target', '1');
       return links[0].getAttribute('data-route');`,
    );
    await s.click(await s.find('[data-smoke-target="1"]'));
    const page = await s.until(
      `page ${route}`,
      `${PAGE_READY.replace('return {', 'if (location.pathname !== arguments[0]) return null; return {')}`,
      route,
    );
    return `"${page.title}" at ${page.path}`;
  });

  await check('search from the keyboard (Ctrl+K, type, ↓, Enter)', async () => {
    const before = await s.run('return location.href');
    await s.keys([KEY.control, 'k']);
    await s.until('the search dialog', `return document.querySelector('#search-dialog')?.open ? true : null`);
    const input = await s.find('#search-input');
    await s.type(input, 'encryption');
    const count = await s.until(
      'search results',
      `const n = document.querySelectorAll('#search-results [role="option"]').length; return n || null;`,
    );
    await s.screenshot('desktop-search');
    await s.keys(KEY.down, KEY.enter);
    await s.until('the dialog to close', `return document.querySelector('#search-dialog')?.open ? null : true`);
    const page = await s.until('the result page', PAGE_READY);
    if (page.href === before) throw new Error(`Enter did not open a result (still on ${page.href})`);
    found = page;
    return `${count} results, opened "${page.title}" ${page.path}${page.hash}`;
  });

  await check('advisory explorer: open it from the sidebar and filter once', async () => {
    await s.run(`for (const d of document.querySelectorAll('dialog[open]')) d.close();`);
    const link = await s.until('the Security Bulletins entry of the sidebar',
      `const a = document.querySelector('#sidebar-tree a[data-route="/security-bulletins/"]'); return a ? true : null;`);
    if (!link) throw new Error('no sidebar entry for /security-bulletins/');
    await s.click(await s.find('#sidebar-tree a[data-route="/security-bulletins/"]'));
    const before = await s.until('the explorer table',
      `const c = document.querySelector('#explorer-count');
       return c && document.querySelector('#explorer-table tbody tr') ? c.textContent : null;`);
    const input = await s.find('#explorer-text');
    await s.type(input, 'mongodb');
    const after = await s.until('the filtered table',
      `const c = document.querySelector('#explorer-count').textContent;
       // Past the first rows the rest are drawn a frame later; the table says aria-busy until then.
       if (c === arguments[0] || document.querySelector('#explorer-table').hasAttribute('aria-busy')) return null;
       return { count: c, ids: [...document.querySelectorAll('#explorer-table tbody tr')].map((r) => r.dataset.id), query: location.search };`, before);
    // Every row shown is an advisory whose record mentions MongoDB (its component, or its summary).
    const { records } = await s.call('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
               fetch('/api/advisories').then((r) => r.json()).then((d) => done({ records: d.advisories }));`,
      args: [],
    });
    const mentions = new Set(records.filter((a) => /mongodb/i.test(JSON.stringify(a))).map((a) => a.id));
    const others = after.ids.filter((id) => !mentions.has(id));
    if (!after.ids.length || others.length) throw new Error(`rows without MongoDB in their record: ${others.join(', ') || 'no rows'}`);
    if (after.ids.length !== Math.min(mentions.size, 100)) throw new Error(`${after.ids.length} rows for ${mentions.size} records`);
    if (!/q=mongodb/.test(after.query)) throw new Error(`the address does not keep the filter: ${after.query}`);
    await s.screenshot('desktop-explorer');
    return `${before} → ${after.count} (address ${after.query})`;
  });

  await check('theme toggle: dark and light screenshots', async () => {
    const colours = {};
    // A dialog left open by an earlier failure would sit above the navbar.
    await s.run(`for (const d of document.querySelectorAll('dialog[open]')) d.close();`);
    for (const theme of ['dark', 'light']) {
      for (let i = 0; i < 3; i += 1) {
        const now = await s.run('return document.documentElement.dataset.theme');
        if (now === theme) break;
        if (process.env.SMOKE_DEBUG) console.log(`  theme now ${now}, clicking`);
        await s.click(await s.find('#theme-toggle'));
      }
      await s.until(`the ${theme} theme`, `return document.documentElement.dataset.theme === arguments[0] || null`, theme);
      // The picture once no CSS transition is running any more (a condition, not a guessed delay).
      await s.until(
        `the ${theme} theme's transitions to end`,
        `return document.getAnimations().every((a) => a.playState !== 'running') || null`,
      );
      if (process.env.SMOKE_DEBUG) console.log(`  ${theme}: reading colour`);
      colours[theme] = await s.run('return getComputedStyle(document.body).backgroundColor');
      if (process.env.SMOKE_DEBUG) console.log(`  ${theme}: screenshot`);
      await s.screenshot(`desktop-${theme}`);
    }
    if (colours.dark === colours.light) throw new Error(`both themes paint ${colours.dark}`);
    return `dark ${colours.dark}, light ${colours.light}; screenshots in ${ARTIFACTS}`;
  });

  await check('target=_blank, window.open and off-app navigation to an outside address open nothing', async () => {
    await s.run(`for (const d of document.querySelectorAll('dialog[open]')) d.close();`);
    const before = { handles: await s.call('GET', '/window/handles'), href: await s.run('return location.href') };
    // A link the UI does not know (no data-url: the window's own guard must refuse it), clicked for real.
    await s.run(`const a = document.createElement('a');
                 a.href = 'https://docs.spectrocloud.com/security/'; a.target = '_blank'; a.id = 'smoke-blank';
                 a.textContent = 'outside'; a.style.cssText = 'position:fixed;top:80px;left:340px;z-index:99;background:#fff';
                 document.body.append(a);`);
    await s.click(await s.find('#smoke-blank'));
    const opened = await s.run(`document.getElementById('smoke-blank').remove();
                                return String(window.open('https://docs.spectrocloud.com/', '_blank'));`);
    await s.run(`location.href = 'https://docs.spectrocloud.com/';`).catch(() => {});
    // A negative check ("nothing opened, nothing navigated") has no event to wait for, so it keeps a
    // bounded wait: a window or a navigation, had one been allowed, would have started within 1.5 s.
    await sleep(1500);
    const after = { handles: await s.call('GET', '/window/handles'), href: await s.run('return location.href') };
    if (after.handles.length !== before.handles.length) throw new Error(`windows: ${before.handles.length} → ${after.handles.length}`);
    if (after.href !== before.href) throw new Error(`the window went from ${before.href} to ${after.href}`);
    if (opened !== 'null') throw new Error(`window.open answered ${opened}`);
    return `${after.handles.length} window, still on ${after.href}; window.open answered null`;
  });

  await check('strict CSP on the page, no foreign loads', async () => {
    // WebKit keeps no resource-timing entries for custom schemes, so the proof of "no network" is
    // the policy the page runs under (fetched from the page itself, same origin) plus the DOM.
    const info = await s.call('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
               fetch(location.pathname).then((r) => done({ csp: r.headers.get('content-security-policy'), status: r.status }))
                 .catch((e) => done({ error: String(e) }));`,
      args: [],
    });
    if (!info || info.error) throw new Error(`could not read the page's headers: ${info && info.error}`);
    const csp = info.csp || '';
    if (!/default-src 'self'|default-src 'none'/.test(csp)) throw new Error(`CSP is "${csp}"`);
    const foreign = await s.run(
      `const urls = [...performance.getEntriesByType('resource').map((e) => e.name),
                     ...[...document.querySelectorAll('[src],link[href]')].map((e) => e.src || e.href)];
       return urls.filter((u) => u && !u.startsWith(arguments[0] + '/') && !u.startsWith('data:'));`,
      ORIGIN,
    );
    if (foreign.length) throw new Error(`foreign loads: ${foreign.join(', ')}`);
    return `CSP "${csp}"`;
  });

  await s.end();

  if (process.env.DEEP_LINK !== '0') {
    await check('deep link opens the page at its section', async () => {
      // The section the search found, given on the command line as `palette-docs ROUTE#anchor`.
      const target = found && found.hash ? `${found.path}${found.hash}` : '/security/';
      const d = await Session.start([target]);
      try {
        const page = await d.until(`deep link ${target}`, PAGE_READY);
        if (`${page.path}${page.hash}` !== target) throw new Error(`opened ${page.path}${page.hash} instead of ${target}`);
        const visible = await d.until(
          'the section scrolled into view',
          `if (!location.hash) return true;
           const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
           if (!el) return null;
           const r = el.getBoundingClientRect();
           return r.top >= 0 && r.top < innerHeight ? true : null;`,
        );
        return `${target} → "${page.title}", section in view: ${visible}`;
      } finally {
        await d.end();
      }
    });
  }

  finish();
}

main().catch((e) => {
  console.log(`FAIL ${e.stack || e}`);
  console.log('desktop: 0 passed, 1 failed');
  process.exit(1);
});
