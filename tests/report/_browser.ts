/**
 * Chromium from the system (Debian's package), driven by playwright-core.
 * Nothing is downloaded: a missing browser fails the test that needs it.
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Starts headless Chromium (playwright gives it a fresh temporary profile);
 * throws when it is not installed.
 */
export async function launch(): Promise<
  { browser: Browser; close(): Promise<void> }
> {
  try {
    Deno.statSync(CHROMIUM);
  } catch {
    throw new Error(
      `${CHROMIUM} is missing: install it with apt-get install -y chromium (.ci/run does)`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/**
 * A page that records every request it makes and every script error, for
 * checking that a page loads nothing but itself and runs cleanly.
 */
export async function watchedPage(browser: Browser): Promise<{
  page: Page;
  requests: string[];
  errors: string[];
}> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    requests.push(r.url());
  });
  page.on("pageerror", (e) => {
    errors.push(String(e));
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { page, requests, errors };
}
