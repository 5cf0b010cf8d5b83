import type { Lang, Translate } from '../../i18n';
import { formatPercent } from '../../i18n/format';
import type { CnnInside } from '../../models/inside-types';
import { islandText } from '../dom';
import { reportError, weightsFile } from '../errors';
import { toMnist } from '../draw/downscale';
import { DrawPad } from '../draw/pad';
import { parsePixels } from '../lstm-rows';

/** A test digit the reference CNN gets wrong (from its reference run, embedded at build time). */
export interface Miss { index: number; label: number; predicted: number; probability: number }

/** Reads data-misses: "index:label:predicted:probability" items separated by commas; bad items are skipped. */
export function parseMisses(text: string | undefined): Miss[] {
  if (!text) return [];
  return text.split(',').map((item) => item.split(':').map(Number)).filter((v) => v.length === 4 && v.every(Number.isFinite))
    .map(([index, label, predicted, probability]) => ({ index: index!, label: label!, predicted: predicted!, probability: probability! }));
}

/** The digit being looked at, and how to describe it. */
interface Current { pixels: Float32Array; note: string }

/**
 * <cnn-inside>: what the reference CNN computes for one digit (a test image, one it gets
 * wrong, or the student's drawing): its 32 first-layer filters, the 32 maps of the first
 * convolution, the pooled maps and the 64 maps of the second. Nothing loads until the student
 * asks; the weights are fetched (and checked) on the first look, in the training worker.
 */
export class CnnInsideElement extends HTMLElement {
  private t: Translate = (k) => k;
  private uiLang: Lang = 'fr';
  private current: Current | null = null;
  private misses: Miss[] = [];
  private missAt = -1;
  private shown = false;
  private busy = false;
  private pad: DrawPad | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ready = false;

