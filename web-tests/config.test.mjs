// static-web/ as Azure Static Web Apps deploys it: its config file, and the rules the strict
// Content-Security-Policy and the "API data is never markup" rule put on the files.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './stack.mjs';

const WEB = join(ROOT, 'static-web');
const config = JSON.parse(await readFile(join(WEB, 'staticwebapp.config.json'), 'utf8'));
const files = (await readdir(WEB, { recursive: true })).filter((f) => /\.(html|js|css)$/.test(f));
const read = (file) => readFile(join(WEB, file), 'utf8');

test('unknown paths fall back to index.html, except the API and the assets', () => {
  assert.equal(config.navigationFallback.rewrite, '/index.html');
  for (const excluded of ['/api/*', '/js/*', '/css/*']) assert.ok(config.navigationFallback.exclude.includes(excluded), excluded);
  assert.ok(!config.routes.some((r) => r.route.startsWith('/api')), '/api/* is never a route of the static web app: the API is the function app');
});

test('the security headers allow only the app\'s own scripts, styles and API', () => {
  const headers = config.globalHeaders;
  const csp = Object.fromEntries(headers['Content-Security-Policy'].split(';')
    .map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  assert.deepEqual(csp['default-src'], ["'none'"]);
  for (const directive of ['script-src', 'style-src', 'connect-src', 'img-src']) assert.deepEqual(csp[directive], ["'self'"], directive);
  assert.deepEqual(csp['frame-ancestors'], ["'none'"]);
  assert.equal(headers['X-Frame-Options'], 'DENY');
  assert.equal(headers['X-Content-Type-Options'], 'nosniff');
  assert.ok(headers['Referrer-Policy']);
  assert.match(headers['Permissions-Policy'], /camera=\(\)/);
});

test('scripts and styles are revalidated on every load', () => {
  // Their names carry no content hash (no build step), and ES modules of two deployments must
  // never mix: so browsers keep them but ask (ETag) before each use.
  for (const route of ['/js/*', '/css/*', '/index.html']) {
    assert.equal(config.routes.find((r) => r.route === route)?.headers['Cache-Control'], 'no-cache', route);
  }
});

test('no inline script or style anywhere, so the CSP needs no unsafe-inline', async () => {
  const html = await read('index.html');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
  assert.doesNotMatch(html, /<style|\sstyle=/, 'every style is in css/');
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    assert.doesNotMatch(await read(file), /setAttribute\(\s*['"]style['"]/, `${file} sets a style attribute`);
  }
});

test('no script writes HTML strings: API data only ever becomes text', async () => {
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    assert.doesNotMatch(await read(file), /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, file);
  }
});
