// `npm run bench [-- --quick] [--only node|keras|browser|save-predict|auto] [--rounds N] [--backends webgpu,webgl,wasm,cpu] [--models cnn,lstm]`: speed of the site's trainer
// against a plain model.fit (same data, backend and page, same run), in Node (wasm, cpu)
// and in headless Chromium (WebGPU via SwiftShader's Vulkan, WebGL via SwiftShader, wasm, cpu); plus, in Chromium, a run
// through the real worker: time from Run to the first finished batch and the longest
// main-thread task; what "auto" costs on a first training (its measurement of each backend); and, when a Python with Keras is found (KERAS_PYTHON, or
// ~/.venvs/cnn-lstm-keras/bin/python), the notebook's models in real Keras on the same machine,
// same batch and example count, with 1 and 2 threads, beside the Node rows.
// Writes bench/results/bench-<date>.json and prints a table.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
const ROUNDS = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : quick ? 1 : 6;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 50) throw new Error('--rounds must be an integer from 1 to 50');
if (ROUNDS % 6 !== 0 && !quick) console.warn(`--rounds ${ROUNDS}: not a multiple of 6, so the six orders of the three variants are not all run equally often`);
// Examples per measurement: software WebGL trains the CNN at ~25 ex/s, the CPU backend slower still, and software
// WebGPU slowest (a CNN step of 32 images takes ~11 s here): one batch of warm-up and one per round.
const SIZES = quick
  ? { node: { wasm: { cnn: 128, lstm: 128 }, cpu: { cnn: 64, lstm: 32 } }, browser: { webgpu: { cnn: 32, lstm: 32 }, webgl: { cnn: 64, lstm: 64 }, wasm: { cnn: 128, lstm: 128 }, cpu: { cnn: 32, lstm: 32 } } }
  : { node: { wasm: { cnn: 640, lstm: 640 }, cpu: { cnn: 128, lstm: 192 } }, browser: { webgpu: { cnn: 32, lstm: 64 }, webgl: { cnn: 192, lstm: 192 }, wasm: { cnn: 640, lstm: 640 }, cpu: { cnn: 96, lstm: 192 } } };
const MODELS = argv.includes('--models') ? argv[argv.indexOf('--models') + 1].split(',') : ['cnn', 'lstm'];
const BACKENDS = argv.includes('--backends') ? argv[argv.indexOf('--backends') + 1].split(',') : ['webgpu', 'webgl', 'wasm', 'cpu'];
// USER_HZ of /proc/<pid>/stat: 100 on Linux unless the kernel says otherwise.
const CLOCK_TICKS = Number((await import('node:child_process')).execSync('getconf CLK_TCK').toString().trim()) || 100;
const root = resolve('.');
const work = await mkdtemp(join(tmpdir(), 'mnist-bench-'));
const rows = { node: [], keras: [], browser: [], worker: [], savePredict: [], auto: [], contextLost: null, errors: [] };

try {
  if (only === null || only === 'node') await benchNode();
  if (only === null || only === 'node' || only === 'keras') await benchKeras();
  if (only !== 'node' && only !== 'keras') await benchBrowser(only === 'save-predict' || only === 'auto', only === 'auto');
} finally {
  await rm(work, { recursive: true, force: true });
}

const cpu = cpus();
const report = {
  date: new Date().toISOString(), quick, node: process.version, cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length,
  rounds: ROUNDS,
  note: 'Rates are training examples/s over one epoch of the subset, after a warm-up; medians over the rounds (each round runs the three variants back to back, in one of the six orders, after a gc). The machine may be shared: compare rows of one run only; CPU-time rates (Node: the process; Chromium: all its processes) resist other load.',
  ...rows,
};
await mkdir('bench/results', { recursive: true });
const out = `bench/results/bench-${report.date.replace(/[:.]/g, '-')}.json`;
await writeFile(out, JSON.stringify(report, null, 2) + '\n');
printTable();
console.log(`\nwritten ${out}`);

