import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`, as .ci/run does): Playwright downloads none. */
export const CHROMIUM = process.env.ONUS_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a machine with no network beyond loopback: without the background-networking ones,
 * Chromium keeps trying Google's hosts; no sandbox because CI runs as root in a container.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * One headless Chromium for a suite. Playwright starts it on a fresh, empty user-data directory
 * of its own (and removes it on close); each {@link newPage} is a new context, so that no
 * session storage or cookie passes from one test to the next.
 */
export async function launchChromium(): Promise<{
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  return {
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport });
      return context.newPage();
    },
    close: () => browser.close(),
  };
}
