import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { wirePath } from '../server/rpc/rpc-manifest.js';
import { buildRpcManifest, type GameFiles } from '../server/rpc/rpc-manifest-builder.js';
import { CliError, parseFlags } from './args.js';

export const MANIFEST_HELP = `Usage: godot-ws manifest [--project DIR] [--scene res://main.tscn]…
                         [--node /root/Path=res://script.gd]… [--owned Path]… [--out FILE]

Writes the RPC manifest of a Godot 4 game (node path → its @rpc method names, the way the engine
numbers them) as JSON, for serve --rpc-manifest or a script's export const rpc. Reads the
project's .gd and .tscn files; nothing is run.

  --project DIR   the game's folder, the one with project.godot (default: the current one)
  --scene S       a scene whose nodes with a script are added, its root at /root/<name>
                  (repeatable; default: the project's main scene)
  --node P=S      a node the game adds in code: its path and its script (repeatable)
  --owned P       a node each client owns (its authority is the caller; repeatable)
  --out FILE      write there (default: stdout)
  -h, --help      show this help
`;

/** Folders a Godot project keeps that hold no scripts of the game. */
const SKIPPED = new Set(['.godot', '.import', '.git', 'node_modules']);
/** Files read at most (a project is not that big; a wrong --project might be). */
const MAX_FILES = 20_000;

/** Runs `godot-ws manifest`; returns the exit status. */
export function manifest(argv: string[]): number {
  const values = parseFlags(argv, {
    project: { type: 'string' },
    scene: { type: 'string', multiple: true },
    node: { type: 'string', multiple: true },
    owned: { type: 'string', multiple: true },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(MANIFEST_HELP);
    return 0;
  }
  const project = values.project ?? '.';
  const files = readGame(project);
  let scenes = values.scene ?? [];
  if (scenes.length === 0) {
    const main = /^run\/main_scene\s*=\s*"([^"]+)"/m.exec(files['res://project.godot'] ?? '');
    if (main?.[1]) scenes = [main[1]];
  }
  const nodes: Record<string, string> = {};
  for (const spec of values.node ?? []) {
    const at = spec.indexOf('=');
    if (at <= 0) throw new CliError(`--node is PATH=res://script.gd, not '${spec}'`);
    nodes[wirePath(spec.slice(0, at))] = spec.slice(at + 1);
  }
  if (scenes.length === 0 && Object.keys(nodes).length === 0) {
    throw new CliError('no --scene, no --node, and project.godot names no main scene');
  }
  for (const scene of scenes) {
    const key = scene.startsWith('res://') ? scene : `res://${scene}`;
    if (files[key] === undefined) throw new CliError(`--scene ${scene}: not in ${project}`, 1);
  }
  const owned = (values.owned ?? []).map((p) => [wirePath(p), 'sender' as const]);
  const authority = Object.fromEntries(owned);
  const built = buildRpcManifest({ files, scenes, nodes, authority });
  const text = `${JSON.stringify(built, null, 2)}\n`;
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  return 0;
}

/** The project's .gd, .tscn and project.godot files by `res://` path. */
function readGame(project: string): GameFiles {
  const files: Record<string, string> = {};
  let count = 0;
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      throw new CliError(`--project ${project}: ${(err as NodeJS.ErrnoException).code}`, 1);
    }
    for (const name of names) {
      if (SKIPPED.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(gd|tscn)$|^project\.godot$/.test(name)) {
        if (++count > MAX_FILES)
          throw new CliError(`--project ${project}: over ${MAX_FILES} files`);
        files[`res://${relative(project, path).split(sep).join('/')}`] = readFileSync(path, 'utf8');
      }
    }
  };
  walk(project);
  return files;
}
