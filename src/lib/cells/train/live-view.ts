import { batchesChart } from '../../charts/batches';
import { historyChart, type HistorySeries } from '../../charts/history';
import type { ChartLabels } from '../../charts/labels';
import { batchesTable, historyTable, type DataTable } from '../../charts/tables';
import type { Lang, Translate } from '../../i18n';
import { formatDuration, formatNumber, formatPercent } from '../../i18n/format';
import type { BatchLog, EpochLog, ModelKind, TrainOptions } from '../../train/protocol';
import { el, tableElement } from '../dom';
import { liveFigure, type LiveFigure } from '../figure';
import { throttle } from '../throttle';
import { kerasEpochLines, stepsPerEpoch } from './keras-log';

/** Redraws of the per-batch curve are at most this often (ms): drawing must never slow training. */
const BATCH_REDRAW_MS = 750;

/** The training cell's live output: per-batch curve, Keras-like log, per-epoch chart and table. */
export class LiveView {
  readonly batches: BatchLog[] = [];
  readonly epochs: EpochLog[] = [];
  private readonly log: HTMLPreElement;
  private readonly epochTable: HTMLElement;
  private readonly batchFigure: LiveFigure;
  private readonly historyFigure: LiveFigure;
  private readonly redrawBatches: ReturnType<typeof throttle>;
  readonly root: HTMLElement;

  constructor(
    private readonly doc: Document,
    private readonly t: Translate,
    private readonly lang: Lang,
    labels: ChartLabels,
    private readonly model: ModelKind,
    private readonly options: TrainOptions,
    source: string,
    reference: HistorySeries | null,
  ) {
    const name = t(`model.${model}`);
    const sources = [source];
    this.batchFigure = liveFigure(doc, t, {
      title: t('train.batchTitle'), sources,
      build: () => batchesChart(this.batches, { document: doc, metric: 'loss', labels, epochs: options.epochs, model, height: 220 }),
      table: () => batchesTable(this.batches, { metric: 'loss', labels }),
    });
    const series = (): HistorySeries[] => [...(reference ? [reference] : []), { name: `${name} — ${labels.student}`, kind: 'student', model, history: this.epochs }];
    this.historyFigure = liveFigure(doc, t, {
      title: t('train.historyTitle'), sources, ...(reference ? { note: t('train.referenceBackdrop') } : {}),
      build: () => historyChart(series(), { document: doc, metric: 'accuracy', labels, height: 240 }),
      table: () => historyTable(series(), { metric: 'accuracy', labels }),
    });
    this.redrawBatches = throttle(() => this.batchFigure.update(), BATCH_REDRAW_MS);
    this.log = el(doc, 'pre', { class: 'rc-log', tabindex: 0, 'aria-label': t('train.logLabel') });
    this.epochTable = el(doc, 'div', {});
    this.root = el(doc, 'div', { class: 'rc-train' }, this.batchFigure.element, this.log, this.historyFigure.element, this.epochTable);
    this.renderEpochTable();
  }

  /** Records a batch and redraws the curve, throttled. */
  addBatch(log: BatchLog): void {
    this.batches.push(log);
    this.redrawBatches();
  }

  /** Records an epoch: log lines as Keras prints them, chart and table. */
  addEpoch(log: EpochLog): void {
    this.epochs.push(log);
    const steps = stepsPerEpoch(this.options.trainSize, this.options.batchSize);
    this.log.textContent = this.epochs.map((e, i) => kerasEpochLines(e, i + 1, this.options.epochs, steps)).join('\n');
    this.redrawBatches.flush();
    this.historyFigure.update();
    this.renderEpochTable();
  }

  /** Final redraw (stops pending timers). */
  finish(): void {
    this.redrawBatches.cancel();
    this.batchFigure.update();
  }

  private renderEpochTable(): void {
    const { t, lang } = this;
    const p = (v: number) => formatPercent(lang, v);
    const n = (v: number) => formatNumber(lang, v, 4);
    const table: DataTable = {
      caption: t('train.epochTable', { model: t(`model.${this.model}`) }),
      columns: ['Epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', t('train.colTime')],
      rows: this.epochs.map((e, i) => [`${i + 1}/${this.options.epochs}`, n(e.loss), p(e.accuracy), n(e.val_loss), p(e.val_accuracy), formatDuration(e.seconds)]),
    };
    const element = tableElement(this.doc, table);
    element.classList.add('rc-epochs'); // tighter on a phone (run-cell.css), so all six columns fit
    this.epochTable.replaceChildren(element);
  }
}