async function benchNode() {
  const entry = join(work, 'node-entry.ts');
  await writeFile(entry, `
    import { initNodeBackend } from ${JSON.stringify(join(root, 'src/lib/backends/node.ts'))};
    import { fileFetch } from ${JSON.stringify(join(root, 'src/lib/data/node-fetch.ts'))};
    import { measureSpeed } from ${JSON.stringify(join(root, 'bench/measure.ts'))};
    import { setFlagsFromString } from 'node:v8';
    import { runInNewContext } from 'node:vm';
    // A gc() the measurement calls before each variant, so that none pays for another's garbage.
    setFlagsFromString('--expose-gc');
    globalThis.gc = runInNewContext('gc');
    export async function run(backend, kind, n) {
      await initNodeBackend(backend);
      const cpuClock = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
      return measureSpeed(kind, n, 'http://local/data/mnist/', { fetch: fileFetch(${JSON.stringify(join(root, 'public'))}), cpuClock, rounds: ${ROUNDS} });
    }`);
  // Bundled next to node_modules so that Node resolves @tensorflow/* from the project.
  const outfile = join(root, '.reference-state/bundle/bench-node.mjs');
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  const { run } = await import(pathToFileURL(outfile).href);
  for (const backend of ['wasm', 'cpu'].filter((b) => BACKENDS.includes(b))) {
    for (const kind of MODELS) {
      const n = SIZES.node[backend][kind];
      log(`node ${backend} ${kind} (${n} examples)...`);
      try {
        rows.node.push(await run(backend, kind, n));
      } catch (e) {
        rows.errors.push({ where: 'node', backend, model: kind, error: String(e) });
      }
    }
  }
}

/** The Python that has Keras, or null (then the Keras rows are skipped, and the report says so). */
async function kerasPython() {
  const { existsSync } = await import('node:fs');
  const { homedir } = await import('node:os');
  const candidates = [process.env.KERAS_PYTHON, join(homedir(), '.venvs/cnn-lstm-keras/bin/python')].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

async function benchKeras() {
  const python = await kerasPython();
  if (!python) {
    rows.errors.push({ where: 'keras', backend: '', model: '', error: 'no Python with Keras (set KERAS_PYTHON, see README): Keras rows skipped' });
    return;
  }
  const { execFileSync } = await import('node:child_process');
  for (const threads of [1, 2]) {
    const n = SIZES.node.wasm.cnn;
    log(`keras ${MODELS.join(',')} ${threads} thread(s) (${n} examples)...`);
    try {
      const out = execFileSync(python, ['scripts/keras/bench.py', '--threads', String(threads), '--models', MODELS.join(','), '--examples', String(n), '--rounds', String(ROUNDS)],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 16 << 20 });
      const report = JSON.parse(out.trim().split('\n').at(-1));
      for (const r of report.rows) rows.keras.push({ ...r, tensorflow: report.tensorflow, keras: report.keras });
    } catch (e) {
      rows.errors.push({ where: 'keras', backend: `${threads} thread(s)`, model: '', error: String(e).split('\n')[0] });
    }
  }
}

