import { experimental_AstroContainer as AstroContainer } from 'astro/container';
// @ts-expect-error -- jsdom ships no type declarations; only its window is used here.
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import OfflineControl from '../../../components/OfflineControl.astro';
import { t } from '../../i18n';
import { DATA_CACHE, type StatusReply } from '../../offline/contract';
import { BASE, fakeFetch, FakeCacheStorage, fakeSite, fakeWorker, type Fault } from './fakes';
import { parsePlan, planSizes } from './plan';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: BASE });
const g = globalThis as Record<string, unknown>;
for (const name of ['window', 'document', 'HTMLElement', 'customElements', 'Event', 'Node']) {
  g[name] = name === 'window' ? dom.window : (dom.window as unknown as Record<string, unknown>)[name];
}
const { document } = dom.window as { document: Document };
const { OfflineControlElement, defineOfflineControl } = await import('./offline-control');

beforeAll(() => defineOfflineControl());

const REPLY: StatusReply = { type: 'status', version: 'abc123', precached: 57, precacheTotal: 57 };

/** A browser whose parts the tests set; `faults` decides what the fake site does per request. */
function browser(opts: { sw?: boolean; controlled?: boolean; free?: number; faults?: (url: string, attempt: number) => Fault } = {}) {
  const { plan, bodies } = fakeSite();
  let fault = opts.faults ?? (() => null);
  const server = fakeFetch(bodies, (url, attempt) => fault(url, attempt));
  const storage = new FakeCacheStorage();
  const listeners: (() => void)[] = [];
  const container = {
    controller: opts.controlled === false ? null : fakeWorker(REPLY),
    addEventListener: (_type: string, fn: () => void) => listeners.push(fn),
  };
  const persist = vi.fn(async () => false);
  const fake = {
    secure: true,
    serviceWorker: opts.sw === false ? undefined : (container as unknown as ServiceWorkerContainer),
    caches: storage.api,
    storage: { persist, estimate: async () => ({ quota: opts.free ?? 1e9, usage: 0 }) } as unknown as StorageManager,
    fetch: server.fetch,
    location: BASE,
  };
  return {
    plan, storage, server, container, persist, fake,
    setFault: (f: typeof fault) => (fault = f),
    takeOver: () => {
      container.controller = fakeWorker(REPLY);
      for (const fn of listeners) fn();
    },
  };
}

async function render(lang: 'fr' | 'en' = 'en'): Promise<string> {
  const container = await AstroContainer.create();
  return container.renderToString(OfflineControl, { locals: { starlightRoute: { lang } } as never });
}

/** Mounts the control with the fake site's plan, in the fake browser. */
async function mount(b: ReturnType<typeof browser>, lang: 'fr' | 'en' = 'en') {
  OfflineControlElement.browser = () => b.fake;
  const holder = document.createElement('div');
  holder.innerHTML = await render(lang);
  const host = holder.querySelector('offline-control') as HTMLElement;
  host.dataset['plan'] = JSON.stringify(b.plan);
  host.dataset['base'] = '/cnn-lstm-mnist/';
  document.body.replaceChildren(holder);
  const role = <T extends HTMLElement>(r: string) => host.querySelector(`[data-role="${r}"]`) as T;
  return {
    host,
    status: () => role('status').textContent,
    pages: () => role<HTMLElement>('pages'),
    start: () => role<HTMLButtonElement>('start'),
    remove: () => role<HTMLButtonElement>('remove'),
    progress: () => role<HTMLProgressElement>('progress'),
  };
}

const settled = (host: HTMLElement, state: string) => vi.waitFor(() => expect(host.dataset['state']).toBe(state));

describe('OfflineControl.astro (build time)', () => {
  it('lists every file with its size and SHA-256 and shows the total before anything runs', async () => {
    const holder = document.createElement('div');
    holder.innerHTML = await render('fr');
    const host = holder.querySelector('offline-control') as HTMLElement;
    const plan = parsePlan(host.dataset['plan']);
    const sizes = planSizes(plan);
    expect(plan.files.length).toBeGreaterThan(10);
    expect(plan.files.every((f) => f.path.startsWith('data/'))).toBe(true);
    expect(Number(host.dataset['total'])).toBe(sizes.total);
    expect(host.dataset['base']).toMatch(/\/$/);
    const size = host.querySelector('[data-role="size"]')?.textContent ?? '';
    expect(size).toMatch(/^Taille de la copie hors ligne\u202f: \d+,\d\u202fMo en tout, dont \d+,\d\u202fMo pour le jeu de données MNIST et \d,\d\u202fMo pour les modèles de référence \(\d+\u00a0fichiers\)\.$/);
    const start = host.querySelector('[data-role="start"]') as HTMLButtonElement;
    expect([start.textContent, start.disabled]).toEqual([t('fr', 'offline.start'), true]);
    // Only its own strings travel to the page.
    expect(Object.keys(JSON.parse(host.dataset['strings'] ?? '{}')).every((k) => k.startsWith('offline.'))).toBe(true);
  });
});

