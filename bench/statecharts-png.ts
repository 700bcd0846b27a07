/**
 * `npm run docs:statecharts-png [-- REV] [--chart NAME] [--out FILE]`: the picture the README shows of a chart before
 * and after the statechart redesign. The chart as committed at REV (default: the last commit before the redesign, when
 * iso2-secc.svg was 7947 x 3485 px) beside the chart the exporter makes now, both at one scale so their sizes compare
 * as they are, each titled with its size; under them the new chart's top part at 100 %, so a reviewer reads its text.
 * Drawn by Debian's chromium, headless, through playwright-core (both dev tools, as for docs/inspector.png).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { statechartFiles } from '../inspector/statecharts/files.js';
import { escapeXml } from '../inspector/statecharts/svg.js';
import { MACHINES } from '../machines/registry.js';
import { launchHeadlessChromium } from './headless-chromium.js';

/** ISO-2 SECC: 7947.2 x 3484.7 px, every shared exit an edge of its own. */
const BEFORE_REDESIGN = '81606ccd87a1eb0825d61b5faae61ccfd5d32d35';
/** The side-by-side row's width, px: both charts are scaled by one factor to fit it. */
const ROW_WIDTH = 2400;
/** How much of the new chart's top is shown at 100 %, px. */
const CROP_HEIGHT = 760;

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sizeOf(svg: string): { width: number; height: number } {
  const match = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (match === null) throw new Error('not an exported statechart SVG: no width and height on its <svg>');
  return { width: Number(match[1]), height: Number(match[2]) };
}

const px = (size: { width: number; height: number }): string => `${Math.round(size.width)} × ${Math.round(size.height)} px`;

/** One chart scaled by `scale` in a box of its scaled size, titled. */
function figure(title: string, svg: string, scale: number): string {
  const { width, height } = sizeOf(svg);
  const inner = `<div style="transform: scale(${scale}); transform-origin: 0 0; width: ${width}px">${svg}</div>`;
  return `<figure><figcaption>${escapeXml(title)}</figcaption><div style="width: ${width * scale}px; height: ${height * scale}px; overflow: hidden">${inner}</div></figure>`;
}

function page(chart: string, rev: string, before: string, after: string): string {
  const [old, now] = [sizeOf(before), sizeOf(after)];
  const scale = Math.min(1, (ROW_WIDTH - 48) / (old.width + now.width));
  const crop = `<figure><figcaption>${escapeXml(`now, its top at 100 %`)}</figcaption><div style="width: ${now.width}px; height: ${Math.min(CROP_HEIGHT, now.height)}px; overflow: hidden; border: 1px solid #999">${after}</div></figure>`;
  return `<!doctype html><html><head><style>
body { margin: 16px; font: 16px sans-serif; background: #fff; width: max-content }
.row { display: flex; gap: 24px; align-items: flex-start }
figure { margin: 0 0 24px 0 } figcaption { font-weight: bold; margin-bottom: 8px }
</style></head><body>
<div class="row">${figure(`${chart} before (${rev.slice(0, 7)}): ${px(old)}`, before, scale)}${figure(`${chart} now: ${px(now)}`, after, scale)}</div>
<p>Both at ${Math.round(scale * 1000) / 10} %.</p>
${crop}
</body></html>`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { chart: { type: 'string', default: 'iso2-secc' }, out: { type: 'string' } } });
  const chart = values.chart;
  const rev = positionals[0] ?? BEFORE_REDESIGN;
  const out = resolve(values.out ?? join(projectRoot, 'docs', `statecharts-${chart}-before-after.png`));
  const registered = MACHINES.find((m) => m.name === chart);
  if (registered === undefined) throw new Error(`no machine named ${chart} in machines/registry.ts`);

  const before = execFileSync('git', ['show', `${rev}:docs/statecharts/${chart}.svg`], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
  const after = (await statechartFiles([registered])).get(`${chart}.svg`)!;

  const browser = await launchHeadlessChromium(60_000);
  try {
    const tab = await browser.newPage({ viewport: { width: ROW_WIDTH, height: 800 } });
    await tab.setContent(page(chart, rev, before, after));
    await tab.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(`${out}: ${chart} at ${rev.slice(0, 7)} (${px(sizeOf(before))}) beside now (${px(sizeOf(after))})\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
