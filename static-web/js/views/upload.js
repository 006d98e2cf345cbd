// Upload a CSV, then watch the training job it starts until the new version is registered or the
// file is refused.
import { api } from '../api.js';
import { errorAlert, notice } from '../alerts.js';
import { h, replace } from '../dom.js';
import { bytes, drift } from '../format.js';
import { followJob } from '../jobs.js';

const MODEL_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/; // the API's rule for model names
// The Functions host refuses larger request bodies (100 MB in the HTTP trigger reference; see
// docs/large-files.md), and not always with a 413: larger files go straight to blob storage.
const MAX_HTTP_UPLOAD = 100 * 1024 * 1024;

export function renderUpload(view, { params: { model = '' }, signal }) {
  let file = null;

  const nameInput = h('input', { id: 'model-name', type: 'text', value: model, autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'none', 'aria-describedby': 'model-name-hint model-name-error' });
  const nameError = h('p', { class: 'field-error', id: 'model-name-error' });
  const fileInput = h('input', { id: 'file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'file-chosen file-error' });
  const fileChosen = h('p', { class: 'hint', id: 'file-chosen' }, 'UTF-8 text, comma or semicolon separated, with a header row.');
  const fileError = h('p', { class: 'field-error', id: 'file-error' });
  const submitButton = h('button', { type: 'submit', class: 'button primary' }, 'Upload and train');
  const formError = h('div', { class: 'form-error' });
  const progressArea = h('div');

  const dropZone = h('div', { class: 'drop-zone' },
    h('label', { for: 'file' }, 'CSV file'),
    h('p', { class: 'muted' }, 'Drag the file here, or choose it:'),
    fileInput,
    fileChosen,
    fileError);

  function choose(chosen) {
    file = chosen;
    fileChosen.textContent = `Chosen: ${file.name}, ${bytes(file.size)}.`;
    setError(fileInput, fileError, '');
    // Most people name the model after the file: suggest that until a name is typed.
    if (!nameInput.value) nameInput.value = suggestedModelName(file.name);
  }

  fileInput.addEventListener('change', () => fileInput.files[0] && choose(fileInput.files[0]));
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault(); // allows the drop
    dropZone.classList.add('is-dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('is-dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('is-dragging');
    if (!event.dataTransfer.files[0]) return;
    fileInput.files = event.dataTransfer.files; // the input then names the dropped file too
    choose(event.dataTransfer.files[0]);
  });

  async function submit(event) {
    event.preventDefault();
    const modelName = nameInput.value.trim();
    const nameProblem = MODEL_NAME.test(modelName) ? ''
      : 'Use 1 to 63 characters: lowercase letters a-z, digits and “-”, starting with a letter or digit.';
    setError(nameInput, nameError, nameProblem);
    setError(fileInput, fileError, !file ? 'Choose a CSV file first.' : file.size > MAX_HTTP_UPLOAD ? tooLarge(file, modelName) : '');
    replace(formError);
    if (nameProblem || !file || file.size > MAX_HTTP_UPLOAD) {
      (nameProblem ? nameInput : fileInput).focus();
      return;
    }
    submitButton.disabled = true;
    try {
      const receipt = await api.upload(modelName, file, datasetName(file.name), { signal });
      if (receipt.unchanged) showUnchanged(progressArea, modelName, receipt);
      else await follow(progressArea, { ...receipt, model: modelName, file }, signal);
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error.code === 'invalid_model_name') setError(nameInput, nameError, error.message);
      else replace(formError, errorAlert(error));
    } finally {
      submitButton.disabled = false;
    }
  }

  view.append(
    h('header', { class: 'page-header' },
      h('h1', { tabindex: '-1' }, 'Upload data'),
      h('p', { class: 'lead' }, 'Upload a CSV file with a header row and a column named “target”: the value to predict. '
        + 'A new version of the model is trained on it, and becomes the champion if it scores about as well as the current one or better.')),
    h('form', { class: 'card upload-form', novalidate: true, onSubmit: submit },
      h('div', { class: 'field' },
        h('label', { for: 'model-name' }, 'Model name'),
        nameInput,
        h('p', { class: 'hint', id: 'model-name-hint' },
          'Lowercase letters, digits and “-”. Use an existing name to train a new version of that model.'),
        nameError),
      dropZone,
      h('div', { class: 'form-actions' }, submitButton),
      formError),
    progressArea);
}

