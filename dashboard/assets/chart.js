// Drawing for the health pages, in SVG built here (the CSP allows no inline style or script, and nothing from a CDN):
// a daily bar chart and the colour chips of the monitoring board and risk levels.
import { formatNumber } from './console.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 140;
const PAD = { top: 16, right: 8, bottom: 22, left: 30 };

/** Fill colours of the chips, the three board colours plus the risk levels of a declaration. */
export const COLOURS = {
  red: '#c62828',
  amber: '#f2a900',
  green: '#2e7d32',
  high: '#c62828',
  moderate: '#f2a900',
  low: '#2e7d32',
};

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

/** "2026-11-22" → "22/11". */
const dayMonth = (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

/**
 * A bar per day: `days` (YYYY-MM-DD, oldest first) and `values` of the same length. The chart names itself for
 * screen readers and carries its figures as data-* attributes; each bar's tooltip gives the day and the count.
 */
export function barChart({ name, title, days, values, colour }) {
  const max = Math.max(1, ...values);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / Math.max(1, days.length);
  const total = values.reduce((sum, value) => sum + value, 0);
  const bars = values.map((value, index) => {
    const height = (value / max) * plotHeight;
    return svg(
      'rect',
      {
        x: (PAD.left + index * step + step * 0.15).toFixed(1),
        y: (PAD.top + plotHeight - height).toFixed(1),
        width: (step * 0.7).toFixed(1),
        height: height.toFixed(1),
        fill: colour,
        'data-day': days[index],
        'data-value': value,
      },
      svg('title', {}, `${dayMonth(days[index])}: ${formatNumber(value)}`),
    );
  });
  const baseline = PAD.top + plotHeight;
  const label = (x, y, text, anchor) =>
    svg('text', { x, y, 'font-size': 10, fill: '#5b6776', 'text-anchor': anchor }, text);
  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      width: '100%',
      role: 'img',
      'aria-label': `${title}: ${formatNumber(total)}`,
      'data-series': name,
      'data-total': total,
    },
    svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: baseline, y2: baseline, stroke: '#d6dbe1' }),
    svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: PAD.top, y2: PAD.top, stroke: '#eef0f3' }),
    label(PAD.left - 4, PAD.top + 4, formatNumber(max), 'end'),
    label(PAD.left - 4, baseline, '0', 'end'),
    ...bars,
    ...(days.length > 0
      ? [
          label(PAD.left, HEIGHT - 6, dayMonth(days[0]), 'start'),
          label(WIDTH - PAD.right, HEIGHT - 6, dayMonth(days.at(-1)), 'end'),
        ]
      : []),
  );
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.style.margin = '0';
  const caption = document.createElement('figcaption');
  caption.textContent = `${title} · ${formatNumber(total)}`;
  figure.append(caption, chart);
  return figure;
}

/** A round chip of a colour (board colour or risk level) with its text, e.g. chip('red', 'Đỏ'). */
export function chip(colour, text) {
  const node = document.createElement('span');
  node.className = `badge chip-${colour}`;
  node.dataset.colour = colour;
  // Set through the CSSOM, which the CSP allows (a style="" attribute it would refuse).
  node.style.background = COLOURS[colour] ?? '#e8ecf0';
  node.style.color = colour === 'amber' || colour === 'moderate' ? '#1d2733' : '#fff';
  node.textContent = text;
  return node;
}
