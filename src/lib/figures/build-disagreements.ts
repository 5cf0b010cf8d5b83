// Server side only (Astro frontmatter at build time): never import from client code.
// Reads the two reference runs' prediction files and the test set, for <Disagreements />.
import { resolve } from 'node:path';
import { loadMnist } from '../data/mnist';
import { fileFetch } from '../data/node-fetch';
import { NOTEBOOK_OPTIONS } from '../models/options';
import { checkAgainstRun, disagreements, validatePredictions, type Disagreements, type Predictions } from './disagreements';
import { figureTree, type RunFigures } from './index';

const MODELS = ['cnn', 'lstm'] as const;
type Model = (typeof MODELS)[number];

/** Where the data comes from; the defaults are the committed files and public/data/mnist. */
export interface DisagreementSources {
  /** Prediction files by path (an import.meta.glob record: path → loader of the parsed JSON). */
  predictions: Record<string, () => Promise<unknown>>;
  /** The `misclassified` list of each result file, by path (same kind of record). */
  misclassified: Record<string, () => Promise<unknown>>;
  /** The 10,000 test labels and images, checksummed. */
  testSet: () => Promise<{ labels: Uint8Array; images: Uint8Array }>;
}

/** What the galleries draw: who is wrong where, the images, and the runs behind them. */
export interface DisagreementData {
  seed: number;
  galleries: Disagreements;
  /** The 784 pixels (0–255) of test image `index`. */
  image: (index: number) => Uint8Array;
  runs: Record<Model, RunFigures>;
}

/** The file a glob path stands for, as a writer of the site knows it (src/data/…). */
const shown = (path: string) => path.replace(/^(\.\.\/)+/, 'src/');

async function testSetFromPublic(): Promise<{ labels: Uint8Array; images: Uint8Array }> {
  try {
    return await loadMnist({
      baseUrl: 'http://build.local/data/mnist/',
      split: 'test',
      count: NOTEBOOK_OPTIONS.testSize,
      fetch: fileFetch(resolve(process.cwd(), 'public')),
      cache: null,
    });
  } catch (cause) {
    throw new Error(`<Disagreements>: the test set in public/data/mnist could not be read (run npm run data): ${String(cause)}`, { cause });
  }
}

const DEFAULT_SOURCES: DisagreementSources = {
  predictions: import.meta.glob<unknown>('../../data/reference/predictions/*.json', { import: 'default' }),
  misclassified: import.meta.glob<unknown>('../../data/reference/*-s*.json', { import: 'misclassified' }),
  testSet: testSetFromPublic,
};

/** One record entry by file name; throws naming the file when it is not there. */
async function read(record: Record<string, () => Promise<unknown>>, dir: string, file: string, hint: string): Promise<{ path: string; json: unknown }> {
  const key = Object.keys(record).find((k) => k.endsWith(`/${dir}/${file}`));
  if (!key) throw new Error(`<Disagreements>: src/data/${dir}/${file} is missing (${hint})`);
  return { path: shown(key), json: await record[key]!() };
}

/** Loads and checks everything the galleries need for one seed (the notebook options' seed by default). */
export async function loadDisagreements(sources: DisagreementSources = DEFAULT_SOURCES, seed: number = NOTEBOOK_OPTIONS.seed): Promise<DisagreementData> {
  const { labels, images } = await sources.testSet();
  const count = labels.length;
  const tree = figureTree();
  const preds = {} as Record<Model, Predictions>;
  const runs = {} as Record<Model, RunFigures>;
  for (const model of MODELS) {
    const hint = `npm run reference -- --model ${model} writes it, with seed ${seed}`;
    const file = await read(sources.predictions, 'reference/predictions', `${model}-s${seed}.json`, hint);
    preds[model] = validatePredictions(file.json, count, { name: file.path, model, seed });
    const result = await read(sources.misclassified, 'reference', `${model}-s${seed}.json`, hint);
    checkAgainstRun(preds[model], labels, result.json, file.path);
    const run = tree.refsAll[model].find((r) => r.seed === seed);
    if (!run) throw new Error(`<Disagreements>: src/data/reference/${model}-s${seed}.json is not a full result file`);
    runs[model] = run;
  }
  return {
    seed,
    galleries: disagreements(labels, preds.cnn, preds.lstm),
    image: (index) => images.subarray(index * 784, (index + 1) * 784),
    runs,
  };
}

let cached: Promise<DisagreementData> | null = null;
/** The galleries' data from the committed files, loaded once per build (both languages share it). */
export function referenceDisagreements(): Promise<DisagreementData> {
  if (!cached) {
    cached = loadDisagreements();
    cached.catch(() => { cached = null; }); // in dev, a file written later is read on the next render
  }
  return cached;
}
