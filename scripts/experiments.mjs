// `npm run experiments [-- --only shuffle,shift] [--backend wasm|cpu] [--out DIR]`: the
// experiments' reference results (src/data/experiments/<id>.json), resumable.
import { runEntry } from './run-entry.mjs';

await runEntry('experiments-entry');
