// Debian's Chromium driven by playwright-core (which cannot download a browser here), and the
// page helpers the tests share.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './stack.mjs';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOTS = join(ROOT, 'web-tests', 'screenshots');
const DOC_SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

export async function launchBrowser(baseUrl) {
  const profile = await mkdtemp(join(tmpdir(), 'tabml-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 }, timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  await serveLikeAzureStaticWebApps(context, baseUrl);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The local host serves static-web/ as plain files; in Azure, Static Web Apps adds the headers of
 * staticwebapp.config.json. They are added here too, so the page is tested under the production
 * Content-Security-Policy: an inline script or style would be refused and fail the test.
 */
async function serveLikeAzureStaticWebApps(context, baseUrl) {
  const config = JSON.parse(await readFile(join(ROOT, 'static-web', 'staticwebapp.config.json'), 'utf8'));
  const lowerCase = (headers = {}) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  await context.route((url) => url.origin === baseUrl && !url.pathname.startsWith('/api/'), async (route) => {
    const response = await route.fetch();
    const path = new URL(route.request().url()).pathname;
    const rule = config.routes.find((r) => routePattern(r.route).test(path.endsWith('/') ? `${path}index.html` : path));
    await route.fulfill({ response, headers: { ...response.headers(), ...lowerCase(config.globalHeaders), ...lowerCase(rule?.headers) } });
  });
}

/** A Static Web Apps route ("/js/*", "/images/*.{png,jpg}", "/index.html") as a regular expression. */
export function routePattern(route) {
  const source = route.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
    .replace(/\{([^}]*)\}/g, (_, options) => `(${options.split(',').join('|')})`);
  return new RegExp(`^${source}$`);
}

/**
 * Opens the app at a hash route in a new tab. key: put into the tab's sessionStorage first, as the
 * key box would. problems collects what the page logs as errors: CSP refusals, uncaught exceptions.
 */
export async function openApp(context, baseUrl, hash, { key, width = 1280 } = {}) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    // Chrome logs every 4xx answer as "Failed to load resource"; the tests provoke some on purpose.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  if (key) await page.addInitScript((value) => sessionStorage.setItem('tabml.accessKey', value), key);
  await page.goto(`${baseUrl}/${hash}`);
  return { page, problems };
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** With UPDATE_DOC_SCREENSHOTS=1, also refreshes the screenshot committed under docs/screenshots/. */
export async function docScreenshot(page, name) {
  if (process.env.UPDATE_DOC_SCREENSHOTS !== '1') return;
  await mkdir(DOC_SCREENSHOTS, { recursive: true });
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0); // the answer card is sticky: draw it where it belongs
  });
  await page.screenshot({ path: join(DOC_SCREENSHOTS, `${name}.png`), fullPage: true });
}
