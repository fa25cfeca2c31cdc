/**
 * The dashboard's static assets, all served by the API server itself (no CDN): the stylesheet,
 * uPlot's stylesheet, the chart script (TypeScript in `browser/`, bundled with uPlot by esbuild
 * once per process) and the favicon (an SVG drawn to PNG by resvg, in an ICO container).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { build } from 'esbuild';

export const ASSETS = {
  stylesheet: '/dashboard/assets/dashboard.css',
  uplotStylesheet: '/dashboard/assets/uplot.css',
  chartScript: '/dashboard/assets/series-chart.js',
  favicon: '/favicon.ico',
} as const;

/** One served file: its bytes, content type and entity tag (a hash of the bytes). */
export interface Asset {
  readonly body: Buffer | string;
  readonly type: string;
  readonly etag: string;
}

function asset(body: Buffer | string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
}

/** The chart script: `browser/series-chart.ts` and uPlot in one IIFE, as modern browsers run it. */
async function bundleChartScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'browser', 'series-chart.ts')],
    tsconfig: join(__dirname, 'browser', 'tsconfig.json'),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    // uPlot's MIT notice travels with its code.
    legalComments: 'inline',
    logLevel: 'silent',
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error('esbuild produced no chart script');
  return file.text;
}

/**
 * An ICO file holding one PNG (Vista's format, which every current browser reads): a 6-byte
 * header, one 16-byte directory entry, then the PNG.
 */
export function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size % 256, 6); // 0 stands for 256
  header.writeUInt8(size % 256, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, png]);
}

async function favicon(): Promise<Buffer> {
  const svg = await readFile(join(__dirname, 'assets', 'favicon.svg'));
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: 32 } }).render().asPng();
  return icoOf(png, 32);
}

let loading: Promise<Record<keyof typeof ASSETS, Asset>> | undefined;

/** Every asset, built on first use and kept for the life of the process. */
export function loadAssets(): Promise<Record<keyof typeof ASSETS, Asset>> {
  loading ??= (async () => {
    const [css, uplotCss, script, icon] = await Promise.all([
      readFile(join(__dirname, 'assets', 'dashboard.css')),
      readFile(require.resolve('uplot/dist/uPlot.min.css')),
      bundleChartScript(),
      favicon(),
    ]);
    return {
      stylesheet: asset(css, 'text/css; charset=utf-8'),
      uplotStylesheet: asset(uplotCss, 'text/css; charset=utf-8'),
      chartScript: asset(script, 'text/javascript; charset=utf-8'),
      favicon: asset(icon, 'image/x-icon'),
    };
  })();
  return loading;
}
