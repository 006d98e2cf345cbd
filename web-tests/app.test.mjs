// The web app in a real browser against the real API: Azurite, the local functions host and
// Chromium, all started here and stopped in after(). Two models are trained before the tests.
// Run: node --test web-tests/*.test.mjs   (after mvn package; UPDATE_DOC_SCREENSHOTS=1 refreshes docs/screenshots/)
import assert from 'node:assert/strict';
import { open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { docScreenshot, launchBrowser, openApp, screenshot } from './browser.mjs';
import { HOLDOUT, LIVE, LIVE_REGRESSION, MILEAGE_PSI, monitoringReport, PREDICTION_PSI, REGRESSION_HOLDOUT,
  regressionMonitoringReport } from './monitoring-report.mjs';
import { ADMIN_KEY, FUNCTION_KEY, startStack } from './stack.mjs';

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser(stack.baseUrl);
  // Small datasets: model selection tries several learners, and the suite has to stay quick.
  const [damage, fleet, costs] = await Promise.all([stack.sampleCsv(1200, 7), stack.sampleCsv(800, 21),
    stack.sampleCsv(800, 5, 'repair-cost')]);
  await Promise.all([stack.train('damage', damage), stack.train('fleet-claims', fleet), stack.train('repair-cost', costs,
    { algorithms: ['ridge', 'gradient-boosting'], cvFolds: 3 })]);
}, { timeout: 300_000 });

after(async () => {
  await browser?.close();
  await stack?.stop();
}, { timeout: 30_000 });

/**
 * A test with tabs opened through open(): the last tab is saved as web-tests/screenshots/<name>.png
 * whatever the outcome, each tab must log no error (CSP refusals included), and a failure carries
 * the host's last log lines.
 */
function browserTest(name, body, { timeout = 60_000 } = {}) {
  test(name, { timeout }, async () => {
    const tabs = [];
    const open = async (hash, options) => {
      const tab = await openApp(browser.context, stack.baseUrl, hash, options);
      tabs.push(tab);
      return tab.page;
    };
    try {
      await body(open);
      for (const tab of tabs) assert.deepEqual(tab.problems, [], 'the page logged errors');
    } catch (error) {
      error.message += `\n--- local host log, last lines ---\n${stack.logTail()}`;
      throw error;
    } finally {
      if (tabs.length) await screenshot(tabs.at(-1).page, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()).catch(() => {});
      for (const tab of tabs) await tab.page.close();
    }
  });
}

browserTest('the models list leads to a form that predicts', async (open) => {
  const details = await stack.get('/api/models/damage');
  const page = await open('', { key: FUNCTION_KEY });

  const link = page.getByRole('link', { name: 'damage', exact: true });
  await link.waitFor();
  await page.getByRole('link', { name: 'fleet-claims' }).waitFor();
  await docScreenshot(page, 'models');
  await link.click();

  await page.getByRole('heading', { level: 1, name: 'damage' }).waitFor();
  const features = details.inputSchema.features;
  const age = features.find((f) => f.name === 'age');
  const region = features.find((f) => f.name === 'region');
  assert.equal(await page.getByLabel('age', { exact: true }).inputValue(), String(age.median), 'numbers start at the median');
  assert.equal(await page.getByLabel('region', { exact: true }).inputValue(), region.categories[0].value,
    'categories start at the most frequent');
  assert.match(await page.locator('#feature-0-hint').textContent(), new RegExp(`${age.min} to ${age.max}, median ${age.median}`),
    'the training range is the hint');

  await page.getByLabel('age', { exact: true }).fill('23');
  const answered = page.waitForResponse((r) => r.url().includes('/predict'));
  await page.getByLabel('age', { exact: true }).press('Enter'); // keyboard only
  const answer = await (await answered).json();
  const label = await page.locator('.answer-label strong').textContent();
  assert.equal(label, answer.label);
  assert.ok(details.inputSchema.classes.includes(label), `a class is predicted, got ${label}`);
  assert.equal(await page.locator('.probabilities li').count(), 2, 'a probability bar per class');
  assert.match(await page.locator('.answer').textContent(), /with a probability of \d+\.\d %, by version 1/);
  assert.equal(await page.getByRole('img', { name: /^Largest contributions/ }).count(), answer.contributions?.length ? 1 : 0,
    'contributions exactly when the API sends them');

  const version = await stack.get('/api/models/damage/versions/1');
  const rocRow = page.getByRole('row', { name: /^ROC AUC/ });
  assert.match(await rocRow.textContent(), new RegExp(version.metrics.rocAuc.toFixed(3)));
  await page.getByRole('img', { name: /^Confusion matrix/ }).waitFor();
  assert.equal(await page.getByRole('img', { name: /^ROC curve/ }).count(), version.metrics.rocCurve?.length ? 1 : 0,
    'a ROC curve exactly when the API sends its points');
  assert.equal(await page.getByRole('img', { name: /^Feature importance/ }).count(), version.featureImportance?.length ? 1 : 0,
    'feature importance exactly when the API sends it');
  assert.match(await page.locator('.facts').textContent(), /damage-[0-9a-f]{16}/, 'the lineage names the training job');
  await docScreenshot(page, 'model');
});

