// A model's page: the prediction form, and how good the shown version is, its versions and
// lineage. It shows the champion (or, with no champion, the latest version) unless the route
// pins a version, in which case everything on the page, predictions included, is that version.
import { api } from '../api.js';
import { errorAlert, notice } from '../alerts.js';
import { barChart, probabilityBars } from '../charts.js';
import { h, replace } from '../dom.js';
import { number, percent, when } from '../format.js';
import { predictionForm } from '../form.js';
import { metricsSection } from './metrics.js';
import { lineageSection, versionsSection } from './versions.js';

const TOP_CONTRIBUTIONS = 8;
/** A change of probability in percentage points: 0.058 -> "+5.8 pts". */
const points = (change) => `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)} pts`;

export async function renderModel(view, { params: { model, version }, signal, flash, rerender }) {
  const heading = h('h1', { tabindex: '-1' }, model);
  const status = h('div', { class: 'status', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading the model…'));
  view.append(
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/models' }, 'Models'), ' / ', model),
    h('header', { class: 'page-header' }, heading,
      flash && h('div', { tabindex: '-1', 'data-focus': true }, notice('success', flash))),
    status);

  let details;
  let metadata;
  try {
    const [modelDetails, pinned] = await Promise.all([
      api.model(model, { signal }),
      version == null ? null : api.version(model, version, { signal }),
    ]);
    details = modelDetails;
    metadata = pinned ?? await api.version(model, details.schemaVersion, { signal });
  } catch (error) {
    replace(status, errorAlert(error));
    return;
  }
  // Unpinned, the API's inputSchema is the shown version's; pinned, the version brings its own.
  const schema = version == null ? details.inputSchema : metadata.schema;

  heading.after(summary(details, metadata, version != null));
  replace(status);
  view.append(
    h('div', { class: 'columns' },
      predictionPanel(model, version, schema, metadata, signal)),
    metricsSection(metadata),
    versionsSection(details, metadata, rerender),
    lineageSection(metadata));
}

function summary(details, metadata, pinned) {
  const champion = details.champion;
  return h('div', { class: 'summary' },
    h('p', { class: 'lead' }, champion
      ? `Champion: version ${champion.version}, since ${when(champion.promotedAt)}${champion.reason ? ` — ${champion.reason}` : ''}.`
      : 'No champion yet: no version has passed the quality gate, so nothing answers predictions without a pinned version.'),
    pinned && champion?.version !== metadata.version && notice('info',
      `You are looking at version ${metadata.version}, not the champion: predictions here are made by version ${metadata.version}. `,
      h('a', { href: `#/models/${encodeURIComponent(details.model)}` }, 'Back to the champion')),
    h('p', {}, h('a', { href: `#/models/${encodeURIComponent(details.model)}/monitoring` }, 'Monitoring: how it does on live predictions')),
    h('p', {}, h('a', { href: `#/upload/${encodeURIComponent(details.model)}` }, 'Upload new data to train this model again')));
}

/** The form on the left, the answer on the right (stacked on narrow screens). */
function predictionPanel(model, version, schema, metadata, signal) {
  const answer = h('div', { class: 'answer', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Fill in the form and press Predict: the answer shows here.'));
  const form = predictionForm(schema.features, predict);

  async function predict() {
    form.clearErrors();
    form.submitButton.disabled = true;
    form.submitButton.textContent = 'Predicting…';
    try {
      const answered = await api.predict(model, form.values(), { version, signal });
      replace(answer, answered.prediction != null ? valueView(answered, schema.target) : answerView(answered, metadata.metrics));
    } catch (error) {
      if (error.name === 'AbortError') return;
      const unplaced = error.status === 400 ? form.showErrors(error.details) : [];
      replace(form.errorArea, errorAlert(error), unplaced.length > 0 && h('ul', { class: 'problems' },
        unplaced.map(([field, problems]) => h('li', {}, `${field}: ${problems.join('; ')}`))));
      replace(answer, h('p', { class: 'muted' }, 'No answer: see the problem under the form.'));
    } finally {
      form.submitButton.disabled = false;
      form.submitButton.textContent = 'Predict';
    }
  }

  return [
    h('section', { class: 'card', 'aria-labelledby': 'ask-heading' },
      h('h2', { id: 'ask-heading' }, 'Ask the model'),
      h('p', { class: 'muted' }, `Predicts “${schema.target}” from these values. They start at typical values from the training data.`),
      form.element),
    h('section', { class: 'card', 'aria-labelledby': 'answer-heading' },
      h('h2', { id: 'answer-heading' }, 'Answer'),
      answer),
  ];
}

/** The answer's largest contributions, largest first. */
function topContributions(answer) {
  return (answer.contributions ?? [])
    .slice().sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, TOP_CONTRIBUTIONS);
}

/** A regressor's answer: the value, its interval, and what moved it, in the target's unit. */
function valueView(answer, target) {
  const top = topContributions(answer);
  const [low, high] = answer.interval;
  const signed = (change) => `${change > 0 ? '+' : ''}${number(change)}`;
  return [
    h('p', { class: 'answer-label' }, h('span', { class: 'muted' }, 'Predicted'), ' ', h('strong', {}, number(answer.prediction))),
    h('p', {}, `“${target}”, by version ${answer.version}; about 9 in 10 such rows lie between ${number(low)} and ${number(high)}.`),
    answer.warnings?.length > 0 && notice('warning',
      h('p', { class: 'alert-title' }, 'Note'),
      h('ul', {}, answer.warnings.map((warning) => h('li', {}, warning)))),
    top.length > 0 && [
      h('h3', {}, 'What moved the answer most'),
      h('p', { class: 'muted' }, `How much each value moved the predicted “${target}”, compared with the value being `
        + 'typical (median or most frequent): to the right raised it, to the left lowered it. Typical values move nothing.'),
      barChart(top.map((c) => ({ label: `${c.feature} = ${c.value ?? 'missing'}`, value: c.contribution })),
        { title: 'Largest contributions to this answer', format: signed }),
    ],
  ];
}

function answerView(answer, metrics) {
  const top = topContributions(answer);
  return [
    h('p', { class: 'answer-label' }, h('span', { class: 'muted' }, 'Predicted'), ' ', h('strong', {}, answer.label)),
    h('p', {}, `with a probability of ${percent(answer.probabilities?.[answer.label])}, by version ${answer.version}.`),
    h('h3', {}, 'Probability per class'),
    probabilityBars(answer.probabilities ?? {}, answer.label),
    // With two classes the answer follows the threshold, not the larger probability: say so.
    metrics.classes.length === 2 && h('p', { class: 'muted small' },
      `The model answers “${metrics.positiveClass}” when its probability reaches ${percent(metrics.threshold)}.`),
    answer.warnings?.length > 0 && notice('warning',
      h('p', { class: 'alert-title' }, 'Note'),
      h('ul', {}, answer.warnings.map((warning) => h('li', {}, warning)))),
    top.length > 0 && [
      h('h3', {}, 'What moved the answer most'),
      h('p', { class: 'muted' }, `How much each value moved the probability of “${answer.label}”, compared with the value being `
        + 'typical (median or most frequent): to the right raised it, to the left lowered it. Typical values move nothing.'),
      barChart(top.map((c) => ({ label: `${c.feature} = ${c.value ?? 'missing'}`, value: c.contribution })),
        { title: 'Largest contributions to this answer', format: points }),
    ],
  ];
}
