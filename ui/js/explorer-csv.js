//! The explorer's rows as CSV (RFC 4180: comma-separated, CRLF lines, fields quoted when needed), with the column
//! names of the CLI's JSON records, so a spreadsheet and `cve list --json` read the same.

export const CSV_COLUMNS = ['id', 'score', 'severity', 'status', 'first_published', 'last_update', 'component', 'affected', 'route', 'url'];

/**
 * One field. A text that a spreadsheet would run as a formula (it starts with =, +, - or @) gets a leading
 * apostrophe: the data comes from a snapshot, and opening an export must never run anything.
 */
export function csvField(value) {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `affected` as one field: `Palette VerteX airgap 4.5.8; Palette VerteX airgap 4.5.9`. */
function affectedField(a) {
  return (a.affected || []).map((x) => `${x.product} ${x.version}`).join('; ');
}

/** The advisories (in the order given) as a CSV text with a header line. */
export function toCsv(advisories) {
  const lines = [CSV_COLUMNS.join(',')];
  for (const a of advisories) {
    const row = { ...a, affected: affectedField(a) };
    lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** `palette-docs-advisories-2031-01-02.csv` for the reader's local date. */
export function csvFileName(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `palette-docs-advisories-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.csv`;
}
