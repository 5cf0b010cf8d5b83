// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { breakAfter, islandText, tableElement } from './dom';

function host(attrs: Record<string, string>): HTMLElement {
  const node = document.createElement('div');
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

describe('islandText', () => {
  it('translates with the strings and language the island was rendered with', () => {
    const { t, lang } = islandText(host({ 'data-strings': JSON.stringify({ 'cell.done': 'Done in {time}.' }), 'data-lang': 'en' }));
    expect(lang).toBe('en');
    expect(t('cell.done', { time: '4 s' })).toBe('Done in 4 s.');
    expect(t('cell.run')).toBe('cell.run'); // not shipped to this island: the key shows
  });

  it('never throws on a missing or damaged attribute: keys show, French is the default', () => {
    for (const strings of [undefined, '{"cell.run": "Run"', 'null', '"text"']) {
      const { t, lang } = islandText(host(strings === undefined ? {} : { 'data-strings': strings }));
      expect(lang).toBe('fr');
      expect(t('cell.run')).toBe('cell.run');
    }
  });

  it('keeps only string values (a number or object is no translation)', () => {
    const { t } = islandText(host({ 'data-strings': JSON.stringify({ 'cell.run': 7, 'cell.stop': { x: 1 }, 'cell.stopping': 'Stopping…' }), 'data-lang': 'en-GB' }));
    expect([t('cell.run'), t('cell.stop'), t('cell.stopping')]).toEqual(['cell.run', 'cell.stop', 'Stopping…']);
  });
});

describe('breakAfter', () => {
  it('puts a <wbr> after each mark and none elsewhere, keeping the text', () => {
    const span = document.createElement('span');
    span.append(...breakAfter(document, 'val_accuracy_x', '_'));
    expect(span.innerHTML).toBe('val_<wbr>accuracy_<wbr>x');
    expect(span.textContent).toBe('val_accuracy_x');
    expect(breakAfter(document, 'loss', '_')).toEqual(['loss']);
  });
});

describe('tableElement', () => {
  it("lets Keras column names break at the underscore, their text and the table's semantics unchanged", () => {
    const table = tableElement(document, { caption: 'History', columns: ['Epoch', 'loss', 'val_loss', 'val_accuracy'], rows: [['1/2', '0.5', '0.4', '0.9']] });
    const heads = [...table.querySelectorAll('thead th')];
    expect(heads.map((h) => h.textContent)).toEqual(['Epoch', 'loss', 'val_loss', 'val_accuracy']);
    expect(heads.map((h) => h.getAttribute('scope'))).toEqual(['col', 'col', 'col', 'col']);
    expect(heads[3]!.innerHTML).toBe('val_<wbr>accuracy');
    expect(heads[1]!.querySelector('wbr')).toBeNull();
    expect(table.querySelector('caption')?.textContent).toBe('History');
    expect(table.querySelector('tbody th')?.getAttribute('scope')).toBe('row');
  });
});
