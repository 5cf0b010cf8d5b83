// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { islandText } from './dom';

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