  private find<T extends HTMLElement = HTMLElement>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`cnn-inside: missing [data-role="${role}"]`);
    return el;
  }

  connectedCallback(): void {
    if (this.ready) return;
    this.ready = true;
    ({ t: this.t, lang: this.uiLang } = islandText(this));
    this.misses = parseMisses(this.dataset['misses']);
    const embedded = parsePixels(this.dataset['pixels']);
    if (embedded) {
      const index = Number(this.dataset['index'] ?? 0);
      this.current = { pixels: Float32Array.from(embedded, (v) => v / 255), note: this.t('inside.testDigit', { index, label: this.dataset['label'] ?? '?' }) };
      void this.drawDigit();
    }
    this.find('show').addEventListener('click', () => void this.look());
    this.find('load').addEventListener('click', () => void this.pickTest());
    this.find('wrong').addEventListener('click', () => void this.pickMiss());
    this.find('draw').addEventListener('click', () => this.toggleDraw());
    this.find('clear').addEventListener('click', () => this.pad?.clear());
    this.find<HTMLFormElement>('form').addEventListener('submit', (e) => (e.preventDefault(), void this.pickTest()));
    for (const b of this.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) b.disabled = false;
    this.find<HTMLButtonElement>('wrong').disabled = this.misses.length === 0;
  }

  private say(text: string): void {
    this.find('status').textContent = text;
  }

  private async drawDigit(): Promise<void> {
    if (!this.current) return;
    const { digitImage } = await import('../../charts/digit');
    this.find('digit').replaceChildren(digitImage(this.current.pixels, { document: this.ownerDocument, size: 112, ariaLabel: this.current.note }));
    this.find('note').textContent = this.current.note;
  }

  /** Switches to a new digit; once the maps are shown, they follow it. */
  private async use(current: Current): Promise<void> {
    this.current = current;
    await this.drawDigit();
    if (this.shown) await this.look();
    else this.say(this.t('inside.ready'));
  }

  private async pickTest(): Promise<void> {
    const input = this.find<HTMLInputElement>('index');
    const index = Number(input.value);
    if (!Number.isInteger(index) || index < 0 || index > 9999) {
      input.setAttribute('aria-invalid', 'true');
      return this.say(this.t('inside.badIndex'));
    }
    input.removeAttribute('aria-invalid');
    await this.loadTest(index);
  }

  private async pickMiss(): Promise<void> {
    if (this.misses.length === 0) return;
    this.missAt = (this.missAt + 1) % this.misses.length;
    const m = this.misses[this.missAt]!;
    await this.loadTest(m.index, this.t('inside.missDigit', {
      index: m.index, label: m.label, predicted: m.predicted, p: formatPercent(this.uiLang, m.probability, 0), n: this.missAt + 1, total: this.misses.length,
    }));
  }

  /** Test image `index` (the test shard downloads on the first such click). */
  private async loadTest(index: number, note?: string): Promise<void> {
    this.say(this.t('inside.loadingDigit'));
    try {
      const { loadShared } = await import('../shared-data');
      const set = await loadShared('test', 10_000);
      const raw = set.images.subarray(index * 784, (index + 1) * 784);
      this.find<HTMLInputElement>('index').value = String(index);
      await this.use({ pixels: Float32Array.from(raw, (v) => v / 255), note: note ?? this.t('inside.testDigit', { index, label: set.labels[index] ?? '?' }) });
    } catch (error) {
      this.say(this.t(reportError(error).key));
    }
  }

  private toggleDraw(): void {
    const box = this.find('pad-box');
    box.hidden = !box.hidden;
    this.find('draw').setAttribute('aria-expanded', String(!box.hidden));
    if (!box.hidden && !this.pad) {
      this.pad = new DrawPad(this.find<HTMLCanvasElement>('canvas'), () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          const canvas = this.find<HTMLCanvasElement>('canvas');
          const pixels = toMnist(this.pad!.ink(), canvas.width, canvas.height);
          if (!pixels) return this.say(this.t('draw.empty'));
          void this.use({ pixels, note: this.t('inside.drawnDigit') });
        }, 300);
      });
    }
  }

  /** Asks the worker for the reference CNN's maps of the current digit and draws them. */
  async look(): Promise<void> {
    if (!this.current || this.busy) return;
    this.busy = true;
    const pixels = this.current.pixels;
    this.say(this.shown ? this.t('inside.computing') : this.t('inside.loadingModel'));
    try {
      const { getTrainer } = await import('../train/client-adapter');
      const trainer = await getTrainer();
      const result = await trainer.inspect({ source: 'reference', model: 'cnn', view: 'cnn', pixels });
      if (result.view !== 'cnn') throw new Error('unexpected answer');
      await this.render(result.inside);
      this.shown = true;
      this.find<HTMLButtonElement>('show').hidden = true;
      this.say('');
    } catch (error) {
      const report = reportError(error);
      this.say(report.code === 'weights' ? this.t('inside.weightsError', { file: weightsFile(report.detail) }) : this.t(report.key));
    } finally {
      this.busy = false;
      // A digit picked while this one was computing: show that one too.
      if (this.current.pixels !== pixels && this.shown) void this.look();
    }
  }

  private async render(inside: CnnInside): Promise<void> {
    const { mapGrid } = await import('../../charts/inside');
    const doc = this.ownerDocument;
    const top = inside.probabilities.indexOf(Math.max(...inside.probabilities));
    this.find('answer').textContent = this.t('inside.answer', { digit: top, p: formatPercent(this.uiLang, inside.probabilities[top] ?? 0, 1) });
    const grid = (role: string, stack: CnnInside['conv1'], label: string, caption: 'inside.filterN' | 'inside.mapN', diverging = false) =>
      this.find(role).replaceChildren(mapGrid(stack, { document: doc, columns: 8, ariaLabel: label, captions: (i) => this.t(caption, { n: i + 1 }), diverging }));
    grid('filters', inside.filters, this.t('inside.filtersAlt'), 'inside.filterN', true);
    grid('conv1', inside.conv1, this.t('inside.conv1Alt'), 'inside.mapN');
    grid('pool1', inside.pool1, this.t('inside.pool1Alt'), 'inside.mapN');
    grid('conv2', inside.conv2, this.t('inside.conv2Alt'), 'inside.mapN');
    this.find('maps').hidden = false;
  }
}

/** Registers <cnn-inside> once per page. */
export function defineCnnInside(): void {
  if (!customElements.get('cnn-inside')) customElements.define('cnn-inside', CnnInsideElement);
}
