// Unit tests of the advisory explorer's pure rules (ui/js/explorer-model.js, ui/js/explorer-csv.js): the filter in
// the URL, the edition/version rule of core's Filter, sorting with missing values, and CSV quoting.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyFilter, emptyFilter, installationFigures, narrows, prepare, productMatches, readQuery, sortRows, writeQuery, DEFAULT_SORT,
} from '../../ui/js/explorer-model.js';
import { csvField, toCsv } from '../../ui/js/explorer-csv.js';

const made = (id, score, status, pairs, extra = {}) => ({
  id, score, severity: score === null ? null : score >= 9 ? 'critical' : score >= 7 ? 'high' : 'medium', status,
  first_published: '2031-01-02', last_update: '2031-02-03', component: 'Widget', route: `/r/${id.toLowerCase()}/`,
  url: null, summary: null, affected: pairs.map(([product, version]) => ({ product, version })), ...extra,
});

const records = [
  made('CVE-2031-10', 9.8, 'ongoing', [['Palette VerteX airgap', '9.1.0'], ['Palette Enterprise', '9.2.0']]),
  made('CVE-2031-9', 5.0, 'resolved', [['Palette VerteX', '9.1.0']], { component: null, first_published: '2030-05-06' }),
  made('GHSA-ab12-cd34-ef56', null, null, [['Palette Enterprise airgap', '9.10.0']], { component: 'zeta' }),
];
const rows = prepare(records);
const ids = (list) => list.map((r) => r.a.id);

it('the filter and sort go to the URL and come back', () => {
  const f = { ...emptyFilter(), edition: 'Palette VerteX airgap', version: '9.1.0', q: 'a b' };
  const q = writeQuery(f, { key: 'updated', dir: 'asc' });
  assert.equal(q, '?edition=Palette%20VerteX%20airgap&version=9.1.0&q=a%20b&sort=updated&dir=asc');
  const back = readQuery(q);
  assert.deepEqual(back.filter, f);
  assert.deepEqual(back.sort, { key: 'updated', dir: 'asc' });
  assert.equal(back.explicit, true);
  assert.equal(writeQuery(emptyFilter(), DEFAULT_SORT), '', 'the default view has a bare address');
});

it('an empty filter is written as edition=any when a bare address would mean "my installation"', () => {
  assert.equal(writeQuery(emptyFilter(), DEFAULT_SORT, { pinned: true }), '?edition=any');
  const r = readQuery('?edition=any');
  assert.deepEqual(r.filter, emptyFilter());
  assert.equal(r.explicit, true);
  assert.equal(readQuery('').explicit, false);
  assert.equal(readQuery('?sort=id').explicit, false, 'a sort alone names no filter');
});

it('odd query values are read leniently: edition case, a v before the version, unknown severity and sort', () => {
  const r = readQuery('?edition=palette%20VERTEX%20airgap&version=v9.1.0&severity=extreme&year=31&sort=nope');
  assert.equal(r.filter.edition, 'Palette VerteX airgap');
  assert.equal(r.filter.version, '9.1.0');
  assert.equal(r.filter.severity, '');
  assert.equal(r.filter.year, '');
  assert.deepEqual(r.sort, DEFAULT_SORT);
});

it('editions and versions match as core matches them', () => {
  assert.equal(productMatches('Palette VerteX airgap', 'palette vertex'), false, 'a full name is that edition only');
  assert.equal(productMatches('Palette VerteX airgap', 'vertex'), true, 'a part matches every edition holding it');
  const f = (x) => ids(applyFilter(rows, { ...emptyFilter(), ...x }));
  assert.deepEqual(f({ edition: 'vertex' }), ['CVE-2031-10', 'CVE-2031-9']);
  assert.deepEqual(f({ edition: 'Palette VerteX' }), ['CVE-2031-9']);
  assert.deepEqual(f({ version: '9.1.0' }), ['CVE-2031-10', 'CVE-2031-9']);
  assert.deepEqual(f({ edition: 'Palette Enterprise', version: '9.1.0' }), [], 'edition and version must be one pair');
  assert.deepEqual(f({ status: 'ongoing', severity: 'critical' }), ['CVE-2031-10']);
  assert.deepEqual(f({ year: '2030' }), ['CVE-2031-9']);
  assert.deepEqual(f({ q: 'ZETA  ghsa' }), ['GHSA-ab12-cd34-ef56'], 'every word, any case');
});

