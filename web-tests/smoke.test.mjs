// scripts/smoke-azure.sh --local against a fresh local stack (Azurite's blob service and the local
// host, from stack.mjs): the whole smoke passes, and a failing step stops it with a non-zero exit
// code and its name. The Azure mode differs only in how URLs and credentials are found.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkWeb, generateDataset, rowFromSchema, sharedKeyAuthorization, studioLink } from '../scripts/smoke.mjs';
import { FUNCTION_KEY, ROOT, startStack } from './stack.mjs';

const SCRIPT = join(ROOT, 'scripts/smoke-azure.sh');
const BASH = ['/bin/bash', '/usr/bin/bash'].find(existsSync) ?? 'bash';
// Azurite's published development account key (as in stack.mjs); not a secret.
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Runs the smoke script; resolves with its exit code and output (stdout and stderr, interleaved). */
function smoke(args, env = {}, timeoutMs = 240_000) {
  return new Promise((done, fail) => {
    const child = spawn(BASH, [SCRIPT, ...args], { cwd: ROOT, env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`smoke-azure.sh ${args.join(' ')} did not end within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.once('error', (error) => { clearTimeout(timer); fail(error); });
    child.once('exit', (code) => { clearTimeout(timer); done({ code, output }); });
  });
}

/** This process's environment without the smoke script's own settings, so the tests decide them. */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SMOKE_|AZURE_|LOCAL_FUNCTION_KEY$|PORT$)/.test(name)));
}

describe('the smoke test, locally', () => {
  let stack;
  let env;

  before(async () => {
    stack = await startStack();
    env = {
      SMOKE_API_URL: stack.baseUrl,
      SMOKE_WEB_URL: `${stack.baseUrl}/`,
      SMOKE_BLOB_ENDPOINT: stack.blobEndpoint,
      SMOKE_FUNCTION_KEY: FUNCTION_KEY,
    };
  }, { timeout: 120_000 });

  after(async () => {
    await stack?.stop();
  });

  test('passes every step against the local stack', { timeout: 300_000 }, async () => {
    const { code, output } = await smoke(['--local', '--model', 'smoke-ok', '--timeout', '180'], env);
    assert.equal(code, 0, `${output}\n--- host log ---\n${stack.logTail()}`);
    assert.match(output, /^smoke: OK \(local, model 'smoke-ok' version 1, /m, output);
    for (const [n, step] of [[1, 'upload'], [2, 'training'], [3, 'predict'], [4, 'web']]) {
      assert.match(output, new RegExp(`^\\[${n}/4\\] ${step}$`, 'm'), output);
      assert.match(output, new RegExp(`^  ${n} ${step} +\\d+\\.\\d s$`, 'm'), `timing of ${step}:\n${output}`);
    }
    assert.match(output, /uploaded datasets\/smoke-ok\/smoke-\d{8}T\d{6}Z-[0-9a-f]{8}\.csv: 400 rows/, output);
    assert.match(output, /Registered +registered +100%/, output);
    assert.match(output, /version 1 predicted '(yes|no)' \((yes|no) 0\.\d{3}, (yes|no) 0\.\d{3}\)/, output);
    // it went through the blob trigger: the job names the uploaded blob, the version exists
    const jobs = (await stack.get('/api/jobs?model=smoke-ok')).jobs;
    assert.equal(jobs.length, 1);
    assert.match(jobs[0].dataset.path, /^smoke-ok\/smoke-.*\.csv$/);
    assert.equal(jobs[0].state, 'Registered');
    assert.equal((await stack.get('/api/models/smoke-ok')).versions.length, 1);
  });

  test('a second run adds a version and passes too, whether or not the version becomes the champion', { timeout: 300_000 }, async () => {
    const { code, output } = await smoke(['--local', '--model', 'smoke-ok', '--timeout', '180'], env);
    assert.equal(code, 0, `${output}\n--- host log ---\n${stack.logTail()}`);
    assert.match(output, /^smoke: OK \(local, model 'smoke-ok' version 2, /m, output);
    const model = await stack.get('/api/models/smoke-ok');
    assert.equal(model.versions.length, 2);
    assert.match(output, new RegExp(`version ${model.champion.version} predicted`), output);
    assert.match(output, model.champion.version === 2 ? /version 2 passed the quality gate and is the champion/ : /version 2 is not the champion/, output);
  });

  test('Azure mode finds the function key and the workspace with az (a stand-in az here)', { timeout: 300_000 }, async () => {
    // The real az cannot reach a local stack, so a stand-in answers the calls the script makes and
    // logs them; the URLs and the storage credential point at the local stack through SMOKE_*.
    const bin = await mkdtemp(join(tmpdir(), 'smoke-az-'));
    try {
      const outputs = {
        AZURE_FUNCTION_APP_NAME: { type: 'String', value: 'func-smoke' },
        AZURE_FUNCTION_APP_HOSTNAME: { type: 'String', value: 'func-smoke.azurewebsites.net' },
        AZUREML_WORKSPACE_NAME: { type: 'String', value: 'mlw-smoke' },
      };
      await writeFile(join(bin, 'outputs.json'), JSON.stringify(outputs));
      await writeFile(join(bin, 'az'), `#!/bin/bash
echo "$*" >> "${join(bin, 'az.log')}"
case "$1 $2" in
  "account show") [[ "$*" == *"--query id"* ]] && echo 00000000-1111-2222-3333-444444444444; exit 0 ;;
  "deployment group") cat "${join(bin, 'outputs.json')}" ;;
  "functionapp keys") echo "${FUNCTION_KEY}" ;;
  *) echo "unexpected: az $*" >&2; exit 1 ;;
esac
`);
      await chmod(join(bin, 'az'), 0o755);
      const { SMOKE_FUNCTION_KEY, ...rest } = env;
      const { code, output } = await smoke(['tabml-dev', '--model', 'smoke-azure', '--timeout', '180'], {
        ...rest,
        PATH: `${bin}:${process.env.PATH}`,
        SMOKE_STORAGE_ACCOUNT: 'devstoreaccount1',
        SMOKE_STORAGE_KEY: AZURITE_KEY,
        SMOKE_POLL_SECONDS: '1',
      });
      assert.equal(code, 0, output);
      assert.match(output, /^smoke: Azure environment tabml-dev \(resource group rg-tabml-dev\), model 'smoke-azure'$/m, output);
      assert.match(output, /^  workspace \/subscriptions\/00000000-1111-2222-3333-444444444444\/resourcegroups\/rg-tabml-dev\/workspaces\/mlw-smoke$/m, output);
      assert.match(output, /^smoke: OK \(azure, model 'smoke-azure' version 1, /m, output);
      const calls = readFileSync(join(bin, 'az.log'), 'utf8');
      assert.match(calls, /^deployment group show -g rg-tabml-dev -n tabml-dev-main --query properties\.outputs -o json\b/m);
      assert.match(calls, /^functionapp keys list -g rg-tabml-dev -n func-smoke --query functionKeys\.default -o tsv$/m);
      assert.doesNotMatch(calls, /get-access-token/, 'an account key was given, so no token is needed');
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  test('with a token the upload is a Put Blob with Authorization: Bearer (as in Azure)', { timeout: 60_000 }, async (t) => {
    // Azurite takes bearer tokens only over HTTPS, so a recorder stands in for the blob service here;
    // nothing reaches the stack's storage, so no job appears and step 2 fails (after 1 s).
    const requests = [];
    const recorder = createHttpServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        requests.push({ method: request.method, url: request.url, headers: request.headers, body });
        response.writeHead(201).end();
      });
    });
    await new Promise((done) => recorder.listen(0, '127.0.0.1', done));
    t.after(() => new Promise((done) => recorder.close(done)));
    const endpoint = `http://127.0.0.1:${recorder.address().port}/`;
    const { code, output } = await smoke(['--local', '--model', 'smoke-token', '--timeout', '1'],
      { ...env, SMOKE_BLOB_ENDPOINT: endpoint, SMOKE_STORAGE_TOKEN: 'a-token' });
    assert.equal(code, 1, output);
    assert.match(output, /^smoke: FAILED at step 2\/4 \(training\): no job appeared for datasets\/smoke-token\/smoke-\S+\.csv within 1 s/m, output);
    assert.equal(requests.length, 1, JSON.stringify(requests));
    const [put] = requests;
    assert.equal(put.method, 'PUT');
    assert.match(put.url, /^\/datasets\/smoke-token\/smoke-\d{8}T\d{6}Z-[0-9a-f]{8}\.csv$/);
    assert.equal(put.headers.authorization, 'Bearer a-token');
    assert.equal(put.headers['x-ms-blob-type'], 'BlockBlob');
    assert.ok(put.headers['x-ms-version'] >= '2017-11-09', `x-ms-version ${put.headers['x-ms-version']} takes bearer tokens`);
    assert.ok(!Number.isNaN(Date.parse(put.headers['x-ms-date'])));
    assert.equal(put.headers['content-type'], 'text/csv');
    assert.equal(Number(put.headers['content-length']), Buffer.byteLength(put.body));
    assert.match(put.body, /^age,monthly_spend,tenure_months,plan,target\n/);
  });

  test('a job that fails shows its error and fails step 2', { timeout: 120_000 }, async () => {
    // a model config naming a column the smoke's dataset does not have: the upload is refused
    const url = `${env.SMOKE_BLOB_ENDPOINT}/datasets/smoke-refused/config.json`;
    const body = Buffer.from('{"targetColumn": "no_such_column"}');
    const headers = { 'x-ms-date': new Date().toUTCString(), 'x-ms-version': '2021-08-06', 'x-ms-blob-type': 'BlockBlob',
      'Content-Type': 'application/json', 'Content-Length': String(body.length) };
    headers.Authorization = sharedKeyAuthorization('PUT', url, headers, 'devstoreaccount1', AZURITE_KEY);
    delete headers['Content-Length'];
    const put = await fetch(url, { method: 'PUT', headers, body });
    assert.equal(put.status, 201, await put.text());

    const { code, output } = await smoke(['--local', '--model', 'smoke-refused', '--timeout', '60'], env);
    assert.equal(code, 1, output);
    assert.match(output, /^  error: \w+: .*no_such_column/m, output);
    assert.match(output, /^  backend: \(none\), backendRef: \(none\)$/m, output);
    assert.match(output, /^smoke: FAILED at step 2\/4 \(training\): job smoke-refused-\S+ Rejected: \w+: /m, output);
  });

  test('a wrong function key fails step 1 before anything is uploaded', { timeout: 60_000 }, async () => {
    const { code, output } = await smoke(['--local', '--model', 'smoke-key'], { ...env, SMOKE_FUNCTION_KEY: 'not-the-key' });
    assert.equal(code, 1, output);
    assert.match(output, /^smoke: FAILED at step 1\/4 \(upload\): .*HTTP 401.*function key was refused/m, output);
    assert.doesNotMatch(output, /smoke: OK/);
    assert.deepEqual((await stack.get('/api/jobs?model=smoke-key')).jobs, []);
  });

  test('a wrong storage key fails step 1 with the storage service\'s 403', { timeout: 60_000 }, async () => {
    const { code, output } = await smoke(['--local', '--model', 'smoke-storage'],
      { ...env, SMOKE_STORAGE_KEY: Buffer.from('not the account key').toString('base64') });
    assert.equal(code, 1, output);
    assert.match(output, /^smoke: FAILED at step 1\/4 \(upload\): Put Blob .*HTTP 403.*account key was refused/m, output);
  });

  test('a web app that serves nothing fails step 4, after the model was trained and predicted', { timeout: 300_000 }, async () => {
    // a port that is held (so nobody else takes it) and closes every connection without an answer
    const nothing = createServer((socket) => socket.destroy());
    await new Promise((done) => nothing.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${nothing.address().port}/`;
    try {
      const { code, output } = await smoke(['--local', '--model', 'smoke-web', '--timeout', '180'], { ...env, SMOKE_WEB_URL: url });
      assert.equal(code, 1, output);
      assert.match(output, /^  version 1 predicted/m, output);
      assert.match(output, new RegExp(`^smoke: FAILED at step 4/4 \\(web\\): the web app at ${url}: no answer`, 'm'), output);
    } finally {
      await new Promise((done) => nothing.close(done));
    }
  });

  test('a job that cannot finish in time fails step 2 and shows the job', { timeout: 60_000 }, async () => {
    const { code, output } = await smoke(['--local', '--model', 'smoke-slow', '--timeout', '1'], env);
    assert.equal(code, 1, output);
    assert.match(output, /^smoke: FAILED at step 2\/4 \(training\): (job \S+ is still \w+ .* after 1 s|no job appeared .* within 1 s)/m, output);
  });
});

describe('the smoke script itself', () => {
  test('--help prints the usage', async () => {
    const { code, output } = await smoke(['--help']);
    assert.equal(code, 0);
    assert.match(output, /scripts\/smoke-azure\.sh --local \[options\]/, output);
    assert.match(output, /--timeout SECONDS/, output);
  });

  test('bad arguments exit with 2', async () => {
    assert.equal((await smoke(['--bogus'])).code, 2);
    assert.equal((await smoke(['--local', '--model', 'Not_A_Model'])).code, 2);
    assert.equal((await smoke(['--local', '--timeout', 'soon'])).code, 2);
  });

  test('Azure mode without the Azure CLI says so', async () => {
    // a PATH with node and nothing else: no az
    const bin = await mkdtemp(join(tmpdir(), 'smoke-path-'));
    try {
      await symlink(process.execPath, join(bin, 'node'));
      const { code, output } = await smoke(['tabml-dev'], { PATH: bin });
      assert.equal(code, 1, output);
      assert.match(output, /^smoke: FAILED at setup: the Azure CLI \(az\) is not installed/m, output);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  test('every run generates a different dataset with both classes', () => {
    const first = generateDataset(400, 1);
    const second = generateDataset(400, 2);
    assert.notEqual(first.csv, second.csv);
    assert.equal(generateDataset(400, 1).csv, first.csv, 'a seed gives the same data');
    const lines = first.csv.trimEnd().split('\n');
    assert.equal(lines[0], 'age,monthly_spend,tenure_months,plan,target');
    assert.equal(lines.length, 401);
    assert.ok(first.classes.yes >= 40 && first.classes.no >= 40, JSON.stringify(first.classes));
  });

  test('an Azure ML job links to the studio when the workspace is known', () => {
    const wsid = '/subscriptions/sub/resourcegroups/rg-tabml-dev/workspaces/mlw-x';
    assert.equal(studioLink({ backend: 'azureml', backendRef: 'tabml-smoke-1-ab12cd34' }, wsid),
      'https://ml.azure.com/runs/tabml-smoke-1-ab12cd34?wsid=/subscriptions/sub/resourcegroups/rg-tabml-dev/workspaces/mlw-x');
    assert.equal(studioLink({ backend: 'local', backendRef: '1234' }, wsid), null);
    assert.equal(studioLink({ backend: 'azureml', backendRef: 'x' }, ''), null);
  });

  test('the web step checks that a page on another origin may call the API (CORS), as in Azure', async (t) => {
    t.mock.method(console, 'log', () => {});
    const listen = async (handler) => {
      const server = createHttpServer(handler);
      await new Promise((done) => server.listen(0, '127.0.0.1', done));
      t.after(() => new Promise((done) => server.close(done)));
      return `http://127.0.0.1:${server.address().port}`;
    };
    let cors = true;
    let configured = '';
    const api = await listen((request, response) => {
      const origin = request.headers.origin;
      if (cors && origin) response.setHeader('Access-Control-Allow-Origin', origin);
      if (request.method === 'OPTIONS') {
        if (cors) response.setHeader('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? '');
        response.writeHead(204).end();
      } else if (request.url === '/api/health') {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok","storage":"reachable"}');
      } else {
        response.writeHead(404).end();
      }
    });
    const web = await listen((request, response) => {
      if (request.url === '/js/config.js') {
        response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(`export const API_BASE_URL = ${JSON.stringify(configured)};\n`);
      } else {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
          .end('<!doctype html><title>tabml</title><script type="module" src="js/app.js"></script>');
      }
    });

    configured = api;
    await checkWeb(`${web}/`, api);
    cors = false;
    await assert.rejects(checkWeb(`${web}/`, api), /does not let the page's origin http:\/\/127\.0\.0\.1:\d+ call it \(CORS preflight/);
    cors = true;
    configured = 'https://func-elsewhere.azurewebsites.net';
    await assert.rejects(checkWeb(`${web}/`, api), /the page calls the API at https:\/\/func-elsewhere\.azurewebsites\.net .*not at this deployment's function app/);
    configured = '';
    await assert.rejects(checkWeb(`${web}/`, api), /the page calls the API at http:\/\/127\.0\.0\.1:\d+ \(.*\), not at this deployment's function app/);
  });

  test('a predict row comes from the input schema', () => {
    assert.deepEqual(rowFromSchema({ features: [
      { name: 'age', type: 'NUMERIC', median: 41, min: 18, max: 79 },
      { name: 'spend', type: 'NUMERIC', min: 10, max: 20 },
      { name: 'plan', type: 'CATEGORICAL', categories: [{ value: 'basic', count: 9 }, { value: 'premium', count: 3 }] },
      { name: 'urban', type: 'BOOLEAN', categories: [{ value: 'true', count: 5 }] },
    ] }), { age: 41, spend: 15, plan: 'basic', urban: 'true' });
  });
});
