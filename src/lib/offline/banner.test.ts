// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { PageToWorker } from './contract';
import { showUpdateBanner } from './register';

const STRINGS = { update: 'A new version', reload: 'Reload', later: 'Later', busy: 'A training is running' };

function page(strings: object | null = STRINGS): Document {
  document.body.innerHTML = '';
  document.getElementById('sw-strings')?.remove();
  if (strings) {
    const s = document.createElement('script');
    s.type = 'application/json';
    s.id = 'sw-strings';
    s.textContent = JSON.stringify(strings);
    document.head.append(s);
  }
  return document;
}

describe('update banner', () => {
  afterEach(() => page(null));

  it('asks the waiting worker to take over only when no training runs', () => {
    const sent: PageToWorker[] = [];
    let busy = true;
    const banner = showUpdateBanner(page(), { postMessage: (m) => sent.push(m) }, () => busy)!;
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toContain('A new version');
    const [reload] = banner.querySelectorAll('button');
    reload!.click();
    expect(sent).toEqual([]); // never under a running training
    expect(banner.querySelector('p')!.textContent).toBe('A training is running');
    busy = false;
    reload!.click();
    expect(sent).toEqual([{ type: 'skip-waiting' }]);
    expect(reload!.disabled).toBe(true);
  });

  it('goes away on Later, and is shown once', () => {
    const doc = page();
    const banner = showUpdateBanner(doc, { postMessage: () => {} }, () => false)!;
    expect(showUpdateBanner(doc, { postMessage: () => {} }, () => false)).toBeNull();
    banner.querySelectorAll('button')[1]!.click();
    expect(doc.querySelector('.sw-banner')).toBeNull();
  });

  it('shows nothing without its strings', () => {
    expect(showUpdateBanner(page(null), { postMessage: () => {} }, () => false)).toBeNull();
  });
});
