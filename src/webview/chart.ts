// The burn-up chart on the board: the core's element tree (src/core/burnup-chart.ts burnUpTree, the same chart as in
// the report) built into SVG nodes with createElementNS, setAttribute and text nodes. No markup is parsed, and only
// the elements and attributes the core writes are created.
import { burnUpTree, type SvgNode } from '../core/burnup-chart';
import type { BurnUp } from '../core/forecast';

const SVG_NS = 'http://www.w3.org/2000/svg';
const ATTRIBUTES = new Set([
  'class', 'viewBox', 'width', 'height', 'role', 'aria-labelledby', 'aria-hidden', 'font-family', 'font-size', 'id',
  'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'points', 'fill', 'stroke', 'stroke-width', 'stroke-opacity',
  'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin', 'text-anchor', 'transform',
]);

function build(node: SvgNode): SVGElement {
  const el = document.createElementNS(SVG_NS, node.tag);
  // xmlns is the namespace itself; anything else outside the list is dropped.
  for (const [name, value] of node.attrs) if (ATTRIBUTES.has(name)) el.setAttribute(name, value);
  for (const c of node.children) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : build(c));
  return el;
}

/** The chart as an `<svg>` element. */
export function burnUpChart(burnUp: BurnUp): SVGElement {
  return build(burnUpTree(burnUp, { idPrefix: 'board-burnup', width: 640, height: 260 }));
}
