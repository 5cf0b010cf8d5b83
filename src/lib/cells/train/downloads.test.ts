// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { t, type UiKey } from '../../i18n';
import { parseRunFile } from '../../store/run-file';
import { fakeResult } from '../interpret/fixtures';
import { downloadButtons } from './downloads';

const fr = (key: UiKey, params?: Record<string, string | number>) => t('fr', key, params);

/** What each click handed to the browser: the <a download> name, its blob: URL, and the Blob behind it. */
const saved: { name: string; href: string; blob: Blob }[] = [];
let blobs = new Map<string, Blob>();

beforeEach(() => {
  let n = 0;
  blobs = new Map();
  // jsdom has no object URLs and does not follow a download link: both are stubbed to observe them.
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      const url = `blob:test/${++n}`;
      blobs.set(url, blob);
      return url;
    }),
    revokeObjectURL: vi.fn((url: string) => blobs.delete(url)),
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, href: this.href, blob: blobs.get(this.href)! });
    expect(this.isConnected).toBe(true); // Firefox follows only links in the document
  });
  vi.useFakeTimers();
});

afterEach(() => {
  saved.length = 0;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('download buttons', () => {
  const when = new Date(2026, 11, 3, 17, 10, 5);

  it('offer JSON and CSV, in a labelled group, with a word on what each holds', () => {
    const box = downloadButtons(document, fr, fakeResult('cnn'), when);
    expect(box.getAttribute('role')).toBe('group');
    expect(box.getAttribute('aria-label')).toBe('Télécharger cette exécution');
    expect([...box.querySelectorAll('button')].map((b) => [b.type, b.textContent])).toEqual([['button', 'Télécharger (JSON)'], ['button', 'Télécharger (CSV)']]);
    expect(box.textContent).toContain('page Interprétation');
  });

  it('save the whole run as a versioned JSON file that reads back, named after the model and the minute', async () => {
    const result = { ...fakeResult('lstm'), saveError: 'quota' };
    const box = downloadButtons(document, fr, result, when);
    document.body.append(box);
    box.querySelector<HTMLButtonElement>('[data-role=download-json]')!.click();
    expect(saved).toHaveLength(1);
    const [{ name, blob }] = saved as [(typeof saved)[0]];
    expect(name).toBe('lstm-run-2026-12-03T17-10.json');
    expect(blob.type).toBe('application/json');
    const back = parseRunFile(await blob.text());
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const { saveError: _s, ...run } = result;
    expect(back.file.run).toEqual(run);
    expect(back.file.trainedAt).toBe(when.toISOString());
    expect(back.file.site.url).toBe(document.URL);
    // The link is gone at once, its URL a minute later.
    expect(document.querySelector('a[download]')).toBeNull();
    expect(URL.revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith(saved[0]!.href);
    box.remove();
  });

  it('save the per-epoch history as CSV', async () => {
    const box = downloadButtons(document, fr, fakeResult('cnn'), when);
    box.querySelector<HTMLButtonElement>('[data-role=download-csv]')!.click();
    const [{ name, blob }] = saved as [(typeof saved)[0]];
    expect(name).toBe('cnn-run-2026-12-03T17-10.csv');
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect((await blob.text()).split('\r\n')[0]).toBe('epoch,loss,accuracy,val_loss,val_accuracy,seconds');
  });
});