async function benchBrowser(savePredictOnly, autoOnly = false) {
  const site = join(work, 'site');
  const common = { bundle: true, format: 'esm', platform: 'browser', logLevel: 'warning', define: { 'import.meta.env.BASE_URL': '"/"' } };
  await build({ ...common, entryPoints: { page: 'bench/page.ts', worker: 'src/lib/train/worker.ts' }, outdir: site, splitting: true });
  await writeFile(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/page.js"></script>');
  const mounts = [
    ['/tfjs-wasm/', resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')],
    ['/data/mnist/', resolve('public/data/mnist')],
    ['/', site],
  ];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    const file = resolve(dir, '.' + path.slice(prefix.length - 1) + (path.endsWith('/') ? 'index.html' : ''));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      const type = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' }[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--js-flags=--expose-gc',
      // Software WebGPU (Dawn on SwiftShader's Vulkan), for the webgpu rows; the page is on localhost, a secure context.
      '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'],
  });
  try {
    for (const backend of savePredictOnly ? [] : BACKENDS) {
      for (const kind of MODELS) {
        const n = SIZES.browser[backend][kind];
        for (const fn of ['benchSpeed', 'benchWorker']) {
          log(`chromium ${fn} ${backend} ${kind} (${n} examples)...`);
          const page = await browser.newPage(); // a fresh page (and GPU context) per measurement
          try {
            // The CPU time of every Chromium process (renderer, GPU process running SwiftShader, browser).
            await page.exposeFunction('benchCpuMs', () => treeCpuMs(process.pid));
            await page.goto(url);
            await page.waitForFunction(() => 'benchSpeed' in globalThis);
            const row = await page.evaluate(([f, b, k, m, r]) => globalThis[f](k, b, m, r), [fn, backend, kind, n, ROUNDS]);
            (fn === 'benchSpeed' ? rows.browser : rows.worker).push(row);
          } catch (e) {
            rows.errors.push({ where: `chromium ${fn}`, backend, model: kind, error: String(e).split('\n')[0] });
          } finally {
            await page.close();
          }
        }
      }
    }
    // What "auto" costs on a first training (no stored choice): a fresh page per model.
    for (const kind of MODELS) {
      const p = await browser.newPage();
      try {
        log(`chromium auto ${kind}...`);
        await p.goto(url);
        await p.waitForFunction(() => 'benchAuto' in globalThis);
        rows.auto.push(await p.evaluate((k) => globalThis.benchAuto(k), kind));
      } catch (e) {
        rows.errors.push({ where: 'chromium auto', backend: 'auto', model: kind, error: String(e).split('\n')[0] });
      } finally {
        await p.close();
      }
    }
    if (autoOnly) return;
    // One page for both models: the second predict must not find the other's model, and each must round-trip.
    const page = await browser.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction(() => 'checkSavePredict' in globalThis);
      for (const kind of MODELS) rows.savePredict.push(await page.evaluate((k) => globalThis.checkSavePredict(k, 'wasm'), kind));
    } catch (e) {
      rows.errors.push({ where: 'chromium save/predict', backend: 'wasm', model: '', error: String(e).split('\n')[0] });
    } finally {
      await page.close();
    }
    if (!savePredictOnly && BACKENDS.includes('webgl')) {
      rows.contextLost = await checkContextLost(browser, url).catch((e) => ({ error: String(e).split('\n')[0] }));
    }
  } finally {
    await browser.close();
    server.close();
  }
}

/** CPU time (user + system, ms) of every live descendant of `root` (Linux /proc); the browser's processes here. */
async function treeCpuMs(rootPid) {
  const { readdir } = await import('node:fs/promises');
  const procs = new Map();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which may hold spaces: state ppid ... utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = procs.get(p)?.ppid ?? 0, hops++) if (p === rootPid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, p] of procs) if (pid !== rootPid && inTree(pid)) ticks += p.ticks;
  return (ticks * 1000) / CLOCK_TICKS;
}

/** Loses the worker's WebGL contexts (WEBGL_lose_context) after the first batch; returns how the run ended. */
async function checkContextLost(browser, url) {
  log('chromium context-lost check...');
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => 'checkContextLost' in globalThis);
    const workerStarted = page.waitForEvent('worker');
    const outcome = page.evaluate(() => globalThis.checkContextLost());
    const worker = await workerStarted;
    // Before TF.js creates its context (the data load first): keep every WebGL context made.
    await worker.evaluate(() => {
      const made = (globalThis.__contexts = []);
      const getContext = OffscreenCanvas.prototype.getContext;
      OffscreenCanvas.prototype.getContext = function (...args) {
        const ctx = getContext.apply(this, args);
        if (ctx && 'getExtension' in ctx) made.push(ctx);
        return ctx;
      };
    });
    await page.waitForFunction(() => globalThis.contextState?.firstBatch === true, null, { timeout: 300_000 });
    await page.evaluate(() => (globalThis.contextState.lostAt = performance.now()));
    const lost = await worker.evaluate(() => globalThis.__contexts.filter((gl) => !gl.isContextLost()).map((gl) => gl.getExtension('WEBGL_lose_context')?.loseContext()).length);
    return { contextsLost: lost, ...(await outcome) };
  } finally {
    await page.close();
  }
}

