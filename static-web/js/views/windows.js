// A model's monitoring windows, drawn two ways: a table of traffic and feedback per window (newest
// first), and per version a heat map of drift per feature over the windows (a row per feature, a
// column per hour, the oldest on the left). The heat maps are tables whose cells say their PSI and
// reading in text: the colour only repeats the reading, for eyes that scan for it. A classifier's
// windows carry the drift of each class's probability and live accuracy and scores; a regressor's the
// drift of its predicted value and live errors: which fields are present tells the kind.
import { h } from '../dom.js';
import { day, number, percent, span, time } from '../format.js';
import { statusBadge } from '../status.js';

/** A version's live figures in a window, from feedback: a classifier's or a regressor's; absent without feedback. */
export function liveOf(summary) {
  return summary?.live ?? summary?.liveRegression;
}

/** windows: oldest first. */
export function windowsSection(windows) {
  const busiest = Math.max(1, ...windows.map((w) => w.predictions));
  return h('section', { class: 'card', 'aria-labelledby': 'windows-heading' },
    h('h2', { id: 'windows-heading' }, 'Predictions and feedback per hour'),
    h('p', { class: 'muted' }, 'Each hour’s status, its predictions, and how many of them feedback had given the actual class '
      + '(or value) of when the hour was read (the coverage is their share).'),
    h('table', { class: 'table responsive windows' },
      h('caption', { class: 'visually-hidden' }, 'Predictions and feedback per hour'),
      h('thead', {}, h('tr', {}, ['Hour', 'Status', 'Predictions', 'Labelled', 'Coverage'].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, windows.slice().reverse().map((w) => {
        const labelled = (w.versions ?? []).reduce((sum, v) => sum + (liveOf(v.summary)?.labelled ?? 0), 0);
        return h('tr', {},
          h('th', { scope: 'row', 'data-label': 'Hour' }, h('time', { datetime: w.from }, span(w.from, w.to))),
          h('td', { 'data-label': 'Status' }, statusBadge(w.status.status, w.status.reasons), reasonsDisclosure(w.status.reasons)),
          h('td', { 'data-label': 'Predictions', class: 'numeric' }, countBar(w.predictions, busiest)),
          h('td', { 'data-label': 'Labelled', class: 'numeric' }, labelled.toLocaleString()),
          h('td', { 'data-label': 'Coverage', class: 'numeric' }, w.predictions > 0 ? percent(labelled / w.predictions) : '—'));
      }))));
}

function reasonsDisclosure(reasons = []) {
  return reasons.length > 0 && h('details', { class: 'reasons small' },
    h('summary', {}, `Reasons (${reasons.length})`),
    h('ul', {}, reasons.map((reason) => h('li', {}, reason))));
}

/** A count with a bar as long as its share of the busiest hour's, so quiet and busy hours stand out. */
function countBar(count, busiest) {
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = `${(count / busiest) * 100}%`; // CSSOM, allowed by the CSP
  return h('span', { class: 'count-bar' },
    h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
    h('span', { class: 'bar-value' }, count.toLocaleString()));
}

/** windows: oldest first. A heat map per version that answered in them, the newest version first. */
export function driftSection(windows) {
  const versions = [...new Set(windows.flatMap((w) => (w.versions ?? []).map((v) => v.version)))].sort((a, b) => b - a);
  return h('section', { class: 'card', 'aria-labelledby': 'drift-heading' },
    h('h2', { id: 'drift-heading' }, 'Drift per feature'),
    h('p', { class: 'muted' }, 'How far each feature moved in each hour from the version’s training rows, and what the model '
      + 'answered (each class’s probability, or the predicted value) from its answers on its held-out rows: the population '
      + 'stability index (PSI) and its usual reading. A row at or above the model’s drift threshold (0.25 unless its config '
      + 'sets another) makes the hour drifting.'),
    legend(),
    versions.length === 0
      ? h('p', { class: 'muted' }, 'No version answered in these hours.')
      : versions.map((version) => heatMap(version, windows)));
}

// The readings' bounds are the API's (DatasetDrift.Reading): the legend repeats them.
function legend() {
  const entries = [['none', 'none: PSI below 0.10'], ['moderate', 'moderate: 0.10 to 0.25'], ['major', 'major: 0.25 or more'],
    ['empty', 'no predictions of the version']];
  return h('ul', { class: 'heat-legend small', 'aria-label': 'Readings' }, entries.map(([reading, text]) =>
    h('li', {}, h('span', { class: `heat-swatch reading-${reading}`, 'aria-hidden': 'true' }), text)));
}

function heatMap(version, windows) {
  const parts = windows.map((w) => (w.versions ?? []).find((v) => v.version === version));
  const rows = shiftRows(parts);
  const id = `drift-version-${version}`;
  const notes = [...new Set(parts.map((part) => part?.note).filter(Boolean))];
  return [
    h('h3', { id }, `Version ${version}`),
    notes.map((note) => h('p', { class: 'muted small' }, `Note: ${note}.`)),
    rows.length > 0 && h('div', { class: 'heat-scroll', role: 'region', tabindex: '0', 'aria-labelledby': id },
      h('table', { class: 'heat-map' },
        h('caption', { class: 'visually-hidden' }, `Population stability index per feature and hour, version ${version}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Feature'), windows.map((w, i) => hourHeader(w, windows[i - 1])))),
        h('tbody', {}, rows.map((row) => h('tr', { class: row.predicted ? 'predicted' : null },
          h('th', { scope: 'row', title: row.label }, row.label), // the full name where a long one is cut short
          row.cells.map((shift, i) => heatCell(row.label, windows[i], shift)))))))
  ];
}

/**
 * A row per feature, the features that moved most in any hour first, then the answers' rows: one per
 * predicted probability (a classifier) or the predicted value (a regressor, whose shift is named so);
 * cells[i] is the shift in the i-th window, undefined where the version had no rows.
 */
function shiftRows(parts) {
  const rows = new Map();
  const add = (key, label, predicted, shift, i) => {
    if (!rows.has(key)) rows.set(key, { label, predicted, cells: new Array(parts.length).fill(undefined), largest: 0 });
    const row = rows.get(key);
    row.cells[i] = shift;
    row.largest = Math.max(row.largest, shift.psi);
  };
  parts.forEach((part, i) => {
    for (const shift of part?.summary?.features ?? []) add(`feature ${shift.feature}`, shift.feature, false, shift, i);
    for (const shift of part?.summary?.probabilities ?? []) add(`predicted ${shift.feature}`, `predicted ${shift.feature}`, true, shift, i);
    const prediction = part?.summary?.prediction;
    if (prediction) add('predicted value', prediction.feature, true, prediction, i);
  });
  return [...rows.values()].sort((a, b) => a.predicted - b.predicted || (a.predicted ? 0 : b.largest - a.largest));
}

/** The hour, with its day where the day changes; every column keeps its day for screen readers. */
function hourHeader(window, previous) {
  const newDay = !previous || day(previous.from) !== day(window.from);
  return h('th', { scope: 'col' }, h('time', { datetime: window.from },
    h('span', { class: newDay ? 'heat-day' : 'visually-hidden' }, `${day(window.from)} `), time(window.from)));
}

function heatCell(label, window, shift) {
  if (!shift) {
    return h('td', { class: 'heat reading-empty' }, h('span', { 'aria-hidden': 'true' }, '·'),
      h('span', { class: 'visually-hidden' }, 'no predictions'));
  }
  const shares = [
    shift.missingShare != null && `${percent(shift.missingShare)} missing`,
    shift.unseenShare != null && `${percent(shift.unseenShare)} unseen categories`,
  ].filter(Boolean);
  return h('td', { class: `heat reading-${shift.reading}`, title: `${label}, ${span(window.from, window.to)}: PSI ${number(shift.psi)} `
      + `(${shift.reading}), p-value ${number(shift.pValue)}${shares.length ? `; ${shares.join(', ')}` : ''}` },
  number(shift.psi, 2), h('span', { class: 'visually-hidden' }, ` ${shift.reading}`));
}
