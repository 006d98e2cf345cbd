// Following a training job from upload to its end, by polling GET /api/jobs/{id}.
import { api, ApiError } from './api.js';

const FINAL_STATES = new Set(['Registered', 'Failed', 'Rejected', 'Canceled']);

/**
 * Yields the job document about once a second until the job reaches a final state. The document
 * exists only once the blob trigger has picked the upload up, so 404s are waited through for up
 * to appearWithin milliseconds before giving up.
 *
 * @param {{jobId: string, model: string, file: Blob}} upload what was sent and what the API answered
 */
export async function* followJob({ jobId, model, file }, { signal, every = 1000, appearWithin = 60_000 } = {}) {
  const giveUpAt = Date.now() + appearWithin;
  const fileSha256 = lazy(() => sha256(file));
  for (;;) {
    const job = await api.job(jobId, { signal }).catch(nullOn404)
      ?? await rejectedJobOnSameBytes(model, fileSha256, signal);
    if (job) {
      yield job;
      if (FINAL_STATES.has(job.state)) return;
    } else if (Date.now() > giveUpAt) {
      throw new ApiError(404, 'job_not_found',
        `No job ${jobId} appeared within ${appearWithin / 1000} s: the upload was stored but not picked up for training.`);
    }
    await pause(every, signal);
  }
}

function nullOn404(error) {
  if (error instanceof ApiError && error.status === 404) return null;
  throw error;
}

// The upload answers with the id its job gets when the file can be trained on; a file the
// server refuses is filed as a Rejected job under a different id, so the announced one never
// appears. While it is missing, a Rejected job of this model on the very same bytes is ours.
async function rejectedJobOnSameBytes(model, fileSha256, signal) {
  const digest = await fileSha256();
  if (!digest) return null;
  const jobs = await api.jobs(model, { signal });
  return jobs.find((job) => job.state === 'Rejected' && job.dataset?.sha256 === digest) ?? null;
}

/** Hex SHA-256 of a file, or null where the browser offers no WebCrypto (plain http off localhost). */
async function sha256(file) {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function lazy(compute) {
  let result;
  return () => (result ??= compute());
}

function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
