import type { Lang, Translate } from '../../i18n';
import { islandText } from '../dom';
import { throttle } from '../throttle';
import { parsePlan, planSizes, storedBytes, type OfflinePlan } from './plan';
import { askWorkerStatus, classify, downloadPlan, freeSpace, OfflineError, removeCopy, storedPaths, type OfflineEnv } from './store';
import { viewOf, type OfflineState, type PagesStatus } from './text';

/** The browser as the control sees it; tests replace parts of it. */
export interface OfflineBrowser {
  secure: boolean;
  serviceWorker: ServiceWorkerContainer | undefined;
  caches: CacheStorage | undefined;
  storage: StorageManager | undefined;
  fetch: OfflineEnv['fetch'];
  location: string;
}

/** The real browser (read when the element connects, not at import). */
export function currentBrowser(): OfflineBrowser {
  return {
    secure: globalThis.isSecureContext !== false,
    serviceWorker: typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
    caches: typeof caches === 'undefined' ? undefined : caches,
    storage: typeof navigator !== 'undefined' ? navigator.storage : undefined,
    fetch: (input, init) => fetch(input, init),
    location: location.href,
  };
}

/**
 * <offline-control>: "Make the course available offline" on the home page. Rendered by
 * OfflineControl.astro with the list of files (data-plan) and their total size already on the page;
 * until the reader clicks, it only looks locally (which files DATA_CACHE holds, what the service
 * worker holds of this deployment) and downloads nothing. On click it stores every data file and
 * the reference weights in DATA_CACHE, verified one by one (SHA-256), with progress.
 */
export class OfflineControlElement extends HTMLElement {
  /** Replaced by tests before the element connects. */
  static browser: () => OfflineBrowser = currentBrowser;

  private t: Translate = (k) => k;
  private uiLang: Lang = 'fr';
  private plan: OfflinePlan | null = null;
  private env: OfflineEnv | null = null;
  private browser!: OfflineBrowser;
  private state: OfflineState = { kind: 'checking' };
  private pages: PagesStatus = null;
  private busy = false;
  private started = false;
  /** Set by a click: once the action settles, focus goes to a usable button if it was lost. */
  private keepFocus = false;

