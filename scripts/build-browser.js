#!/usr/bin/env node
// Bundles the browser entry (dist/index.browser.js, from `npm run build`) into one minified ES
// module that a page loads without a bundler: dist/browser/godot-websocket.js (+ .js.map).
// Prints the minified and gzipped sizes of that bundle and of WebSocketPeer alone (what a page
// that imports only WebSocketPeer pays through a tree-shaking bundler).
// Fails if anything from Node (node:*, dist/net/) got into the bundle.
// Usage: node scripts/build-browser.js [--json] [--outfile PATH]
//   --json: one JSON line (for tests and bench/); --outfile: write the bundle elsewhere (tests).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const outAt = process.argv.indexOf('--outfile');
const outfile =
  outAt > 0 && process.argv[outAt + 1] !== undefined
    ? resolve(process.argv[outAt + 1])
    : join(dist, 'browser', 'godot-websocket.js');
const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  metafile: true,
  legalComments: 'none',
  logLevel: 'error',
};

function sizes(code) {
  const bytes = Buffer.from(code);
  return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

function nodeInputs(metafile) {
  return Object.keys(metafile.inputs).filter(
    (input) => input.startsWith('node:') || relative(dist, join(root, input)).startsWith('net'),
  );
}

mkdirSync(dirname(outfile), { recursive: true });
const full = await build({
  ...common,
  entryPoints: [join(dist, 'index.browser.js')],
  outfile,
  sourcemap: true,
});
const alone = await build({
  ...common,
  stdin: {
    contents: "export { WebSocketPeer } from './dist/websocket/web/websocket-peer.web.js';",
    resolveDir: root,
    sourcefile: 'websocket-peer-only.js',
  },
  write: false,
});

const forbidden = [...nodeInputs(full.metafile), ...nodeInputs(alone.metafile)];
const report = {
  bundle: {
    file: outfile.startsWith(root) ? relative(root, outfile) : outfile,
    ...sizes(readFileSync(outfile)),
  },
  webSocketPeer: sizes(alone.outputFiles[0].contents),
  inputs: Object.keys(full.metafile.inputs).sort(),
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `${report.bundle.file}: ${kb(report.bundle.minified)} minified, ${kb(report.bundle.gzipped)} gzipped`,
  );
  console.log(
    `WebSocketPeer alone: ${kb(report.webSocketPeer.minified)} minified, ${kb(report.webSocketPeer.gzipped)} gzipped`,
  );
}
if (forbidden.length > 0) {
  console.error(`Node-only modules in the browser bundle: ${forbidden.join(', ')}`);
  process.exit(1);
}
