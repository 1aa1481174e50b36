/**
 * Headless screenshots with the system's Chromium (Debian's `chromium`, which .ci/run installs when missing).
 * No puppeteer and no downloaded browser: one `chromium --headless --screenshot` process per picture, with a
 * throw-away profile and every background network feature off, so the only page it loads is the local file.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The Chromium binary: $CHROMIUM_PATH, else the first candidate on PATH. Throws a message saying how to get one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file. Point it at a Chromium binary or unset it.`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  throw new Error(
    `No Chromium found on PATH (looked for ${CANDIDATES.join(', ')}). Install Debian's package: ` +
      '`sudo apt-get install chromium` (.ci/run does this), or set CHROMIUM_PATH.',
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface Screenshot {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  readonly data: Buffer;
}

export interface ScreenshotOptions {
  readonly width: number;
  readonly height: number;
  /** Kill Chromium after this long. Generous: a cold start on a loaded 2-core machine takes seconds. @default 90000 */
  readonly timeoutMs?: number;
  readonly chromiumPath?: string;
}

/** Renders an SVG document in headless Chromium at 1 CSS px = 1 device px and returns the decoded PNG. */
export async function screenshotSvg(svg: string, options: ScreenshotOptions): Promise<Screenshot> {
  const dir = await mkdtemp(join(tmpdir(), 'k2-grafana-chromium-'));
  try {
    const page = join(dir, 'picture.svg');
    const png = join(dir, 'picture.png');
    await writeFile(page, svg);
    const binary = options.chromiumPath ?? findChromium();
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--force-device-scale-factor=1',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--window-size=${options.width},${options.height}`,
      `--screenshot=${png}`,
      pathToFileURL(page).href,
    ];
    await run(binary, args, options.timeoutMs ?? 90_000);
    if (!existsSync(png)) throw new Error(`${binary} exited without writing a screenshot (${png}).`);
    const decoded = PNG.sync.read(await readFile(png));
    return { width: decoded.width, height: decoded.height, data: decoded.data };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(binary: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Chromium logs D-Bus complaints on stderr in containers; only the exit status and the PNG matter.
    execFile(binary, [...args], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${binary} --headless --screenshot failed: ${error.message}\n${String(stderr).slice(-2000)}`));
      else resolve();
    });
  });
}

/** The pixel at (x, y) as [r, g, b]. */
export function pixelAt(shot: Screenshot, x: number, y: number): [number, number, number] {
  const px = Math.round(x);
  const py = Math.round(y);
  if (px < 0 || py < 0 || px >= shot.width || py >= shot.height) {
    throw new Error(`pixel (${px}, ${py}) is outside the ${shot.width}x${shot.height} screenshot`);
  }
  const i = (py * shot.width + px) * 4;
  return [shot.data[i]!, shot.data[i + 1]!, shot.data[i + 2]!];
}

/** '#rrggbb' -> [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)];
}

/** Largest per-channel difference between two colours. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(Math.abs(a[0]! - b[0]!), Math.abs(a[1]! - b[1]!), Math.abs(a[2]! - b[2]!));
}
