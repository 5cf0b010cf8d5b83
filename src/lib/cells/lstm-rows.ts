import type { Lang, Translate } from '../i18n';
import { formatPercent } from '../i18n/format';
import type { LstmTrace } from '../models/inside-types';
import { islandText } from './dom';
import { reportError, weightsFile } from './errors';
import { liveFigure, whenVisible, type LiveFigure } from './figure';

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
  private uiLang: Lang = 'fr';
  /** The reference LSTM's reading of the current digit, once asked for (the trace view). */
  private trace: LstmTrace | null = null;
  private figures: LiveFigure[] = [];
  private tracing = false;
  private redraw = 0;
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
    ({ t: this.t, lang: this.uiLang } = islandText(this));
    this.querySelector('[data-role="trace"]')?.addEventListener('click', () => void this.readTrace());
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
    // The trace follows the digit once the student asked for it.
    if (this.trace) await this.readTrace();
  }

  /**
   * Asks the worker for the reference LSTM's reading of this digit, row by row (TF.js and the
   * weights load on the first click), then draws its opinion, its gates and h_t beside the rows.
   */
  async readTrace(): Promise<void> {
    if (!this.pixels || this.tracing) return;
    this.tracing = true;
    const pixels = this.pixels;
    const status = this.find('trace-status');
    status.textContent = this.trace ? this.t('rows.traceComputing') : this.t('rows.traceLoading');
    try {
      const { getTrainer } = await import('./train/client-adapter');
      const result = await (await getTrainer()).inspect({ source: 'reference', model: 'lstm', view: 'lstm', pixels: Float32Array.from(pixels, (v) => v / 255) });
      if (result.view !== 'lstm') throw new Error('unexpected answer');
      this.trace = result.trace;
      if (this.figures.length === 0) await this.buildFigures();
      this.find<HTMLButtonElement>('trace').hidden = true;
      this.find('trace-charts').hidden = false;
      status.textContent = '';
      this.setRow(this.row, false);
      this.updateFigures();
    } catch (error) {
      const report = reportError(error);
      status.textContent = report.code === 'weights' ? this.t('rows.traceWeightsError', { file: weightsFile(report.detail) }) : this.t(report.key);
    } finally {
      this.tracing = false;
      if (this.pixels !== pixels && this.trace) void this.readTrace();
    }
  }

  private async buildFigures(): Promise<void> {
    const charts = await import('../charts/inside');
    const { chartLabels } = await import('../i18n/chart-labels');
    const doc = this.ownerDocument;
    const labels = chartLabels(this.uiLang, this.t);
    const sources = [this.dataset['traceSource'] ?? ''];
    const now = () => ({ document: doc, labels, row: this.row });
    this.figures = [
      liveFigure(doc, this.t, { title: this.t('rows.opinionTitle'), sources, note: this.t('rows.opinionNote'),
        build: () => charts.lstmProbabilitiesChart(this.trace!, now()), table: () => charts.lstmProbabilitiesTable(this.trace!, { labels }) }),
      liveFigure(doc, this.t, { title: this.t('rows.gatesTitle'), sources, note: this.t('rows.gatesNote'),
        build: () => charts.lstmGatesChart(this.trace!, now()), table: () => charts.lstmGatesTable(this.trace!, { labels }) }),
      liveFigure(doc, this.t, { title: this.t('rows.hiddenTitle'), sources, note: this.t('rows.hiddenNote'),
        build: () => charts.lstmHiddenChart(this.trace!, now()), table: () => hiddenSummary(this.trace!, this.t, this.uiLang) }),
    ];
    this.find('trace-charts').replaceChildren(...this.figures.map((f) => f.element));
  }

  /** Redraws the trace charts once per frame at most (playback moves the highlighted row). */
  private updateFigures(): void {
    if (this.figures.length === 0 || this.redraw) return;
    const run = () => {
      this.redraw = 0;
      for (const f of this.figures) f.update();
    };
    this.redraw = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : (run(), 0);
  }

  /** What the reference LSTM would answer if reading stopped after `row`. */
  private opinion(): string {
    if (!this.trace || this.row === 0) return '';
    const p = this.trace.probabilities.subarray((this.row - 1) * 10, this.row * 10);
    let top = 0;
    for (let k = 1; k < 10; k++) if (p[k]! > p[top]!) top = k;
    return ' ' + this.t('rows.opinion', { row: this.row, digit: top, p: formatPercent(this.uiLang, p[top]!, 0) });
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
    return (this.row >= STEPS ? this.t('rows.done') : this.t('rows.status', { row: this.row })) + this.opinion();
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
    this.updateFigures();
  }
}

/** The data table behind the h_t heatmap: 3,584 values are too many to read, so per row its mean, min and max. */
export function hiddenSummary(trace: LstmTrace, t: Translate, lang: Lang): { caption: string; columns: string[]; rows: string[][] } {
  const fmt = (v: number) => new Intl.NumberFormat(lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(v);
  const rows = Array.from({ length: trace.steps }, (_, r) => {
    const h = trace.hidden.subarray(r * trace.units, (r + 1) * trace.units);
    let min = Infinity, max = -Infinity, sum = 0;
    for (const v of h) (min = Math.min(min, v)), (max = Math.max(max, v)), (sum += v);
    return [String(r + 1), fmt(sum / trace.units), fmt(min), fmt(max)];
  });
  return { caption: t('rows.hiddenTable'), columns: [t('chart.rowRead'), t('rows.mean'), t('rows.min'), t('rows.max')], rows };
}

/** Registers <lstm-rows> once per page. */
export function defineLstmRows(): void {
  if (!customElements.get('lstm-rows')) customElements.define('lstm-rows', LstmRowsElement);
}
