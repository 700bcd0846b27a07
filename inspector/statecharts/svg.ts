/**
 * Draws a laid-out statechart as a standalone SVG: states as rounded boxes (compound ones holding their children),
 * final states with a double border, regions of a parallel state dashed, a filled dot for each initial state, edges
 * with arrowheads and their labels on a white ground. Deterministic: coordinates rounded to 0.1 px, fixed order.
 */
import { TEXT, type EdgePath, type InitialMarker, type StateBox, type StatechartLayout } from './layout.js';

/** Hover text: browsers show an element's first `<title>` child as its tooltip, inline in a page as well. */
const tooltip = (hint: string): string => (hint === '' ? '' : `<title>${escapeXml(hint)}</title>`);

const FILLS = ['#ffffff', '#f4f6fa', '#e9eef6', '#dfe6f1'];

const n = (value: number): string => String(Math.round(value * 10) / 10);

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderSvg(layout: StatechartLayout, title: string): string {
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(layout.width)}" height="${n(layout.height)}" viewBox="0 0 ${n(layout.width)} ${n(layout.height)}" font-family="monospace" font-size="${TEXT.fontSize}">`,
    `<title>${escapeXml(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
  ];
  for (const box of layout.boxes) out.push(box.kind === 'state' ? stateBox(box) : initialMarker(box));
  for (const edge of layout.edges) out.push(edgePath(edge));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function stateBox(box: StateBox): string {
  const fill = FILLS[Math.min(box.depth, FILLS.length - 1)];
  const dash = box.region ? ' stroke-dasharray="6 4"' : '';
  const parts = [
    box.proxyOf === undefined ? `<g data-state="${escapeXml(box.id)}">` : `<g data-proxy-of="${escapeXml(box.proxyOf)}">`,
    tooltip(box.hint),
    `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="8" fill="${fill}" stroke="#333"${dash}/>`,
  ];
  if (box.type === 'final') {
    parts.push(`<rect x="${n(box.x + 3)}" y="${n(box.y + 3)}" width="${n(box.width - 6)}" height="${n(box.height - 6)}" rx="6" fill="none" stroke="#333"/>`);
  }
  const title = box.type === 'history' ? `${box.title} (H)` : box.title;
  const textX = n(box.x + 8);
  parts.push(`<text x="${textX}" y="${n(box.y + TEXT.lineHeight)}" font-weight="bold">${escapeXml(title)}</text>`);
  box.lines.forEach((line, i) => {
    parts.push(`<text x="${textX}" y="${n(box.y + TEXT.lineHeight * (i + 2))}" fill="#444" xml:space="preserve">${escapeXml(line)}</text>`);
  });
  let row = box.lines.length + 2;
  for (const entry of box.legend) {
    parts.push(`<g class="legend">${tooltip(entry.hint)}`);
    for (const line of entry.lines) {
      parts.push(`<text x="${textX}" y="${n(box.y + TEXT.lineHeight * row++)}" fill="#225" xml:space="preserve">${escapeXml(line)}</text>`);
    }
    parts.push('</g>');
  }
  parts.push('</g>');
  return parts.join('\n');
}

function initialMarker(marker: InitialMarker): string {
  const r = marker.width / 2;
  return `<circle cx="${n(marker.x + r)}" cy="${n(marker.y + r)}" r="${n(r)}" fill="#333"/>`;
}

function edgePath(edge: EdgePath): string {
  const d = edge.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${n(x)},${n(y)}`).join(' ');
  const parts = [`<path d="${d}" fill="none" stroke="#333" marker-end="url(#arrow)"/>`];
  const { label } = edge;
  if (label !== undefined) {
    parts.push(`<rect x="${n(label.x)}" y="${n(label.y)}" width="${n(label.width)}" height="${n(label.height)}" fill="#fff" fill-opacity="0.85"/>`);
    label.lines.forEach((line, i) => {
      parts.push(`<text x="${n(label.x + 2)}" y="${n(label.y + TEXT.lineHeight * (i + 1) - 4)}" xml:space="preserve">${escapeXml(line)}</text>`);
    });
  }
  const loop = edge.loopOf === undefined ? '' : ` data-loop-of="${escapeXml(edge.loopOf)}"`;
  return `<g data-edge="${edge.id}"${loop}>${tooltip(edge.hint)}\n${parts.join('\n')}\n</g>`;
}
