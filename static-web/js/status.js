// A model's monitoring status (ok, drifting, degraded) as a badge: the word always shows, the
// colour only repeats it, so the status reads the same without colour.
import { h } from './dom.js';

const KINDS = { ok: 'good', drifting: 'warn', degraded: 'bad' };

/** What each status means, for the legend and for a badge's tooltip when it has no reasons. */
export const STATUS_MEANINGS = {
  ok: 'nothing found: no feature moved past the drift threshold, and no labelled predictions show the model scoring worse',
  drifting: 'a feature or the model’s answers (its predicted probabilities or values) moved past the drift threshold',
  degraded: 'the labelled predictions show the model scoring below its holdout',
};

/** reasons: shown as the badge's tooltip, the full list being on the monitoring page. */
export function statusBadge(status, reasons = []) {
  return h('span', { class: `badge status ${KINDS[status] ?? ''}`,
    title: reasons.length ? reasons.join('; ') : STATUS_MEANINGS[status] }, status);
}
