// "How good is this version": the metrics in plain words, the ROC curve, the confusion matrix and
// the feature importance; for a regressor its errors, predicted against actual, the residuals and the
// feature importance. Charts whose data the API does not send (yet) are left out.
import { barChart, confusionMatrix, rocCurve, scatterPlot } from '../charts.js';
import { h } from '../dom.js';
import { number, percent } from '../format.js';

const TOP_FEATURES = 15;

/** How the metrics were measured; versions trained before the report said so were measured on a holdout. */
function measuredOn(evaluation, rows) {
  const count = rows.toLocaleString();
  if (evaluation?.method === 'repeated-cv') {
    return `measured by ${evaluation.repeats}× repeated ${evaluation.folds}-fold cross-validation on all ${count} rows `
      + '(too few rows of some class for a holdout to tell).';
  }
  if (evaluation?.method === 'test-file') return `measured on the ${count} rows of a separate test file.`;
  return `measured on ${count} rows held out from training.`;
}

function importanceOf(metadata) {
  return (metadata.featureImportance ?? []).slice().sort((a, b) => b.importance - a.importance).slice(0, TOP_FEATURES);
}

export function metricsSection(metadata) {
  if (metadata.regression) return regressionSection(metadata);
  const m = metadata.metrics;
  const importance = importanceOf(metadata);
  return h('section', { class: 'card', 'aria-labelledby': 'metrics-heading' },
    h('h2', { id: 'metrics-heading' }, `How good is version ${metadata.version}?`),
    h('p', { class: 'muted' }, `${metadata.algorithm}, ${measuredOn(metadata.evaluation, m.holdoutRows)} `
      + (m.classes.length === 2
        ? `It answers “${m.positiveClass}” when that class’s probability reaches ${number(m.threshold, 2)}`
          + `${m.thresholdReason ? ` (${m.thresholdReason})` : ''}.`
        : 'It answers the likeliest class.')),
    metricsTable(m),
    h('div', { class: 'charts' },
      m.rocCurve?.length > 0 && figure('ROC curve', rocCurve(m.rocCurve, { auc: m.rocAuc, threshold: m.threshold }),
        'The higher the curve above the diagonal (guessing), the better. The dot is the threshold in use.'),
      m.confusionMatrix && figure('Confusion matrix', confusionMatrix(m.classes, m.confusionMatrix),
        'Held-out rows by actual class (rows) and predicted class (columns); the diagonal is right.'),
      importance.length > 0 && figure('Feature importance',
        barChart(importance.map((f) => ({ label: f.feature, value: f.importance })), { title: 'Feature importance' }),
        'How much the model relies on each input, largest first; at zero or below it does not use it.')));
}

/** A regressor's version: its errors in the target's unit, and the plots of its held-out rows. */
function regressionSection(metadata) {
  const m = metadata.regression.metrics;
  const target = metadata.schema.target;
  const importance = importanceOf(metadata);
  const sample = m.sample ?? [];
  const rows = [
    ['RMSE', number(m.rmse), `Typical error in “${target}”, large errors weighing most; predicting the training mean gives ${number(m.baselineRmse)}.`],
    ['MAE', number(m.mae), `Mean absolute error in “${target}”: every unit of error weighs the same.`],
    ['R²', number(m.r2), 'Share of the variation the model explains: 0 is the mean, 1 is perfect.'],
    m.mape != null && ['MAPE', percent(m.mape), 'Mean error as a share of the true value.'],
    ['Interval coverage', percent(m.interval.coverage),
      `Share of held-out rows inside their prediction interval (meant to be ${percent(m.interval.highQuantile - m.interval.lowQuantile, 0)}).`],
  ].filter(Boolean);
  return h('section', { class: 'card', 'aria-labelledby': 'metrics-heading' },
    h('h2', { id: 'metrics-heading' }, `How good is version ${metadata.version}?`),
    h('p', { class: 'muted' }, `${metadata.algorithm}, a regression of “${target}”, ${measuredOn(metadata.evaluation, m.rows)} `
      + `Its answers come with an interval from ${number(m.interval.low)} to +${number(m.interval.high)} around the prediction.`),
    table(rows),
    h('div', { class: 'charts' },
      sample.length > 0 && figure('Predicted against actual',
        scatterPlot(sample.map((p) => ({ x: p.actual, y: p.predicted })), { title: 'Predicted against actual',
          xLabel: 'Actual', yLabel: 'Predicted', reference: 'diagonal' }),
        'Each dot is a held-out row; on the dashed line the prediction is exact.'),
      sample.length > 0 && figure('Residuals',
        scatterPlot(sample.map((p) => ({ x: p.predicted, y: p.actual - p.predicted })), { title: 'Residuals',
          xLabel: 'Predicted', yLabel: 'Actual − predicted', reference: 'zero' }),
        'Errors against the prediction: a pattern (a curve, a funnel) says the model misses something.'),
      importance.length > 0 && figure('Feature importance',
        barChart(importance.map((f) => ({ label: f.feature, value: f.importance })), { title: 'Feature importance' }),
        `How much the ${m.metric.toUpperCase()} worsens when an input is shuffled, largest first; at zero or below it does not use it.`)));
}

function metricsTable(m) {
  const positive = `“${m.positiveClass}”`;
  // With more than two classes the API reports precision, recall and F1 as averages over the classes.
  const binary = m.classes.length === 2;
  const rows = [
    ['ROC AUC', number(m.rocAuc), 'How well it ranks likely cases above unlikely ones: 0.5 is guessing, 1 is perfect.'],
    m.prAuc != null && ['PR AUC', number(m.prAuc), `Precision over all thresholds; the score to watch when ${positive} is rare.`],
    ['Accuracy', percent(m.accuracy), 'Share of held-out rows predicted right.'],
    ['Precision', percent(m.precision), binary
      ? `Of the rows it called ${positive}, the share that really were.` : 'Average over the classes of: of the rows called that class, the share that were.'],
    ['Recall', percent(m.recall), binary
      ? `Of the rows that really were ${positive}, the share it found.` : 'Average over the classes of: of the rows of that class, the share found.'],
    ['F1', number(m.f1), 'Precision and recall in one number (their harmonic mean).'],
    ['Log loss', number(m.logLoss), 'Penalty for confident wrong answers: lower is better.'],
  ].filter(Boolean);
  return table(rows);
}

function table(rows) {
  return h('table', { class: 'table metrics' },
    h('caption', { class: 'visually-hidden' }, 'Metrics'),
    h('thead', {}, h('tr', {}, ['Metric', 'Value', 'What it means'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, rows.map(([name, value, meaning]) => h('tr', {},
      h('th', { scope: 'row' }, name),
      h('td', { class: 'numeric' }, value),
      h('td', { class: 'muted' }, meaning)))));
}

function figure(title, chart, caption) {
  return h('figure', { class: 'chart-figure' },
    h('h3', {}, title),
    chart,
    h('figcaption', { class: 'muted' }, caption));
}
