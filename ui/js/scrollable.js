//! Parts of a page that scroll sideways (code blocks, wide tables) take keyboard focus, with a name for that
//! stop, so that a keyboard user can scroll them with the arrow keys.

let root = null;
let listening = false;

function nameOf(el) {
  if (el.tagName === 'PRE') {
    const title = el.closest('.code-block')?.querySelector('.code-title')?.textContent.trim();
    return title ? `Code: ${title}` : 'Code';
  }
  const caption = el.querySelector('caption')?.textContent.trim();
  const head = [...el.querySelectorAll('thead th')].map((th) => th.textContent.trim()).filter(Boolean).slice(0, 3);
  return caption || (head.length ? `Table: ${head.join(', ')}` : 'Table');
}

/** A table is a stop only while it is wider than the column; every code block always is (it is also copied from). */
function update() {
  if (!root) return;
  for (const table of root.querySelectorAll('table')) {
    const wide = table.scrollWidth > table.clientWidth + 1;
    if (wide && !table.hasAttribute('tabindex')) {
      table.tabIndex = 0;
      table.setAttribute('aria-label', nameOf(table));
    } else if (!wide && table.hasAttribute('tabindex')) {
      table.removeAttribute('tabindex');
      table.removeAttribute('aria-label');
    }
  }
}

export function wireScrollable(body) {
  root = body;
  for (const pre of body.querySelectorAll('.code-block pre')) {
    pre.tabIndex = 0;
    pre.setAttribute('role', 'group');
    pre.setAttribute('aria-label', nameOf(pre));
  }
  update();
  if (!listening) {
    listening = true;
    let frame = 0;
    window.addEventListener('resize', () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    });
  }
}