browserTest('a value the API refuses gets the API\'s words next to its field', async (open) => {
  const page = await open('#/models/damage', { key: FUNCTION_KEY });
  const creditScore = page.getByLabel('credit_score', { exact: true });
  await creditScore.fill('');
  const answered = page.waitForResponse((r) => r.url().includes('/predict'));
  await page.getByRole('button', { name: 'Predict' }).click();
  const refusal = await (await answered).json();
  assert.equal((await answered).status(), 400);

  const fieldError = page.locator('.field', { has: creditScore }).locator('.field-error');
  await fieldError.waitFor();
  assert.equal(await fieldError.textContent(), refusal.error.details.credit_score.join('; '));
  assert.equal(await fieldError.textContent(), 'is required (a number)');
  assert.equal(await creditScore.getAttribute('aria-invalid'), 'true');
  assert.ok(await creditScore.evaluate((input) => input === document.activeElement), 'focus moves to the field');
  assert.match(await creditScore.getAttribute('aria-describedby'), new RegExp(await fieldError.getAttribute('id')));
  assert.match(await page.locator('.form-error [role=alert]').textContent(), /credit_score is required/);
});

browserTest('an upload shows the training live and links to the new version', async (open) => {
  const csv = await stack.sampleCsv(1000, 11);
  const page = await open('#/upload', { key: FUNCTION_KEY });
  await page.getByLabel('Model name').fill('damage');
  await page.getByLabel('CSV file').setInputFiles(csv);
  await page.getByText(/^Chosen: sample-1000-11\.csv/).waitFor();
  await page.getByRole('button', { name: 'Upload and train' }).click();

  await page.getByRole('heading', { name: 'Training damage' }).waitFor();
  assert.equal(await page.locator('progress').count(), 1);
  await page.getByText('Version 2 of damage is registered.').waitFor({ timeout: 90_000 });
  const { champion } = await stack.get('/api/models/damage');
  await page.getByText(champion.version === 2 ? 'It is now the champion' : `Version ${champion.version} stays the champion`).waitFor();
  assert.equal(await page.locator('progress').getAttribute('value'), '100');
  assert.match(await page.locator('.job-stage').textContent(), /^Registered/);
  await docScreenshot(page, 'upload');

  const again = page.waitForResponse((r) => r.url().includes('/api/datasets/damage'));
  await page.getByRole('button', { name: 'Upload and train' }).click(); // the same file again
  assert.equal((await again).status(), 200, 'the API trains nothing twice');
  await page.getByText('Nothing new to train').waitFor();
  assert.match(await page.locator('.alert-info').textContent(), /version 2/);

  await page.getByRole('link', { name: 'Open version 2 of damage' }).click();
  await page.getByText('Version 2 (shown)').waitFor();
  assert.match(page.url(), /#\/models\/damage\/versions\/2$/);
  await page.getByRole('heading', { name: 'How good is version 2?' }).waitFor();
}, { timeout: 120_000 });

browserTest('the upload form checks the model name and the file before sending anything', async (open) => {
  const page = await open('#/upload', { key: FUNCTION_KEY });
  const uploads = [];
  page.on('request', (request) => request.url().includes('/api/datasets/') && uploads.push(request.url()));
  const name = page.getByLabel('Model name');
  await name.fill('Claims 2026');
  await page.getByRole('button', { name: 'Upload and train' }).click();
  assert.match(await page.locator('#model-name-error').textContent(), /lowercase letters a-z, digits and “-”/);
  assert.equal(await page.locator('#file-error').textContent(), 'Choose a CSV file first.');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.ok(await name.evaluate((input) => input === document.activeElement), 'focus moves to the name');
  assert.deepEqual(uploads, []);

  // a file over the HTTP body limit is sent straight to storage instead: the form says how
  const big = join(tmpdir(), 'too-large-for-http.csv');
  const handle = await openFile(big, 'w');
  await handle.truncate(100 * 1024 * 1024 + 1); // sparse: nothing is written
  await handle.close();
  await name.fill('claims');
  await page.getByLabel('CSV file').setInputFiles(big);
  await page.getByRole('button', { name: 'Upload and train' }).click();
  assert.match(await page.locator('#file-error').textContent(),
    /over the 100\.0 MB an upload through the API can carry\..*tabml upload too-large-for-http\.csv --model claims --wait.*az storage blob upload --auth-mode login .* -c datasets -n claims\/too-large-for-http\.csv -f too-large-for-http\.csv/);
  assert.deepEqual(uploads, []);
});

browserTest('a refused upload shows the server\'s reason and line', async (open) => {
  const page = await open('#/upload', { key: FUNCTION_KEY });
  // Dropped onto the drop zone, as a person would drag it from their desktop.
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['a,b\n1,2\n3,4\n'], 'no-target.csv', { type: 'text/csv' }));
    return transfer;
  });
  await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: dropped });
  assert.equal(await page.getByLabel('Model name').inputValue(), 'no-target', 'the model name is suggested from the file');
  await page.getByRole('button', { name: 'Upload and train' }).click();

  const reason = page.locator('.job-error');
  await reason.waitFor({ timeout: 30_000 });
  const [job] = await stack.get('/api/jobs?model=no-target').then((body) => body.jobs);
  assert.equal(job.state, 'Rejected');
  assert.equal(await reason.textContent(), job.error.message, 'the message exactly as the server wrote it');
  assert.match(job.error.message, /no 'target' column/);
  assert.equal(await page.locator('.job-error-line').textContent(), `Line ${job.error.line} of the file.`);
  assert.equal(await page.getByRole('heading', { name: 'Training no-target' }).count(), 1);
});

