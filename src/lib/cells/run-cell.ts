import type { Lang, Translate } from '../i18n';
import { formatDuration } from '../i18n/format';
import { isPresetName, PRESETS, QUICK_OPTIONS } from '../models/options';
import { islandText } from './dom';
import { errorBox, parseJson } from './shell-dom';
import { reportError } from './errors';
import { isCellKind, type CellKind } from './kinds';
import { OptionsForm } from './options-form';
import { ProgressView } from './progress';
import { loadController } from './registry';
import type { CellOutcome } from './types';

/** Jupyter numbers executions page-wide: In [1], In [2]… */
let executionCount = 0;

/**
 * <run-cell>: the "Run this cell" shell. Reads data-kind, data-lang, data-strings,
 * data-config, data-preset, data-autorun; touches only its own subtree; loads the
 * kind's controller with import() on first run.
 */
export class RunCellElement extends HTMLElement {
  private kind: CellKind | null = null;
  private uiLang: Lang = 'fr';
  private t: Translate = (key) => key;
  private form: OptionsForm | null = null;
  private progress!: ProgressView;
  private running: AbortController | null = null;
  private ready = false;

  private find<T extends HTMLElement = HTMLElement>(role: string): T {
    const el = this.querySelector<T>(`[data-role="${role}"]`);
    if (!el) throw new Error(`run-cell: missing [data-role="${role}"]`);
    return el;
  }

  connectedCallback(): void {
    if (this.ready) return;
    this.ready = true;
    const kind = this.dataset['kind'];
    if (!isCellKind(kind)) throw new Error(`run-cell: unknown data-kind "${kind ?? ''}"`);
    this.kind = kind;
    ({ t: this.t, lang: this.uiLang } = islandText(this));
    this.progress = new ProgressView(this.find('progress'), this.find('bar'), this.find('bar-fill'), this.find('progress-text'), this.find('status'));
    this.setupForm();
    this.find('run').addEventListener('click', (event) => {
      if (!this.running) return void this.start();
      // The second click of a double click (detail 2) is not a request to stop the run the
      // first one just started: students often double-click buttons (faults-concurrency.spec.ts).
      if (event.detail < 2) this.stop();
    });
    // Shift+Enter runs the cell holding the focus, as in Jupyter.
    this.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || !event.shiftKey || event.isComposing) return;
      event.preventDefault();
      if (!this.running) void this.start();
    });
    this.find<HTMLButtonElement>('run').disabled = false;
    if (this.dataset['autorun'] !== undefined) this.autorun();
  }

  private setupForm(): void {
    const el = this.querySelector<HTMLFormElement>('form[data-role="options"]');
    if (!el) return;
    const preset = this.dataset['preset'];
    const initial = isPresetName(preset) ? PRESETS[preset] : QUICK_OPTIONS;
    const form = new OptionsForm(el, this.t, initial, this.uiLang);
    this.form = form;
    // Enter in a field goes through start(), like Run: same validation, same one-run rule.
    form.onSubmit(() => void this.start());
    for (const button of el.querySelectorAll<HTMLButtonElement>('button[data-preset]')) {
      const name = button.dataset['preset'];
      button.addEventListener('click', () => form.applyPreset(isPresetName(name) ? PRESETS[name] : QUICK_OPTIONS));
    }
  }

  /** Runs once the cell comes near the viewport (charts off screen cost nothing until then). */
  private autorun(): void {
    if (typeof IntersectionObserver === 'undefined') return void this.start();
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      if (!this.running) void this.start();
    }, { rootMargin: '200px 0px' });
    observer.observe(this);
  }

  private setRunning(running: boolean, n?: number): void {
    const button = this.find<HTMLButtonElement>('run');
    const title = this.dataset['title'] ?? '';
    button.disabled = false;
    button.classList.toggle('is-running', running);
    this.find('run-text').textContent = this.t(running ? 'cell.stop' : 'cell.run');
    this.find('run-icon').textContent = running ? '■' : '▶';
    button.setAttribute('aria-label', this.t(running ? 'cell.stopAria' : 'cell.runAria', { title }));
    this.find('prompt-in').textContent = running ? this.t('cell.promptRunning') : this.t('cell.promptDone', { n: n ?? ' ' });
    this.toggleAttribute('data-running', running);
    this.form?.setDisabled(running);
  }

  /** Validates the options, then runs the controller; never lets an error escape. */
  async start(): Promise<void> {
    if (this.running || !this.kind) return;
    let options = null;
    if (this.form) {
      options = this.form.read();
      if (!options) return this.progress.announce(this.t('opt.invalid'));
    }
    const abort = new AbortController();
    this.running = abort;
    const n = ++executionCount;
    const output = this.find('output');
    output.replaceChildren();
    this.find('out').hidden = false;
    this.find('prompt-out').textContent = this.t('cell.promptOut', { n });
    this.progress.reset();
    this.setRunning(true);
    const started = performance.now();
    try {
      this.progress.set(null, this.t('cell.loadingCode'));
      let controller;
      try {
        controller = await loadController(this.kind);
      } catch (error) {
        throw Object.assign(new Error(error instanceof Error ? error.message : String(error)), { loadFailed: true });
      }
      const outcome: CellOutcome = await controller.run({
        lang: this.uiLang, t: this.t, output, progress: this.progress, signal: abort.signal,
        options, backend: this.form?.backend() ?? 'auto', config: parseJson(this.dataset['config']),
      });
      this.progress.hide();
      const time = formatDuration((performance.now() - started) / 1000);
      this.progress.announce(outcome === 'stopped' ? this.t('cell.stopped') : this.t('cell.done', { time }));
    } catch (error) {
      this.progress.hide();
      if (abort.signal.aborted && error instanceof Error && error.name === 'AbortError') {
        this.progress.announce(this.t('cell.stopped'));
      } else {
        const report = reportError(error);
        if ((error as { loadFailed?: boolean }).loadFailed) report.key = 'cell.loadFailed';
        output.append(errorBox(this.ownerDocument, this.t, report));
        this.progress.announce(''); // The box is role=alert: saying it twice would only repeat it.
      }
    } finally {
      this.running = null;
      this.setRunning(false, n);
    }
  }

  /** Asks the controller to stop; the button says so until it has. */
  stop(): void {
    if (!this.running) return;
    this.running.abort();
    const button = this.find<HTMLButtonElement>('run');
    button.disabled = true;
    this.find('run-text').textContent = this.t('cell.stopping');
  }
}

/** Registers <run-cell> once per page. */
export function defineRunCell(): void {
  if (!customElements.get('run-cell')) customElements.define('run-cell', RunCellElement);
}