/** Shows the job's stage and progress, then how it ended; resolves when it has ended. */
async function follow(area, upload, signal) {
  const stage = h('p', { class: 'job-stage', 'aria-live': 'polite' }, 'Uploaded. Waiting for training to start…');
  const bar = h('progress', { max: 100, value: 0, 'aria-labelledby': 'job-heading' });
  const percentLabel = h('span', { class: 'job-percent' }, '0 %');
  const outcome = h('div', { class: 'job-outcome', tabindex: '-1' });
  const jobId = h('code', {}, upload.jobId);
  replace(area, h('section', { class: 'card job', 'aria-labelledby': 'job-heading' },
    h('h2', { id: 'job-heading' }, `Training ${upload.model}`),
    h('p', { class: 'muted small' }, 'Job ', jobId),
    stage,
    h('div', { class: 'job-progress' }, bar, percentLabel),
    outcome));

  let last;
  try {
    for await (const job of followJob(upload, { signal })) {
      last = job;
      jobId.textContent = job.id;
      const text = job.stage && job.stage.toLowerCase() !== job.state.toLowerCase() ? `${job.state}: ${job.stage}` : job.state;
      if (stage.textContent !== text) stage.textContent = text; // announce changes only, not every poll
      bar.value = job.progress;
      percentLabel.textContent = `${job.progress} %`;
    }
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    replace(outcome, errorAlert(error));
    outcome.focus();
    return;
  }
  const champion = last.state === 'Registered'
    ? await api.model(last.model, { signal }).then((details) => details.champion?.version, () => undefined)
    : undefined;
  replace(outcome, ending(last, champion));
  outcome.focus(); // keyboard and screen reader users land on the result
}

/** The same data and settings were trained before: the API stored nothing and names that version. */
function showUnchanged(area, model, receipt) {
  const message = h('div', { tabindex: '-1' }, notice('info',
    h('p', { class: 'alert-title' }, 'Nothing new to train'),
    h('p', {}, receipt.message),
    h('p', {}, h('a', { href: `#/models/${encodeURIComponent(model)}/versions/${receipt.version}` },
      `Open version ${receipt.version} of ${model}`))));
  replace(area, message);
  message.focus();
}

function ending(job, championVersion) {
  if (job.state === 'Registered') {
    return notice('success',
      h('p', { class: 'alert-title' }, `Version ${job.version} of ${job.model} is registered.`),
      championVersion != null && h('p', {}, championVersion === job.version
        ? 'It is now the champion: it answers predictions.'
        : `Version ${championVersion} stays the champion.`),
      job.message && h('p', {}, `Quality gate: ${job.message}`),
      job.drift && h('p', { class: 'job-drift' }, `Data: ${drift(job.drift)}`),
      h('p', {}, h('a', { href: `#/models/${encodeURIComponent(job.model)}/versions/${job.version}` },
        `Open version ${job.version} of ${job.model}`)));
  }
  // Rejected and Failed: the server's own words, which name the fix, and the line when there is one.
  return h('div', { class: 'alert alert-error', role: 'alert' },
    h('p', { class: 'alert-title' }, job.state === 'Rejected' ? 'The file was refused' : `Training ended: ${job.state}`),
    h('p', { class: 'job-error' }, job.error?.message ?? job.message ?? 'No reason was given.'),
    job.error?.line != null && h('p', { class: 'job-error-line' }, `Line ${job.error.line} of the file.`));
}

function setError(control, errorElement, text) {
  errorElement.textContent = text;
  if (text) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/** "Claims 2026.csv" -> "claims-2026" */
function suggestedModelName(fileName) {
  return fileName.replace(/\.csv$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63);
}

/** The stored file's name: the API takes [A-Za-z0-9._-], starting with a letter or digit, up to 100. */
function datasetName(fileName) {
  const name = fileName.replace(/\.csv$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 100);
  return name || undefined; // the API then names it after the time of upload
}

/** Why a file cannot go through the API, and how to send it instead. */
function tooLarge(file, modelName) {
  return `${file.name} is ${bytes(file.size)}: over the ${bytes(MAX_HTTP_UPLOAD)} an upload through the API can carry. `
    + 'Send it straight to storage, and training starts the same way: with the command-line tool, '
    + `tabml upload ${file.name} --model ${modelName || '<model>'} --wait, or with your own identity, `
    + `az storage blob upload --auth-mode login --account-name <account> -c datasets -n ${modelName || '<model>'}/${datasetName(file.name) || 'upload'}.csv -f ${file.name}`;
}