browserTest('without a key the API\'s 401 is shown; with the admin key versions can be switched', async (open) => {
  const page = await open('');
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /Access key needed.*needs a function key/s);

  const keyBox = page.getByLabel('Access key');
  await keyBox.fill(ADMIN_KEY);
  const keyed = page.waitForRequest((r) => r.url().endsWith('/api/models'));
  await keyBox.press('Enter');
  assert.equal((await keyed).headers()['x-functions-key'], ADMIN_KEY, 'the key goes along as x-functions-key');
  await page.getByRole('link', { name: 'damage', exact: true }).click();

  const details = await stack.get('/api/models/damage');
  const other = details.versions.map((v) => v.version).find((v) => v !== details.champion.version);
  const row = page.getByRole('row', { name: new RegExp(`^Version ${other}\\b`) });
  page.once('dialog', (dialog) => dialog.accept()); // "Make version n the champion?"
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/models/damage/champion'));
  await row.getByRole('button').click();
  const response = await answered;
  if (response.ok()) {
    await page.getByText(`Version ${other} is now the champion of damage.`).waitFor();
    await page.getByText(`Champion: version ${other},`).waitFor();
  } else { // the champion endpoint is not deployed yet: its error shows by the button
    const { error } = await response.json();
    assert.equal(await row.locator('[role=alert] p').nth(1).textContent(), error.message);
  }
});

