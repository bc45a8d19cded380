// Size a web page pays for the browser build: the whole bundle, and what a tree-shaking bundler
// keeps for a page that imports only WebSocketPeer, only the Godot 4 WebSocketMultiplayerPeer
// client or only the Godot 3 WebSocketClient; minified, and gzipped (level 9).
// Run: npm run build && npm run build:test && node build/bench/bundle-size.js
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('../..', import.meta.url).pathname;

async function size(contents: string): Promise<{ minified: number; gzipped: number }> {
  const out = await build({
    stdin: { contents, resolveDir: root, sourcefile: 'entry.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
    write: false,
  });
  const code = out.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const entry = './dist/index.browser.js';
const rows: [string, string][] = [
  ['everything (dist/browser/godot-websocket.js)', `export * from '${entry}';`],
  ['WebSocketPeer', `export { WebSocketPeer } from '${entry}';`],
  ['WebSocketMultiplayerPeer (Godot 4)', `export { WebSocketMultiplayerPeer } from '${entry}';`],
  ['WebSocketClient (Godot 3)', `export { WebSocketClient } from '${entry}';`],
];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log('| import | minified | min + gzip |\n|---|---:|---:|');
for (const [name, contents] of rows) {
  const { minified, gzipped } = await size(contents);
  console.log(`| ${name} | ${kb(minified)} | ${kb(gzipped)} |`);
}
