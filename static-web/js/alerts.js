// Messages shown next to the action they concern. An API error keeps the API's own message:
// it names the problem in the API's words, which is what support and the logs will use too.
import { ApiError } from './api.js';
import { h } from './dom.js';

const TITLES = {
  0: 'No connection',
  400: 'Please check the values',
  401: 'Access key needed',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Not available',
  409: 'Changed meanwhile',
  413: 'Too large',
  415: 'Not a CSV file',
};

const HINTS = {
  401: 'Enter a valid access key at the top of the page, then try again.',
};

/** A role=alert box for an error, so screen readers announce it as soon as it appears. */
export function errorAlert(error) {
  const status = error instanceof ApiError ? error.status : -1;
  const title = TITLES[status] ?? (status >= 500 ? 'The server had a problem' : 'Something went wrong');
  return h('div', { class: 'alert alert-error', role: 'alert' },
    h('p', { class: 'alert-title' }, title),
    h('p', {}, error.message),
    HINTS[status] && h('p', { class: 'alert-hint' }, HINTS[status]));
}

/** A success or information message; role=status is announced without interrupting. */
export function notice(kind, ...children) {
  return h('div', { class: `alert alert-${kind}`, role: 'status' }, ...children);
}
