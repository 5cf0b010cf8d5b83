// `npm run bench [-- --quick] [--only node|keras|browser|save-predict|auto|quick-preset] [--rounds N] [--backends webgpu,webgl,wasm,wasm-threads,cpu] [--models cnn,lstm]
//  [--no-wasm-threads] [--wasm-uncapped] [--no-isolation] [--preset-runs N] [--build-site]`: speed of the site's trainer
// against a plain model.fit (same data, backend and page, same run), in Node (wasm, cpu)
// and in headless Chromium (WebGPU via SwiftShader's Vulkan, WebGL via SwiftShader, wasm on one thread and
// wasm on its threaded binary, cpu; the bench page is cross-origin isolated by COOP/COEP headers); plus, in Chromium, a run
// through the real worker: time from Run to the first finished batch and the longest
// main-thread task; what "auto" costs on a first training (its measurement of each backend); and, when a Python with Keras is found (KERAS_PYTHON, or
// ~/.venvs/cnn-lstm-keras/bin/python), the notebook's models in real Keras on the same machine,
// same batch and example count, with 1 and 2 threads, beside the Node rows; and the real course
// (dist-test/, served by scripts/serve.mjs with and without COOP/COEP): the quick preset on WASM,
// from the click on Run to the done state, single-threaded and threaded (see bench/README.md).
// Writes bench/results/bench-<date>.json and prints a table.
import { build } from 'esbuild';
import { esbuildTfjsWasmThreads } from '../integrations/tfjs-wasm-threads.mjs';
// The service worker's own isolation headers (src/lib/offline/headers.ts), here sent by the server.
import { ISOLATION_HEADERS } from '../src/lib/offline/headers.ts';
import { codeVersion } from './code-version.ts';
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { presetSummary, threadRatios } from './bench-threads.mjs';
import { findBrowser, requireBrowser } from './find-browser.mjs';
import { createStaticServer } from './serve.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
const ONLY = ['node', 'keras', 'browser', 'save-predict', 'auto', 'quick-preset'];
if (only !== null && !ONLY.includes(only)) throw new Error(`--only must be one of ${ONLY.join(', ')}`);
const ROUNDS = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : quick ? 1 : 6;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 50) throw new Error('--rounds must be an integer from 1 to 50');
if (ROUNDS % 6 !== 0 && !quick) console.warn(`--rounds ${ROUNDS}: not a multiple of 6, so the six orders of the three variants are not all run equally often`);
// Examples per measurement: software WebGL trains the CNN at ~25 ex/s, the CPU backend slower still, and software
// WebGPU slowest (a CNN step of 32 images takes ~11 s here): one batch of warm-up and one per round.
const SIZES = quick
  ? { node: { wasm: { cnn: 128, lstm: 128 }, cpu: { cnn: 64, lstm: 32 } }, browser: { webgpu: { cnn: 32, lstm: 32 }, webgl: { cnn: 64, lstm: 64 }, wasm: { cnn: 128, lstm: 128 }, cpu: { cnn: 32, lstm: 32 } } }
  : { node: { wasm: { cnn: 640, lstm: 640 }, cpu: { cnn: 128, lstm: 192 } }, browser: { webgpu: { cnn: 32, lstm: 64 }, webgl: { cnn: 192, lstm: 192 }, wasm: { cnn: 640, lstm: 640 }, cpu: { cnn: 96, lstm: 192 } } };
