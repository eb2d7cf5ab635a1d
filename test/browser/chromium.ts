import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { projectRoot } from '../../core/paths.js';

/** Where screenshots land (gitignored); CI keeps the folder as the run's artefacts. */
export const ARTIFACTS = join(projectRoot, 'test-artifacts', 'browser');

// Debian's Chromium, never a downloaded one; as root on a closed network it needs these flags (../shared/SERVICES.md).
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  /** A new tab in a context of its own (no cookies shared with other tabs); `phone` gives a narrow viewport. */
  newPage(options?: { phone?: boolean }): Promise<Page>;
  /** Saves a full-page screenshot as test-artifacts/browser/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless. Playwright starts it with a fresh temporary --user-data-dir and removes it on close;
 * every page gets its own context on top, so two officials can be signed in side by side.
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
      });
      context.setDefaultTimeout(15_000);
      return context.newPage();
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
    },
  };
}

/**
 * What went wrong in a page, for the test to assert on: script errors and console errors (a CSP violation is one),
 * and every HTTP answer of 400 or more as "status METHOD path" (the browser's own console line for those is dropped).
 */
export function watchPage(page: Page): { errors: string[]; failedRequests: string[] } {
  const watched = { errors: [] as string[], failedRequests: [] as string[] };
  page.on('pageerror', (error) => watched.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      watched.errors.push(message.text());
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      watched.failedRequests.push(
        `${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`,
      );
    }
  });
  return watched;
}
