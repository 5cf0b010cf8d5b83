// End-to-end tests run the production build (dist-test, built with the GitHub Pages
// base path) in the system Chromium, served by scripts/serve.mjs like Pages would.
import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { requireBrowser } from './scripts/find-browser.mjs';

/** Base path dist-test is built with (package.json "test:build"). */
const BASE_PATH = '/cnn-lstm-mnist/';
// scripts/e2e.mjs picks a free port so parallel runs on one machine do not collide.
const port = Number(process.env['E2E_PORT'] ?? 4173);
const origin = `http://127.0.0.1:${port}`;

// Software WebGL (SwiftShader) keeps WebGL available on machines without a GPU.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

const launchOptions = { executablePath: requireBrowser(), args: chromiumArgs };

// Software WebGPU: Dawn on SwiftShader's Vulkan. It reaches dedicated workers too, where
// TF.js trains (tests tagged @webgpu: webgpu.spec.ts, faults-webgpu-lost.spec.ts and the
// WebGPU cases of lstm-fast.spec.ts and fused-adam.spec.ts).
const webgpuArgs = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  // Two workers at most: training pages saturate a core each with software WebGL.
  workers: Number(process.env['E2E_WORKERS'] ?? (availableParallelism() > 2 ? 2 : 1)),
  reporter: 'list',
  // Generous: software WebGL and in-browser training are slow on CI machines.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `${origin}${BASE_PATH}`,
    headless: true,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    screenshot: 'only-on-failure',
    trace: process.env['E2E_TRACE'] ? 'retain-on-failure' : 'off',
    // The site's service worker would serve every request from its cache, out of page.route's
    // reach and across tests; offline.spec.ts allows it on an origin of its own per test.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      grepInvert: /@nowebgl|@webgpu/,
      use: { browserName: 'chromium', launchOptions },
    },
    {
      // Tests tagged @webgpu train on the TF.js "webgpu" backend, in software.
      name: 'chromium-webgpu',
      grep: /@webgpu/,
      use: { browserName: 'chromium', launchOptions: { ...launchOptions, args: [...chromiumArgs, ...webgpuArgs] } },
    },
    {
      // Tests tagged @nowebgl check the WASM/CPU fallback in a browser without WebGL.
      name: 'chromium-no-webgl',
      grep: /@nowebgl/,
      use: {
        browserName: 'chromium',
        // --disable-webgl/--disable-3d-apis only reach documents: an OffscreenCanvas in a
        // worker (where TF.js trains) still gets SwiftShader WebGL unless the software
        // rasterizer is off too (checked in tests/e2e/faults-nowebgl.spec.ts).
        launchOptions: { ...launchOptions, args: [...chromiumArgs, '--disable-webgl', '--disable-3d-apis', '--disable-software-rasterizer'] },
      },
    },
  ],
  webServer: {
    command: `node scripts/serve.mjs --root ${process.env['E2E_ROOT'] ?? 'dist-test'} --base ${BASE_PATH} --port ${port} --faults`,
    url: `${origin}${BASE_PATH}`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
