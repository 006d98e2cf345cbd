// Following a training job from upload to its end, by polling GET /api/jobs/{id}.
import { api, ApiError } from './api.js';

const FINAL_STATES = new Set(['Registered', 'Failed', 'Rejected', 'Canceled']);

/**
 * Yields the job document about once a second until the job reaches a final state. The upload's
 * answer names the job (the training job, or for a file the server will refuse, the rejected one);
 * its document exists only once the blob trigger has picked the upload up, so 404s are waited
 * through for up to appearWithin milliseconds before giving up.
 *
 * @param {{jobId: string}} upload what the API answered
 */
export async function* followJob({ jobId }, { signal, every = 1000, appearWithin = 60_000 } = {}) {
  const giveUpAt = Date.now() + appearWithin;
  for (;;) {
    const job = await api.job(jobId, { signal }).catch(nullOn404);
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

function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
