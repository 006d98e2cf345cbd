// The deploy script's helpers that run without Azure: the web app's configuration for an API on
// another origin (scripts/web-config.mjs) and the Azure ML quota check (scripts/ml-quota.mjs),
// fed with the documented shape of "Usages - List" (api-version 2024-10-01).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './stack.mjs';

const run = (script, args, input) => spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args],
  { input, encoding: 'utf8', timeout: 30_000 });

test('a deployed web app calls the API at the function app, which its CSP allows', async () => {
  const site = await mkdtemp(join(tmpdir(), 'tabml-web-config-'));
  try {
    await cp(join(ROOT, 'static-web'), site, { recursive: true });
    const result = run('web-config.mjs', [site, 'https://func-abc.azurewebsites.net/']);
    assert.equal(result.status, 0, result.stderr);
    const config = await readFile(join(site, 'js/config.js'), 'utf8');
    assert.match(config, /export const API_BASE_URL = "https:\/\/func-abc\.azurewebsites\.net";/);
    const csp = JSON.parse(await readFile(join(site, 'staticwebapp.config.json'), 'utf8')).globalHeaders['Content-Security-Policy'];
    const connect = csp.split(';').map((d) => d.trim().split(/\s+/)).find(([name]) => name === 'connect-src');
    assert.deepEqual(connect, ['connect-src', "'self'", 'https://func-abc.azurewebsites.net']);
    assert.match(csp, /script-src 'self'/, 'the other directives are kept');
    const repoConfig = await readFile(join(ROOT, 'static-web/js/config.js'), 'utf8');
    assert.match(repoConfig, /API_BASE_URL = '';/, 'the repository keeps the same-origin default');
    assert.equal(run('web-config.mjs', [site, 'http://func-abc.azurewebsites.net']).status, 2, 'plain HTTP is refused');
  } finally {
    await rm(site, { recursive: true, force: true });
  }
});

// rows as the 2024-10-01 example of Usages - List names them, and as the CLI shows them (family keys)
const usages = (familyName, used, limit, totalUsed = 0, totalLimit = 100) => JSON.stringify({ value: [
  { id: 'x/usages/Standard_DSv2_Family_Cluster_Dedicated_vCPUs', type: 'Microsoft.MachineLearningServices/vmFamily/usages',
    currentValue: used, limit, name: { value: familyName, localizedValue: familyName }, unit: 'Count' },
  { type: 'Microsoft.MachineLearningServices/vmFamily/usages', currentValue: 0, limit: -1,
    name: { value: 'Standard DSv2 Family Cluster LowPriority vCPUs' }, unit: 'Count' },
  { type: 'Microsoft.MachineLearningServices/dedicatedCores/usages', currentValue: totalUsed, limit: totalLimit,
    name: { value: 'Total Cluster Dedicated Regional vCPUs' }, unit: 'Count' },
] });

test('the quota check passes when a node fits, by either naming of the family', () => {
  for (const name of ['Standard DSv2 Family Cluster Dedicated vCPUs', 'standardDSv2Family']) {
    const result = run('ml-quota.mjs', ['standardDSv2Family', '4', 'westeurope'], usages(name, 2, 24));
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /room for 5 node\(s\) of 4 vCPUs/);
  }
});

test('no quota for the family stops the deployment and says what to request', () => {
  const result = run('ml-quota.mjs', ['standardDSv2Family', '4', 'westeurope'], usages('standardDSv2Family', 0, 0));
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Request at least 4 more dedicated vCPUs of standardDSv2Family/);
  assert.match(result.stderr, /Usage \+ quotas/);
});

test('the regional total caps what the family allows', () => {
  const result = run('ml-quota.mjs', ['standardDSv2Family', '4', 'westeurope'], usages('standardDSv2Family', 0, 24, 98, 100));
  assert.equal(result.status, 1, 'only 2 vCPUs are left in the region');
  assert.match(result.stderr, /all families: 98 of 100/);
});

test('a family with no row in the answer is named', () => {
  const result = run('ml-quota.mjs', ['standardNCADSA100v4Family', '24', 'westeurope'], usages('standardDSv2Family', 0, 24));
  assert.equal(result.status, 2);
  assert.match(result.stderr, /no Azure ML quota is listed for standardNCADSA100v4Family/);
});
