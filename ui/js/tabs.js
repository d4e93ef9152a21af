//! Wires the renderer's tab groups: click, arrow keys, Home/End (WAI-ARIA tabs pattern).

function selectTab(tab, focus) {
  const list = tab.closest('[role="tablist"]');
  const root = list.parentElement;
  for (const t of list.querySelectorAll('[role="tab"]')) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    const panel = root.querySelector(`#${CSS.escape(t.getAttribute('aria-controls') || '')}`);
    if (panel) panel.hidden = !on;
  }
  if (focus) tab.focus();
}

export function wireTabs(root) {
  for (const list of root.querySelectorAll('.tabs [role="tablist"]')) {
    const tabs = [...list.querySelectorAll('[role="tab"]')];
    const initial = tabs.find((t) => t.getAttribute('aria-selected') === 'true') || tabs[0];
    if (initial) selectTab(initial, false);
    list.addEventListener('click', (e) => {
      const t = e.target.closest('[role="tab"]');
      if (t) selectTab(t, true);
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
    });
  }
}