// The threaded WASM rows train on exactly what the single-threaded ones do.
SIZES.browser['wasm-threads'] = SIZES.browser['wasm-threads-uncapped'] = SIZES.browser.wasm;
const MODELS = argv.includes('--models') ? argv[argv.indexOf('--models') + 1].split(',') : ['cnn', 'lstm'];
const BACKENDS = argv.includes('--backends') ? argv[argv.indexOf('--backends') + 1].split(',') : ['webgpu', 'webgl', 'wasm', 'cpu'];
// `wasm` brings its threaded twin along (same page, same run), unless --no-wasm-threads; --wasm-uncapped adds a third
// row, threaded with TF.js's cores ÷ 2 thread cap lifted (bench/wasm-mode.ts). Node has no threaded WASM (TF.js 4.22).
const WASM_ROWS = ['wasm', 'wasm-threads', 'wasm-threads-uncapped'];
if (BACKENDS.includes('wasm') && !BACKENDS.includes('wasm-threads') && !argv.includes('--no-wasm-threads')) BACKENDS.splice(BACKENDS.indexOf('wasm') + 1, 0, 'wasm-threads');
if (argv.includes('--wasm-uncapped') && !BACKENDS.includes('wasm-threads-uncapped')) {
  const after = BACKENDS.indexOf('wasm-threads') >= 0 ? BACKENDS.indexOf('wasm-threads') : BACKENDS.indexOf('wasm');
  BACKENDS.splice(after >= 0 ? after + 1 : BACKENDS.length, 0, 'wasm-threads-uncapped');
}
for (const b of BACKENDS) if (!(b in SIZES.browser)) throw new Error(`--backends: unknown backend ${b} (webgpu, webgl, wasm, wasm-threads, wasm-threads-uncapped, cpu)`);
// COOP/COEP on every response of the bench page's server: the page and its workers are cross-origin isolated (SharedArrayBuffer, threaded WASM).
const ISOLATED = !argv.includes('--no-isolation');
// Click-to-done runs of the course's quick preset, per model and per mode (single-threaded, threaded).
const PRESET_RUNS = argv.includes('--preset-runs') ? Number(argv[argv.indexOf('--preset-runs') + 1]) : quick ? 1 : 3;
if (!Number.isInteger(PRESET_RUNS) || PRESET_RUNS < 1 || PRESET_RUNS > 20) throw new Error('--preset-runs must be an integer from 1 to 20');
/** Targets the issue set (measured, never asserted): threaded ÷ single examples/s, and the quick preset's click-to-done seconds. */
const TARGETS = { threadedRatio: 1.6, quickPresetSeconds: 8 };
// The system Chromium (CHROMIUM_PATH, else /usr/bin/chromium…), as the e2e tests find it; required by the browser phase only.
const BROWSER_PATH = findBrowser();
/** Base path dist-test is built with (package.json "test:build"), as in playwright.config.ts. */
const SITE_BASE = '/cnn-lstm-mnist/';
// USER_HZ of /proc/<pid>/stat: 100 on Linux unless the kernel says otherwise.
const CLOCK_TICKS = Number((await import('node:child_process')).execSync('getconf CLK_TCK').toString().trim()) || 100;
const root = resolve('.');
const work = await mkdtemp(join(tmpdir(), 'mnist-bench-'));
const rows = { node: [], keras: [], browser: [], worker: [], wasmThreads: [], quickPreset: [], quickPresetSummary: [], savePredict: [], auto: [], contextLost: null, errors: [] };
const loadAtStart = loadavg();
// The commit the measured code comes from, read before anything runs (see code-version.ts).
const commit = codeVersion();

try {
  if (only === null || only === 'node') await benchNode();
  if (only === null || only === 'node' || only === 'keras') await benchKeras();
  if (only !== 'node' && only !== 'keras') await benchBrowser(only);
} finally {
  await rm(work, { recursive: true, force: true });
}
rows.wasmThreads = threadRatios(rows, MODELS, TARGETS.threadedRatio);

const cpu = cpus();
const report = {
  date: new Date().toISOString(), commit, quick, node: process.version, cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length,
  rounds: ROUNDS, browserPath: BROWSER_PATH, benchPageIsolated: ISOLATED,
  // 1-, 5- and 15-minute load averages at the start and the end: about 1 per busy core of this run alone.
  loadAverage: { start: loadAtStart, end: loadavg() },
  targets: TARGETS,
  note: 'Rates are training examples/s over one epoch of the subset, after a warm-up; medians over the rounds (each round runs the three variants back to back, in one of the six orders, after a gc). The machine may be shared: compare rows of one run only; CPU-time rates (Node: the process; Chromium: all its processes) resist other load.',
  ...rows,
};
// The course quotes the latest full (not --quick) run's Chromium rows (src/lib/figures/tree.ts, browserBench:
// rates and first batch of wasm, webgl and cpu, both models). A run with Chromium rows lacking any of them
// (`--backends wasm`, `--models lstm`, a failed row) would become that latest run and blank those figures:
// it goes to bench/results/partial/, which the figures do not read.
const QUOTED = ['wasm', 'webgl', 'cpu'].flatMap((b) => ['cnn', 'lstm'].map((m) => [b, m]));
const partial = !quick && rows.browser.length > 0
  && QUOTED.some(([b, m]) => !rows.browser.some((r) => r.backend === b && r.model === m) || !rows.worker.some((r) => r.backend === b && r.model === m));
const dir = partial ? 'bench/results/partial' : 'bench/results';
report.partial = partial;
await mkdir(dir, { recursive: true });
const out = `${dir}/bench-${report.date.replace(/[:.]/g, '-')}.json`;
await writeFile(out, JSON.stringify(report, null, 2) + '\n');
printTable();
console.log(`\nwritten ${out}${partial ? ' (partial: not every Chromium row the course quotes, so kept out of bench/results/ where the figures read the latest full run)' : ''}`);

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

