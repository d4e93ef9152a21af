//! The advisory explorer's rules without the DOM: the filter to and from the URL query, which advisories a
//! filter keeps (edition and version as core's `advisories::Filter` reads them, so counts agree with `cve list`),
//! sorting by any column, and the text of a row.

/** The editions, longest first (as core's `record::EDITIONS`), so "Palette VerteX airgap" is not read as "Palette VerteX". */
export const EDITIONS = ['Palette Enterprise airgap', 'Palette VerteX airgap', 'Palette Enterprise', 'Palette VerteX'];

/** CVSS v3 bands, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'];

/** The filter keys the URL carries, in the order they are written. */
export const FILTER_KEYS = ['edition', 'version', 'status', 'severity', 'year', 'q'];

/** The columns: `key` is the sort key in the URL; `desc` columns sort highest first when chosen. */
export const COLUMNS = [
  { key: 'id', label: 'Advisory', desc: false },
  { key: 'score', label: 'Severity', desc: true },
  { key: 'status', label: 'Status', desc: false },
  { key: 'published', label: 'First published', desc: true },
  { key: 'updated', label: 'Last update', desc: true },
  { key: 'component', label: 'Component', desc: false },
  { key: 'affected', label: 'Editions and versions', desc: true },
];

export const DEFAULT_SORT = { key: 'score', dir: 'desc' };

/** The value that asks for every edition even when "my installation" would otherwise narrow the view. */
export const ANY = 'any';

export function emptyFilter() {
  return { edition: '', version: '', status: '', severity: '', year: '', q: '' };
}

export function isEmptyFilter(f) {
  return FILTER_KEYS.every((k) => !f[k]);
}

/** Core's `record::product_matches`: a full edition name matches that edition only, a part matches every edition containing it. */
export function productMatches(product, edition) {
  const wanted = edition.trim().toLowerCase();
  const p = product.toLowerCase();
  if (EDITIONS.some((e) => e.toLowerCase() === wanted)) return p === wanted;
  return p.includes(wanted);
}

/** The canonical spelling of an edition typed in any case (`vertex airgap` stays as typed when it names no single edition). */
export function canonicalEdition(text) {
  const t = (text || '').trim();
  return EDITIONS.find((e) => e.toLowerCase() === t.toLowerCase()) || t;
}

/** `v4.5.8` → `4.5.8`; anything that is not dot-separated numbers → ''. */
export function cleanVersion(text) {
  const v = (text || '').trim().replace(/^[vV]/, '');
  return /^\d+(\.\d+)+$/.test(v) ? v : '';
}

/**
 * `?edition=…&version=…&sort=updated&dir=asc` → `{ filter, sort, explicit }`; `explicit` is whether the query names
 * any filter at all (when it does not, the explorer starts from the reader's installation).
 */
export function readQuery(search) {
  const params = new URLSearchParams(search || '');
  const filter = emptyFilter();
  let explicit = false;
  for (const k of FILTER_KEYS) {
    if (!params.has(k)) continue;
    explicit = true;
    filter[k] = (params.get(k) || '').trim();
  }
  if (filter.edition.toLowerCase() === ANY) filter.edition = '';
  else filter.edition = canonicalEdition(filter.edition);
  if (filter.version) filter.version = cleanVersion(filter.version) || filter.version;
  filter.status = filter.status.toLowerCase();
  filter.severity = SEVERITIES.includes(filter.severity.toLowerCase()) ? filter.severity.toLowerCase() : '';
  filter.year = /^\d{4}$/.test(filter.year) ? filter.year : '';
  const col = COLUMNS.find((c) => c.key === params.get('sort'));
  const dir = params.get('dir');
  const sort = col ? { key: col.key, dir: dir === 'asc' || dir === 'desc' ? dir : col.desc ? 'desc' : 'asc' } : { ...DEFAULT_SORT };
  return { filter, sort, explicit };
}

/**
 * The query for a filter and sort (`''` for the default view). `pinned`: an empty filter must still be written
 * (as `edition=any`), because an empty query means "my installation" to a reader who set one.
 */
export function writeQuery(filter, sort, { pinned = false } = {}) {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filter[k]) params.set(k, filter[k]);
  if (pinned && isEmptyFilter(filter)) params.set('edition', ANY);
  if (sort && (sort.key !== DEFAULT_SORT.key || sort.dir !== DEFAULT_SORT.dir)) {
    params.set('sort', sort.key);
    params.set('dir', sort.dir);
  }
  const s = params.toString().replace(/\+/g, '%20');
  return s ? `?${s}` : '';
}

function versionKey(v) {
  return String(v).split('.').map((p) => Number.parseInt(p, 10) || 0);
}

