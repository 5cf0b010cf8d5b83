// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { batchesChart } from './batches';
import { compareChart } from './compare';
import { confusionChart } from './confusion';
import { histogramChart } from './histogram';
import { historyChart } from './history';
import { perClassChart } from './perClass';
import { TEST_LABELS } from './testing';

/** Everything a reader sees or hears: text nodes and ARIA strings. */
function spoken(el: Element): string {
  const aria = [...el.querySelectorAll('*'), el].flatMap((n) => ['aria-label', 'aria-description'].map((a) => n.getAttribute(a) ?? ''));
  const clone = el.cloneNode(true) as Element;
  clone.querySelectorAll('style').forEach((s) => s.remove());
  return [clone.textContent ?? '', ...aria].join(' ');
}

describe('charts hold no words of their own', () => {
  const document = window.document;
  const labels = TEST_LABELS;
  const epoch = { epoch: 1, loss: 0.1, accuracy: 0.97, val_loss: 0.08, val_accuracy: 0.98, seconds: 9 };
  const cases: [string, Element][] = [
    ['history', historyChart([{ name: 'N1', kind: 'student', history: [epoch] }], { metric: 'accuracy', labels, document })],
    ['batches', batchesChart([{ epoch: 0, batch: 1, batchesPerEpoch: 4, loss: 1, accuracy: 0.5, examplesPerSecond: 1, elapsedSeconds: 1, etaSeconds: 1 }], { metric: 'loss', labels, document })],
    ['compare', compareChart([{ model: 'cnn', source: 'reference', value: 12 }], { metric: 'seconds', labels, document })],
    ['confusion', confusionChart(Array.from({ length: 10 }, () => new Array<number>(10).fill(1)), { labels, document })],
    ['perClass', perClassChart([{ name: 'N1', model: 'lstm', values: new Array<number>(10).fill(0.98) }, { name: 'N2', model: 'cnn', values: new Array<number>(10).fill(0.99) }], { labels, document })],
    ['histogram', histogramChart(new Uint8Array([0, 255]), { labels, document })],
    ['empty', historyChart([], { metric: 'loss', labels, document })],
  ];
  it.each(cases)('%s: every word comes from the labels or the data', (_, el) => {
    let text = spoken(el);
    const { locale: _locale, ...words } = labels;
    const known = [...Object.values(words), 'N1', 'N2'].sort((a, b) => b.length - a.length);
    for (const word of known) text = text.split(word).join(' ');
    // What may remain: numbers, punctuation, arrows, units (% and s), and Plot's mark names in aria-label.
    text = text.replace(/\b(s|line|dot|cell|text|rect|bar|rule|frame|tip|[xy]-grid|f?[xy]-axis (tick label|tick|label))\b/g, ' ');
    expect(text.match(/[A-Za-zÀ-ÿ][\w-]*/g) ?? []).toEqual([]);
  });
});
