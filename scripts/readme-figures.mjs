#!/usr/bin/env node
// `node scripts/readme-figures.mjs [--check]`: writes the README's table of result figures
// (between its figures:start/end markers) from src/data, with the code the site uses for
// the same figures (src/lib/figures). --check exits 1 when the README differs (the unit
// test scripts/readme-figures.test.mjs runs the same comparison).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { buildFigureTree } = await import('../src/lib/figures/tree.ts');
const { formatFigure } = await import('../src/lib/figures/format.ts');
const MAIN_SEED = 42; // NOTEBOOK_OPTIONS.seed (src/lib/models/options.ts), checked by the test

/** Every result file under src/data/{reference,keras}, as the figure tree reads them. */
export function readDataFiles(root = ROOT) {
  const read = (dir, prefix) => {
    let names = [];
    try { names = readdirSync(join(root, dir)); } catch { return []; }
    return names.filter((n) => n.endsWith('.json')).map((n) => ({ path: `${prefix}/${n}`, json: JSON.parse(readFileSync(join(root, dir, n), 'utf8')) }));
  };
  return [...read('src/data/reference', '/data/reference'), ...read('src/data/keras', '/data/keras'), ...read('bench/results', '/bench/results')];
}

/** The Markdown table: one row per source, mean and range over seeds where there are several. */
export function figuresTable(root = ROOT) {
  const notebook = JSON.parse(readFileSync(join(root, 'src/data/notebook.json'), 'utf8'));
  const tree = buildFigureTree(notebook, readDataFiles(root), MAIN_SEED);
  const f = (v, as) => formatFigure(v, as, 'en').replace(/\u00a0/g, ' ');
  const spread = (s, metric) => {
    if (!s) return '—';
    const x = s[metric];
    const as = metric === 'accuracy' ? 'pct' : 's';
    return x.n > 1 ? `${f(x.mean, as)} (${f(x, `${as}Range`)}, ${x.n} runs)` : `${f(x.mean, as)} (1 run)`;
  };
  const one = (r, metric) => (r ? f(metric === 'accuracy' ? r.accuracy : r.seconds, metric === 'accuracy' ? 'pct' : 's') : '—');
  const k = tree.kerasRun.cnn ?? tree.kerasRun.lstm;
  const ref = tree.ref.cnn ?? tree.ref.lstm;
  const seeds = (s) => (s ? s.seeds.join(', ') : '—');
  // The mean load measured during the runs (1 is the run alone on the machine), and the seeds without it.
  const load = (runs) => {
    const seen = runs.filter((r) => r.loadMean !== null).map((r) => r.loadMean);
    const missing = [...new Set(runs.filter((r) => r.loadMean === null).map((r) => r.seed))];
    const parts = seen.length ? [`mean load ${f(Math.min(...seen), 'num')}–${f(Math.max(...seen), 'num')}`] : [];
    if (missing.length) parts.push(`not measured for seed ${missing.join(', ')}`);
    return parts.join(', ');
  };
  // The days the runs were made, from their files (runs of one source may span several days).
  const days = (...runs) => [...new Set(runs.filter(Boolean).map((r) => r.date.slice(0, 10)))].sort().join(', ');
  const rows = [
    ['Notebook, as published', one(tree.notebook.cnn, 'accuracy'), one(tree.notebook.lstm, 'accuracy'), one(tree.notebook.cnn, 'seconds'), one(tree.notebook.lstm, 'seconds'),
      'Keras, hardware not stated; 5 epochs stated, probably 10 in fact'],
    ['Keras, same machine', spread(tree.keras.cnn, 'accuracy'), spread(tree.keras.lstm, 'accuracy'), spread(tree.keras.cnn, 'seconds'), spread(tree.keras.lstm, 'seconds'),
      k ? `\`scripts/keras/train.py\`: Keras ${k.versions.keras}, TensorFlow ${k.versions.tensorflow}, ${k.versions.threads} threads; seeds ${seeds(tree.keras.cnn)} (CNN), ${seeds(tree.keras.lstm)} (LSTM); ${load([...tree.kerasAll.cnn, ...tree.kerasAll.lstm])}` : 'not run yet'],
    ['Keras, the notebook\'s 5 + 5 double fit', one(tree.kerasDouble.cnn, 'accuracy'), one(tree.kerasDouble.lstm, 'accuracy'), one(tree.kerasDouble.cnn, 'seconds'), one(tree.kerasDouble.lstm, 'seconds'),
      'time of the second, timed fit; seed 0'],
    ['TF.js reference runs', spread(tree.refs.cnn, 'accuracy'), spread(tree.refs.lstm, 'accuracy'), spread(tree.refs.cnn, 'seconds'), spread(tree.refs.lstm, 'seconds'),
      ref ? `\`npm run reference\`: TF.js ${ref.versions.tfjs}, Node ${ref.versions.node}, WASM, one thread; seeds ${seeds(tree.refs.cnn)} (CNN), ${seeds(tree.refs.lstm)} (LSTM); ${load([...tree.refsAll.cnn, ...tree.refsAll.lstm])}` : 'not run yet'],
  ];
  const cpu = ref ? `${ref.cpu}, ${ref.cores} cores` : k ? `${k.cpu}, ${k.cores} cores` : 'unknown';
  const b = tree.bench;
  const ratio = (model, t) => (b?.keras[model]?.[t] && b.tfjs[model] ? f(b.keras[model][t] / b.tfjs[model].trainer, 'x') : '—');
  const speed = b
    ? ['', `Speed in one sitting (\`npm run bench\`, ${b.date.slice(0, 16).replace('T', ' ')} UTC, \`bench/results/${b.file}\`, same machine, same ${b.tfjs.cnn?.examples ?? '?'} training images, batch 32): Keras trains the CNN ${ratio('cnn', 't1')} and the LSTM ${ratio('lstm', 't1')} faster than the site's TF.js trainer in Node (WASM), both on one thread; with 2 threads, Keras is ${ratio('cnn', 't2')} (CNN) and ${ratio('lstm', 't2')} (LSTM) faster. See \`bench/README.md\`.`]
    : [];
  return [
    `Test accuracy on the 10,000 test images and time of the timed fit (training + validation each epoch), 5 epochs, batch 32. Keras and TF.js ran on 2-core VMs of the same kind (${cpu}), one run at a time per source, some beside other work: the last column gives the 1-minute load average measured during the runs (about 1 for a run alone), so compare times with care (run days: Keras ${days(...tree.kerasAll.cnn, ...tree.kerasAll.lstm)}; TF.js ${days(...tree.refsAll.cnn, ...tree.refsAll.lstm)}). Generated by \`node scripts/readme-figures.mjs\` from \`src/data/\`; a unit test fails when it is out of date.`,
    '',
    '| source | CNN accuracy | LSTM accuracy | CNN time | LSTM time | how it ran |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    ...speed,
  ].join('\n');
}

const START = '<!-- figures:start -->';
const END = '<!-- figures:end -->';

/** The README with its figures section regenerated. */
export function updatedReadme(text, table) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = join(ROOT, 'README.md');
  const text = readFileSync(path, 'utf8');
  const next = updatedReadme(text, figuresTable());
  if (process.argv.includes('--check')) {
    if (next !== text) { console.error('README.md figures are out of date: run node scripts/readme-figures.mjs'); process.exit(1); }
    console.log('README.md figures are up to date');
  } else {
    writeFileSync(path, next);
    console.log('README.md figures written');
  }
}