it('a filter narrows another only when its rows are certainly among the other one\'s', () => {
  const f = (x) => ({ ...emptyFilter(), ...x });
  assert.equal(narrows(f({ q: 'mongo' }), f({ q: 'mongodb' })), true, 'more letters');
  assert.equal(narrows(f({ q: 'mongo' }), f({ q: 'mongo 4.5' })), true, 'one more word');
  assert.equal(narrows(f({ q: 'db' }), f({ q: 'MongoDB' })), true, 'a word inside a longer one, any case');
  assert.equal(narrows(f({}), f({ q: 'x' })), true, 'from no text');
  assert.equal(narrows(f({ q: 'mongodb' }), f({ q: 'mongo' })), false, 'fewer letters widen');
  assert.equal(narrows(f({ q: 'mongo 4.5' }), f({ q: 'mongo' })), false, 'a word taken away widens');
  assert.equal(narrows(f({ q: 'ab' }), f({ q: 'ba' })), false);
  assert.equal(narrows(f({ q: 'm' }), f({ q: 'mo', status: 'ongoing' })), false, 'another choice is filtered from all rows');
  assert.equal(narrows(null, f({ q: 'm' })), false);
  // Picking from the narrower filter's rows gives what filtering every row gives.
  for (const [a, b] of [['', 'c'], ['c', 'cv'], ['cve', 'cve 2031'], ['2031', '2031-1']]) {
    const from = applyFilter(rows, f({ q: a }));
    assert.deepEqual(ids(applyFilter(from, f({ q: b }))), ids(applyFilter(rows, f({ q: b }))), `${a} → ${b}`);
  }
});

it('sorting: ids by their numbers, missing values last both ways, versions numerically', () => {
  assert.deepEqual(ids(sortRows(rows, { key: 'id', dir: 'asc' })), ['CVE-2031-9', 'CVE-2031-10', 'GHSA-ab12-cd34-ef56']);
  assert.deepEqual(ids(sortRows(rows, { key: 'score', dir: 'desc' })), ['CVE-2031-10', 'CVE-2031-9', 'GHSA-ab12-cd34-ef56']);
  assert.deepEqual(ids(sortRows(rows, { key: 'score', dir: 'asc' })), ['CVE-2031-9', 'CVE-2031-10', 'GHSA-ab12-cd34-ef56']);
  assert.deepEqual(ids(sortRows(rows, { key: 'component', dir: 'asc' })), ['CVE-2031-10', 'GHSA-ab12-cd34-ef56', 'CVE-2031-9']);
  assert.deepEqual(ids(sortRows(rows, { key: 'affected', dir: 'desc' })), ['GHSA-ab12-cd34-ef56', 'CVE-2031-10', 'CVE-2031-9']);
});

it('the installation figures count, ongoing and CVSS ≥ 9', () => {
  assert.deepEqual(installationFigures(rows, { edition: 'Palette VerteX airgap', version: '9.1.0' }), { count: 1, ongoing: 1, critical: 1 });
  assert.deepEqual(installationFigures(rows, { edition: 'Palette VerteX', version: '9.1.0' }), { count: 1, ongoing: 0, critical: 0 });
});

it('CSV fields are quoted when needed and never start a formula', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a, "b"'), '"a, ""b"""');
  assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvField('-1+2'), "'-1+2");
  assert.equal(csvField(-1.5), '-1.5', 'numbers stay numbers');
  assert.equal(csvField(null), '');
  const text = toCsv([records[0]]);
  assert.equal(text, 'id,score,severity,status,first_published,last_update,component,affected,route,url\r\n'
    + 'CVE-2031-10,9.8,critical,ongoing,2031-01-02,2031-02-03,Widget,Palette VerteX airgap 9.1.0; Palette Enterprise 9.2.0,/r/cve-2031-10/,\r\n');
});
