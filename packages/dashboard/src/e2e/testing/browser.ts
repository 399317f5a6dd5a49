// Headless Chromium through playwright-core, and where the tests keep their screenshots.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './demo-server.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Why the browser tests are skipped, or undefined when they can run. */
export const CHROMIUM_MISSING = existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing`;

/** Screenshots and other outputs of the browser tests (git-ignored). */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'packages', 'dashboard', 'test-artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/**
 * Collects the page's uncaught errors, console errors and failed responses, so a test can assert
 * there were none. A 400 is an answer, not a failure (Explore checks queries as they are typed
 * and gets 400 for a bad one), so only 5xx responses and missing files count.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status >= 500 || (status === 404 && !response.url().includes('/api/'))) {
      errors.push(`${status}: ${response.request().method()} ${response.url()}`);
    }
  });
  return errors;
}
