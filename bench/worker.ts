// The site's training worker (src/lib/train/worker.ts) unchanged, with the bench's WASM mode
// set before any training starts: the worker rows of the WASM modes use it (the other backends use the
// plain worker). Bundled with splitting, the site's worker code may land in a shared chunk that
// evaluates first: harmless, since the backend starts only on a message, after the whole graph ran.
import './worker-prelude';
import '../src/lib/train/worker';
