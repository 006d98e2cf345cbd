// Made-up answers of GET /api/models/{model}/monitoring, for the pages' tests: the real API has
// windows only once the hourly monitoring job has read an ended hour, which a test cannot wait for.
// monitoringReport is a classifier's: six hours of version 1, no predictions in the third,
// annual_mileage_km moving further each hour, and feedback in the last two, the last one showing the
// model below its holdout. regressionMonitoringReport is a regressor's, made up the same way (its
// predicted value drifting where the classifier's probability does, its errors above the holdout's).

const HOUR = 3_600_000;
/** annual_mileage_km's population stability index per hour; null: the hour had no predictions. */
export const MILEAGE_PSI = [0.02, 0.05, null, 0.14, 0.31, 0.42];
const PREDICTIONS = [120, 95, 0, 140, 260, 400];
const PROBABILITY_PSI = [0.03, 0.04, null, 0.09, 0.18, 0.27];
export const HOLDOUT = { accuracy: 0.86, rocAuc: 0.83, f1: 0.55, logLoss: 0.36, calibrationError: 0.03 };
export const LIVE = { accuracy: 0.71, f1: 0.41, rocAuc: 0.68, logLoss: 0.61, calibrationError: 0.09 };

const reading = (psi) => (psi >= 0.25 ? 'major' : psi >= 0.1 ? 'moderate' : 'none');
const iso = (ms) => new Date(ms).toISOString();

export function monitoringReport(model, now = Date.now()) {
  return report(model, now, summary, windowStatus);
}

export function regressionMonitoringReport(model, now = Date.now()) {
  return report(model, now, regressionSummary, regressionWindowStatus);
}

/** summaryOf(i, predictions) and statusOf(i): the i-th hour's version summary and status. */
function report(model, now, summaryOf, statusOf) {
  const end = Math.floor(now / HOUR) * HOUR;
  const windows = PREDICTIONS.map((predictions, i) => {
    const from = end - (PREDICTIONS.length - i) * HOUR;
    const status = statusOf(i);
    return {
      model, from: iso(from), to: iso(from + HOUR), computedAt: iso(from + HOUR + 5 * 60_000), predictions, status,
      versions: predictions === 0 ? [] : [{ version: 1, predictions, summary: summaryOf(i, predictions), status }],
    };
  });
  const last = windows.at(-1);
  return {
    model,
    status: { ...last.status, windowFrom: last.from, windowTo: last.to, since: last.computedAt },
    from: iso(now - 24 * HOUR),
    to: iso(now),
    windows,
  };
}

function summary(i, predictions) {
  const probabilities = [{ feature: 'probability of yes', reading: reading(PROBABILITY_PSI[i]), psi: PROBABILITY_PSI[i], pValue: 0.05 }];
  return { predictions, features: features(i), probabilities, ...live(i) };
}

function features(i) {
  return [
    { feature: 'annual_mileage_km', missingShare: 0.03, reading: reading(MILEAGE_PSI[i]), psi: MILEAGE_PSI[i], pValue: MILEAGE_PSI[i] > 0.1 ? 0 : 0.2 },
    { feature: 'credit_score', missingShare: 0.05, reading: 'none', psi: 0.031, pValue: 0.41 },
    { feature: 'region', missingShare: 0, unseenShare: 0.01, reading: 'none', psi: 0.012, pValue: 0.83 },
  ].sort((a, b) => b.psi - a.psi);
}

/** Feedback for the last two hours: too little to judge in the first, the model worse in the last. */
function live(i) {
  if (i === 4) return { live: { labelled: 30, accuracy: 0.8, accuracyUpperBound: 0.92, holdout: HOLDOUT } };
  if (i === 5) {
    return { live: { labelled: 180, accuracy: LIVE.accuracy, accuracyUpperBound: 0.765,
      metrics: { holdoutRows: 180, classes: ['no', 'yes'], positiveClass: 'yes', threshold: 0.5, precision: 0.45, recall: 0.38, prAuc: 0.4,
        ...LIVE }, rocAucUpperBound: 0.74, holdout: HOLDOUT } };
  }
  return {};
}

/** As WindowStatus judges under the default settings: drift from 100 predictions, quality from 50 labelled. */
function windowStatus(i) {
  switch (i) {
    case 5: return { status: 'degraded', reasons: [
      'live accuracy 0.7100 (95% upper bound 0.7650 over 180 labelled rows) against the holdout\'s 0.8600 (tolerance 0.05)',
      'live ROC AUC 0.6800 (95% upper bound 0.7400) against the holdout\'s 0.8300 (tolerance 0.05)',
      'feature annual_mileage_km drifted: population stability index 0.420 (threshold 0.25)',
      'the predicted probability of yes drifted: population stability index 0.270 (threshold 0.25)'] };
    case 4: return { status: 'drifting', reasons: [
      'feature annual_mileage_km drifted: population stability index 0.310 (threshold 0.25)',
      '30 labelled predictions, fewer than the 50 quality is judged on'] };
    default: return { status: 'ok', reasons: [`${PREDICTIONS[i]} predictions, fewer than the 100 drift is judged on`,
      '0 labelled predictions, fewer than the 50 quality is judged on'].filter((_, n) => n > 0 || PREDICTIONS[i] < 100) };
  }
}

/** The predicted value's population stability index per hour, against the values predicted on the holdout. */
export const PREDICTION_PSI = [0.02, 0.06, null, 0.12, 0.21, 0.31];
export const REGRESSION_HOLDOUT = { rmse: 12.0, mae: 8.8, r2: 0.86, intervalCoverage: 0.9 };
export const LIVE_REGRESSION = { rmse: 14.2, rmseLowerBound: 12.9, mae: 10.1, maeLowerBound: 9.3, r2: 0.81, intervalCoverage: 0.87 };

function regressionSummary(i, predictions) {
  const prediction = { feature: 'predicted value', reading: reading(PREDICTION_PSI[i]), psi: PREDICTION_PSI[i], pValue: 0.03 };
  return { predictions, features: features(i), prediction, ...liveRegression(i) };
}

/** As for the classifier: too little feedback to judge in the fifth hour (and R² not read on it), the model worse in the last. */
function liveRegression(i) {
  if (i === 4) {
    return { liveRegression: { labelled: 30, rmse: 11.5, rmseLowerBound: 9.4, mae: 8.1, maeLowerBound: 6.6, intervalCoverage: 0.93,
      holdout: REGRESSION_HOLDOUT } };
  }
  if (i === 5) return { liveRegression: { labelled: 120, ...LIVE_REGRESSION, holdout: REGRESSION_HOLDOUT } };
  return {};
}

function regressionWindowStatus(i) {
  switch (i) {
    case 5: return { status: 'degraded', reasons: [
      'live RMSE 14.2 (95% lower bound 12.9 over 120 labelled rows) against the holdout\'s 12.0 (tolerance +10%)',
      'feature annual_mileage_km drifted: population stability index 0.420 (threshold 0.25)',
      'the predicted value drifted: population stability index 0.31 (threshold 0.25)'] };
    default: return windowStatus(i);
  }
}
