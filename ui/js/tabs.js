//! Wires the renderer's tab groups: click, arrow keys, Home/End (WAI-ARIA tabs pattern); a match or a
//! link target inside an unselected tab selects that tab.

// Where the browser knows `hidden="until-found"` (Chromium), its own find-in-page searches unselected tabs
// and fires `beforematch` before showing a match; elsewhere (WebKitGTK) such panels are plainly hidden.
const UNTIL_FOUND = typeof document !== 'undefined' && 'onbeforematch' in document.documentElement;

function hidePanel(panel, hide) {
  if (!hide) panel.removeAttribute('hidden');
  else if (UNTIL_FOUND) panel.setAttribute('hidden', 'until-found');
  else panel.hidden = true;
}

function selectTab(tab, focus) {
  const list = tab.closest('[role="tablist"]');
  const root = list.parentElement;
  for (const t of list.querySelectorAll('[role="tab"]')) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    const panel = root.querySelector(`#${CSS.escape(t.getAttribute('aria-controls') || '')}`);
    if (panel) hidePanel(panel, !on);
  }
  if (focus) tab.focus();
}

/** Selects every unselected tab that holds `el`, so that `el` can be seen; true when one was selected. */
export function revealInTabs(el) {
  let changed = false;
  for (let panel = el && el.closest('[role="tabpanel"]'); panel; panel = panel.parentElement.closest('[role="tabpanel"]')) {
    if (!panel.hasAttribute('hidden')) continue;
    const tab = panel.id && document.querySelector(`[role="tab"][aria-controls="${CSS.escape(panel.id)}"]`);
    if (tab) {
      selectTab(tab, false);
      changed = true;
    }
  }
  return changed;
}

/** Tab sets sharing a `groupId` (`data-group-id`) switch together, as on the original site. */
function selectInGroup(tab, root) {
  const set = tab.closest('.tabs');
  const group = set && set.dataset.groupId;
  if (!group) return;
  for (const other of root.querySelectorAll('.tabs[data-group-id]')) {
    if (other === set || other.dataset.groupId !== group) continue;
    const list = other.querySelector(':scope > [role="tablist"]');
    const match = list && [...list.querySelectorAll('[role="tab"]')].find((t) => t.dataset.value === tab.dataset.value);
    if (match) selectTab(match, false);
  }
}

export function wireTabs(root) {
  for (const panel of root.querySelectorAll('.tabs [role="tabpanel"]')) {
    panel.addEventListener('beforematch', () => revealInTabs(panel));
  }
  for (const list of root.querySelectorAll('.tabs [role="tablist"]')) {
    const tabs = [...list.querySelectorAll('[role="tab"]')];
    const initial = tabs.find((t) => t.getAttribute('aria-selected') === 'true') || tabs[0];
    if (initial) selectTab(initial, false);
    list.addEventListener('click', (e) => {
      const t = e.target.closest('[role="tab"]');
      if (t) {
        selectTab(t, true);
        selectInGroup(t, root);
      }
    });
    list.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(e.target.closest('[role="tab"]'));
      if (i < 0) return;
      let j = null;
      if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
      else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
      else if (e.key === 'Home') j = 0;
      else if (e.key === 'End') j = tabs.length - 1;
      if (j === null) return;
      e.preventDefault();
      e.stopPropagation();
      selectTab(tabs[j], true);
      selectInGroup(tabs[j], root);
    });
  }
}
