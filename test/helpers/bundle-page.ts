/**
 * Builds the browser bundle into a temporary directory and opens a Chromium page that runs
 * scenarios against it (test/helpers/scenario-page.ts). `close()` ends Chromium and removes
 * the directory.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChromiumPage, openChromiumPage } from './chromium.js';
import { type Scenario, scenarioPageHtml } from './scenario-page.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** Runs scripts/build-browser.js with `--outfile` in `dir`; returns the bundle's path. */
export function buildBundle(dir: string): string {
  const outfile = join(dir, 'godot-websocket.js');
  const run = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'build-browser.js'), '--json', '--outfile', outfile],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  return outfile;
}

/** A page running `scenarios` in order against a freshly built bundle. */
export async function openBundlePage(
  wsOrigin: string,
  scenarios: Record<string, Scenario>,
  params: Record<string, unknown> = {},
): Promise<{ page: ChromiumPage; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-web-'));
  try {
    const bundle = buildBundle(dir);
    const html = scenarioPageHtml('/godot-websocket.js', wsOrigin, scenarios, params);
    const page = await openChromiumPage(html, {
      '/godot-websocket.js': { contentType: 'text/javascript', body: readFileSync(bundle) },
      '/godot-websocket.js.map': {
        contentType: 'application/json',
        body: readFileSync(`${bundle}.map`),
      },
    });
    return {
      page,
      close: async () => {
        await page.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
