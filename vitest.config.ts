/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// Unit tests live beside the code in src/lib; e2e tests (tests/e2e) run in Playwright.
export default getViteConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.{ts,mjs}', 'integrations/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
