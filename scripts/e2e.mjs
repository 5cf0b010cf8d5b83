// @ts-check
// `npm run test:e2e`: checks the prerequisites with clear messages, picks a free port
// for the static server, then runs `playwright test` (extra arguments are forwarded).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { findBrowser, missingBrowserMessage } from './find-browser.mjs';

// E2E_ROOT lets a contributor test another build folder without touching dist-test.
const root = process.env.E2E_ROOT ?? 'dist-test';
if (!existsSync(`${root}/index.html`)) {
  console.error(`e2e: ${root}/ is missing. Build it first with:  npm run test:build`);
  process.exit(1);
}

const browser = findBrowser();
if (!browser) {
  console.error(`e2e: ${missingBrowserMessage()}`);
  process.exit(1);
}

/** Asks the OS for a free port, so several runs on one machine do not fight over one. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** @type {Record<string, string | undefined>} */
const env = { ...process.env, CHROMIUM_PATH: browser };
if (!env.E2E_PORT) env.E2E_PORT = String(await freePort());
console.log(`e2e: browser ${browser}, server port ${env.E2E_PORT}`);

const child = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
