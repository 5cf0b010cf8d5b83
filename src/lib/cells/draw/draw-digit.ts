import type { Lang, Translate } from '../../i18n';
import { QUICK_OPTIONS } from '../../models/options';
import type { ModelKind } from '../../train/protocol';
import { islandText } from '../dom';
import { reportError, weightsFile } from '../errors';
import { toMnist } from './downscale';
import { DrawPad } from './pad';
import { probabilityBars } from './probs';

const MODELS: readonly ModelKind[] = ['cnn', 'lstm'];

/**
 * <draw-digit>: a drawing pad (or a random test digit for keyboard users), reduced to
 * 28×28 like MNIST, read at once by the project's reference CNN and LSTM (weights served
 * with the site, loaded on first use) and, beside them, by the student's own models when
 * this browser has them (saved by the training cells); if missing, a quick training is offered.
 */
export class DrawDigitElement extends HTMLElement {
  private t: Translate = (k) => k;
  private uiLang: Lang = 'fr';
  private pad!: DrawPad;
  private pixels: Float32Array | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopTraining: (() => void) | null = null;
  private ready = false;

  private find<T extends HTMLElement = HTMLElement>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`draw-digit: missing [data-role="${role}"]`);
    return el;
  }

  connectedCallback(): void {
    if (this.ready) return;
    this.ready = true;
    ({ t: this.t, lang: this.uiLang } = islandText(this));
    this.pad = new DrawPad(this.find<HTMLCanvasElement>('canvas'), () => this.schedule());
    this.find('clear').addEventListener('click', () => this.clear());
    this.find('random').addEventListener('click', () => void this.random());
    this.find('quick-train').addEventListener('click', () => (this.stopTraining ? this.stopTraining() : void this.quickTrain()));
    for (const b of this.querySelectorAll<HTMLButtonElement>('button')) b.disabled = false;
  }

  private say(text: string): void {
    this.find('status').textContent = text;
  }

  private clear(): void {
    this.pad.clear();
    this.pixels = null;
    this.find('preview').replaceChildren();
    for (const model of MODELS) for (const source of ['reference', 'mine']) this.find(`probs-${model}-${source}`).replaceChildren();
    this.say(this.t('draw.waiting'));
  }

  /** Predicts shortly after the last stroke, not on every one. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const canvas = this.find<HTMLCanvasElement>('canvas');
      this.pixels = toMnist(this.pad.ink(), canvas.width, canvas.height);
      void this.predict();
    }, 300);
  }

  private async random(): Promise<void> {
    const { loadShared } = await import('../shared-data');
    try {
      const set = await loadShared('test', 10_000);
      const index = Math.floor(Math.random() * set.count);
      const raw = set.images.subarray(index * 784, (index + 1) * 784);
      this.pad.showDigit(raw);
      this.pixels = Float32Array.from(raw, (v) => v / 255);
      await this.predict(this.t('draw.randomLabel', { index, label: set.labels[index] ?? '?' }));
    } catch (error) {
      this.say(this.t(reportError(error).key));
    }
  }

  private async showPreview(pixels: Float32Array): Promise<void> {
    const { digitImage } = await import('../../charts/digit');
    this.find('preview').replaceChildren(digitImage(pixels, { document: this.ownerDocument, size: 84, ariaLabel: this.t('draw.previewAlt') }));
  }

  /** Asks the reference models and the student's own; a missing own model shows the quick-training offer. */
  async predict(note?: string): Promise<void> {
    const pixels = this.pixels;
    if (!pixels) return this.say(this.t('draw.empty'));
    await this.showPreview(pixels);
    this.say(this.t('draw.predicting'));
    let trainer;
    try {
      const { getTrainer } = await import('../train/client-adapter');
      trainer = await getTrainer();
    } catch (error) {
      return this.say(this.t(reportError(error).key));
    }
    for (const model of MODELS) {
      const slot = this.find(`probs-${model}-reference`);
      const name = this.t('draw.refName', { model: this.t(`model.${model}`) });
      try {
        const result = await trainer.inspect({ source: 'reference', model, view: 'predict', pixels });
        if (result.view === 'predict') slot.replaceChildren(probabilityBars(this.ownerDocument, this.t, this.uiLang, name, result.probabilities));
      } catch (error) {
        // A damaged or missing weights file: say which, and let the student's own models answer.
        const report = reportError(error);
        const text = report.code === 'weights' ? this.t('draw.weightsError', { model: this.t(`model.${model}`), file: weightsFile(report.detail) })
          : report.code === 'busy' ? this.t('cell.busy') : this.t('draw.error', { model: name });
        slot.replaceChildren(Object.assign(this.ownerDocument.createElement('p'), { textContent: text, className: 'dd-error' }));
      }
    }
    let missing = 0;
    for (const model of MODELS) {
      const slot = this.find(`probs-${model}-mine`);
      const name = this.t('draw.mineName', { model: this.t(`model.${model}`) });
      try {
        const probabilities = await trainer.predict(model, pixels);
        slot.replaceChildren(probabilityBars(this.ownerDocument, this.t, this.uiLang, name, probabilities));
      } catch (error) {
        const report = reportError(error);
        // 'storage' from a prediction: the saved model was damaged, and the worker deleted it.
        if (report.code === 'no-model' || report.code === 'storage') missing++;
        const plain = this.t(`model.${model}`);
        const text = report.code === 'no-model' ? this.t('draw.noModel', { model: plain })
          : report.code === 'storage' ? this.t('draw.damaged', { model: plain })
          : report.code === 'busy' ? this.t('cell.busy') : this.t('draw.error', { model: name });
        slot.replaceChildren(Object.assign(this.ownerDocument.createElement('p'), { textContent: text }));
      }
    }
    this.find('train').hidden = missing === 0 && !this.stopTraining;
    this.say(note ?? '');
  }

  /** Trains each missing model with the quick preset (saved for later), then predicts again. */
  private async quickTrain(): Promise<void> {
    const { getTrainer, asCellError } = await import('../train/client-adapter');
    const bar = this.find('bar');
    const button = this.find<HTMLButtonElement>('quick-train');
    const label = button.textContent;
    this.find('progress').hidden = false;
    button.textContent = this.t('draw.stop');
    try {
      const trainer = await getTrainer();
      for (const model of MODELS) {
        if (this.find(`probs-${model}-mine`).querySelector('ol')) continue; // this one already answers
        this.say(this.t('draw.training', { model: this.t(`model.${model}`) }));
        const handle = trainer.train({ model, options: { ...QUICK_OPTIONS }, backend: 'auto', save: true }, {
          onBatch: (log) => {
            const percent = Math.round((log.batch / log.batchesPerEpoch) * 100);
            bar.setAttribute('aria-valuenow', String(percent));
            this.find('bar-fill').style.width = `${percent}%`;
          },
        });
        let stopped = false;
        this.stopTraining = () => ((stopped = true), handle.stop());
        const result = await handle.done;
        if (stopped || result.stopped) return this.say(this.t('cell.stopped'));
        // Predicting would only answer "no model yet": say why instead.
        if (result.saveError) return this.say(this.t('draw.notKept', { model: this.t(`model.${model}`), reason: result.saveError }));
      }
      this.say(this.t('draw.trained'));
      this.stopTraining = null;
      if (this.pixels) await this.predict(this.t('draw.trained'));
    } catch (error) {
      this.say(this.t(reportError(asCellError(error)).key));
    } finally {
      this.stopTraining = null;
      button.textContent = label;
      this.find('progress').hidden = true;
    }
  }
}

/** Registers <draw-digit> once per page. */
export function defineDrawDigit(): void {
  if (!customElements.get('draw-digit')) customElements.define('draw-digit', DrawDigitElement);
}
