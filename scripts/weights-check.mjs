// `npm run weights-check`: loads the reference weights from the files the site serves
// (public/data/models, made by `npm run data`), as float16 expanded to float32, and checks that
// each model keeps its reference test accuracy within 0.05 point. Writes src/data/reference/weights-check.json.
import { runEntry } from './run-entry.mjs';

await runEntry('weights-check-entry');