browserTest('every page fits a 375 px wide screen', async (open) => {
  for (const [hash, ready] of [['#/models', 'fleet-claims'], ['#/models/damage', 'Where version'], ['#/upload', 'CSV file'],
    ['#/models/damage/monitoring', 'No window yet']]) {
    const page = await open(hash, { key: FUNCTION_KEY, width: 375 });
    await page.getByText(ready).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${hash} scrolls sideways by ${overflow} px`);
    await screenshot(page, `narrow-${hash.replace(/\W+/g, '-').replace(/^-|-$/g, '')}`);
  }
});

browserTest('the versions list shows the quality gate\'s reason, and the shown version\'s warnings', async (open) => {
  const details = await stack.get('/api/models/fleet-claims');
  const page = await open('', { key: FUNCTION_KEY });
  // Warnings made sure to be there: whether the real gate warns depends on the trained model.
  const warnings = ['the model never predicts class \'yes\', though 2 evaluated rows are of it (recall\'s 95% upper bound 77.6%): '
    + 'too few rows to refuse it, which takes 29', 'its log loss is not shown to beat the class shares\''];
  await page.route((url) => url.pathname === `/api/models/fleet-claims/versions/${details.schemaVersion}`, async (route) => {
    const version = await (await route.fetch()).json();
    version.gate.warnings = warnings;
    await route.fulfill({ json: version });
  });
  await page.goto(`${stack.baseUrl}/#/models/fleet-claims`);

  const row = page.getByRole('row', { name: new RegExp(`^Version ${details.schemaVersion}\\b`) });
  const summary = details.versions.find((v) => v.version === details.schemaVersion);
  assert.equal(await row.locator('td[data-label="Quality gate"] .badge').textContent(), summary.passedGate ? 'passed' : 'not passed');
  assert.ok((await row.textContent()).includes(summary.gateReason), 'the reason as the gate wrote it');
  const notice = page.locator('#versions-heading ~ .alert-warning');
  assert.equal(await notice.locator('.alert-title').textContent(), `The quality gate warned about version ${details.schemaVersion}`);
  assert.deepEqual(await notice.locator('li').allTextContents(), warnings);
});

browserTest('a version\'s lineage says which features of its data had moved from the champion\'s', async (open) => {
  const details = await stack.get('/api/models/fleet-claims');
  const page = await open('', { key: FUNCTION_KEY });
  // Made sure to be there: the stack's versions were uploaded in an order that may leave none.
  await page.route((url) => url.pathname === `/api/models/fleet-claims/versions/${details.schemaVersion}`, async (route) => {
    const version = await (await route.fetch()).json();
    version.lineage.drift = { version: 1, rows: 800, features: [
      { feature: 'annual_mileage_km', reading: 'major', psi: 0.8123, pValue: 0 },
      { feature: 'region', reading: 'moderate', psi: 0.1234, pValue: 0.01, note: 'the new data has no such column' },
      { feature: 'age', reading: 'none', psi: 0.01, pValue: 0.6 }] };
    await route.fulfill({ json: version });
  });
  await page.goto(`${stack.baseUrl}/#/models/fleet-claims`);
  const fact = page.locator('.facts div', { hasText: 'Data against the champion then' });
  assert.equal(await fact.locator('dd').textContent(), '2 of 3 features moved from version 1\'s training data: '
    + 'annual_mileage_km (PSI 0.81, major), region (PSI 0.12, moderate, the new data has no such column).');
});

browserTest('a version stored before the quality gate gave warnings shows none', async (open) => {
  const details = await stack.get('/api/models/fleet-claims');
  const page = await open('', { key: FUNCTION_KEY });
  await page.route((url) => url.pathname === `/api/models/fleet-claims/versions/${details.schemaVersion}`, async (route) => {
    const version = await (await route.fetch()).json();
    delete version.gate.warnings;
    await route.fulfill({ json: version });
  });
  await page.goto(`${stack.baseUrl}/#/models/fleet-claims`);
  await page.getByRole('heading', { name: 'Versions' }).waitFor();
  await page.getByText(/^Where version/).waitFor();
  assert.equal(await page.locator('#versions-heading ~ .alert-warning').count(), 0);
});

browserTest('ROC curve, PR AUC, feature importance and contributions are drawn when the API sends them', async (open) => {
  const page = await open('', { key: FUNCTION_KEY });
  // The API's answers, made sure to carry every optional part: ROC points, PR AUC, importance, contributions.
  await page.route((url) => url.pathname === '/api/models/fleet-claims/versions/1', async (route) => {
    const version = await (await route.fetch()).json();
    version.metrics.prAuc = 0.4321;
    version.metrics.rocCurve = [0, 0.1, 0.2, 0.4, 0.7, 1].map((fpr, i) => ({ fpr, tpr: Math.min(1, fpr * 0.4 + 0.6 * Math.sqrt(fpr)), threshold: 1 - i / 5 }));
    version.featureImportance = version.schema.features.map((f, i) => ({ feature: f.name, importance: 1 / (i + 1) }));
    await route.fulfill({ json: version });
  });
  await page.route((url) => url.pathname === '/api/models/fleet-claims/predict', async (route) => {
    assert.equal(new URL(route.request().url()).searchParams.get('explain'), 'true', 'explanations are asked for');
    const answer = await (await route.fetch()).json();
    answer.contributions = [{ feature: 'prior_claims', value: 3, contribution: 0.9 },
      { feature: 'credit_score', value: 540, contribution: -0.35 }, { feature: 'age', value: null, contribution: 0.1 }];
    await route.fulfill({ json: answer });
  });
  await page.goto(`${stack.baseUrl}/#/models/fleet-claims`);
  await page.getByRole('img', { name: /^ROC curve, area under the curve/ }).waitFor();
  assert.match(await page.getByRole('row', { name: /^PR AUC/ }).textContent(), /0\.432/);
  const importance = page.getByRole('img', { name: /^Feature importance/ });
  assert.equal(await importance.locator('rect').count(), 11, 'a bar per feature');

  await page.getByRole('button', { name: 'Predict' }).click();
  const contributions = page.getByRole('img', { name: /^Largest contributions/ });
  await contributions.waitFor();
  assert.equal(await contributions.locator('rect.negative').count(), 1);
  assert.match(await contributions.textContent(), /age = missing/);
});

browserTest('a regressor\'s page shows its errors and plots, and answers a value with its interval', async (open) => {
  const version = await stack.get('/api/models/repair-cost/versions/1');
  const metrics = version.regression.metrics;
  const page = await open('#/models/repair-cost', { key: FUNCTION_KEY });
  await page.getByRole('heading', { level: 1, name: 'repair-cost' }).waitFor();
  assert.match(await page.getByRole('row', { name: /^RMSE/ }).textContent(), new RegExp(metrics.rmse.toFixed(3)));
  assert.match(await page.getByRole('row', { name: /^R²/ }).textContent(), new RegExp(metrics.r2.toFixed(3)));
  const predictedAgainstActual = page.getByRole('img', { name: /^Predicted against actual/ });
  assert.equal(await predictedAgainstActual.locator('circle').count(), metrics.sample.length, 'a dot per sampled held-out row');
  assert.equal(await page.getByRole('img', { name: /^Residuals/ }).locator('circle').count(), metrics.sample.length);
  await page.getByRole('img', { name: /^Feature importance/ }).waitFor();
  assert.match(await page.locator('#versions-heading + p + table thead').textContent(), /RMSE.*R²/, 'the versions show their errors');

  const answered = page.waitForResponse((r) => r.url().includes('/predict'));
  await page.getByRole('button', { name: 'Predict' }).click();
  const answer = await (await answered).json();
  assert.equal(await page.locator('.answer-label strong').textContent(), answer.prediction.toFixed(3));
  assert.match(await page.locator('.answer').textContent(),
    new RegExp(`between ${answer.interval[0].toFixed(3)} and ${answer.interval[1].toFixed(3)}`));
  assert.equal(await page.getByRole('img', { name: /^Largest contributions/ }).count(), answer.contributions?.length ? 1 : 0,
    'contributions exactly when the API sends them');
});

browserTest('the models list shows a classifier\'s ROC AUC and accuracy and a regressor\'s RMSE and R²', async (open) => {
  const page = await open('', { key: FUNCTION_KEY });
  await page.getByRole('link', { name: 'repair-cost' }).waitFor();
  const { models } = await stack.get('/api/models');
  const quality = (model) => page.getByRole('row', { name: new RegExp(`^${model}\\b`) }).locator('td[data-label="Quality"]');
  const damage = models.find((m) => m.model === 'damage');
  const costs = models.find((m) => m.model === 'repair-cost');
  const damageFigures = [`ROC AUC ${damage.rocAuc.toFixed(3)}`, `accuracy ${(damage.accuracy * 100).toFixed(1)} %`];
  const costFigures = [`RMSE ${costs.rmse.toFixed(3)}`, `R² ${costs.r2.toFixed(3)}`];
  assert.deepEqual(await quality('damage').locator('.figure').allTextContents(), damageFigures);
  assert.deepEqual(await quality('repair-cost').locator('.figure').allTextContents(), costFigures);
  // what a screen reader hears: the figures apart, not the dot between them (Chromium spaces the hidden comma off)
  const heard = (figures) => new RegExp(`^${figures.map((f) => f.replaceAll('.', '\\.')).join(' ?, ')}$`);
  assert.equal(await page.getByRole('cell', { name: heard(damageFigures) }).count(), 1);
  assert.equal(await page.getByRole('cell', { name: heard(costFigures) }).count(), 1);
});

const HOUR = 3_600_000;

browserTest('the models list shows each model\'s monitoring status, which leads to its windows', async (open) => {
  const report = monitoringReport('fleet-claims');
  const page = await open('', { key: FUNCTION_KEY });
  await page.route((url) => url.pathname === '/api/models', async (route) => {
    const body = await (await route.fetch()).json();
    body.models.find((m) => m.model === 'fleet-claims').monitoring = report.status;
    await route.fulfill({ json: body });
  });
  const asked = []; // the from= of each request
  await page.route((url) => url.pathname === '/api/models/fleet-claims/monitoring', async (route) => {
    asked.push(new URL(route.request().url()).searchParams.get('from'));
    await route.fulfill({ json: report });
  });
  await page.goto(`${stack.baseUrl}/#/models`);

  const row = page.getByRole('row', { name: /^fleet-claims\b/ });
  const badge = row.getByRole('link', { name: 'degraded' });
  await badge.waitFor();
  assert.equal(await row.locator('.badge.status').getAttribute('title'), report.status.reasons.join('; '), 'the reasons on hover');
  assert.equal(await row.locator('.status-reason').textContent(), report.status.reasons[0], 'the first reason in words');
  assert.equal(await page.getByRole('row', { name: /^damage\b/ }).locator('td[data-label="Monitoring"]').textContent(),
    'not monitored yet');
  await badge.click();

  await page.getByRole('heading', { level: 1, name: 'fleet-claims: monitoring' }).waitFor();
  assert.match(page.url(), /#\/models\/fleet-claims\/monitoring$/);
  assert.ok(Math.abs(Date.parse(asked[0]) - (Date.now() - 24 * HOUR)) < 5 * 60_000, `the last day is asked for, got from=${asked[0]}`);
  const status = page.locator('section', { has: page.locator('#status-heading') });
  await status.waitFor();
  assert.equal(await status.locator('.badge').textContent(), 'degraded');
  assert.deepEqual(await status.locator('.reasons li').allTextContents(), report.status.reasons);

  // Traffic and feedback, newest hour first.
  const hours = page.locator('table.windows tbody tr');
  assert.equal(await hours.count(), report.windows.length);
  const newest = hours.first();
  assert.equal(await newest.locator('td[data-label="Status"] .badge').textContent(), 'degraded');
  assert.equal(await newest.locator('td[data-label="Predictions"]').textContent(), '400');
  assert.equal(await newest.locator('td[data-label="Labelled"]').textContent(), '180');
  assert.equal(await newest.locator('td[data-label="Coverage"]').textContent(), '45.0 %');
  assert.equal(await hours.nth(3).locator('td[data-label="Coverage"]').textContent(), '—', 'an hour without predictions has no coverage');

  // Drift: a row per feature, the one that moved most first, a cell per hour saying its PSI and reading.
  const heatMap = page.getByRole('region', { name: 'Version 1' }).locator('table');
  assert.deepEqual(await heatMap.locator('tbody th').allTextContents(),
    ['annual_mileage_km', 'credit_score', 'region', 'predicted probability of yes']);
  assert.equal(await heatMap.locator('thead th').count(), 1 + report.windows.length);
  const mileage = heatMap.locator('tbody tr').first().locator('td');
  assert.deepEqual(await mileage.evaluateAll((cells) => cells.map((cell) => cell.className)),
    ['heat reading-none', 'heat reading-none', 'heat reading-empty', 'heat reading-moderate', 'heat reading-major', 'heat reading-major']);
  assert.deepEqual(await mileage.allTextContents(), MILEAGE_PSI.map((psi) => (psi == null ? '·no predictions'
    : `${psi.toFixed(2)} ${psi >= 0.25 ? 'major' : psi >= 0.1 ? 'moderate' : 'none'}`)));

  // Live against holdout: the latest hour with labelled predictions.
  const live = page.locator('table.live');
  const figures = async (metric) => live.getByRole('row', { name: new RegExp(`^${metric}`) }).locator('td').allTextContents();
  assert.deepEqual(await figures('Accuracy'), [`${(LIVE.accuracy * 100).toFixed(1)} %`, `${(HOLDOUT.accuracy * 100).toFixed(1)} %`]);
  for (const [metric, key] of [['ROC AUC', 'rocAuc'], ['F1', 'f1'], ['Log loss', 'logLoss'], ['Calibration error', 'calibrationError']]) {
    assert.deepEqual(await figures(metric), [LIVE[key].toFixed(3), HOLDOUT[key].toFixed(3)], metric);
  }
  assert.match(await page.locator('#live-heading ~ p').first().textContent(), /^Version 1 in the window .*: 180 labelled of 400 predictions\.$/);

  await page.setViewportSize({ width: 375, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, `the monitoring page scrolls sideways by ${overflow} px`);
  await screenshot(page, 'narrow-monitoring');
  await page.setViewportSize({ width: 1280, height: 900 });
  await docScreenshot(page, 'monitoring');

  await page.getByRole('link', { name: 'Last week' }).click();
  await page.waitForURL(/#\/models\/fleet-claims\/monitoring\/week$/);
  await page.getByRole('link', { name: 'Last week' }).and(page.locator('[aria-current="page"]')).waitFor();
  await page.locator('table.windows').waitFor();
  assert.ok(Math.abs(Date.parse(asked.at(-1)) - (Date.now() - 7 * 24 * HOUR)) < 5 * 60_000, `the last week is asked for, got ${asked.at(-1)}`);
});

browserTest('a regressor\'s monitoring page shows its live errors against the holdout\'s and its predicted value\'s drift', async (open) => {
  const report = regressionMonitoringReport('repair-cost');
  const page = await open('', { key: FUNCTION_KEY });
  await page.route((url) => url.pathname === '/api/models/repair-cost/monitoring', (route) => route.fulfill({ json: report }));
  await page.goto(`${stack.baseUrl}/#/models/repair-cost/monitoring`);

  const status = page.locator('section', { has: page.locator('#status-heading') });
  await status.locator('.reasons').waitFor();
  assert.deepEqual(await status.locator('.reasons li').allTextContents(), report.status.reasons);
  const newest = page.locator('table.windows tbody tr').first();
  assert.equal(await newest.locator('td[data-label="Labelled"]').textContent(), '120', 'the labelled of liveRegression');
  assert.equal(await newest.locator('td[data-label="Coverage"]').textContent(), '30.0 %');

  // Live against holdout: the errors, R² and the interval's coverage.
  const live = page.locator('table.live');
  const figures = async (metric) => live.getByRole('row', { name: new RegExp(`^${metric}`) }).locator('td').allTextContents();
  for (const [metric, key] of [['RMSE', 'rmse'], ['MAE', 'mae'], ['R²', 'r2']]) {
    assert.deepEqual(await figures(metric), [LIVE_REGRESSION[key].toFixed(3), REGRESSION_HOLDOUT[key].toFixed(3)], metric);
  }
  assert.deepEqual(await figures('Interval coverage'), ['87.0 %', '90.0 %']);
  assert.equal(await live.getByRole('row', { name: /^(Accuracy|ROC AUC)/ }).count(), 0, 'no classifier metric');
  assert.match(await page.locator('#live-heading ~ p').first().textContent(), /^Version 1 in the window .*: 120 labelled of 400 predictions\.$/);
  assert.match(await page.locator('section', { has: page.locator('#live-heading') }).textContent(),
    /live RMSE is at least 12\.900 and MAE at least 9\.300/);

  // Drift: the features, then the predicted value's row.
  const heatMap = page.getByRole('region', { name: 'Version 1' }).locator('table');
  assert.deepEqual(await heatMap.locator('tbody th').allTextContents(), ['annual_mileage_km', 'credit_score', 'region', 'predicted value']);
  const predicted = heatMap.locator('tbody tr.predicted');
  assert.deepEqual(await predicted.locator('td').allTextContents(), PREDICTION_PSI.map((psi) => (psi == null ? '·no predictions'
    : `${psi.toFixed(2)} ${psi >= 0.25 ? 'major' : psi >= 0.1 ? 'moderate' : 'none'}`)));

  await page.setViewportSize({ width: 375, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, `the monitoring page scrolls sideways by ${overflow} px`);
  await screenshot(page, 'narrow-regression-monitoring');
  await page.setViewportSize({ width: 1280, height: 900 });
});

browserTest('a model the monitoring job has not read yet says its windows come hourly', async (open) => {
  const page = await open('#/models/damage', { key: FUNCTION_KEY });
  await page.getByRole('link', { name: 'Monitoring: how it does on live predictions' }).click();
  await page.getByRole('heading', { level: 1, name: 'damage: monitoring' }).waitFor();
  const empty = page.locator('.empty');
  await empty.waitFor();
  assert.match(await empty.textContent(), /^No window yet in the last day\..*hourly windows/);
  assert.equal(await page.locator('#status-heading + p').textContent(), 'Not judged yet: the monitoring job has read no window of this model.');
  assert.equal(await page.locator('table').count(), 0);

  const refused = page.waitForResponse((r) => r.url().includes('/api/models/nothing-here/monitoring'));
  await page.goto(`${stack.baseUrl}/#/models/nothing-here/monitoring`);
  const { error } = await (await refused).json();
  assert.equal((await refused).status(), 404);
  assert.equal(await page.getByRole('alert').locator('p').nth(1).textContent(), error.message);
});
