// @ts-check
// scripts/audit.mjs reads `npm audit --json` (report format 2): these pin what fails the check.
import { describe, expect, it } from 'vitest';
import { readAudit } from './audit.mjs';

/** A report shaped like npm 10/11's `npm audit --json`. */
const report = {
  auditReportVersion: 2,
  vulnerabilities: {
    lodash: {
      name: 'lodash', severity: 'critical', isDirect: false, range: '<4.17.21', fixAvailable: true,
      via: [{ source: 1, name: 'lodash', title: 'Prototype Pollution', url: 'https://github.com/advisories/GHSA-x', severity: 'critical' }],
    },
    wrapper: { name: 'wrapper', severity: 'high', isDirect: true, range: '1.x', fixAvailable: false, via: ['lodash'] },
    minor: { name: 'minor', severity: 'moderate', range: '*', via: [{ title: 'ReDoS', url: 'u', severity: 'moderate' }] },
  },
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 1, total: 3 } },
};

describe('readAudit', () => {
  it('lists high and critical packages with their advisories, ignores lower ones', () => {
    const r = readAudit(report);
    expect(r.error).toBeNull();
    expect(r.counts).toMatchObject({ high: 1, critical: 1 });
    expect(r.failing).toEqual([
      { name: 'lodash', severity: 'critical', range: '<4.17.21', fix: true, advisories: ['critical: Prototype Pollution https://github.com/advisories/GHSA-x'] },
      { name: 'wrapper', severity: 'high', range: '1.x', fix: false, advisories: ['via lodash'] },
    ]);
  });

  it('passes a clean report', () => {
    const r = readAudit({ vulnerabilities: {}, metadata: { vulnerabilities: { high: 0, critical: 0 } } });
    expect(r).toEqual({ error: null, counts: { high: 0, critical: 0 }, failing: [] });
  });

  it('reports an audit that could not run (e.g. the endpoint answered 405) as an error, not a pass', () => {
    const r = readAudit({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', error: { summary: '' } });
    expect(r.error).toMatch(/405/);
    expect(r.failing).toEqual([]);
  });
});
