// Every page: registers the site's service worker (src/sw/service-worker.ts), reloads a first visit
// once so the page comes under its control (cross-origin isolated: WASM trains on every core), and
// offers a new deployment with a banner. Where service workers are unavailable (a Firefox private
// window, a browser setting) it does nothing: the site works as before, single-threaded.
import type { PageToWorker } from './contract';
import { trainerBusy, trainerStarted } from './activity';

/** sessionStorage key: this tab already reloaded once for isolation (never twice: no loop). */
export const RELOADED_KEY = 'cnn-lstm-mnist:sw-reloaded';

/** What the page does once the service worker controls it. */
export type ReloadDecision = 'reload' | 'isolated' | 'already-reloaded' | 'no-storage' | 'in-use';

/**
 * Reload for isolation only when it is safe and useful: not already isolated, not reloaded before in
 * this tab (`reloadedBefore` null: sessionStorage unusable, so a reload could not be remembered and
 * might loop), and not once the reader has started TF.js (the next page they open is isolated anyway).
 */
export function reloadDecision(s: { isolated: boolean; reloadedBefore: boolean | null; trainerStarted: boolean }): ReloadDecision {
  if (s.isolated) return 'isolated';
  if (s.reloadedBefore === null) return 'no-storage';
  if (s.reloadedBefore) return 'already-reloaded';
  if (s.trainerStarted) return 'in-use';
  return 'reload';
}

/** sessionStorage's flag, or null when storage is unusable. */
function readFlag(storage: Storage | undefined): boolean | null {
  try {
    return storage ? storage.getItem(RELOADED_KEY) === '1' : null;
  } catch {
    return null;
  }
}

/** Strings of the update banner, from the page's JSON block (#sw-strings). */
interface BannerStrings {
  update: string;
  reload: string;
  later: string;
  busy: string;
}

function bannerStrings(doc: Document): BannerStrings | null {
  try {
    const s = JSON.parse(doc.getElementById('sw-strings')?.textContent ?? 'null') as Partial<BannerStrings> | null;
    return s && s.update && s.reload && s.later && s.busy ? (s as BannerStrings) : null;
  } catch {
    return null;
  }
}

/** Shows "a new version is available" with Reload and Later; Reload waits for any training to end. */
export function showUpdateBanner(doc: Document, waiting: { postMessage(m: PageToWorker): void }, busy: () => boolean): HTMLElement | null {
  const strings = bannerStrings(doc);
  if (!strings || doc.querySelector('.sw-banner')) return null;
  const banner = doc.createElement('div');
  banner.className = 'sw-banner';
  banner.setAttribute('role', 'status');
  const text = doc.createElement('p');
  text.textContent = strings.update;
  const reload = doc.createElement('button');
  reload.type = 'button';
  reload.textContent = strings.reload;
  const later = doc.createElement('button');
  later.type = 'button';
  later.textContent = strings.later;
  reload.addEventListener('click', () => {
    if (busy()) {
      text.textContent = strings.busy; // never under a running training: the reader clicks again after it
      return;
    }
    reload.disabled = true;
    waiting.postMessage({ type: 'skip-waiting' });
  });
  later.addEventListener('click', () => banner.remove());
  banner.append(text, reload, later);
  doc.body.append(banner);
  return banner;
}

/** Registers the worker and wires the first-visit reload and the update banner (browser only). */
export async function registerSiteWorker(base: string): Promise<void> {
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (!container) return;
  const hadController = container.controller !== null;
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register(`${base}sw.js`, { scope: base });
  } catch {
    return; // refused (a setting, a private window): the site keeps working from the network
  }
  const maybeReload = () => {
    const decision = reloadDecision({ isolated: globalThis.crossOriginIsolated === true, reloadedBefore: readFlag(globalThis.sessionStorage), trainerStarted: trainerStarted() });
    if (decision !== 'reload') return;
    sessionStorage.setItem(RELOADED_KEY, '1');
    location.reload();
  };
  container.addEventListener('controllerchange', () => {
    // First visit: the new worker claimed this page, which must reload once to be isolated.
    // An update the reader accepted: reload onto the new deployment (the banner checked no run is going).
    if (hadController) location.reload();
    else maybeReload();
  });
  if (hadController) {
    maybeReload(); // controlled but loaded without the headers (an older worker's response)
    const offer = (w: ServiceWorker | null) => {
      if (w) showUpdateBanner(document, w, trainerBusy);
    };
    offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const next = registration.installing;
      next?.addEventListener('statechange', () => {
        if (next.state === 'installed') offer(registration.waiting ?? next);
      });
    });
  }
}