function printTable() {
  const f = (x) => (typeof x === 'number' ? x.toFixed(1) : String(x));
  const line = (label, r) => `${label} ${f(r.trainerReadEvery1).padStart(9)}  ${f(r.trainerReadEvery10).padStart(10)}  ${f(r.modelFit).padStart(9)}  ${r.ratio.toFixed(2)} (${r.ratioMin.toFixed(2)}-${r.ratioMax.toFixed(2)})  ${r.ratio1.toFixed(2)}`;
  console.log(`\nmedians of ${ROUNDS} round(s), examples/s`);
  console.log('where     backend  model  n     trainer/1  trainer/10  model.fit  trainer/10 ÷ fit (range)  trainer/1 ÷ fit');
  for (const [where, list] of [['node', rows.node], ['chromium', rows.browser]]) {
    for (const r of list) {
      console.log(line(`${where.padEnd(9)} ${r.backend.padEnd(8)} ${r.model.padEnd(6)} ${String(r.examples).padEnd(5)}`, r));
      if (r.cpu) console.log(line('  per CPU-s'.padEnd(31), r.cpu));
    }
  }
  if (rows.keras.length > 0) {
    console.log('\nKeras (same machine, same examples, batch 32)  examples/s median (range)  per CPU-s  ÷ TF.js Node wasm trainer/10');
    for (const k of rows.keras) {
      const tfjs = rows.node.find((r) => r.backend.startsWith('wasm') && r.model === k.model);
      const ratio = tfjs ? (k.examplesPerSecond / tfjs.trainerReadEvery10).toFixed(2) : '—';
      console.log(`keras ${k.keras}  ${k.model.padEnd(5)} ${k.threads} thread(s)  ${f(k.examplesPerSecond).padStart(8)} (${f(k.min)}-${f(k.max)})  ${f(k.cpuExamplesPerSecond).padStart(8)}  ${ratio}`);
    }
  }
  console.log('\nworker (chromium)  backend  model  n     first batch (ms)  ex/s (epoch incl. val)  longest main-thread task (ms)');
  for (const r of rows.worker) {
    console.log(`                   ${r.backend.padEnd(8)} ${r.model.padEnd(6)} ${String(r.examples).padEnd(5)} ${f(r.firstBatchMs).padStart(16)}  ${f(r.workerExPerSec).padStart(22)}  ${f(r.longestTaskMs).padStart(29)}`);
  }
  for (const r of rows.savePredict) {
    const p = r.probabilities;
    console.log(`save+predict ${r.model} on ${r.backend}: before save -> ${r.beforeSave}; after -> ${p.length} probabilities summing to ${p.reduce((a, b) => a + b, 0).toFixed(4)}${r.saveError ? `; save error ${r.saveError}` : ''}`);
  }
  for (const r of rows.auto) {
    const rates = r.rates.map((x) => `${x.backend} ${x.examplesPerSecond === null ? `not measured (${x.reason})` : `${f(x.examplesPerSecond)} ex/s`} in ${x.seconds.toFixed(2)} s`).join(', ');
    console.log(`auto ${r.model}: picked ${r.picked}, measurement ${r.measureSeconds === null ? '?' : `${r.measureSeconds.toFixed(2)} s`} (${rates})`);
  }
  if (rows.contextLost) console.log(`context lost mid-training (webgl): ${JSON.stringify(rows.contextLost)}`);
  for (const e of rows.errors) console.log(`error: ${e.where} ${e.backend} ${e.model}: ${e.error}`);
}

function log(s) {
  console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);
}