async function benchBrowser(only) {
  const savePredictOnly = only === 'save-predict' || only === 'auto' || only === 'quick-preset';
  const autoOnly = only === 'auto' || only === 'quick-preset';
  const site = join(work, 'site');
  // With the site's fix to TF.js's threaded WASM build (integrations/tfjs-wasm-threads.mjs), as the site bundles it.
  const common = { bundle: true, format: 'esm', platform: 'browser', logLevel: 'warning', define: { 'import.meta.env.BASE_URL': '"/"' }, plugins: [esbuildTfjsWasmThreads()] };
  // worker: the site's own; bench-worker: the same with the WASM mode (?wasm=single|threads) set first (bench/worker.ts).
  await build({ ...common, entryPoints: { page: 'bench/page.ts', worker: 'src/lib/train/worker.ts', 'bench-worker': 'bench/worker.ts' }, outdir: site, splitting: true });
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
      res.writeHead(200, { ...(ISOLATED ? ISOLATION_HEADERS : {}), 'content-type': type }).end(body);
    } catch {
      res.writeHead(404, ISOLATED ? ISOLATION_HEADERS : {}).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: requireBrowser(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--js-flags=--expose-gc',
      // Software WebGPU (Dawn on SwiftShader's Vulkan), for the webgpu rows; the page is on localhost, a secure context.
      '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'],
  });
  try {
    // The WASM rows (single, threaded, threaded uncapped) form one group, run one after the other for each
    // model, so that their ratios compare neighbours in time; every other backend is a group of its own.
    const groups = [];
    const wasmGroup = BACKENDS.filter((b) => WASM_ROWS.includes(b));
    for (const b of savePredictOnly ? [] : BACKENDS) {
      if (!WASM_ROWS.includes(b)) groups.push([b]);
      else if (b === wasmGroup[0]) groups.push(wasmGroup);
    }
    for (const group of groups) {
      for (const kind of MODELS) {
        for (const backend of group) {
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
              row.pageCrossOriginIsolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
              (fn === 'benchSpeed' ? rows.browser : rows.worker).push(row);
            } catch (e) {
              rows.errors.push({ where: `chromium ${fn}`, backend, model: kind, error: String(e).split('\n')[0] });
            } finally {
              await page.close();
            }
          }
        }
      }
    }
    if (only === null || only === 'browser' || only === 'quick-preset') {
      await benchQuickPreset(browser).catch((e) => rows.errors.push({ where: 'quick-preset', backend: 'wasm', model: '', error: String(e).split('\n')[0] }));
    }
    if (only === 'quick-preset') return;
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

/**
 * The real course, as a student meets it: dist-test/ served by scripts/serve.mjs twice, without
 * headers (the page is not isolated: TF.js runs its single-threaded SIMD binary) and with COOP/COEP
 * (isolated: the threaded binary). On each model's page, the Run cell's quick preset on WASM, timed
 * from the click on Run to the done state, in a fresh context (service workers blocked: headers come
 * from the server here). Modes alternate (single, threads, then threads, single…) so both see the same drift.
 */
