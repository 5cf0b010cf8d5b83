// @ts-check
// `node scripts/audit.mjs`: `npm audit` of the production dependencies (what ships to
// students' browsers and the build). Exits 1 and lists them when a high or critical
// advisory applies; exits 2 when the audit itself cannot run (no registry, an endpoint
// error): CI has the registry, so an audit that did not happen must not pass silently.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Severities that fail the check. */
export const FAILING = /** @type {const} */ (['high', 'critical']);

/**
 * @typedef {{ title?: string, url?: string, severity?: string, name?: string }} Advisory
 * @typedef {{ name?: string, severity?: string, via?: (Advisory | string)[], range?: string, fixAvailable?: unknown }} Vulnerability
 * @typedef {{ vulnerabilities?: Record<string, Vulnerability>, metadata?: { vulnerabilities?: Record<string, number> }, error?: unknown, message?: string }} AuditReport
 */

/**
 * Reads `npm audit --json` output. Returns the packages at a failing severity, each with
 * its advisories (or the packages it inherits them from), or `error` when npm could not audit.
 * @param {AuditReport} report
 * @returns {{ error: string | null, counts: Record<string, number>, failing: { name: string, severity: string, range: string, advisories: string[], fix: boolean }[] }}
 */
export function readAudit(report) {
  if (!report || typeof report !== 'object' || report.error !== undefined || typeof report.vulnerabilities !== 'object') {
    const why = report && typeof report === 'object' ? (report.message ?? JSON.stringify(report.error ?? report).slice(0, 300)) : String(report);
    return { error: why || 'unknown error', counts: {}, failing: [] };
  }
  const failing = Object.entries(report.vulnerabilities)
    .filter(([, v]) => FAILING.includes(/** @type {any} */ (v.severity)))
    .map(([name, v]) => ({
      name,
      severity: String(v.severity),
      range: String(v.range ?? ''),
      advisories: (v.via ?? []).map((a) => (typeof a === 'string' ? `via ${a}` : `${a.severity ?? '?'}: ${a.title ?? '(no title)'} ${a.url ?? ''}`.trim())),
      fix: Boolean(v.fixAvailable),
    }));
  return { error: null, counts: report.metadata?.vulnerabilities ?? {}, failing };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  /** @type {AuditReport} */
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    report = { error: true, message: (run.stderr || run.error?.message || 'npm audit printed no JSON').trim() };
  }
  const { error, counts, failing } = readAudit(report);
  if (error) {
    console.error(`audit: npm audit could not run: ${error}`);
    process.exit(2);
  }
  console.log(`audit: production dependencies: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'no data'}`);
  for (const f of failing) {
    console.error(`audit: ${f.severity.toUpperCase()} ${f.name} ${f.range}${f.fix ? ' (fix available)' : ''}`);
    for (const a of f.advisories) console.error(`         ${a}`);
  }
  if (failing.length > 0) process.exit(1);
  console.log('audit: no high or critical advisory.');
}