describe('<offline-control>', () => {
  it('(a) without service workers: says why, button disabled, nothing touched', async () => {
    const b = browser({ sw: false });
    const c = await mount(b);
    await settled(c.host, 'unsupported');
    expect(c.status()).toBe(t('en', 'offline.noSw'));
    expect(c.start().disabled).toBe(true);
    expect(b.storage.opened).toEqual([]);
    expect(b.server.calls).toEqual([]);
  });

  it('(a) not controlled yet: asks for a reload, then becomes ready when the worker takes over', async () => {
    const b = browser({ controlled: false });
    const c = await mount(b);
    await settled(c.host, 'uncontrolled');
    expect(c.status()).toBe(t('en', 'offline.notControlled'));
    expect(c.start().disabled).toBe(true);
    b.takeOver();
    await settled(c.host, 'ready');
    expect(c.start().disabled).toBe(false);
  });

  it('(b)–(d) ready without a request, then downloads with progress, then done; remove empties DATA_CACHE', async () => {
    const b = browser();
    const c = await mount(b);
    await settled(c.host, 'ready');
    expect(c.status()).toBe(t('en', 'offline.storedNone'));
    expect(c.pages().hidden).toBe(false);
    expect(c.pages().textContent).toBe('Pages and code: 57/57 files stored.');
    expect(b.server.calls).toEqual([]); // nothing fetched before the click
    expect(b.storage.caches.has(DATA_CACHE)).toBe(false);
    expect(c.remove().hidden).toBe(true);

    c.start().click();
    expect(b.persist).toHaveBeenCalledOnce();
    await settled(c.host, 'done');
    expect(b.server.calls).toHaveLength(3);
    expect(c.status()).toBe(`${t('en', 'offline.done', { size: '7 kB' })} ${t('en', 'offline.notPersisted')}`);
    expect(c.progress().hidden).toBe(true);
    expect(c.start().hidden).toBe(true);
    expect(c.remove().hidden).toBe(false);
    expect(document.activeElement).toBe(c.remove()); // focus did not fall to the page

    c.remove().click();
    await settled(c.host, 'ready');
    expect(b.storage.caches.has(DATA_CACHE)).toBe(false);
    expect(c.status()).toBe(`${t('en', 'offline.removed')} ${t('en', 'offline.storedNone')}`);
    expect(document.activeElement).toBe(c.start());
  });

  it('(b) a second visit finds the copy done, locally', async () => {
    const b = browser();
    let c = await mount(b);
    await settled(c.host, 'ready');
    c.start().click();
    await settled(c.host, 'done');
    b.server.calls.length = 0;
    c = await mount(b);
    await settled(c.host, 'done');
    expect(c.status()).toBe(t('en', 'offline.done', { size: '7 kB' }));
    expect(b.server.calls).toEqual([]);
  });

  it('(c) shows a progress bar while downloading, aria-live polite', async () => {
    const b = browser();
    // The model's weights wait until the test lets them through: the bar is seen mid-way.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch = b.fake.fetch;
    b.fake.fetch = async (url, init) => {
      if (url.endsWith('.bin')) await gate;
      return fetch(url, init);
    };
    const c = await mount(b);
    await settled(c.host, 'ready');
    expect(c.host.querySelector('[data-role="status"]')?.getAttribute('aria-live')).toBe('polite');
    c.start().click();
    await settled(c.host, 'downloading');
    await vi.waitFor(() => expect(c.progress().value).toBe(5_300));
    expect(c.progress().hidden).toBe(false);
    expect(c.progress().max).toBe(7_300);
    expect(c.start().disabled).toBe(true);
    await vi.waitFor(() => expect(c.status()).toBe('Downloading: 5 kB of 7 kB (73%).'));
    release();
    await settled(c.host, 'done');
  });

  it('(e) offline mid-download: a clear message and Retry, which then finishes', async () => {
    const b = browser({ faults: (url) => (url.endsWith('.gz') ? 'cut' : null) });
    const c = await mount(b);
    await settled(c.host, 'ready');
    c.start().click();
    await settled(c.host, 'error');
    expect(c.host.dataset['error']).toBe('offline');
    expect(c.status()).toBe(t('en', 'offline.error.offline', { stored: '300 B', total: '7 kB' }));
    expect([c.start().textContent, c.start().disabled]).toEqual(['Retry', false]);
    expect(c.host.querySelector('[data-role="status"]')?.classList.contains('oc-error')).toBe(true);
    b.setFault(() => null);
    c.start().click();
    await settled(c.host, 'done');
    expect(c.host.querySelector('.oc-error')).toBeNull();
  });

  it('(e) not enough room: says so before downloading anything', async () => {
    const b = browser({ free: 1_000 });
    const c = await mount(b);
    await settled(c.host, 'ready');
    c.start().click();
    await settled(c.host, 'error');
    expect(c.host.dataset['error']).toBe('quota');
    expect(c.status()).toMatch(/^This browser has no more room for this site: about 7 kB must be free/);
    expect(b.server.calls).toEqual([]);
  });

  it('(e) a file that fails its SHA-256 check is named and not kept', async () => {
    const b = browser({ faults: (url) => (url.endsWith('.bin') ? 'damaged' : null) });
    const c = await mount(b, 'fr');
    await settled(c.host, 'ready');
    c.start().click();
    await settled(c.host, 'error');
    expect(c.status()).toMatch(/^Le fichier data\/models\/cnn-s42\.f16\.bin reçu ne correspond pas à son empreinte SHA-256\u202f: il a été supprimé\./);
    expect((await b.storage.open(DATA_CACHE)).entries.has(`${BASE}data/models/cnn-s42.f16.bin`)).toBe(false);
    expect(c.start().textContent).toBe('Réessayer');
  });

  it('a damaged file list: a clear message, button disabled', async () => {
    const b = browser();
    OfflineControlElement.browser = () => b.fake;
    const holder = document.createElement('div');
    holder.innerHTML = (await render('en')).replace(/data-plan="[^"]*"/, 'data-plan="{oops"');
    document.body.replaceChildren(holder);
    const host = holder.querySelector('offline-control') as HTMLElement;
    await settled(host, 'broken');
    expect(host.querySelector('[data-role="status"]')?.textContent).toBe(t('en', 'offline.broken'));
    expect((host.querySelector('[data-role="start"]') as HTMLButtonElement).disabled).toBe(true);
  });
});
