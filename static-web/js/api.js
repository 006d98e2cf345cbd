// The HTTP API client: every call goes through request(), which sends the access key and turns
// any failure into an ApiError, so views handle one error type whatever went wrong.

import { API_BASE_URL } from './config.js';

const KEY_STORAGE = 'tabml.accessKey';

/** A failed call. status 0 means the API could not be reached at all. */
export class ApiError extends Error {
  /**
   * @param {number} status  HTTP status, or 0 for a network failure
   * @param {string} code    the API's stable error code
   * @param {string} message the API's message, shown to people as written
   * @param {Object<string, string[]>} details problems by field (for 400s)
   */
  constructor(status, code, message, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

// The key lives in sessionStorage: it survives reloads but not closing the tab, and is never
// written anywhere a later visitor of a shared computer would find it.
export const accessKey = {
  get: () => sessionStorage.getItem(KEY_STORAGE) ?? '',
  set: (key) => (key ? sessionStorage.setItem(KEY_STORAGE, key) : sessionStorage.removeItem(KEY_STORAGE)),
};

async function request(path, { method = 'GET', query = {}, json, body, contentType, signal } = {}) {
  const headers = { Accept: 'application/json' };
  const key = accessKey.get();
  if (key) headers['x-functions-key'] = key;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (contentType) {
    headers['Content-Type'] = contentType;
  }
  const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value != null)).toString();
  let response;
  try {
    response = await fetch(`${API_BASE_URL}/api${path}${search ? `?${search}` : ''}`, { method, headers, body, signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error; // the page moved on: not a failure to show
    throw new ApiError(0, 'network_error', 'The API could not be reached. Check your connection and try again.');
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`,
      error?.message ?? `The API answered ${response.status} ${response.statusText}.`, error?.details ?? {});
  }
  return payload;
}

const segment = encodeURIComponent;

export const api = {
  /**
   * [{model, championVersion, latestVersion, versionCount, algorithm, rocAuc, accuracy, f1, updatedAt, monitoring?}];
   * monitoring ({status, reasons, windowFrom, windowTo, since}) once the monitoring job has judged a window.
   */
  models: (options) => request('/models', options).then((body) => body.models),

  /** {model, champion, schemaVersion, inputSchema, versions} */
  model: (model, options) => request(`/models/${segment(model)}`, options),

  /** {model, version, algorithm, metrics, schema, lineage, artifactSha256, registeredAt, gate, featureImportance?} */
  version: (model, version, options) => request(`/models/${segment(model)}/versions/${version}`, options),

  /**
   * {model, version, label, probabilities, warnings, contributions?}. Asks for explanations
   * always: a server without them ignores the flag, and answers gain them once it has them.
   */
  predict: (model, row, { version, signal } = {}) => request(`/models/${segment(model)}/predict`,
    { method: 'POST', query: { version, explain: 'true' }, json: row, signal }),

  /**
   * {model, status?, from, to, windows}: the model's monitoring status and its hourly windows that start
   * in [from, to) (ISO-8601 instants; the API's default is the last day).
   */
  monitoring: (model, { from, to, signal } = {}) => request(`/models/${segment(model)}/monitoring`,
    { query: { from, to }, signal }),

  /** Makes a version the champion: promotion and rollback are the same call. */
  setChampion: (model, version, options) => request(`/models/${segment(model)}/champion`,
    { ...options, method: 'POST', json: { version } }),

  /** Sends the file as the raw body; answers 202 {dataset, jobId, status}. */
  upload: (model, file, name, options) => request(`/datasets/${segment(model)}`,
    { ...options, method: 'POST', query: { name }, body: file, contentType: 'text/csv' }),

  job: (id, options) => request(`/jobs/${segment(id)}`, options),
};
