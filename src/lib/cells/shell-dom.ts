import type { Translate } from '../i18n';
import type { ErrorReport } from './errors';

/** Parses a data-* JSON attribute into an object; anything else (absent, malformed, not an object) gives {}. */
export function parseJson(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Builds the error box shown in the output area: plain words first, the raw detail folded away. */
export function errorBox(doc: Document, t: Translate, report: ErrorReport): HTMLElement {
  const box = doc.createElement('div');
  box.className = 'rc-error';
  box.setAttribute('role', 'alert');
  const text = doc.createElement('p');
  text.textContent = t(report.key);
  box.append(text);
  if (report.detail) {
    const details = doc.createElement('details');
    const summary = doc.createElement('summary');
    summary.textContent = t('error.detail');
    const code = doc.createElement('code');
    code.textContent = report.detail;
    details.append(summary, code);
    box.append(details);
  }
  return box;
}
