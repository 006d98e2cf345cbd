// The start page: every model with its champion, headline quality, monitoring status and last update.
import { api } from '../api.js';
import { errorAlert } from '../alerts.js';
import { h, replace } from '../dom.js';
import { number, percent, when } from '../format.js';
import { statusBadge } from '../status.js';

export async function renderModels(view, { signal }) {
  const status = h('div', { class: 'status', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading models…'));
  view.append(
    h('header', { class: 'page-header' },
      h('h1', { tabindex: '-1' }, 'Models'),
      h('p', { class: 'lead' }, 'Pick a model to ask it a question, see how good it is, or change which version answers. '
        + 'Quality is the champion’s as measured in training: a classifier’s ROC AUC (0.5 is guessing, 1.0 is perfect) and '
        + 'accuracy, a regressor’s RMSE (its typical error, in its target’s unit: lower is better) and R² (0 is the mean, 1 is perfect).')),
    status);

  let models;
  try {
    models = await api.models({ signal });
  } catch (error) {
    replace(status, errorAlert(error));
    return;
  }
  if (!models.length) {
    replace(status, h('div', { class: 'empty' },
      h('p', {}, 'No model has been trained yet.'),
      h('p', {}, h('a', { href: '#/upload', class: 'button primary' }, 'Upload a CSV to train the first one'))));
    return;
  }
  replace(status, modelTable(models));
}

function modelTable(models) {
  return h('table', { class: 'table responsive' },
    h('caption', { class: 'visually-hidden' }, 'Models'),
    h('thead', {}, h('tr', {},
      ['Model', 'Champion', 'Quality', 'Versions', 'Monitoring', 'Last update'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, models.map((m) => h('tr', {},
      h('th', { scope: 'row', 'data-label': 'Model' }, h('a', { href: `#/models/${encodeURIComponent(m.model)}` }, m.model)),
      h('td', { 'data-label': 'Champion' }, m.championVersion != null
        ? `version ${m.championVersion}`
        : h('span', { class: 'muted' }, 'none yet')),
      h('td', { 'data-label': 'Quality', class: 'quality' }, qualityCell(m)),
      h('td', { 'data-label': 'Versions', class: 'numeric' }, m.versionCount),
      h('td', { 'data-label': 'Monitoring' }, monitoringCell(m)),
      h('td', { 'data-label': 'Last update' }, h('time', { datetime: m.updatedAt }, when(m.updatedAt)))))));
}

/**
 * One column for both kinds of model: the API sends a regressor's RMSE and R², a classifier's ROC AUC
 * and accuracy, and leaves the other kind's out. Each figure keeps its name on its line, so a narrow
 * screen wraps between figures, never inside one.
 */
function qualityCell(m) {
  const figures = m.rmse != null
    ? [['RMSE', number(m.rmse)], ['R²', number(m.r2)]]
    : [['ROC AUC', number(m.rocAuc)], ['accuracy', percent(m.accuracy)]];
  return figures.map(([name, value], i) => [
    // the dot for the eye, a comma for the ear: a hidden dot would run the figures together
    i > 0 && [h('span', { 'aria-hidden': 'true' }, ' · '), h('span', { class: 'visually-hidden' }, ', ')],
    h('span', { class: 'figure' }, `${name} `, h('span', { class: 'value' }, value)),
  ]);
}

/**
 * The latest window's status, linking to the monitoring page; when it is not ok, its first reason
 * (degraded and drifting reasons come first) says why without opening the page.
 */
function monitoringCell({ model, monitoring }) {
  if (!monitoring) return h('span', { class: 'muted' }, 'not monitored yet');
  const [reason] = monitoring.reasons ?? [];
  return [
    h('a', { href: `#/models/${encodeURIComponent(model)}/monitoring`, class: 'status-link' },
      statusBadge(monitoring.status, monitoring.reasons)),
    monitoring.status !== 'ok' && reason && h('span', { class: 'status-reason muted small' }, reason),
  ];
}
