// `npm run reference -- --model cnn|lstm|all [--backend wasm|cpu] [--fresh]`
// Smoke flags: --train-size N --test-size N --epochs N --batch-size N --seed N --out DIR
// Output (full runs only: the notebook's configuration, any seed): src/data/reference/<model>-s<seed>.json,
// weights/<model>-s<seed>.f16.bin + .json (the final weights, float16) and predictions/<model>-s<seed>.json.
import { runEntry } from './run-entry.mjs';

await runEntry('reference-entry');
