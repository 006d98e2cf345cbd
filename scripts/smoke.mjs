// The steps of scripts/smoke-azure.sh, which finds the URLs and credentials (in Azure with the az
// CLI, locally from defaults) and runs this file with them in the environment. Not meant to be run
// by hand, but it can be: every input is an environment variable.
//
//   SMOKE_MODE             azure | local (only changes wording and the default poll interval)
//   SMOKE_MODEL            model name, [a-z0-9-]{1,63}
//   SMOKE_TIMEOUT          seconds to wait for the job to be registered (or to fail)
//   SMOKE_API_URL          the function app's base URL (the API is under /api)
//   SMOKE_WEB_URL          the web app's URL
//   SMOKE_BLOB_ENDPOINT    the blob service endpoint, e.g. https://<account>.blob.core.windows.net/
//   SMOKE_STORAGE_TOKEN    a Microsoft Entra access token for https://storage.azure.com/ (Bearer), or
//   SMOKE_STORAGE_ACCOUNT + SMOKE_STORAGE_KEY   an account name and key (Shared Key; Azurite)
//   SMOKE_FUNCTION_KEY     the function key (x-functions-key), empty when keys are not enforced
//   SMOKE_AZUREML_WORKSPACE_ID  /subscriptions/<sub>/resourcegroups/<rg>/workspaces/<ws>, for studio links
//   SMOKE_POLL_SECONDS     how often the job is polled (default 5 in Azure, 1 locally)
//   SMOKE_ROWS             rows of the generated dataset (default 400)
//
// Exit codes: 0 all steps passed, 1 a step failed (the last line says which), 2 bad input.
import { createHmac, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const STEPS = ['upload', 'training', 'predict', 'web'];
const FINAL_FAILURES = ['Failed', 'Rejected', 'Canceled'];
// Bearer tokens need 2017-11-09 or newer; this is a version both Azure Storage and Azurite serve.
const STORAGE_VERSION = '2021-08-06';
const REQUEST_TIMEOUT_MS = 60_000; // a cold Flex Consumption instance can take tens of seconds

const env = process.env;
const mode = env.SMOKE_MODE === 'local' ? 'local' : 'azure';
const model = env.SMOKE_MODEL ?? 'smoke';
const timeoutSeconds = Number(env.SMOKE_TIMEOUT ?? (mode === 'azure' ? 1800 : 300));
const pollMs = 1000 * Number(env.SMOKE_POLL_SECONDS ?? (mode === 'azure' ? 5 : 1));
const rows = Number(env.SMOKE_ROWS ?? 400);
const apiBase = trimSlash(env.SMOKE_API_URL ?? '').replace(/\/api$/, '');
const webUrl = env.SMOKE_WEB_URL ?? '';
const blobEndpoint = trimSlash(env.SMOKE_BLOB_ENDPOINT ?? '');
const functionKey = env.SMOKE_FUNCTION_KEY ?? '';
const workspaceId = env.SMOKE_AZUREML_WORKSPACE_ID ?? '';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
function trimSlash(url) {
  return url.replace(/\/+$/, '');
}

class StepFailure extends Error {}
const fail = (message) => { throw new StepFailure(message); };

function checkInputs() {
  const problems = [];
  if (!/^[a-z0-9-]{1,63}$/.test(model)) problems.push(`model name '${model}': use 1-63 characters of a-z, 0-9 and '-'`);
  if (!(timeoutSeconds > 0)) problems.push(`timeout '${env.SMOKE_TIMEOUT}' is not a positive number of seconds`);
  if (!(pollMs > 0)) problems.push(`SMOKE_POLL_SECONDS '${env.SMOKE_POLL_SECONDS}' is not a positive number`);
  if (!(Number.isInteger(rows) && rows >= 50 && rows <= 100_000)) problems.push(`SMOKE_ROWS '${env.SMOKE_ROWS}' must be a whole number from 50 to 100000`);
  for (const [name, value] of [['SMOKE_API_URL', apiBase], ['SMOKE_WEB_URL', webUrl], ['SMOKE_BLOB_ENDPOINT', blobEndpoint]]) {
    if (!/^https?:\/\/[^/]+/.test(value)) problems.push(`${name} '${value}' is not an http(s) URL`);
  }
  if (!env.SMOKE_STORAGE_TOKEN && !(env.SMOKE_STORAGE_ACCOUNT && env.SMOKE_STORAGE_KEY)) {
    problems.push('no storage credential: set SMOKE_STORAGE_TOKEN, or SMOKE_STORAGE_ACCOUNT and SMOKE_STORAGE_KEY');
  }
  for (const problem of problems) console.error(`smoke: ${problem}`);
  if (problems.length) console.error('smoke: FAILED at setup');
  return problems.length === 0;
}

// ---- HTTP ------------------------------------------------------------------------------------

/** A fetch that never throws on an HTTP status; network problems and timeouts come back as status 0. */
async function request(url, init = {}) {
  try {
    const response = await fetch(url, { redirect: 'follow', ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.message ?? error.name;
    return { status: 0, headers: new Headers(), text: '', json: null, error: `${error.message}${cause ? ` (${cause})` : ''}` };
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const transient = (response) => response.status === 0 || response.status === 429 || response.status >= 500;

function describe(response) {
  if (response.status === 0) return `no answer: ${response.error}`;
  const message = response.json?.message ?? response.json?.error?.message ?? response.json?.error
    ?? response.headers.get('x-ms-error-code') ?? response.text.replace(/\s+/g, ' ').slice(0, 300);
  return `HTTP ${response.status}${message ? `: ${typeof message === 'string' ? message : JSON.stringify(message)}` : ''}`;
}

/** A call of the function app's API with the function key. */
function api(method, path, body) {
  const headers = {};
  if (functionKey) headers['x-functions-key'] = functionKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return request(`${apiBase}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Retries an API call while it fails transiently (a cold start, a restart), for at most `forMs`. */
async function apiPatiently(method, path, body, forMs) {
  const deadline = Date.now() + forMs;
  for (let attempt = 1; ; attempt++) {
    const response = await api(method, path, body);
    if (!transient(response) || Date.now() >= deadline) return response;
    if (attempt === 1) console.log(`  ${method} ${path}: ${describe(response)}; retrying (the app may be starting)`);
    await sleep(Math.min(5000, 500 * attempt));
  }
}

function requireOk(response, what) {
  if (response.status >= 200 && response.status < 300) return response;
  const hint = response.status === 401 || response.status === 403
    ? (functionKey ? ' (the function key was refused: check SMOKE_FUNCTION_KEY / the function app\'s keys)' : ' (no function key was given: set SMOKE_FUNCTION_KEY)')
    : '';
  return fail(`${what}: ${describe(response)}${hint}`);
}

// ---- Azure Storage: Put Blob ------------------------------------------------------------------

/**
 * The Authorization header of a Blob service request signed with Shared Key, as "Authorize with
 * Shared Key" in the Azure Storage REST reference describes it
 * (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key):
 *   StringToSign = VERB + "\n" + Content-Encoding + "\n" + Content-Language + "\n" + Content-Length + "\n"
 *                + Content-MD5 + "\n" + Content-Type + "\n" + Date + "\n" + If-Modified-Since + "\n"
 *                + If-Match + "\n" + If-None-Match + "\n" + If-Unmodified-Since + "\n" + Range + "\n"
 *                + CanonicalizedHeaders + CanonicalizedResource
 * - Content-Length is the empty string when it is zero (versions 2015-02-21 and later);
 * - CanonicalizedHeaders: every x-ms- header, name lowercased, sorted by name, "name:value\n", the
 *   value's whitespace runs folded to one space;
 * - CanonicalizedResource: "/" + account name + the URI's encoded path, then each query parameter as
 *   "\n" + lowercased name + ":" + its values sorted and comma-separated, sorted by name. With a
 *   path-style URL (Azurite, http://127.0.0.1:10000/devstoreaccount1/...) the account name therefore
 *   appears twice: /devstoreaccount1/devstoreaccount1/datasets/...
 * - Signature = Base64(HMAC-SHA256(Base64-decoded key, UTF-8 StringToSign)); the header is
 *   "SharedKey <account>:<signature>".
 */
export function sharedKeyAuthorization(method, url, headers, account, key) {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const standard = ['content-encoding', 'content-language', 'content-length', 'content-md5', 'content-type', 'date',
    'if-modified-since', 'if-match', 'if-none-match', 'if-unmodified-since', 'range'].map((name) => {
    const value = lower[name] ?? '';
    return name === 'content-length' && value === '0' ? '' : value;
  });
  const canonicalHeaders = Object.keys(lower).filter((name) => name.startsWith('x-ms-')).sort()
    .map((name) => `${name}:${lower[name].replace(/\s+/g, ' ').trim()}\n`).join('');
  const parsed = new URL(url);
  const query = new Map();
  for (const [name, value] of parsed.searchParams) {
    const lowered = name.toLowerCase();
    query.set(lowered, [...(query.get(lowered) ?? []), value]);
  }
  const canonicalResource = `/${account}${parsed.pathname}` + [...query.keys()].sort()
    .map((name) => `\n${name}:${query.get(name).sort().join(',')}`).join('');
  const stringToSign = [method.toUpperCase(), ...standard].join('\n') + '\n' + canonicalHeaders + canonicalResource;
  const signature = createHmac('sha256', Buffer.from(key, 'base64')).update(stringToSign, 'utf8').digest('base64');
  return `SharedKey ${account}:${signature}`;
}

/** A Blob service request with the storage credential: a bearer token (Azure) or Shared Key (Azurite). */
function storage(method, url, headers, body) {
  const all = { 'x-ms-date': new Date().toUTCString(), 'x-ms-version': STORAGE_VERSION, ...headers };
  // fetch sends Content-Length itself (the body's length); Shared Key signs that same value
  if (body !== undefined) all['Content-Length'] = String(body.length);
  if (env.SMOKE_STORAGE_TOKEN) {
    all.Authorization = `Bearer ${env.SMOKE_STORAGE_TOKEN}`;
  } else {
    all.Authorization = sharedKeyAuthorization(method, url, all, env.SMOKE_STORAGE_ACCOUNT, env.SMOKE_STORAGE_KEY);
  }
  delete all['Content-Length'];
  return request(url, { method, headers: all, body });
}

function storageHint(response) {
  if (response.status !== 403) return '';
  return env.SMOKE_STORAGE_TOKEN
    ? ' (your identity needs the "Storage Blob Data Contributor" role on the storage account; the deployment grants it to'
      + ' the deploying principal, and a new role assignment can take a few minutes to apply)'
    : ' (the account key was refused: check SMOKE_STORAGE_ACCOUNT and SMOKE_STORAGE_KEY)';
}

async function putBlob(container, name, content, contentType) {
  const url = `${blobEndpoint}/${container}/${name.split('/').map(encodeURIComponent).join('/')}`;
  const put = () => storage('PUT', url, { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': contentType }, content);
  let response;
  for (let attempt = 1; attempt <= 3; attempt++) {
    response = await put();
    if (response.status === 404 && response.headers.get('x-ms-error-code') === 'ContainerNotFound') {
      // in Azure the deployment creates the containers; a fresh Azurite may not have it yet
      console.log(`  the container '${container}' does not exist yet: creating it`);
      const created = await storage('PUT', `${blobEndpoint}/${container}?restype=container`, {});
      if (created.status !== 201 && created.status !== 409) {
        fail(`could not create the container '${container}': ${describe(created)}${storageHint(created)}`);
      }
      response = await put();
    }
    if (!transient(response)) break;
    await sleep(2000 * attempt);
  }
  if (response.status !== 201) fail(`Put Blob ${url}: ${describe(response)}${storageHint(response)}`);
  return url;
}

// ---- the dataset -------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A binary classification dataset (churn-like: will a customer leave?) with three numeric features,
 * one categorical feature and a yes/no `target` that depends on all of them plus noise. Every
 * seed gives different content, so the system (which dedupes by content and config) trains again.
 */
export function generateDataset(count, seed) {
  const random = mulberry32(seed);
  const plans = ['basic', 'standard', 'premium'];
  const planEffect = { basic: 0.9, standard: 0, premium: -0.9 };
  const lines = ['age,monthly_spend,tenure_months,plan,target'];
  const classes = { yes: 0, no: 0 };
  for (let i = 0; i < count; i++) {
    const age = 18 + Math.floor(random() * 62);
    const spend = Math.round((15 + random() * 135) * 100) / 100;
    const tenure = Math.floor(random() * 120);
    const plan = plans[Math.floor(random() * plans.length)];
    const logit = -0.4 + 0.03 * (age - 48) - 0.015 * (spend - 80) - 0.02 * (tenure - 60) + planEffect[plan] + (random() - 0.5);
    const target = random() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no';
    classes[target]++;
    lines.push(`${age},${spend},${tenure},${plan},${target}`);
  }
  return { csv: `${lines.join('\n')}\n`, classes };
}

// ---- the steps ---------------------------------------------------------------------------------

const state = {};

async function upload() {
  // First make sure the API answers and takes the key, so that a wrong key or URL stops here and no
  // training is started in vain.
  const jobs = await apiPatiently('GET', `/api/jobs?model=${model}`, undefined, 180_000);
  requireOk(jobs, `the API at ${apiBase} (GET /api/jobs?model=${model})`);

  const now = new Date();
  const seed = (now.getTime() ^ randomBytes(4).readUInt32BE(0)) >>> 0;
  const { csv, classes } = generateDataset(rows, seed);
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  state.file = `smoke-${stamp}-${seed.toString(16).padStart(8, '0')}.csv`;
  state.datasetPath = `${model}/${state.file}`;
  const content = Buffer.from(csv, 'utf8');
  const url = await putBlob('datasets', state.datasetPath, content, 'text/csv');
  console.log(`  uploaded datasets/${state.datasetPath}: ${rows} rows (yes ${classes.yes}, no ${classes.no}), `
    + `${(content.length / 1024).toFixed(1)} KiB, seed ${seed}`);
  console.log(`  to ${url} (${env.SMOKE_STORAGE_TOKEN ? 'Microsoft Entra token' : `Shared Key of ${env.SMOKE_STORAGE_ACCOUNT}`})`);
}

/** Where to see an Azure ML job in the studio, or null for other backends or an unknown workspace. */
export function studioLink(job, workspace = workspaceId) {
  // Not a documented format: the one Azure ML's own job pages use (services.Studio.endpoint, which the
  // backend puts in a failed job's message when Azure ML sends it), rebuilt here for jobs that have
  // not failed:  https://ml.azure.com/runs/<job name>?wsid=/subscriptions/<id>/resourcegroups/<group>/workspaces/<name>
  if (job?.backend !== 'azureml' || !job.backendRef || !workspace) return null;
  return `https://ml.azure.com/runs/${encodeURIComponent(job.backendRef)}?wsid=${workspace}`;
}

function jobDetails(job) {
  const lines = [];
  if (!job) return lines;
  lines.push(`  job ${job.id}: ${job.state}, stage ${job.stage}, ${job.progress}%`);
  if (job.error) lines.push(`  error: ${job.error.code}: ${job.error.message}${job.error.line ? ` (line ${job.error.line})` : ''}`);
  if (job.message) lines.push(`  message: ${job.message}`);
  lines.push(`  backend: ${job.backend ?? '(none)'}, backendRef: ${job.backendRef ?? '(none)'}`);
  const link = studioLink(job);
  if (link) lines.push(`  Azure ML studio: ${link}`);
  return lines;
}

async function training() {
  const started = Date.now();
  const deadline = started + timeoutSeconds * 1000;
  let job = null;
  let last = '';
  let lastProblem = '';
  let hinted = false;
  let linked = false;
  console.log(`  waiting up to ${timeoutSeconds} s for the job of datasets/${state.datasetPath}`);
  while (true) {
    const response = await api('GET', `/api/jobs?model=${model}`);
    if (transient(response)) {
      const problem = describe(response);
      if (problem !== lastProblem) console.log(`  GET /api/jobs: ${problem}; retrying`);
      lastProblem = problem;
    } else {
      requireOk(response, `GET /api/jobs?model=${model}`);
      lastProblem = '';
      const found = (response.json?.jobs ?? []).find((j) => j.dataset?.path === state.datasetPath
        && (j.dataset.container ?? 'datasets') === 'datasets');
      if (found) job = found;
    }
    const elapsed = `+${Math.round((Date.now() - started) / 1000)}s`.padStart(6);
    if (job) {
      const now = `${job.state} ${job.stage} ${job.progress}%`;
      if (now !== last) console.log(`  ${elapsed}  ${job.state.padEnd(10)} ${String(job.stage).padEnd(20)} ${String(job.progress).padStart(3)}%`);
      last = now;
      if (!linked && studioLink(job)) {
        console.log(`          Azure ML job ${job.backendRef}: ${studioLink(job)}`);
        linked = true;
      }
      if (job.state === 'Registered') {
        state.job = job;
        state.version = job.version;
        console.log(`  job ${job.id} registered version ${job.version} of '${model}'${job.message ? ` (${job.message})` : ''}`);
        return;
      }
      if (FINAL_FAILURES.includes(job.state)) {
        for (const line of jobDetails(job)) console.log(line);
        fail(`job ${job.id} ${job.state}: ${job.error ? `${job.error.code}: ${job.error.message}` : 'no error recorded'}`);
      }
    } else if (!hinted && Date.now() - started > 120_000) {
      hinted = true;
      console.log(`  ${elapsed}  no job for the upload yet. The blob trigger should create one within seconds: `
        + (mode === 'azure'
          ? 'check the Event Grid subscription (scripts/deploy.sh --only events) and the function app\'s logs'
          : 'check the local host\'s log')
        + `; a refused file has a report at rejected/${model}/${state.file.replace(/\.csv$/, '.json')}`);
    }
    if (Date.now() >= deadline) {
      for (const line of jobDetails(job)) console.log(line);
      fail(job
        ? `job ${job.id} is still ${job.state} (${job.stage}, ${job.progress}%) after ${timeoutSeconds} s (--timeout raises the limit)`
        : `no job appeared for datasets/${state.datasetPath} within ${timeoutSeconds} s: the blob trigger did not run`
          + (lastProblem ? `; last answer of the API: ${lastProblem}` : ''));
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
  }
}

/** A row a model accepts, from its input schema: medians of numbers, the most frequent category. */
export function rowFromSchema(schema) {
  const row = {};
  for (const feature of schema?.features ?? []) {
    if (feature.type === 'NUMERIC') {
      row[feature.name] = feature.median ?? (feature.min != null && feature.max != null ? (feature.min + feature.max) / 2 : 0);
    } else {
      row[feature.name] = feature.categories?.[0]?.value ?? '';
    }
  }
  return row;
}

async function predict() {
  const details = requireOk(await apiPatiently('GET', `/api/models/${model}`, undefined, 60_000), `GET /api/models/${model}`).json;
  const mine = details?.versions?.find((v) => v.version === state.version);
  let version;
  let query = '';
  if (details?.champion) {
    version = details.champion.version;
    if (version === state.version) {
      console.log(`  version ${version} passed the quality gate and is the champion: predicting the champion`);
    } else {
      console.log(`  version ${state.version} is not the champion${mine?.gateReason ? ` (${mine.gateReason})` : ''}; `
        + `predicting the champion, version ${version}`);
    }
  } else {
    version = state.version;
    query = `?version=${version}`;
    console.log(`  '${model}' has no champion (version ${version} did not pass the quality gate`
      + `${mine?.gateReason ? `: ${mine.gateReason}` : ''}): predicting version ${version} with ${query}`);
  }
  let schema = details?.schemaVersion === version ? details.inputSchema : null;
  if (!schema) {
    const metadata = requireOk(await api('GET', `/api/models/${model}/versions/${version}`), `GET /api/models/${model}/versions/${version}`).json;
    schema = metadata?.schema;
  }
  if (!schema?.features?.length) fail(`the input schema of '${model}' version ${version} has no features: ${JSON.stringify(schema)}`);
  const row = rowFromSchema(schema);
  console.log(`  row: ${JSON.stringify(row)}`);
  // A new champion reaches the serving instances within their refresh interval (CHAMPION_REFRESH_MILLIS,
  // 3 s by default), so for a little while an instance may still answer with the previous one.
  const refreshDeadline = Date.now() + 60_000;
  let answer;
  for (let attempt = 1; ; attempt++) {
    answer = requireOk(await apiPatiently('POST', `/api/models/${model}/predict${query}`, row, 60_000),
      `POST /api/models/${model}/predict${query}`).json;
    if (query || answer?.version === undefined || answer.version === version || Date.now() >= refreshDeadline) break;
    if (attempt === 1) console.log(`  version ${answer.version} answered, not the champion ${version} yet (instances refresh their champion periodically); retrying`);
    await sleep(2000);
  }
  const probabilities = answer?.probabilities;
  const values = probabilities && typeof probabilities === 'object' ? Object.values(probabilities) : [];
  if (typeof answer?.label !== 'string' || !answer.label) fail(`the answer has no label: ${JSON.stringify(answer)}`);
  if (values.length < 2 || !values.every((p) => typeof p === 'number' && p >= 0 && p <= 1)) {
    fail(`the answer has no class probabilities: ${JSON.stringify(answer)}`);
  }
  const sum = values.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-3) fail(`the probabilities add up to ${sum}, not 1: ${JSON.stringify(answer)}`);
  if (!(answer.label in probabilities)) fail(`the label '${answer.label}' is not one of the classes ${Object.keys(probabilities)}`);
  if (answer.version !== undefined && answer.version !== version) fail(`version ${answer.version} answered, not ${version}`);
  console.log(`  version ${answer.version ?? version} predicted '${answer.label}' `
    + `(${Object.entries(probabilities).map(([k, p]) => `${k} ${p.toFixed(3)}`).join(', ')})`);
}

async function getPatiently(url, init) {
  let response;
  for (let attempt = 1; attempt <= 3; attempt++) {
    response = await request(url, init);
    if (!transient(response)) break;
    if (attempt < 3) await sleep(2000);
  }
  return response;
}

async function web() {
  await checkWeb(webUrl, apiBase);
}

/**
 * The web app as a browser uses it: its page; js/config.js, which tells the page where the API is
 * (empty: on the page's own origin, as locally; in Azure the function app's URL, written at
 * deployment by scripts/web-config.mjs); the API's health; and, when the page and the API are two
 * origins, that the function app's CORS lets the page call it with its key (the preflight a
 * browser sends before a call with x-functions-key, then the answer's Access-Control-Allow-Origin).
 */
export async function checkWeb(pageUrl, api) {
  const page = await getPatiently(pageUrl, { headers: { Accept: 'text/html' } });
  if (page.status !== 200) fail(`the web app at ${pageUrl}: ${describe(page)}`);
  const type = page.headers.get('content-type') ?? '';
  if (!/text\/html/i.test(type)) fail(`the web app at ${pageUrl} answered ${type || 'no content type'}, not HTML`);
  const title = page.text.match(/<title>([^<]*)<\/title>/i)?.[1];
  if (!title || !/tabml/i.test(title) || !/<script[^>]+type="module"/i.test(page.text)) {
    fail(`the page at ${pageUrl} is not tabml's web app (title: ${title ?? 'none'}): ${page.text.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  console.log(`  ${pageUrl}: the web app ("${title}", ${page.text.length} bytes)`);

  const webOrigin = new URL(pageUrl).origin;
  const apiOrigin = new URL(api).origin;
  const crossOrigin = webOrigin !== apiOrigin;
  const configUrl = new URL('js/config.js', pageUrl).href;
  const config = await getPatiently(configUrl);
  if (config.status !== 200) fail(`${configUrl} (where the page finds the API): ${describe(config)}`);
  const configured = config.text.match(/API_BASE_URL\s*=\s*(?:"([^"]*)"|'([^']*)')/);
  if (!configured) fail(`${configUrl} does not set API_BASE_URL: ${config.text.slice(0, 200)}`);
  const base = trimSlash(configured[1] ?? configured[2]);
  const pageCalls = base ? new URL(base).origin : webOrigin;
  if (pageCalls !== apiOrigin) {
    fail(`the page calls the API at ${pageCalls} (${configUrl}), not at this deployment's function app ${apiOrigin}`);
  }
  console.log(`  ${configUrl}: the page calls the API at ${pageCalls}${crossOrigin ? '' : ' (its own origin)'}`);

  const originHeaders = crossOrigin ? { Origin: webOrigin } : {};
  const allowsOrigin = (response) => [webOrigin, '*'].includes(response.headers.get('access-control-allow-origin'));
  if (crossOrigin) {
    const preflightUrl = `${apiOrigin}/api/models`;
    const preflight = await getPatiently(preflightUrl, { method: 'OPTIONS', headers: { ...originHeaders,
      'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-functions-key' } });
    const allowedHeaders = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    if (preflight.status < 200 || preflight.status >= 300 || !allowsOrigin(preflight)
        || !(allowedHeaders.includes('x-functions-key') || allowedHeaders.includes('*'))) {
      fail(`the function app does not let the page's origin ${webOrigin} call it (CORS preflight OPTIONS ${preflightUrl}: `
        + `HTTP ${preflight.status || `none, ${preflight.error}`}, Access-Control-Allow-Origin `
        + `${preflight.headers.get('access-control-allow-origin') ?? 'missing'}, Access-Control-Allow-Headers `
        + `${preflight.headers.get('access-control-allow-headers') ?? 'missing'}): the function app's CORS allowed origins must include it`);
    }
    console.log(`  CORS preflight from ${webOrigin}: allowed (HTTP ${preflight.status})`);
  }
  const healthUrl = `${apiOrigin}/api/health`;
  const health = await getPatiently(healthUrl, { headers: originHeaders });
  if (health.status !== 200 || health.json?.status !== 'ok') {
    fail(`${healthUrl}: ${describe(health)}${health.json ? ` ${JSON.stringify(health.json)}` : ''}`);
  }
  if (crossOrigin && !allowsOrigin(health)) {
    fail(`${healthUrl} answered without Access-Control-Allow-Origin for ${webOrigin}: a browser on the web app cannot read it`);
  }
  console.log(`  ${healthUrl}: ${JSON.stringify(health.json)}`);
}

// ---- main --------------------------------------------------------------------------------------

async function main() {
  if (!checkInputs()) {
    process.exitCode = 2;
    return;
  }
  const functions = { upload, training, predict, web };
  const timings = [];
  const total = Date.now();
  for (const [index, name] of STEPS.entries()) {
    const label = `step ${index + 1}/${STEPS.length} (${name})`;
    console.log(`\n[${index + 1}/${STEPS.length}] ${name}`);
    const started = Date.now();
    try {
      await functions[name]();
    } catch (error) {
      const message = error instanceof StepFailure ? error.message : (error.stack ?? String(error));
      console.error(`smoke: FAILED at ${label}: ${message}`);
      process.exitCode = 1;
      return;
    }
    timings.push([name, Date.now() - started]);
  }
  console.log(`\nsmoke: OK (${mode}, model '${model}' version ${state.version}, ${seconds(Date.now() - total)})`);
  for (const [index, [name, ms]] of timings.entries()) console.log(`  ${index + 1} ${name.padEnd(9)} ${seconds(ms).padStart(9)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