async function benchQuickPreset(browser) {
  const built = resolve('dist-test');
  if (argv.includes('--build-site') || !existsSync(join(built, 'index.html'))) {
    if (!argv.includes('--build-site')) {
      rows.errors.push({ where: 'quick-preset', backend: 'wasm', model: '', error: 'dist-test/ is missing: run `npm run test:build` first (or pass --build-site)' });
      return;
    }
    log('npm run test:build (for the quick-preset rows)...');
    execSync('npm run test:build', { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // The build the rows time: rebuild after changing src/ (the bench does not, unless --build-site).
  const builtAt = statSync(join(built, 'index.html')).mtime.toISOString();
  // Served from a copy (22 MB), so that a rebuild of dist-test/ during the runs (astro empties it first) cannot break them.
  const root = join(work, 'dist-test');
  await cp(built, root, { recursive: true });
  for (const kind of MODELS) {
    if (!existsSync(join(root, kind, 'index.html'))) throw new Error(`dist-test/${kind}/index.html is missing (was dist-test being rebuilt?): run \`npm run test:build\` again`);
  }
  const servers = {};
  for (const [mode, headers] of [['single', {}], ['threads', ISOLATION_HEADERS]]) {
    const server = createStaticServer({ root, base: SITE_BASE, headers });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    servers[mode] = { server, origin: `http://127.0.0.1:${server.address().port}`, headers };
  }
  try {
    for (const kind of MODELS) {
      const runs = [];
      for (let i = 0; i < PRESET_RUNS; i++) {
        for (const mode of i % 2 === 0 ? ['single', 'threads'] : ['threads', 'single']) {
          log(`chromium quick preset ${kind} wasm ${mode} (run ${i + 1}/${PRESET_RUNS}, ${servers[mode].headers['Cross-Origin-Embedder-Policy'] ? 'COOP/COEP' : 'no headers'})...`);
          try {
            const row = { ...(await clickToDone(browser, servers[mode].origin, kind, mode)), run: i + 1, builtAt };
            rows.quickPreset.push(row);
            runs.push(row);
          } catch (e) {
            rows.errors.push({ where: 'quick-preset', backend: `wasm ${mode}`, model: kind, error: String(e).split('\n')[0] });
          }
        }
      }
      const summary = presetSummary(kind, runs, PRESET_RUNS, TARGETS.quickPresetSeconds);
      if (summary) rows.quickPresetSummary.push(summary);
    }
  } finally {
    for (const { server } of Object.values(servers)) {
      server.closeAllConnections();
      server.close();
    }
  }
}

/** One click-to-done run of the quick preset on WASM, in a fresh context; `mode` names the server (its headers), and the row says what ran. */
async function clickToDone(browser, origin, kind, mode) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
  const problems = [];
  context.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  context.on('weberror', (e) => problems.push(`pageerror: ${String(e.error())}`));
  try {
    const page = await context.newPage();
    const response = await page.goto(`${origin}${SITE_BASE}${kind}/`);
    if (response?.status() !== 200) throw new Error(`${SITE_BASE}${kind}/ answered ${response?.status()}`);
    await page.waitForLoadState('networkidle');
    // The tests' selectors (tests/e2e/helpers.ts, course.spec.ts): the preset button, the backend select, Run, data-running.
    const c = page.locator(`run-cell[data-kind="train-${kind}"]`);
    await c.locator('button[data-preset=quick]').click();
    await c.locator('select[name=backend]').selectOption('wasm');
    await c.scrollIntoViewIfNeeded();
    // Cells that draw themselves once scrolled to have done so before the click.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    // Both instants are taken in the page: the click (capture phase on Run) and the end of the run (data-running removed).
    await c.evaluate((el) => {
      const t = (globalThis.__clickToDone = { click: null, running: null, done: null });
      el.querySelector('[data-role=run]').addEventListener('click', () => (t.click ??= performance.now()), { capture: true });
      new MutationObserver(() => {
        if (t.click === null) return;
        if (el.hasAttribute('data-running')) t.running ??= performance.now();
        else if (t.running !== null) t.done ??= performance.now();
      }).observe(el, { attributes: true, attributeFilter: ['data-running'] });
    });
    const cpu0 = await treeCpuMs(process.pid);
    const load1 = loadavg()[0];
    await c.locator('[data-role=run]').click();
    await page.waitForFunction(() => globalThis.__clickToDone.done !== null, null, { timeout: 600_000, polling: 100 });
    const cpuSeconds = ((await treeCpuMs(process.pid)) - cpu0) / 1000;
    const t = await page.evaluate(() => globalThis.__clickToDone);
    const status = (await c.locator('[data-role=status]').innerText()).trim();
    const errorBoxes = await c.locator('.rc-error').count();
    const errorText = errorBoxes > 0 ? (await c.locator('.rc-error').first().innerText()).trim().replace(/\s+/g, ' ').slice(0, 400) : null;
    const text = async (sel) => ((await c.locator(sel).count()) > 0 ? (await c.locator(sel).first().innerText()).trim() : null);
    // What the cell says it trained on (the line the student reads), and the run it kept.
    const backendLine = await text('[data-role=output] p.rc-source');
    const final = await text('[data-role=output] .rc-final');
    const stored = await page.evaluate((key) => {
      try {
        const r = JSON.parse(localStorage.getItem(key) ?? 'null')?.result;
        return r ? { backend: r.backend ?? null, threads: r.threads ?? null, fitSeconds: r.fitSeconds ?? null, backendSeconds: r.backendSeconds ?? null, trainSize: r.options?.trainSize ?? null, testSize: r.options?.testSize ?? null } : null;
      } catch {
        return null;
      }
    }, `cnn-lstm-mnist:run:${kind}`);
    // The training worker's own view: isolation, and the .wasm binary it fetched (threaded or not).
    const worker = page.workers().find((w) => /worker/i.test(w.url()) && !w.url().startsWith('blob:'));
    const inWorker = worker
      ? await worker.evaluate(() => ({
        crossOriginIsolated: globalThis.crossOriginIsolated === true,
        binaries: [...new Set(performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()).filter((n) => n.endsWith('.wasm')))],
      })).catch(() => null)
      : null;
    const pageIsolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
    const ok = errorBoxes === 0 && /^(Done in|Terminé en)/.test(status);
    return {
      model: kind, mode, ok, clickToDoneSeconds: (t.done - t.click) / 1000, cpuSeconds, load1,
      status, errorText, backendLine, final, stored, pageCrossOriginIsolated: pageIsolated, worker: inWorker, problems,
    };
  } finally {
    await context.close();
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
  console.log('where     backend                model  n     trainer/1  trainer/10  model.fit  trainer/10 ÷ fit (range)  trainer/1 ÷ fit');
  for (const [where, list] of [['node', rows.node], ['chromium', rows.browser]]) {
    for (const r of list) {
      console.log(line(`${where.padEnd(9)} ${r.backend.padEnd(22)} ${r.model.padEnd(6)} ${String(r.examples).padEnd(5)}`, r) + (r.label ? `  ${r.label}` : ''));
      if (r.cpu) console.log(line('  per CPU-s'.padEnd(45), r.cpu));
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
  console.log('\nworker (chromium)  backend                model  n     first batch (ms)  ex/s (epoch incl. val)  longest main-thread task (ms)');
  for (const r of rows.worker) {
    console.log(`                   ${r.backend.padEnd(22)} ${r.model.padEnd(6)} ${String(r.examples).padEnd(5)} ${f(r.firstBatchMs).padStart(16)}  ${f(r.workerExPerSec).padStart(22)}  ${f(r.longestTaskMs).padStart(29)}${r.label ? `  ${r.label}` : ''}`);
  }
  const x = (v) => (typeof v === 'number' ? `${v.toFixed(2)}×` : '—');
  if (rows.wasmThreads.length > 0) {
    console.log(`\nthreaded ÷ single-threaded WASM (chromium, same page and run; target ≥ ${TARGETS.threadedRatio}×, measured, not asserted)`);
    console.log('model  row                    threads  single trainer/10  threaded trainer/10  ratio   model.fit ratio  per CPU-s  worker ratio');
    for (const r of rows.wasmThreads) {
      console.log(`${r.model.padEnd(6)} ${r.row.padEnd(22)} ${String(r.threads ?? '?').padEnd(8)} ${f(r.single).padStart(17)}  ${f(r.threaded).padStart(19)}  ${x(r.ratio).padStart(6)}  ${x(r.ratioModelFit).padStart(15)}  ${x(r.ratioPerCpuSecond).padStart(9)}  ${x(r.workerRatio).padStart(12)}`);
    }
  }
  if (rows.quickPreset.length > 0) {
    console.log(`\nquick preset on the course page, WASM, click on Run → done (dist-test built ${rows.quickPreset[0].builtAt}; target ≤ ${TARGETS.quickPresetSeconds} s, measured, not asserted)`);
    for (const r of rows.quickPreset) {
      const bin = r.worker ? r.worker.binaries.join(',') || 'no .wasm fetched' : 'worker not seen';
      console.log(`  ${r.model.padEnd(5)} ${r.mode.padEnd(8)} run ${r.run}  ${r.clickToDoneSeconds.toFixed(2).padStart(6)} s  (fit ${typeof r.stored?.fitSeconds === 'number' ? r.stored.fitSeconds.toFixed(1) : '?'} s, threads ${r.stored?.threads ?? '?'})  CPU ${r.cpuSeconds.toFixed(1)} s  load ${r.load1.toFixed(2)}  isolated ${r.pageCrossOriginIsolated}  ${bin}  ${r.ok ? 'ok' : `NOT DONE: ${r.errorText ?? r.status}`}  «${r.backendLine ?? ''}»${r.problems.length > 0 ? `  problems: ${[...new Set(r.problems)].join(' | ').slice(0, 300)}` : ''}`);
    }
    for (const q of rows.quickPresetSummary) {
      const sec = (v, range) => (v === null ? '—' : `${v.toFixed(2)} s${range && range[0] !== range[1] ? ` (${range[0].toFixed(2)}–${range[1].toFixed(2)})` : ''}`);
      console.log(`  ${q.model}: median of ${q.runs}: single ${sec(q.singleSeconds, q.singleRange)}, threaded ${sec(q.threadsSeconds, q.threadsRange)}, single ÷ threaded ${x(q.speedup)}`);
    }
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
