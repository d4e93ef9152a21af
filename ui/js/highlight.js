//! Wraps matches of words in the article with <mark> (search-term highlights and find-in-page), and removes them again.

/** Words worth highlighting from a search query: drops `tag:` filters and operators, keeps phrases' words. */
export function queryTerms(q) {
  return (q || '')
    .replace(/\b[a-z_]+:"[^"]*"?/gi, ' ')
    .replace(/\b[a-z_]+:\S+/gi, ' ')
    .replace(/["()]/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^[-+]+/, ''))
    .filter((w) => w.length >= 2 && !/^(AND|OR|NOT)$/.test(w));
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Mark every occurrence of `terms` (case-insensitive; a term also matches as a word prefix) in `root`.
 * Returns the created <mark> elements in document order.
 */
export function markTerms(root, terms, className) {
  const words = [...new Set(terms.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!root || words.length === 0) return [];
  const re = new RegExp(words.map(escapeRe).join('|'), 'gi');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      const p = n.parentElement;
      if (!p || p.closest('mark, script, style, .hash-link, .heading-bookmark, .copy-button, [hidden]:not([role="tabpanel"])')) return NodeFilter.FILTER_REJECT;
      return n.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    },
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const marks = [];
  for (const node of nodes) {
    const text = node.nodeValue;
    re.lastIndex = 0;
    if (!re.test(text)) continue;
    re.lastIndex = 0;
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(re)) {
      if (m.index > last) frag.append(text.slice(last, m.index));
      const mark = document.createElement('mark');
      mark.className = className;
      mark.textContent = m[0];
      frag.append(mark);
      marks.push(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) frag.append(text.slice(last));
    node.replaceWith(frag);
  }
  return marks;
}

export function clearMarks(root, className) {
  if (!root) return;
  const parents = new Set();
  for (const m of root.querySelectorAll(`mark.${className}`)) {
    parents.add(m.parentNode);
    m.replaceWith(m.textContent);
  }
  for (const p of parents) p.normalize();
}
