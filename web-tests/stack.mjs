// The system under test, started fresh for the browser tests: Azurite's blob and table services and the local
// functions host (which also serves static-web/), each on a free loopback port with a temporary
// workspace, both stopped again by stop(). The host runs the staged app that `mvn package` built.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const FUNCTION_KEY = 'web-tests-function-key';
export const ADMIN_KEY = 'web-tests-admin-key';

const APP = 'functions/target/azure-functions/tabml-functions';
const CLASSPATH = [`${APP}/*`, `${APP}/lib/*`, 'local-host/target/lib/*'].join(':');
// Azurite's published development account key (also in core's AppConfig); not a secret.
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function startStack() {
  if (!existsSync(join(ROOT, APP))) {
    throw new Error(`${APP} is missing: build it first (mvn -B -DskipTests package; scripts/test.sh runs mvn verify)`);
  }
  const workspace = await mkdtemp(join(tmpdir(), 'tabml-web-tests-'));
  const processes = [];
  const stop = async () => {
    for (const child of processes.reverse()) await terminate(child);
    await rm(workspace, { recursive: true, force: true });
  };
  try {
    const blobPort = await freePort();
    const tablePort = await freePort();
    processes.push(launch(join(ROOT, 'node_modules/.bin/azurite-blob'), ['--silent', '--skipApiVersionCheck',
      '--blobHost', '127.0.0.1', '--blobPort', String(blobPort), '--location', join(workspace, 'azurite')],
    {}, join(workspace, 'azurite.log')));
    // the prediction log's table
    processes.push(launch(join(ROOT, 'node_modules/.bin/azurite-table'), ['--silent', '--skipApiVersionCheck',
      '--tableHost', '127.0.0.1', '--tablePort', String(tablePort), '--location', join(workspace, 'azurite')],
    {}, join(workspace, 'azurite-table.log')));
    for (const port of [blobPort, tablePort]) {
      await waitUntil('Azurite to listen', 30_000, () => fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false));
    }

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const hostLog = join(workspace, 'host.log');
    const logTail = (lines = 30) => readFileSync(hostLog, 'utf8').split('\n').slice(-lines).join('\n');
    const host = launch(java(), ['-cp', CLASSPATH, 'io.tabml.localhost.LocalHost'], {
      AzureWebJobsStorage: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;'
        + `AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:${blobPort}/devstoreaccount1;`
        + `TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`,
      PORT: String(port),
      LOCAL_STATE_DIR: join(workspace, 'state'),
      JOBS_POLL_SCHEDULE: '*/1 * * * * *',
      // Once a year: the hourly monitoring job would give the models windows at whatever hour the
      // tests run; the pages' tests show windows from a fixture, and a model with none from the API.
      MONITORING_SCHEDULE: '0 0 0 1 1 *',
      BLOB_POLL_MILLIS: '200',
      STATIC_WEB_DIR: join(ROOT, 'static-web'),
      LOCAL_FUNCTION_KEY: FUNCTION_KEY,
      LOCAL_ADMIN_KEY: ADMIN_KEY,
      TRAINER_JAVA_OPTS: '-Xmx512m',
    }, hostLog);
    processes.push(host);
    await waitUntil('the local host to answer /api/health', 60_000, () => {
      if (host.exitCode !== null) throw new Error(`the local host exited with ${host.exitCode}:\n${logTail()}`);
      return fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
    });

    return {
      baseUrl,
      /** Azurite's blob service with its development account, for tests that upload as a user would. */
      blobEndpoint: `http://127.0.0.1:${blobPort}/devstoreaccount1`,
      stop,
      /** The host's last log lines, to explain a failure. */
      logTail,
      /**
       * Writes a sample dataset and returns its path: the "damage incidence" (target yes/no), or with
       * kind 'repair-cost' a repair cost in euros (a number: a regression).
       */
      async sampleCsv(rows, seed, kind = 'damage') {
        const file = join(workspace, `${kind === 'damage' ? 'sample' : kind}-${rows}-${seed}.csv`);
        const generator = launch(java(), ['-cp', CLASSPATH, 'io.tabml.sample.SampleDataGenerator', file, String(rows), String(seed), kind],
          {}, join(workspace, 'generator.log'));
        const code = await new Promise((done, fail) => generator.once('exit', done).once('error', fail));
        if (code !== 0) throw new Error(`SampleDataGenerator exited with ${code}`);
        return file;
      },
      /** Uploads a CSV through the API, after the model's training settings when given, and waits until its version is registered. */
      async train(model, csvFile, config) {
        if (config) {
          await api(baseUrl, `/api/datasets/${model}/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(config) });
        }
        const upload = await api(baseUrl, `/api/datasets/${model}?name=seed`, { method: 'POST',
          headers: { 'Content-Type': 'text/csv' }, body: readFileSync(csvFile) });
        let job;
        // seconds on an idle machine; minutes when two models train at once beside other builds (a CI run once waited out 60 s)
        await waitUntil(`job ${upload.jobId} to be registered`, 240_000, async () => {
          job = await api(baseUrl, `/api/jobs/${upload.jobId}`).catch(() => null);
          if (job && ['Failed', 'Rejected', 'Canceled'].includes(job.state)) throw new Error(`${model}: ${JSON.stringify(job.error)}`);
          return job?.state === 'Registered';
        });
        return job;
      },
      /** A GET of the API as an admin, for comparing the page with what the API says. */
      get: (path) => api(baseUrl, path),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function api(baseUrl, path, init = {}) {
  const response = await fetch(`${baseUrl}${path}`, { ...init, headers: { ...init.headers, 'x-functions-key': ADMIN_KEY } });
  const body = await response.json();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** scripts/test.sh points JAVA_HOME at a JDK >= 21. */
function java() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

// Each child leads its own process group (detached), so stopping it also stops what it started:
// the host's trainer JVMs, Azurite's node process behind its launcher script.
function launch(command, args, env, logFile) {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log], detached: true });
  child.on('error', (error) => console.error(`could not run ${command}: ${error.message}`)); // and waitUntil times out
  return child;
}

async function terminate(child) {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  signalGroup(child, 'SIGTERM');
  const timer = new Promise((done) => setTimeout(() => done('timeout'), 5000));
  if (await Promise.race([exited, timer]) === 'timeout') {
    signalGroup(child, 'SIGKILL');
    await exited;
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

export async function waitUntil(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
