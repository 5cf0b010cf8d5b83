import type { Translate } from '../i18n';
import { islandText } from './dom';
import { whenVisible } from './figure';

/** Reads the build-time digit (784 comma-separated grey levels) from data-pixels. */
export function parsePixels(text: string | undefined): Uint8Array | null {
  if (!text) return null;
  const values = text.split(',').map(Number);
  return values.length === 784 && values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255) ? Uint8Array.from(values) : null;
}

/** Rows of an MNIST image, i.e. the LSTM's time steps. */
const STEPS = 28;

/**
 * <lstm-rows>: shows a test digit fed to the LSTM one row per time step. Play/Pause,
 * Next row, Start again, Another digit and a slider drive it; nothing moves unless the
 * reader asks, and with prefers-reduced-motion playback is slower and unanimated.
 */
export class LstmRowsElement extends HTMLElement {
  private t: Translate = (k) => k;
  private row = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private index = 0;
  private pixels: Uint8Array | null = null;
  private label = 0;
  private ready = false;

  private find<T extends HTMLElement = HTMLElement>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`lstm-rows: missing [data-role="${role}"]`);
    return el;
  }

  connectedCallback(): void {
    if (this.ready) return;
    this.ready = true;
    this.t = islandText(this).t;
    this.index = Number(this.dataset['index'] ?? 0) || 0;
    this.find('play').addEventListener('click', () => (this.timer ? this.pause() : this.play()));
    this.find('step').addEventListener('click', () => this.setRow(this.row >= STEPS ? 1 : this.row + 1, true));
    this.find('reset').addEventListener('click', () => (this.pause(), this.setRow(0, true)));
    this.find('other').addEventListener('click', () => void this.load(this.index + 1));
    const slider = this.find<HTMLInputElement>('slider');
    slider.addEventListener('input', () => (this.pause(), this.setRow(Number(slider.value), true)));
    const embedded = parsePixels(this.dataset['pixels']);
    if (embedded) {
      whenVisible(this, () => void this.show(embedded, Number(this.dataset['label'] ?? 0)));
    } else {
      // No build-time digit (data not prepared): download only when the reader asks.
      this.find<HTMLButtonElement>('other').disabled = false;
      this.find('status').textContent = this.t('rows.pick');
    }
  }

  disconnectedCallback(): void {
    this.pause();
  }

  /** Loads test image `index` (the shared test shard is fetched once per page). */
  private async load(index: number): Promise<void> {
    const status = this.find('status');
    status.textContent = this.t('rows.loading');
    try {
      const { loadShared } = await import('./shared-data');
      const set = await loadShared('test', 100);
      this.index = index % set.count;
      await this.show(set.images.slice(this.index * 784, (this.index + 1) * 784), set.labels[this.index] ?? 0);
    } catch {
      status.textContent = this.t('rows.error');
    }
  }

  /** Draws a digit and enables the controls. */
  private async show(pixels: Uint8Array, label: number): Promise<void> {
    const { digitImage } = await import('../charts/digit');
    this.pixels = pixels;
    this.label = label;
    this.find('digit').replaceChildren(digitImage(pixels, { document: this.ownerDocument, size: 224, ariaLabel: null }));
    for (const el of this.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) el.disabled = false;
    this.pause();
    this.setRow(0, false);
  }

  private reducedMotion(): boolean {
    return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  /** Starts stepping through the rows (from the top if the image was fully read). */
  play(): void {
    if (this.timer || !this.pixels) return;
    if (this.row >= STEPS) this.setRow(0, false);
    this.timer = setInterval(() => {
      this.setRow(this.row + 1, false);
      if (this.row >= STEPS) this.pause();
    }, this.reducedMotion() ? 600 : 180);
    this.find('play-text').textContent = this.t('rows.pause');
    this.find('play').setAttribute('aria-pressed', 'true');
  }

  /** Stops playback and tells screen readers where it stopped. */
  pause(): void {
    const wasPlaying = this.timer !== null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.ready) return;
    this.find('play-text').textContent = this.t('rows.play');
    this.find('play').setAttribute('aria-pressed', 'false');
    if (wasPlaying) this.find('live').textContent = this.describe();
  }

  private describe(): string {
    if (this.row === 0) return this.t('rows.start');
    return this.row >= STEPS ? this.t('rows.done') : this.t('rows.status', { row: this.row });
  }

  /** Shows that rows 1..row have been read; `announce` speaks it (not during playback). */
  setRow(row: number, announce: boolean): void {
    if (!this.pixels) return;
    this.row = Math.max(0, Math.min(STEPS, row));
    const pct = (n: number) => `${(n / STEPS) * 100}%`;
    // CSSOM writes (not style attributes), which the site's CSP allows.
    const current = this.find('row');
    current.hidden = this.row === 0;
    current.style.top = pct(this.row - 1);
    const dim = this.find('dim');
    dim.style.top = pct(this.row);
    dim.style.height = pct(STEPS - this.row);
    const strip = this.find('strip');
    const cells = strip.children;
    for (let x = 0; x < STEPS; x++) {
      const cell = cells[x] as HTMLElement | undefined;
      const v = this.row === 0 ? 0 : (this.pixels[(this.row - 1) * STEPS + x] ?? 0) / 255;
      if (cell) cell.style.opacity = String(0.08 + 0.92 * v);
    }
    const slider = this.find<HTMLInputElement>('slider');
    slider.value = String(this.row);
    slider.setAttribute('aria-valuetext', this.t('rows.valuetext', { row: this.row }));
    this.find('digit').setAttribute('aria-label', this.t('rows.digitAlt', { label: this.label, row: this.row }));
    this.find('status').textContent = this.describe();
    if (announce) this.find('live').textContent = this.describe();
  }
}

/** Registers <lstm-rows> once per page. */
export function defineLstmRows(): void {
  if (!customElements.get('lstm-rows')) customElements.define('lstm-rows', LstmRowsElement);
}
