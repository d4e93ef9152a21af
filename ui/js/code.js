//! Copy buttons on code blocks (skipped for fences marked hideClipboard → data-clipboard="false").

import { h, copyText, toast } from './dom.js';

/** Newlines between per-line block spans would render as blank lines; the spans already break lines. */
function dropLineGaps(code) {
  if (!code.querySelector(':scope > .code-line')) return;
  for (const n of [...code.childNodes]) {
    if (n.nodeType === Node.TEXT_NODE && /^\s*$/.test(n.nodeValue)) n.remove();
  }
  for (const line of code.querySelectorAll(':scope > .code-line')) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let last = null;
    while (walker.nextNode()) last = walker.currentNode;
    if (last && last.nodeValue.endsWith('\n')) last.nodeValue = last.nodeValue.slice(0, -1);
    if (!line.textContent) line.append('\u200b'); // keep empty lines one line tall
  }
}

export function wireCode(root) {
  for (const code of root.querySelectorAll('.code-block pre > code')) dropLineGaps(code);
  for (const block of root.querySelectorAll('.code-block')) {
    if (block.dataset.clipboard === 'false' || block.querySelector('.copy-button')) continue;
    const pre = block.querySelector('pre');
    if (!pre) continue;
    const title = block.querySelector('.code-title')?.textContent.trim();
    const btn = h('button', { type: 'button', class: 'copy-button', 'aria-label': title ? `Copy code: ${title}` : 'Copy code' }, 'Copy');
    btn.addEventListener('click', async () => {
      const lines = [...pre.querySelectorAll('.code-line')];
      const text = lines.length ? lines.map((l) => l.textContent.replace(/\u200b/g, '')).join('\n') : pre.textContent;
      const ok = await copyText(text);
      btn.textContent = ok ? 'Copied' : 'Copy failed';
      toast(ok ? 'Code copied' : 'Could not copy; select the code and press Ctrl+C');
      setTimeout(() => { btn.textContent = 'Copy'; }, 1500);
    });
    block.append(btn);
  }
}
