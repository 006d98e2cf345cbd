// Prepares a copy of static-web/ for a deployment where the API is on another origin (in Azure the
// function app's URL): writes js/config.js with that URL and adds the origin to the
// Content-Security-Policy's connect-src, which otherwise lets the page call only its own origin.
//   node scripts/web-config.mjs <copy of static-web> <API base URL, e.g. https://func-x.azurewebsites.net>
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const [dir, apiBase] = process.argv.slice(2);
if (!dir || !apiBase) {
  console.error('usage: node scripts/web-config.mjs <static-web copy> <API base URL>');
  process.exit(2);
}
let origin;
try {
  origin = new URL(apiBase).origin;
} catch {
  console.error(`web-config: '${apiBase}' is not a URL`);
  process.exit(2);
}
if (!origin.startsWith('https://')) {
  console.error(`web-config: the API must be served over HTTPS, got ${origin}`);
  process.exit(2);
}

await writeFile(join(dir, 'js/config.js'),
  `// Written by scripts/web-config.mjs at deployment: the function app that serves the API.\nexport const API_BASE_URL = ${JSON.stringify(origin)};\n`);

const configFile = join(dir, 'staticwebapp.config.json');
const config = JSON.parse(await readFile(configFile, 'utf8'));
const csp = config.globalHeaders['Content-Security-Policy'];
const directives = csp.split(';').map((d) => d.trim()).filter(Boolean);
const index = directives.findIndex((d) => d.split(/\s+/)[0] === 'connect-src');
if (index < 0) {
  console.error('web-config: the Content-Security-Policy has no connect-src directive to extend');
  process.exit(1);
}
if (!directives[index].split(/\s+/).includes(origin)) directives[index] += ` ${origin}`;
config.globalHeaders['Content-Security-Policy'] = directives.join('; ');
await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
console.log(`web-config: the page calls the API at ${origin}`);
