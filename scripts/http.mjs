// Small HTTP helper for the shell scripts (Node 18+ has fetch; curl may not be installed).
//   node scripts/http.mjs wait-ok <url> <seconds>
//   node scripts/http.mjs upload <url> <csv file>            prints the response body
//   node scripts/http.mjs wait-champion <api base> <model> <seconds>
//   node scripts/http.mjs get <url>                          prints the response body
//   node scripts/http.mjs put-json <url> <json text>         prints the response body
//   node scripts/http.mjs predict-version <predict url> <json file> <version>   exits 0 once that version answers
import { readFile } from 'node:fs/promises';

const [command, ...args] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(seconds, probe) {
  const deadline = Date.now() + seconds * 1000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result.done) return result.value;
      last = result.value;
    } catch (e) {
      last = e.message;
    }
    await sleep(500);
  }
  throw new Error(`gave up after ${seconds} s; last: ${last}`);
}

try {
  if (command === 'wait-ok') {
    const [url, seconds] = args;
    await waitFor(Number(seconds), async () => {
      const response = await fetch(url);
      return { done: response.ok, value: `HTTP ${response.status}` };
    });
  } else if (command === 'upload') {
    const [url, file] = args;
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: await readFile(file) });
    const text = await response.text();
    if (!response.ok) throw new Error(`upload refused: HTTP ${response.status} ${text}`);
    console.log(text);
  } else if (command === 'wait-champion') {
    const [api, model, seconds] = args;
    const jobs = `${api}/jobs?model=${model}`;
    const version = await waitFor(Number(seconds), async () => {
      const response = await fetch(`${api}/models/${model}`);
      if (response.ok) {
        const body = await response.json();
        if (body.champion) return { done: true, value: body.champion.version };
      }
      const latest = (await (await fetch(jobs)).json()).jobs?.[0];
      if (latest && ['Failed', 'Rejected'].includes(latest.state)) {
        throw Object.assign(new Error(`job ${latest.id} ${latest.state}: ${latest.error?.message}`), { fatal: true });
      }
      return { done: false, value: latest ? `job ${latest.id} ${latest.state} ${latest.stage} ${latest.progress}%` : 'no job yet' };
    });
    console.log(version);
  } else if (command === 'get') {
    const [url] = args;
    const response = await fetch(url);
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} ${text}`);
    console.log(text);
  } else if (command === 'put-json') {
    const [url, json] = args;
    const response = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: json });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} ${text}`);
    console.log(text);
  } else if (command === 'predict-version') {
    const [url, file, version] = args;
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: await readFile(file) });
    const body = await response.json();
    if (!response.ok || String(body.version) !== version) throw new Error(`answered by version ${body.version}, not ${version}`);
  } else {
    throw new Error(`unknown command ${command}`);
  }
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exit(1);
}
