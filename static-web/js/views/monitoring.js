// A model's monitoring page: its status and why, then its hourly windows in a range: traffic and
// feedback per window, the live metrics next to the holdout's, and drift per feature. It reads
// GET /monitoring only: a window carries each version's holdout figures beside its live ones, a
// classifier's in `live`, a regressor's in `liveRegression` (see liveOf in windows.js).
import { api } from '../api.js';
import { errorAlert } from '../alerts.js';
import { h, replace } from '../dom.js';
import { number, percent, span, when } from '../format.js';
import { STATUS_MEANINGS, statusBadge } from '../status.js';
import { driftSection, liveOf, windowsSection } from './windows.js';

/** The ranges a person can pick, by their route segment; the first is the default. */
export const MONITORING_RANGES = {
  day: { label: 'Last day', hours: 24 },
  week: { label: 'Last week', hours: 7 * 24 },
};

export async function renderMonitoring(view, { params: { model, range = 'day' }, signal }) {
  const page = `#/models/${encodeURIComponent(model)}/monitoring`;
  const status = h('div', { class: 'status', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading the windows…'));
  view.append(
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/models' }, 'Models'), ' / ', h('a', { href: `#/models/${encodeURIComponent(model)}` }, model), ' / Monitoring'),
    h('header', { class: 'page-header' },
      h('h1', { tabindex: '-1' }, `${model}: monitoring`),
      h('p', { class: 'lead' }, 'How the model does on the predictions it answers, hour by hour: whether their inputs moved '
        + 'away from its training data and, where feedback told their actual classes or values, how it scores against its holdout.')),
    h('nav', { class: 'range', 'aria-label': 'Time range' }, h('ul', {}, Object.entries(MONITORING_RANGES).map(([key, { label }]) =>
      h('li', {}, h('a', { href: `${page}/${key}`, 'aria-current': key === range ? 'page' : null }, label))))),
    status);

  const from = new Date(Date.now() - MONITORING_RANGES[range].hours * 3_600_000).toISOString();
  let report;
  try {
    report = await api.monitoring(model, { from, signal });
  } catch (error) {
    replace(status, errorAlert(error));
    return;
  }
  const windows = report.windows.slice().sort((a, b) => a.from.localeCompare(b.from));
  replace(status, statusSection(report.status));
  if (windows.length === 0) {
    view.append(noWindowYet(MONITORING_RANGES[range].label.toLowerCase()));
    return;
  }
  view.append(windowsSection(windows), liveSection(windows, model), driftSection(windows));
  // The newest hours matter most and are drawn on the right: start the wide heat maps there.
  for (const scroller of view.querySelectorAll('.heat-scroll')) scroller.scrollLeft = scroller.scrollWidth;
}

function statusSection(status) {
  return h('section', { class: 'card', 'aria-labelledby': 'status-heading' },
    h('h2', { id: 'status-heading' }, 'Status'),
    status
      ? [
        h('p', { class: 'status-line' }, statusBadge(status.status), ` since ${when(status.since)}, as of the window `,
          h('time', { datetime: status.windowFrom }, span(status.windowFrom, status.windowTo)), '.'),
        h('p', { class: 'muted' }, `${capitalised(status.status)}: ${STATUS_MEANINGS[status.status]}.`),
        status.reasons?.length > 0 && [h('h3', {}, 'Why'), h('ul', { class: 'reasons' }, status.reasons.map((r) => h('li', {}, r)))],
      ]
      : h('p', {}, 'Not judged yet: the monitoring job has read no window of this model.'));
}

function noWindowYet(range) {
  return h('div', { class: 'empty' },
    h('p', {}, h('strong', {}, 'No window yet'), ` in the ${range}.`),
    h('p', { class: 'muted' }, 'Monitoring reads the predictions in hourly windows, each once its hour has ended (the job runs a '
      + 'few minutes past every hour). A model trained or first asked within the last hour has none yet.'));
}

/**
 * The live metrics of the latest window with labelled predictions, next to the holdout's, for the
 * version with the most labelled predictions in it.
 */
function liveSection(windows, model) {
  const latest = windows.slice().reverse().map((window) => ({ window, version: mostLabelled(window) })).find(({ version }) => version);
  return h('section', { class: 'card', 'aria-labelledby': 'live-heading' },
    h('h2', { id: 'live-heading' }, 'Live against holdout'),
    latest
      ? liveComparison(latest.window, latest.version)
      : h('p', { class: 'muted' }, 'No prediction in this range has feedback yet. Live metrics need the actual classes (a '
        + `regressor’s true values), sent with each prediction’s id to POST /api/models/${model}/feedback.`));
}

function mostLabelled(window) {
  return (window.versions ?? []).filter((v) => liveOf(v.summary))
    .reduce((best, v) => (!best || liveOf(v.summary).labelled > liveOf(best.summary).labelled ? v : best), null);
}

function liveComparison(window, version) {
  const { live, liveRegression } = version.summary;
  const { rows, notes } = liveRegression ? regressionFigures(liveRegression) : classificationFigures(live);
  const { labelled } = liveOf(version.summary);
  return [
    h('p', {}, `Version ${version.version} in the window `, h('time', { datetime: window.from }, span(window.from, window.to)),
      `: ${labelled.toLocaleString()} labelled of ${version.predictions.toLocaleString()} predictions.`),
    h('table', { class: 'table metrics live' },
      h('caption', { class: 'visually-hidden' }, `Live metrics of version ${version.version} against its holdout`),
      h('thead', {}, h('tr', {}, ['Metric', 'Live', 'Holdout'].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, rows.map(([name, liveValue, holdoutValue]) => h('tr', {},
        h('th', { scope: 'row' }, name),
        h('td', { class: 'numeric' }, liveValue),
        h('td', { class: 'numeric' }, holdoutValue))))),
    notes.filter(Boolean).map((note) => h('p', { class: 'muted small' }, note)),
  ];
}

function classificationFigures(live) {
  const { metrics, holdout } = live;
  const rows = [
    ['Accuracy', percent(live.accuracy), percent(holdout.accuracy)],
    ['ROC AUC', number(metrics?.rocAuc), number(holdout.rocAuc)],
    ['F1', number(metrics?.f1), number(holdout.f1)],
    ['Log loss', number(metrics?.logLoss), number(holdout.logLoss)],
    ['Calibration error', number(metrics?.calibrationError), number(holdout.calibrationError)],
  ];
  const notes = [
    !metrics && 'ROC AUC, F1, log loss and calibration error are read once the labelled predictions hold every class; these do '
      + 'not yet.',
    `With 95 % confidence, live accuracy is at most ${percent(live.accuracyUpperBound)}`
      + `${live.rocAucUpperBound != null ? ` and ROC AUC at most ${number(live.rocAucUpperBound)}` : ''}. The model counts as `
      + 'degraded when such a bound is below the holdout’s figure by more than its tolerance, not merely when a few labelled '
      + 'predictions look worse.',
  ];
  return { rows, notes };
}

/** A regressor's errors are lower-is-better: its bounds are lower bounds, where a classifier's scores have upper ones. */
function regressionFigures(live) {
  const { holdout } = live;
  const rows = [
    ['RMSE', number(live.rmse), number(holdout.rmse)],
    ['MAE', number(live.mae), number(holdout.mae)],
    ['R²', number(live.r2), number(holdout.r2)],
    ['Interval coverage', percent(live.intervalCoverage), percent(holdout.intervalCoverage)],
  ];
  const notes = [
    live.r2 == null && 'R² is left out while the labelled predictions are too few, or their true values too alike, to read it.',
    'Interval coverage is the share of true values inside the 90 % prediction interval each answer came with.',
    `With 95 % confidence, live RMSE is at least ${number(live.rmseLowerBound)} and MAE at least ${number(live.maeLowerBound)}. `
      + 'The model counts as degraded when such a bound is above the holdout’s figure by more than its tolerance, not merely '
      + 'when a few labelled predictions look worse.',
  ];
  return { rows, notes };
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
