// Charts drawn as inline SVG (and one HTML bar list), built from data with no library. Every SVG
// chart is role="img" with a <title> that says in words what it shows, for screen readers.
// Sizes are in SVG units: the CSS scales a chart down to the screen width, never up.
import { h, svg } from './dom.js';
import { number, percent } from './format.js';

/** One bar per class, most likely first; the predicted class is highlighted. */
export function probabilityBars(probabilities, predicted) {
  const entries = Object.entries(probabilities).sort((a, b) => b[1] - a[1]);
  return h('ul', { class: 'probabilities' }, entries.map(([label, share]) => {
    const fill = h('span', { class: 'bar-fill' });
    fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`; // CSSOM, allowed by the CSP
    return h('li', { class: label === predicted ? 'is-predicted' : null },
      h('span', { class: 'bar-label' }, label),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'bar-value' }, percent(share)));
  }));
}

/** The ROC curve from [{fpr, tpr, threshold}], with the chance diagonal and the operating point. */
export function rocCurve(points, { auc, threshold } = {}) {
  const size = 300;
  const pad = { left: 48, right: 14, top: 14, bottom: 44 };
  const plot = size - pad.left - pad.right;
  const x = (fpr) => pad.left + fpr * plot;
  const y = (tpr) => pad.top + (1 - tpr) * plot;
  const sorted = [{ fpr: 0, tpr: 0 }, ...points, { fpr: 1, tpr: 1 }].sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
  const line = sorted.map((p, i) => `${i ? 'L' : 'M'}${x(p.fpr).toFixed(1)},${y(p.tpr).toFixed(1)}`).join('');
  const operating = Number.isFinite(threshold) && points.length
    ? points.reduce((best, p) => (Math.abs(p.threshold - threshold) < Math.abs(best.threshold - threshold) ? p : best))
    : null;
  const ticks = [0, 0.25, 0.5, 0.75, 1];

  return svg('svg', { class: 'chart', viewBox: `0 0 ${size} ${size}`, width: size, role: 'img' },
    svg('title', {}, `ROC curve${Number.isFinite(auc) ? `, area under the curve ${number(auc)}` : ''}: `
      + 'the share of positives found (true positive rate) against the share of negatives wrongly flagged (false positive rate).'),
    ticks.map((t) => [
      svg('line', { class: 'grid', x1: x(t), x2: x(t), y1: y(0), y2: y(1) }),
      svg('line', { class: 'grid', x1: x(0), x2: x(1), y1: y(t), y2: y(t) }),
      svg('text', { class: 'tick', x: x(t), y: y(0) + 16, 'text-anchor': 'middle' }, t),
      svg('text', { class: 'tick', x: x(0) - 6, y: y(t) + 4, 'text-anchor': 'end' }, t),
    ]),
    svg('line', { class: 'chance', x1: x(0), y1: y(0), x2: x(1), y2: y(1) }),
    svg('path', { class: 'area', d: `${line}L${x(1)},${y(0)}Z` }),
    svg('path', { class: 'curve', d: line }),
    operating && svg('circle', { class: 'point', cx: x(operating.fpr), cy: y(operating.tpr), r: 5 },
      svg('title', {}, `operating point at threshold ${number(operating.threshold, 2)}: `
        + `${percent(operating.tpr)} of positives found, ${percent(operating.fpr)} of negatives flagged`)),
    svg('text', { class: 'axis-label', x: x(0.5), y: size - 6, 'text-anchor': 'middle' }, 'False positive rate'),
    svg('text', { class: 'axis-label', transform: `translate(14 ${y(0.5)}) rotate(-90)`, 'text-anchor': 'middle' },
      'True positive rate'));
}

/** Five round tick values spanning [low, high]. */
function ticksOf(low, high) {
  const step = 10 ** Math.floor(Math.log10((high - low) / 4 || 1));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * step).find((s) => (high - low) / s <= 4) ?? step * 10;
  const first = Math.floor(low / nice) * nice;
  return Array.from({ length: Math.ceil((high - first) / nice) + 1 }, (_, i) => first + i * nice);
}

/**
 * A scatter plot of [{x, y}] with a reference line: 'diagonal' (y = x: predicted against actual)
 * or 'zero' (y = 0: residuals). Axes span the points, with round ticks.
 */
export function scatterPlot(points, { title, xLabel, yLabel, reference }) {
  const size = 300;
  const pad = { left: 56, right: 14, top: 14, bottom: 44 };
  const plot = size - pad.left - pad.right;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const diagonal = reference === 'diagonal';
  // predicted against actual shares one scale, so that the diagonal is y = x
  const xTicks = ticksOf(Math.min(...xs, ...(diagonal ? ys : [])), Math.max(...xs, ...(diagonal ? ys : [])));
  const yTicks = diagonal ? xTicks : ticksOf(Math.min(...ys, 0), Math.max(...ys, 0));
  const [x0, x1] = [xTicks[0], xTicks.at(-1)];
  const [y0, y1] = [yTicks[0], yTicks.at(-1)];
  const x = (v) => pad.left + ((v - x0) / (x1 - x0 || 1)) * plot;
  const y = (v) => pad.top + (1 - (v - y0) / (y1 - y0 || 1)) * plot;
  const tick = (v) => (Math.abs(v) >= 1e4 ? v.toExponential(1) : String(Number(v.toPrecision(6))));

  return svg('svg', { class: 'chart scatter', viewBox: `0 0 ${size} ${size}`, width: size, role: 'img' },
    svg('title', {}, `${title}: ${points.length} held-out rows, ${yLabel.toLowerCase()} against ${xLabel.toLowerCase()}.`),
    xTicks.map((t) => [
      svg('line', { class: 'grid', x1: x(t), x2: x(t), y1: y(y0), y2: y(y1) }),
      svg('text', { class: 'tick', x: x(t), y: y(y0) + 16, 'text-anchor': 'middle' }, tick(t)),
    ]),
    yTicks.map((t) => [
      svg('line', { class: 'grid', x1: x(x0), x2: x(x1), y1: y(t), y2: y(t) }),
      svg('text', { class: 'tick', x: x(x0) - 6, y: y(t) + 4, 'text-anchor': 'end' }, tick(t)),
    ]),
    diagonal
      ? svg('line', { class: 'chance', x1: x(x0), y1: y(x0), x2: x(x1), y2: y(x1) })
      : svg('line', { class: 'chance', x1: x(x0), y1: y(0), x2: x(x1), y2: y(0) }),
    points.map((p) => svg('circle', { class: 'dot', cx: x(p.x).toFixed(1), cy: y(p.y).toFixed(1), r: 2.5 })),
    svg('text', { class: 'axis-label', x: x((x0 + x1) / 2), y: size - 6, 'text-anchor': 'middle' }, xLabel),
    svg('text', { class: 'axis-label', transform: `translate(14 ${y((y0 + y1) / 2)}) rotate(-90)`, 'text-anchor': 'middle' }, yLabel));
}

/** A heat map of confusionMatrix[actual][predicted]; shading is the share of the actual class's rows. */
export function confusionMatrix(classes, matrix) {
  const k = classes.length;
  const cell = k <= 3 ? 76 : k <= 6 ? 54 : 36;
  const left = 104;
  const top = 52;
  const width = left + k * cell + 4;
  const height = top + k * cell + 4;
  const rowTotals = matrix.map((row) => row.reduce((sum, count) => sum + count, 0));
  const description = classes.map((actual, a) => `actual ${actual}: `
    + classes.map((predicted, p) => `${matrix[a][p]} predicted ${predicted}`).join(', ')).join('; ');

  return svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, role: 'img' },
    svg('title', {}, `Confusion matrix on the held-out rows. ${description}.`),
    svg('text', { class: 'axis-label', x: left + (k * cell) / 2, y: 14, 'text-anchor': 'middle' }, 'Predicted'),
    svg('text', { class: 'axis-label', transform: `translate(14 ${top + (k * cell) / 2}) rotate(-90)`, 'text-anchor': 'middle' },
      'Actual'),
    classes.map((label, i) => [
      svg('text', { class: 'tick', x: left + i * cell + cell / 2, y: top - 10, 'text-anchor': 'middle' }, shorten(label, cell / 8)),
      svg('text', { class: 'tick', x: left - 8, y: top + i * cell + cell / 2 + 4, 'text-anchor': 'end' }, shorten(label, 11)),
    ]),
    matrix.map((row, a) => row.map((count, p) => {
      const share = rowTotals[a] ? count / rowTotals[a] : 0;
      const cx = left + p * cell;
      const cy = top + a * cell;
      return svg('g', { class: share > 0.5 ? 'cell dark' : 'cell' },
        svg('rect', { x: cx + 1, y: cy + 1, width: cell - 2, height: cell - 2, rx: 3, 'fill-opacity': 0.06 + 0.84 * share },
          svg('title', {}, `actual ${classes[a]}, predicted ${classes[p]}: ${count} rows (${percent(share)} of actual ${classes[a]})`)),
        svg('text', { class: 'count', x: cx + cell / 2, y: cy + cell / 2 + (cell >= 54 ? 0 : 4), 'text-anchor': 'middle' }, count),
        cell >= 54 && svg('text', { class: 'share', x: cx + cell / 2, y: cy + cell / 2 + 16, 'text-anchor': 'middle' },
          percent(share, 0)));
    })));
}

/**
 * Horizontal bars for [{label, value}], in the order given. Bars grow from the left; when a value
 * is negative (a contribution that lowered the answer, an input that only adds noise), the zero
 * line moves to the middle and negative bars grow to its left.
 */
export function barChart(items, { title, format = (v) => number(v) }) {
  const signed = items.some((item) => item.value < 0);
  const row = 26;
  const labelWidth = 130;
  const plotWidth = 170;
  const width = labelWidth + plotWidth + 60;
  const height = items.length * row + 8;
  const largest = Math.max(...items.map((item) => Math.abs(item.value))) || 1;
  const zero = signed ? labelWidth + plotWidth / 2 : labelWidth;
  const scale = (signed ? plotWidth / 2 : plotWidth) / largest;

  return svg('svg', { class: 'chart bars', viewBox: `0 0 ${width} ${height}`, width, role: 'img' },
    svg('title', {}, `${title}: ${items.map((item) => `${item.label} ${format(item.value)}`).join(', ')}`),
    items.map((item, i) => {
      const y = 4 + i * row;
      const length = Math.abs(item.value) * scale;
      return svg('g', {},
        svg('text', { class: 'tick', x: labelWidth - 8, y: y + row / 2 + 4, 'text-anchor': 'end' },
          shorten(item.label, 18), svg('title', {}, item.label)),
        svg('rect', { class: item.value < 0 ? 'bar negative' : 'bar', x: item.value < 0 ? zero - length : zero,
          y: y + 4, width: Math.max(length, 1), height: row - 8, rx: 2 }),
        svg('text', { class: 'tick value', x: labelWidth + plotWidth + 8, y: y + row / 2 + 4 }, format(item.value)));
    }),
    signed && svg('line', { class: 'zero', x1: zero, x2: zero, y1: 0, y2: height }));
}

function shorten(text, max) {
  const limit = Math.max(3, Math.floor(max));
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
