// How numbers, shares and times read on the page. Missing values read as an em dash, so a field
// the API does not send yet never shows up as "undefined" or "NaN".

const DASH = '—';
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayOfYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export function number(value, digits = 3) {
  return Number.isFinite(value) ? value.toFixed(digits) : DASH;
}

/** A number as it was given, for ranges and medians: 14060.5 stays 14060.5, 18 stays 18. */
export function plain(value) {
  return Number.isFinite(value) ? value.toLocaleString(undefined, { maximumFractionDigits: 4 }) : DASH;
}

export function percent(share, digits = 1) {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)} %` : DASH;
}

export function when(iso) {
  return formatted(dateTime, iso);
}

/** The day of an instant, without the year: "Nov 30". */
export function day(iso) {
  return formatted(dayOfYear, iso);
}

/** The time of day of an instant, as the reader's locale writes it: "14:00" or "2:00 PM". */
export function time(iso) {
  return formatted(timeOfDay, iso);
}

/** A window of time within a day, as monitoring's hourly windows are: "Nov 30, 2026, 14:00 – 15:00". */
export function span(fromIso, toIso) {
  return `${when(fromIso)} – ${time(toIso)}`;
}

function formatted(format, iso) {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? format.format(date) : DASH;
}

export function duration(startIso, endIso) {
  const ms = new Date(endIso) - new Date(startIso);
  if (!Number.isFinite(ms) || ms < 0) return DASH;
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

export function bytes(count) {
  if (!Number.isFinite(count)) return DASH;
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KB`;
  return `${(count / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * An upload against the champion's training data (a job's or a version's `drift`), in a sentence:
 * the features whose population stability index reads moderate or major, largest first.
 */
export function drift(report) {
  const moved = (report?.features ?? []).filter((feature) => feature.reading !== 'none');
  const against = `version ${report?.version}'s training data`;
  if (moved.length === 0) return `No feature moved from ${against}.`;
  const listed = moved.map((feature) => `${feature.feature} (PSI ${number(feature.psi, 2)}, ${feature.reading}`
    + `${feature.note ? `, ${feature.note}` : ''})`);
  return `${moved.length} of ${report.features.length} features moved from ${against}: ${listed.join(', ')}.`;
}
