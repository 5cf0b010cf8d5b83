import notebook from '../../data/notebook.json';
import { NOTEBOOK_OPTIONS, PRESETS } from '../models/options';
import { formatFigure, type FigureFormat } from './format';
import { buildFigureTree, lookup, type DataFile, type FigureTree } from './tree';

export { formatFigure, FORMATS, type FigureFormat } from './format';
export { buildFigureTree, lookup, type BrowserBenchFigures, type FigureTree, type PresetFigures, type RunFigures, type SeedSpread } from './tree';

// Every committed result file: the TF.js references and the Keras reproduction.
const files = import.meta.glob<{ default: unknown }>(['../../data/reference/*.json', '../../data/keras/*.json', '../../data/experiments/*.json', '../../../bench/results/bench-*.json'], { eager: true });

/** The committed result files, as the figure tree reads them. */
export function dataFiles(): DataFile[] {
  return Object.entries(files).map(([path, mod]) => ({ path, json: mod.default }));
}

let cached: FigureTree | null = null;
/** The figure tree of the committed data (built once per build). */
export function figureTree(): FigureTree {
  cached ??= buildFigureTree(notebook, dataFiles(), NOTEBOOK_OPTIONS.seed, PRESETS);
  return cached;
}

/** What an MDX `<V>` asks for: a path, optionally minus or over a second path. */
export interface FigureRequest { of: string; as?: FigureFormat; digits?: number; minus?: string; over?: string; abs?: boolean }

/** The text of one quoted figure; throws (failing the build) when the data does not have it. */
export function figureText(req: FigureRequest, lang: 'fr' | 'en', tree: FigureTree = figureTree()): string {
  let value = lookup(tree, req.of);
  const operand = (path: string) => {
    const v = lookup(tree, path);
    if (typeof v !== 'number' || typeof value !== 'number') throw new Error(`"${req.of}" and "${path}" must both be numbers`);
    return v;
  };
  if (req.minus) value = (value as number) - operand(req.minus);
  if (req.over) value = (value as number) / operand(req.over);
  if (req.abs && typeof value === 'number') value = Math.abs(value);
  try {
    return formatFigure(value, req.as ?? 'num', lang, req.digits);
  } catch (err) {
    throw new Error(`figure "${req.of}": ${(err as Error).message}`);
  }
}
