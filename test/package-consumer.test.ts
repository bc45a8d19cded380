// The package as consumers get it: `npm pack`, the tarball installed into a fresh project (offline:
// the project needs nothing but the tarball), and there
//   - a strict TypeScript consumer for Node (nodenext, @types/node) and one for the browser
//     condition (bundler resolution, customConditions ["browser"], no @types/node), both with
//     skipLibCheck off so our declarations are checked too;
//   - the compiled Node consumer run, `require()` of each entry, `godot-ws` run as an executable;
//   - a browser bundle made by esbuild from the installed package (no node:*, no TCPServer).
// The compiler is the TypeScript already in this repository's node_modules (nothing is downloaded).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const typeRoots = join(root, 'node_modules', '@types');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let project = '';

function write(file: string, text: string): void {
  mkdirSync(join(project, file, '..'), { recursive: true });
  writeFileSync(join(project, file), text);
}

function compile(tsconfig: string): void {
  const run = spawnSync(process.execPath, [tsc, '-p', tsconfig], {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 0, `tsc -p ${tsconfig}:\n${run.stdout}${run.stderr}`);
}

const strict = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: false,
  noEmitOnError: true,
};

before(() => {
  project = mkdtempSync(join(tmpdir(), 'gw-consumer-'));
  // --ignore-scripts: `prepare` would rebuild dist/ while other test files read it.
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', project], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  const tarball = join(project, packed[0].filename);
  write('package.json', JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  execFileSync(
    npm,
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--silent', tarball],
    { cwd: project, encoding: 'utf8', timeout: 60_000 },
  );
});

after(() => {
  if (project !== '') rmSync(project, { recursive: true, force: true });
});

test('the tarball holds dist with declarations and inline-source maps, no tests, no sources', () => {
  const installed = join(project, 'node_modules', 'godot-websocket');
  for (const file of [
    'dist/index.d.ts',
    'dist/index.browser.d.ts',
    'dist/websocket/godot3/index.d.ts',
    'dist/protocol/index.d.ts',
    'dist/browser/godot-websocket.js',
    'dist/cli/main.js',
    'README.md',
    'LICENSE',
  ]) {
    assert.ok(statSync(join(installed, file)).isFile(), file);
  }
  assert.throws(() => statSync(join(installed, 'src')));
  assert.throws(() => statSync(join(installed, 'build')));
  const map = JSON.parse(readFileSync(join(installed, 'dist', 'index.js.map'), 'utf8'));
  assert.equal(map.sources.length, map.sourcesContent?.length, 'every source inlined');
  const bundleMap = JSON.parse(
    readFileSync(join(installed, 'dist', 'browser', 'godot-websocket.js.map'), 'utf8'),
  );
  assert.equal(bundleMap.sources.length, bundleMap.sourcesContent?.length);
});

test('a strict Node consumer (nodenext) compiles against the package and runs', () => {
  write(
    'node/main.ts',
    [
      "import { Error, GodotError, TCPServer, WebSocketPeer } from 'godot-websocket';",
      "import { WebSocketClient } from 'godot-websocket/godot3';",
      "import { FrameParser } from 'godot-websocket/protocol';",
      'const peer: WebSocketPeer = new WebSocketPeer();',
      'const server = new TCPServer();',
      "const err: number = server.listen(0, '127.0.0.1');",
      'const client = new WebSocketClient();',
      'console.log(JSON.stringify({',
      '  open: WebSocketPeer.STATE_OPEN,',
      '  state: peer.getReadyState(),',
      '  listen: err === Error.OK,',
      '  alias: GodotError === Error,',
      '  client: typeof client.poll,',
      '  parser: typeof FrameParser,',
      '}));',
      'server.stop();',
      '',
    ].join('\n'),
  );
  write(
    'node/tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        ...strict,
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['ES2023'],
        types: ['node'],
        typeRoots: [typeRoots],
        outDir: 'out',
      },
      files: ['main.ts'],
    }),
  );
  write('node/package.json', JSON.stringify({ type: 'module' }));
  compile('node/tsconfig.json');
  const run = spawnSync(process.execPath, [join(project, 'node', 'out', 'main.js')], {
    cwd: project,
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    open: 1,
    state: 3,
    listen: true,
    alias: true,
    client: 'function',
    parser: 'function',
  });
});

test('a strict browser consumer (condition "browser", no @types/node) gets the browser types', () => {
  write(
    'web/main.ts',
    [
      "import { Error, WebSocketMultiplayerPeer, WebSocketPeer } from 'godot-websocket';",
      "import * as bundle from 'godot-websocket/browser';",
      '// @ts-expect-error the Node-only TCP classes are not in the browser build',
      "import { TCPServer } from 'godot-websocket';",
      'const peer = new WebSocketPeer();',
      "const err: number = peer.connectToUrl('ws://127.0.0.1:9080');",
      'const mp = new WebSocketMultiplayerPeer();',
      'export const checks = [err === Error.OK, mp.getUniqueId(), bundle.WebSocketPeer, TCPServer];',
      'export const onOpen: (event: Event) => void = () => document.title;',
      '',
    ].join('\n'),
  );
  write(
    'web/tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        ...strict,
        target: 'ES2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        customConditions: ['browser'],
        lib: ['ES2022', 'DOM'],
        types: [],
        noEmit: true,
      },
      files: ['main.ts'],
    }),
  );
  compile('web/tsconfig.json');
});

test('a bundler with the browser condition takes the browser build: no node:*, no TCPServer', async () => {
  write(
    'web/entry.js',
    "export * from 'godot-websocket';\nexport { WebSocketPeer as Bundled } from 'godot-websocket/browser';\n",
  );
  const result = await build({
    entryPoints: [join(project, 'web', 'entry.js')],
    absWorkingDir: project,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(
    inputs.some((i) => i.includes('index.browser.js')),
    inputs.join('\n'),
  );
  assert.deepEqual(
    inputs.filter((i) => i.startsWith('node:') || i.includes('/net/')),
    [],
  );
  const exports = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!.exports;
  assert.ok(exports.includes('WebSocketPeer'));
  assert.ok(!exports.includes('TCPServer'));
});

test('require() loads each entry (CommonJS consumers on Node 20.19+ and 22.12+)', () => {
  write(
    'cjs/main.cjs',
    [
      "const root = require('godot-websocket');",
      "const godot3 = require('godot-websocket/godot3');",
      "const protocol = require('godot-websocket/protocol');",
      "const { version } = require('godot-websocket/package.json');",
      'console.log(JSON.stringify([root.WebSocketPeer.STATE_OPEN, typeof root.TCPServer,',
      '  typeof godot3.WebSocketServer, typeof protocol.FrameParser, version]));',
      '',
    ].join('\n'),
  );
  const run = spawnSync(process.execPath, ['--no-warnings', join(project, 'cjs', 'main.cjs')], {
    cwd: project,
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), [1, 'function', 'function', 'function', pkg.version]);
});

test('godot-ws runs as an executable from the installed package (node_modules/.bin)', () => {
  const bin = join(project, 'node_modules', '.bin', 'godot-ws');
  const version = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  const help = spawnSync(bin, ['--help'], { cwd: project, encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage:/);
});

test("the repository's own dist/cli/main.js is executable after a build (npx godot-ws in a clone)", () => {
  const bin = join(root, 'dist', 'cli', 'main.js');
  assert.ok((statSync(bin).mode & 0o111) !== 0, 'execute bit');
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), pkg.version);
});
