import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import * as browser from '../src/index.browser.js';
import * as node from '../src/index.js';
import { type ImportEdge, walkImports } from './helpers/import-graph.js';

const root = join(import.meta.dirname, '..', '..');

/** Edges that reach Node: a `node:` module, a bare builtin name, or a file under `net/`. */
function nodeOnly(edges: ImportEdge[], tree: string): string[] {
  const net = join(root, tree, 'net') + sep;
  return edges
    .filter(({ from, specifier }) => {
      if (specifier.startsWith('node:')) return true;
      if (!specifier.startsWith('.')) return true; // no runtime dependencies, so bare = builtin
      return resolve(from, '..', specifier).startsWith(net);
    })
    .map(({ from, specifier }) => `${relative(root, from)} → ${specifier}`);
}

test('the walker flags node: modules (the CLI has some) and files under net/', () => {
  const edges = walkImports(join(root, 'src', 'cli', 'main.ts'), '.ts');
  assert.ok(nodeOnly(edges, 'src').length > 0);
  const netEdge = { from: join(root, 'src', 'index.browser.ts'), specifier: './net/tcp.js' };
  assert.equal(nodeOnly([netEdge], 'src').length, 1);
});

test('nothing under src/net/ and no node: module is reachable from src/index.browser.ts', () => {
  const edges = walkImports(join(root, 'src', 'index.browser.ts'), '.ts');
  assert.ok(edges.some((e) => e.specifier.endsWith('websocket-peer.web.js')));
  assert.deepEqual(nodeOnly(edges, 'src'), []);
});

test('nothing under dist/net/ and no node: module is reachable from dist/index.browser.js', () => {
  const edges = walkImports(join(root, 'dist', 'index.browser.js'));
  assert.ok(edges.length > 0);
  assert.deepEqual(nodeOnly(edges, 'dist'), []);
});

test('the browser entry exports WebSocketPeer and the core', () => {
  for (const name of ['WebSocketPeer', 'PacketPeer', 'Signal', 'Error', 'logger', 'VERSION']) {
    assert.ok(name in browser, name);
  }
  assert.equal(browser.WebSocketPeer.STATE_OPEN, 1);
});

test('the browser entry exports the multiplayer classes, each under a name the Node entry also has', () => {
  for (const name of [
    'WebSocketMultiplayerPeer',
    'WebSocketMultiplayerPeerBase',
    'WebSocketClient',
    'WebSocketServer',
    'Godot3WebSocketPeer',
    'Godot3WebSocketMultiplayerPeer',
    'NetworkedMultiplayerPeer',
  ]) {
    assert.ok(name in browser, name);
  }
  assert.deepEqual(
    Object.keys(browser).filter((name) => !(name in node)),
    [],
  );
  assert.notEqual(browser.WebSocketMultiplayerPeer, node.WebSocketMultiplayerPeer);
  assert.ok(new browser.WebSocketMultiplayerPeer() instanceof browser.WebSocketMultiplayerPeerBase);
  assert.ok(new browser.WebSocketClient() instanceof browser.Godot3WebSocketMultiplayerPeer);
});

test('scripts/build-browser.js bundles the entry; WebSocketPeer alone is under 20 KB gzipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-bundle-'));
  try {
    const outfile = join(dir, 'godot-websocket.js');
    const script = join(root, 'scripts', 'build-browser.js');
    const run = spawnSync(process.execPath, [script, '--json', '--outfile', outfile], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.ok(report.webSocketPeer.gzipped < 20 * 1024, JSON.stringify(report.webSocketPeer));
    assert.ok(report.bundle.gzipped > 1000);
    assert.ok(!report.inputs.some((i: string) => i.startsWith('node:') || i.includes('/net/')));
    const code = readFileSync(outfile, 'utf8');
    assert.match(code, /sourceMappingURL=godot-websocket\.js\.map/);
    assert.doesNotMatch(code, /from\s*["']node:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
