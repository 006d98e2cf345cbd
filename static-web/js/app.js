// Starts the app: the access key box in the header and a hash router that draws one view at a
// time into <main>. Hash routes (#/models/claims) need no server rewrites and survive reloads.
import { accessKey } from './api.js';
import { errorAlert } from './alerts.js';
import { h } from './dom.js';
import { renderModel } from './views/model.js';
import { renderModels } from './views/models.js';
import { MONITORING_RANGES, renderMonitoring } from './views/monitoring.js';
import { renderUpload } from './views/upload.js';

const main = document.getElementById('main');
let current = new AbortController();

/**
 * '#/models/claims/versions/3' -> {render: renderModel, params: {model: 'claims', version: 3}};
 * '#/models/claims/monitoring/week' -> {render: renderMonitoring, params: {model: 'claims', range: 'week'}}
 */
function route(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [page, name, sub, number] = parts;
  if (parts.length === 0 || (page === 'models' && parts.length === 1)) return { render: renderModels, params: {}, nav: 'models' };
  if (page === 'models' && parts.length === 2) return { render: renderModel, params: { model: name }, nav: 'models' };
  if (page === 'models' && sub === 'versions' && /^\d+$/.test(number ?? '') && parts.length === 4) {
    return { render: renderModel, params: { model: name, version: Number(number) }, nav: 'models' };
  }
  if (page === 'models' && sub === 'monitoring' && parts.length <= 4 && (number == null || Object.hasOwn(MONITORING_RANGES, number))) {
    return { render: renderMonitoring, params: { model: name, range: number }, nav: 'models' };
  }
  if (page === 'upload' && parts.length <= 2) return { render: renderUpload, params: { model: name }, nav: 'upload' };
  return { render: renderNotFound, params: {}, nav: null };
}

/**
 * Draws the view for the current address. The previous view's requests and polling are aborted
 * first. focus: move focus to the new page's heading (or the element a view marks data-focus),
 * so screen reader and keyboard users start where a page load would put them.
 */
async function show({ focus = true, flash } = {}) {
  current.abort();
  current = new AbortController();
  const { signal } = current;
  const { render, params, nav } = route(location.hash);
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  const rerender = (message) => show({ focus: true, flash: message });
  const rendering = render(view, { params, signal, flash, rerender });
  const heading = view.querySelector('h1');
  document.title = `${heading?.textContent ?? 'tabml'} · tabml`;
  if (focus) (view.querySelector('[data-focus]') ?? heading)?.focus(); // a view may point at what matters more
  try {
    await rendering;
  } catch (error) {
    if (error.name !== 'AbortError') view.append(errorAlert(error));
  }
}

function renderNotFound(view) {
  view.append(
    h('h1', { tabindex: '-1' }, 'Page not found'),
    h('p', {}, 'There is nothing at this address. ', h('a', { href: '#/models' }, 'Go to the models')));
}

function setUpKeyForm() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('access-key');
  const forget = document.getElementById('key-forget');
  const status = document.getElementById('key-status');
  const describe = () => {
    status.textContent = accessKey.get() ? 'Key set for this tab.' : 'No key set.';
    forget.hidden = !accessKey.get();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    accessKey.set(input.value.trim());
    input.value = '';
    describe();
    show({ focus: false }); // redraw with the key: data that needed it, buttons that use it
  });
  forget.addEventListener('click', () => {
    accessKey.set('');
    describe();
    input.focus();
    show({ focus: false });
  });
  describe();
}

setUpKeyForm();
window.addEventListener('hashchange', () => show());
show({ focus: false });
