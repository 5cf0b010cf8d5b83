// Locates the system Chromium for Playwright: this project never downloads a browser
// (machines may be offline), so tests run on whatever Chromium/Chrome is installed.
import { existsSync } from 'node:fs';

/** Command that installs the browser the tests expect, quoted in every error. */
export const INSTALL_HINT = 'apt-get install -y chromium';

/** Paths tried in order after CHROMIUM_PATH: Debian's Chromium first, then Google Chrome. */
export const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Returns the browser executable to use, or null when none is installed.
 * CHROMIUM_PATH wins when set (CI points it at the runner's Chrome); a set but
 * missing path is reported as null rather than silently falling back.
 */
export function findBrowser(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** Human explanation of why no browser was found, naming the fix. */
export function missingBrowserMessage(env = process.env) {
  const tried = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH}` : CANDIDATES.join(', ');
  return (
    `No Chromium found (looked at ${tried}).\n` +
    `Install it with:  ${INSTALL_HINT}\n` +
    `or point CHROMIUM_PATH at a Chromium/Chrome executable.`
  );
}

/** Like findBrowser, but throws the explanatory message when nothing is installed. */
export function requireBrowser(env = process.env) {
  const path = findBrowser(env);
  if (!path) throw new Error(missingBrowserMessage(env));
  return path;
}
