// The prediction form, built from a model's input schema: a number input per numeric feature
// (the median as its value, the training range as a hint), a select per categorical one (the most
// frequent category, listed first by the API, selected). The API validates the values, not the
// browser (novalidate): its 400 names each field at fault, and that text is shown by the field.
import { h } from './dom.js';
import { plain } from './format.js';

/**
 * @param {Array<{name, type, missing, min, max, median, categories}>} features inputSchema.features
 * @param {(form: HTMLFormElement) => void} onSubmit
 * @returns {{element: HTMLFormElement, values: () => object, showErrors: (details) => Array<[string, string[]]>,
 *            clearErrors: () => void, submitButton: HTMLButtonElement, errorArea: HTMLElement}}
 */
export function predictionForm(features, onSubmit) {
  // Ids come from positions, not names: column names are free text from the uploaded CSV.
  const fields = features.map((feature, index) => field(feature, `feature-${index}`));
  const byName = new Map(fields.map((f) => [f.name, f]));
  const submitButton = h('button', { type: 'submit', class: 'button primary' }, 'Predict');
  const errorArea = h('div', { class: 'form-error' });
  const element = h('form', { class: 'predict-form', novalidate: true },
    h('div', { class: 'fields' }, fields.map((f) => f.element)),
    h('div', { class: 'form-actions' },
      submitButton,
      h('button', { type: 'reset', class: 'button' }, 'Reset to typical values')),
    errorArea);

  const clearErrors = () => {
    fields.forEach((f) => f.setError([]));
    errorArea.replaceChildren();
  };
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit();
  });
  element.addEventListener('reset', clearErrors);

  return {
    element,
    submitButton,
    errorArea,
    clearErrors,
    /** The row to predict: empty number fields are left out, so the API says what it needs. */
    values: () => Object.fromEntries(fields.map((f) => [f.name, f.value()]).filter(([, value]) => value !== undefined)),
    /** Puts each problem by its field and focuses the first one; returns the problems no field owns. */
    showErrors(details) {
      const unplaced = [];
      for (const [name, problems] of Object.entries(details)) {
        const target = byName.get(name);
        if (target) target.setError(problems);
        else unplaced.push([name, problems]);
      }
      fields.find((f) => f.invalid())?.control.focus();
      return unplaced;
    },
  };
}

function field(feature, id) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const isNumber = feature.type === 'NUMERIC';
  const control = isNumber ? numberInput(feature, id)
    : feature.categories?.length ? categorySelect(feature, id)
      : h('input', { id, type: 'text', autocomplete: 'off' });
  control.setAttribute('aria-describedby', `${hintId} ${errorId}`);
  const error = h('p', { class: 'field-error', id: errorId });

  return {
    name: feature.name,
    control,
    element: h('div', { class: 'field' },
      h('label', { for: id }, feature.name),
      control,
      h('p', { class: 'hint', id: hintId }, hint(feature)),
      error),
    value: () => (control.value.trim() === '' ? undefined : isNumber ? control.valueAsNumber : control.value),
    invalid: () => control.getAttribute('aria-invalid') === 'true',
    setError(problems) {
      error.textContent = problems.join('; ');
      if (problems.length) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

function numberInput(feature, id) {
  // No min/max attributes: values outside the training range are allowed, the hint shows it.
  return h('input', { id, type: 'number', step: 'any', inputmode: 'decimal', value: feature.median ?? '' });
}

function categorySelect(feature, id) {
  return h('select', { id },
    feature.categories.map((category, index) => h('option', { value: category.value, selected: index === 0 }, category.value)));
}

function hint(feature) {
  const missing = feature.missing > 0 ? `; missing in ${feature.missing.toLocaleString()} training rows` : '';
  if (feature.type === 'NUMERIC') {
    return `Number. Seen in training: ${plain(feature.min)} to ${plain(feature.max)}, median ${plain(feature.median)}${missing}`;
  }
  const count = feature.categories?.length ?? 0;
  return `${count} ${count === 1 ? 'category' : 'categories'}, most frequent first${missing}`;
}
