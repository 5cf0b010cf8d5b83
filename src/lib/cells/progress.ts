import type { Progress } from './types';

/**
 * The progress bar (role=progressbar), its visible text, and a polite live
 * status line. The bar's text changes every batch, so it is not live; only
 * announce() (phases, epochs, the end) reaches screen readers.
 */
export class ProgressView implements Progress {
  constructor(
    private readonly box: HTMLElement,
    private readonly bar: HTMLElement,
    private readonly fill: HTMLElement,
    private readonly text: HTMLElement,
    private readonly status: HTMLElement,
  ) {}

  /** Shows the bar; null means indeterminate (no aria-valuenow, as ARIA asks). */
  set(fraction: number | null, text: string): void {
    this.box.hidden = false;
    if (fraction === null || !Number.isFinite(fraction)) {
      this.bar.removeAttribute('aria-valuenow');
      this.bar.classList.add('is-indeterminate');
      this.fill.style.width = '';
    } else {
      const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
      this.bar.setAttribute('aria-valuenow', String(percent));
      this.bar.classList.remove('is-indeterminate');
      this.fill.style.width = `${percent}%`;
    }
    this.bar.setAttribute('aria-valuetext', text);
    this.text.textContent = text;
  }

  /** Puts a short sentence in the live status line. */
  announce(text: string): void {
    this.status.textContent = text;
  }

  /** Hides the bar (the status line keeps its last sentence). */
  hide(): void {
    this.box.hidden = true;
  }

  /** Clears everything before a new run. */
  reset(): void {
    this.hide();
    this.text.textContent = '';
    this.status.textContent = '';
    this.bar.setAttribute('aria-valuenow', '0');
    this.fill.style.width = '0%';
  }
}
