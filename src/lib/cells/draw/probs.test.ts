// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { t, type UiKey } from '../../i18n';
import { parsePixels } from '../lstm-rows';
import { argmax, probabilityBars } from './probs';

const en = (key: UiKey, params?: Record<string, string | number>) => t('en', key, params);

describe('probabilityBars', () => {
  it('lists the ten digits with their probability, marks the winner and sizes each bar', () => {
    const p = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.62, 0.05, 0.05];
    const el = probabilityBars(document, en, 'en', 'CNN', p);
    expect(el.querySelector('.dd-top')?.textContent).toBe('CNN: it is a 7 (62.0%)');
    const items = [...el.querySelectorAll('li')];
    expect(items).toHaveLength(10);
    expect(items.filter((li) => li.classList.contains('is-top')).map((li) => li.querySelector('.dd-digit')?.textContent)).toEqual(['7']);
    expect((items[7]!.querySelector('.dd-fill') as HTMLElement).style.width).toBe('62%');
    expect(el.querySelector('ol')?.getAttribute('aria-label')).toBe('Probabilities given by the CNN');
  });
  it('argmax keeps the first of equal maxima', () => {
    expect(argmax([0.1, 0.4, 0.4, 0.1])).toBe(1);
  });
});

describe('parsePixels (build-time digit of the LSTM view)', () => {
  it('accepts exactly 784 grey levels and refuses anything else', () => {
    const ok = Array.from({ length: 784 }, (_, i) => i % 256).join(',');
    expect(parsePixels(ok)?.length).toBe(784);
    expect(parsePixels(undefined)).toBeNull();
    expect(parsePixels('1,2,3')).toBeNull();
    expect(parsePixels(ok.replace(/^0/, '300'))).toBeNull();
  });
});