  private find<T extends HTMLElement = HTMLElement>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`offline-control: missing [data-role="${role}"]`);
    return el;
  }

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    ({ t: this.t, lang: this.uiLang } = islandText(this));
    this.browser = OfflineControlElement.browser();
    this.find('start').addEventListener('click', () => void this.start());
    this.find('remove').addEventListener('click', () => void this.dropCopy());
    try {
      this.plan = parsePlan(this.dataset['plan']);
    } catch {
      this.show({ kind: 'broken' });
      return;
    }
    const { secure, serviceWorker, caches } = this.browser;
    if (!secure) return this.show({ kind: 'unsupported', reason: 'insecure' });
    if (!serviceWorker) return this.show({ kind: 'unsupported', reason: 'no-sw' });
    if (!caches) return this.show({ kind: 'unsupported', reason: 'no-cache' });
    const base = new URL(this.dataset['base'] ?? '/', this.browser.location).href;
    this.env = { caches, fetch: this.browser.fetch, baseUrl: base };
    // A first visit: the worker installs, then takes the page over; a new deployment's worker too.
    serviceWorker.addEventListener('controllerchange', () => {
      if (!this.busy) void this.refresh();
    });
    void this.refresh();
  }

  /** The state as the browser has it now: local look-ups only. */
  private async refresh(removed = false): Promise<void> {
    const { plan, env } = this;
    const controller = this.browser.serviceWorker?.controller;
    if (!plan || !env) return;
    if (!controller) return this.show({ kind: 'uncontrolled' });
    if (this.state.kind !== 'ready' && this.state.kind !== 'done') this.show({ kind: 'checking' });
    let stored: Set<string>;
    try {
      [stored, this.pages] = await Promise.all([storedPaths(plan, env), this.askPages(controller)]);
    } catch {
      // caches.has/open refuse (storage blocked by a setting): nothing can be stored here.
      return this.show({ kind: 'unsupported', reason: 'no-cache' });
    }
    const { total } = planSizes(plan);
    const bytes = storedBytes(plan, stored);
    if (stored.size === plan.files.length) {
      // Asking whether storage is persistent prompts nothing (persist() would).
      const persisted = (await this.browser.storage?.persisted?.().catch(() => null)) ?? null;
      this.show({ kind: 'done', stored: bytes, pages: this.pages, persisted });
    } else this.show({ kind: 'ready', stored: bytes, total, pages: this.pages, removed });
  }

  private async askPages(controller: ServiceWorker): Promise<PagesStatus> {
    const reply = await askWorkerStatus(controller);
    return reply ? { precached: reply.precached, total: reply.precacheTotal } : null;
  }

  private async start(): Promise<void> {
    const { plan, env } = this;
    if (this.busy || !plan || !env) return;
    this.busy = true;
    this.keepFocus = true;
    const { total } = planSizes(plan);
    // Best effort, not awaited: Firefox asks the reader, and the download need not wait for the answer.
    const persisted = this.browser.storage?.persist?.().then((granted) => granted, () => null) ?? Promise.resolve(null);
    let done = 0;
    const bar = throttle(() => this.show({ kind: 'downloading', done, total }), 1_000);
    try {
      const stored = await storedPaths(plan, env).catch(() => new Set<string>());
      const missing = total - storedBytes(plan, stored);
      const free = await freeSpace(this.browser.storage);
      if (free !== null && free < missing) {
        throw new OfflineError('quota', `about ${missing} bytes needed, ${free} free`);
      }
      this.show({ kind: 'downloading', done: total - missing, total });
      await downloadPlan(plan, env, (p) => {
        done = p.done;
        this.setProgress(p.done, p.total);
        bar();
      });
      bar.cancel();
      const controller = this.browser.serviceWorker?.controller;
      if (controller) this.pages = await this.askPages(controller);
      // A question the reader has not answered yet (Firefox) must not hold the result back.
      const granted = await Promise.race([persisted, new Promise<null>((r) => setTimeout(() => r(null), 300))]);
      this.show({ kind: 'done', stored: total, pages: this.pages, persisted: granted });
    } catch (error) {
      bar.cancel();
      const failure = classify(error);
      const now = await storedPaths(plan, env).catch(() => new Set<string>());
      this.show({ kind: 'error', error: failure.kind, stored: storedBytes(plan, now), total, pages: this.pages, file: failure.file, status: failure.status, message: failure.message });
    } finally {
      this.busy = false;
      this.restoreFocus();
    }
  }

  /** "Remove the offline copy of the data" (not named remove(): that is Element's). */
  private async dropCopy(): Promise<void> {
    const { plan, env } = this;
    if (this.busy || !plan || !env) return;
    this.busy = true;
    this.keepFocus = true;
    const stored = this.state.kind === 'done' || this.state.kind === 'ready' || this.state.kind === 'error' ? this.state.stored : 0;
    this.show({ kind: 'removing', stored, pages: this.pages });
    try {
      await removeCopy(env);
      await this.refresh(true);
    } catch (error) {
      const { total } = planSizes(plan);
      this.show({ kind: 'error', error: 'remove', stored, total, pages: this.pages, message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.busy = false;
      this.restoreFocus();
    }
  }

  /** Moves the bar on every chunk; the live text follows at most once a second (see `bar`). */
  private setProgress(done: number, total: number): void {
    const progress = this.find<HTMLProgressElement>('progress');
    progress.max = Math.max(total, 1);
    progress.value = Math.min(done, total);
  }

  private show(state: OfflineState): void {
    this.state = state;
    const view = viewOf(state, this.t, this.uiLang);
    this.dataset['state'] = state.kind;
    if (state.kind === 'error') this.dataset['error'] = state.error;
    else delete this.dataset['error'];
    const status = this.find('status');
    if (status.textContent !== view.status) status.textContent = view.status;
    status.classList.toggle('oc-error', state.kind === 'error');
    const pages = this.find('pages');
    pages.textContent = view.pages ?? '';
    pages.hidden = view.pages === null;
    const start = this.find<HTMLButtonElement>('start');
    start.textContent = view.start.label;
    start.disabled = view.start.disabled;
    start.hidden = view.start.hidden;
    const remove = this.find<HTMLButtonElement>('remove');
    remove.disabled = view.remove.disabled;
    remove.hidden = view.remove.hidden;
    const progress = this.find<HTMLProgressElement>('progress');
    progress.hidden = view.progress === null;
    if (view.progress) {
      progress.max = view.progress.max;
      progress.value = view.progress.value;
    }
  }

  /** After a click's action: if focus fell off a button that is now hidden or disabled, put it on one that works. */
  private restoreFocus(): void {
    if (!this.keepFocus) return;
    this.keepFocus = false;
    const active = this.ownerDocument.activeElement;
    const lost = !active || active === this.ownerDocument.body || (this.contains(active) && ((active as HTMLButtonElement).disabled || (active as HTMLElement).hidden));
    if (!lost) return;
    const target = [this.find<HTMLButtonElement>('start'), this.find<HTMLButtonElement>('remove')].find((b) => !b.hidden && !b.disabled);
    target?.focus();
  }
}

/** Registers <offline-control> once. */
export function defineOfflineControl(): void {
  if (!customElements.get('offline-control')) customElements.define('offline-control', OfflineControlElement);
}
