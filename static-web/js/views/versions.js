// A model's versions (with promote / roll back for key holders) and where the shown one came from.
import { accessKey, api } from '../api.js';
import { errorAlert, notice } from '../alerts.js';
import { h, replace } from '../dom.js';
import { bytes, drift, duration, number, plain, when } from '../format.js';

/**
 * @param shown the shown version's metadata: its gate warnings are listed under the table (the
 *   version list carries each version's gate reason, not its warnings)
 * @param rerender called with a message once the champion changed, to redraw the page with it
 */
export function versionsSection(details, shown, rerender) {
  const shownVersion = shown.version;
  // Versions registered before the gate gave warnings have none.
  const gateWarnings = shown.gate?.warnings ?? [];
  const championVersion = details.champion?.version;
  // Any key may be an admin key; the API decides, and a refusal is shown by the button.
  const canChange = accessKey.get() !== '';
  const newestFirst = details.versions.slice().sort((a, b) => b.version - a.version);
  // a regressor's versions have RMSE and R², a classifier's ROC AUC and F1: the columns follow what the versions have
  const regression = details.versions.some((v) => v.rmse != null);
  const scores = regression ? [['RMSE', 'rmse'], ['R²', 'r2']] : [['ROC AUC', 'rocAuc'], ['F1', 'f1']];
  return h('section', { class: 'card', 'aria-labelledby': 'versions-heading' },
    h('h2', { id: 'versions-heading' }, 'Versions'),
    h('p', { class: 'muted' }, canChange
      ? 'The champion answers predictions. Promote a newer version or roll back to an older one.'
      : 'The champion answers predictions. Enter an admin key at the top of the page to promote or roll back versions.'),
    h('table', { class: 'table responsive' },
      h('caption', { class: 'visually-hidden' }, 'Versions'),
      h('thead', {}, h('tr', {},
        ['Version', 'Algorithm', ...scores.map(([title]) => title), 'Registered', 'Quality gate', canChange && 'Champion']
          .filter(Boolean).map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, newestFirst.map((v) => h('tr', { class: v.version === shownVersion ? 'is-shown' : null },
        h('th', { scope: 'row', 'data-label': 'Version' },
          v.version === shownVersion
            ? h('span', { 'aria-current': 'page' }, `Version ${v.version} (shown)`)
            : h('a', { href: `#/models/${encodeURIComponent(details.model)}/versions/${v.version}` }, `Version ${v.version}`),
          v.version === championVersion && h('span', { class: 'badge' }, 'champion')),
        h('td', { 'data-label': 'Algorithm' }, v.algorithm),
        scores.map(([title, key]) => h('td', { 'data-label': title, class: 'numeric' }, number(v[key]))),
        h('td', { 'data-label': 'Registered' }, h('time', { datetime: v.registeredAt }, when(v.registeredAt))),
        h('td', { 'data-label': 'Quality gate' },
          h('span', { class: v.passedGate ? 'badge good' : 'badge bad' }, v.passedGate ? 'passed' : 'not passed'),
          v.gateReason && h('span', { class: 'muted small' }, ` ${v.gateReason}`)),
        canChange && h('td', { 'data-label': 'Champion' },
          v.version === championVersion ? h('span', { class: 'muted' }, 'current') : championButton(details.model, v.version,
            championVersion, rerender)))))),
    gateWarnings.length > 0 && notice('warning',
      h('p', { class: 'alert-title' }, `The quality gate warned about version ${shownVersion}`),
      h('ul', {}, gateWarnings.map((warning) => h('li', {}, warning)))));
}

function championButton(model, version, championVersion, rerender) {
  const rollback = championVersion != null && version < championVersion;
  const message = h('div', { class: 'row-message' });
  const button = h('button', { type: 'button', class: 'button small',
    'aria-label': rollback ? `Roll back to version ${version}` : `Promote version ${version}` }, rollback ? 'Roll back' : 'Promote');
  button.addEventListener('click', async () => {
    if (!window.confirm(`Make version ${version} of ${model} the champion? It will answer every prediction from now on.`)) return;
    button.disabled = true;
    replace(message);
    try {
      await api.setChampion(model, version);
      rerender(`Version ${version} is now the champion of ${model}.`);
    } catch (error) {
      replace(message, errorAlert(error));
      button.disabled = false;
    }
  });
  return [button, message];
}

export function lineageSection(metadata) {
  const lineage = metadata.lineage ?? {};
  const facts = [
    ['Dataset', lineage.datasetUrl && h('code', {}, lineage.datasetUrl)],
    ['Rows', plain(lineage.datasetRows)],
    ['Dataset SHA-256', lineage.datasetSha256 && h('code', {}, lineage.datasetSha256)],
    ['Dataset ETag', lineage.datasetEtag && h('code', {}, lineage.datasetEtag)],
    ['Data against the champion then', lineage.drift && drift(lineage.drift)],
    ['Training settings', lineage.config && h('pre', {}, JSON.stringify(lineage.config, null, 2))],
    ['Trainer version', metadata.trainerVersion],
    ['Training job', lineage.jobId && h('code', {}, lineage.jobId)],
    ['Ran on', lineage.backend],
    ['Training started', metadata.startedAt && when(metadata.startedAt)],
    ['Training took', metadata.startedAt && metadata.endedAt && duration(metadata.startedAt, metadata.endedAt)],
    ['Registered', when(metadata.registeredAt)],
    ['Model file', metadata.artifactSha256 && [h('code', {}, metadata.artifactSha256), ` (SHA-256, ${bytes(metadata.artifactBytes)})`]],
  ].filter(([, value]) => value);
  return h('section', { class: 'card', 'aria-labelledby': 'lineage-heading' },
    h('h2', { id: 'lineage-heading' }, `Where version ${metadata.version} came from`),
    h('dl', { class: 'facts' }, facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value)))));
}