function compareKeys(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** `CVE-2024-9` before `CVE-2024-10`; CVEs before GHSAs. */
function idKey(id) {
  return id.split('-').map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()));
}

function compareMixed(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    if (typeof x === typeof y) return x < y ? -1 : 1;
    return typeof x === 'number' ? -1 : 1;
  }
  return 0;
}

/** The editions an advisory names, by name, each with its versions in numeric order. */
export function affectedByEdition(a) {
  const out = [];
  const products = [...new Set((a.affected || []).map((x) => x.product))].sort();
  for (const product of products) {
    const versions = [...new Set(a.affected.filter((x) => x.product === product).map((x) => x.version))];
    versions.sort((x, y) => compareKeys(versionKey(x), versionKey(y)));
    out.push({ product, versions });
  }
  return out;
}

/** The year an advisory came out (first published, else last update), or ''. */
export function yearOf(a) {
  const d = a.first_published || a.last_update || '';
  return /^\d{4}/.test(d) ? d.slice(0, 4) : '';
}

/** Each advisory with what filtering and sorting need computed once: `{ a, hay, year, idKey, topVersion }`. */
export function prepare(advisories) {
  return advisories.map((a, index) => {
    const versions = (a.affected || []).map((x) => versionKey(x.version));
    versions.sort(compareKeys);
    const hay = [a.id, a.component, a.status, a.severity, a.summary, ...(a.affected || []).map((x) => `${x.product} ${x.version}`)]
      .filter(Boolean).join('\n').toLowerCase();
    return { a, index, hay, year: yearOf(a), idKey: idKey(a.id), topVersion: versions.length ? versions[versions.length - 1] : null };
  });
}

/** Whether a prepared row passes the filter (every set field must match; free text: every word somewhere). */
export function matches(row, f, words = textWords(f.q)) {
  const { a } = row;
  if (f.version) {
    const v = f.version;
    if (!(a.affected || []).some((x) => x.version === v && (!f.edition || productMatches(x.product, f.edition)))) return false;
  } else if (f.edition && !(a.affected || []).some((x) => productMatches(x.product, f.edition))) {
    return false;
  }
  if (f.status && (a.status || '') !== f.status) return false;
  if (f.severity && a.severity !== f.severity) return false;
  if (f.year && row.year !== f.year) return false;
  for (const w of words) if (!row.hay.includes(w)) return false;
  return true;
}

export function textWords(q) {
  return (q || '').toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * Whether every row passing `next` passes `before` too: the same choices, and each word typed before is part of a
 * word typed now (more letters typed). Then the rows of `next` can be picked from those of `before`.
 */
export function narrows(before, next) {
  if (!before || FILTER_KEYS.some((k) => k !== 'q' && before[k] !== next[k])) return false;
  const now = textWords(next.q);
  return textWords(before.q).every((w) => now.some((n) => n.includes(w)));
}

/** The rows that pass `f`, in the order of `rows`. */
export function applyFilter(rows, f) {
  const words = textWords(f.q);
  return rows.filter((r) => matches(r, f, words));
}

const BY = {
  id: (r) => r.idKey,
  score: (r) => r.a.score,
  status: (r) => r.a.status,
  published: (r) => r.a.first_published,
  updated: (r) => r.a.last_update,
  component: (r) => (r.a.component ? r.a.component.toLowerCase() : null),
  affected: (r) => r.topVersion,
};

function compareValues(x, y) {
  if (Array.isArray(x)) return compareMixed(x, y);
  if (typeof x === 'number') return x - y;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A sorted copy: rows without the value go last whichever the direction; ties keep id order. */
export function sortRows(rows, { key, dir }) {
  const get = BY[key] || BY.score;
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((r, s) => {
    const x = get(r);
    const y = get(s);
    const missingX = x === null || x === undefined || x === '';
    const missingY = y === null || y === undefined || y === '';
    if (missingX || missingY) {
      if (missingX !== missingY) return missingX ? 1 : -1;
    } else {
      const c = compareValues(x, y);
      if (c) return sign * c;
    }
    return compareMixed(r.idKey, s.idKey);
  });
}

/** What the reader's installation shows in the banner: `{ count, ongoing, critical }` among `rows`. */
export function installationFigures(rows, installation) {
  const f = { ...emptyFilter(), edition: installation.edition, version: installation.version };
  const hit = applyFilter(rows, f);
  return {
    count: hit.length,
    ongoing: hit.filter((r) => r.a.status === 'ongoing').length,
    critical: hit.filter((r) => typeof r.a.score === 'number' && r.a.score >= 9).length,
  };
}
