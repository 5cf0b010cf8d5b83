import { describe, expect, it } from 'vitest';
import { joinBase } from './url';

describe('joinBase', () => {
  it('keeps root-based paths at the root', () => {
    expect(joinBase('/', '/data/mnist/manifest.json')).toBe('/data/mnist/manifest.json');
  });
  it('prefixes a GitHub Pages project path, with or without slashes', () => {
    expect(joinBase('/cnn-lstm-mnist/', '/en/cnn/')).toBe('/cnn-lstm-mnist/en/cnn/');
    expect(joinBase('/cnn-lstm-mnist', 'data/x.gz')).toBe('/cnn-lstm-mnist/data/x.gz');
  });
  it('refuses absolute URLs, which would leave the site', () => {
    expect(() => joinBase('/', 'https://example.com/a')).toThrow(/site-internal/);
  });
});
