import { scanGdscript } from './gdscript-rpc-scan.js';
import type { RpcManifest, RpcMethodEntry } from './rpc-manifest.js';

/** A game's files by `res://` path (`res://main.gd` or `main.gd`), as text. */
export type GameFiles = Readonly<Record<string, string>>;

export interface BuildManifestOptions {
  files: GameFiles;
  /** Node path → the script attached there (`{ "/root/Main": "res://main.gd" }`). */
  nodes?: Readonly<Record<string, string>>;
  /**
   * Main scenes (`res://main.tscn`) whose nodes with a script are added: the scene's root is
   * at `/root/<its name>`. Instanced sub-scenes inside them are not followed.
   */
  scenes?: readonly string[];
  /** Per node: `authority: 'sender'` for nodes each client owns (see `RpcNodeSpec`). */
  authority?: Readonly<Record<string, 1 | 'sender'>>;
}

function resPath(path: string): string {
  return path.startsWith('res://') ? path : `res://${path.replace(/^\/+/, '')}`;
}

function relative(from: string, path: string): string {
  if (path.startsWith('res://')) return path;
  const dir = from.slice(0, from.lastIndexOf('/') + 1);
  return resPath(`${dir}${path}`.replace(/^res:\/\//, ''));
}

/**
 * The RPC methods of the script at `path`, base scripts first (Godot copies the base's RPC
 * configuration, then the script's own `@rpc` functions override it by name).
 */
export function scriptRpcMethods(files: GameFiles, path: string): RpcMethodEntry[] {
  const byRes = new Map(Object.entries(files).map(([k, v]) => [resPath(k), v]));
  const byClass = new Map<string, string>();
  for (const [k, v] of byRes) {
    if (!k.endsWith('.gd')) continue;
    const name = scanGdscript(v).className;
    if (name) byClass.set(name, k);
  }
  const modes = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (script: string): void => {
    if (seen.has(script)) return;
    seen.add(script);
    const text = byRes.get(script);
    if (text === undefined) return;
    const scanned = scanGdscript(text);
    const base = scanned.extends;
    if (base.endsWith('.gd')) visit(relative(script, base));
    else if (byClass.has(base)) visit(byClass.get(base)!);
    for (const m of scanned.methods) modes.set(m.name, m.mode);
  };
  visit(resPath(path));
  return [...modes].map(([name, mode]) => ({ name, mode }));
}

/** Nodes with a script in a text scene (.tscn): node path (from /root) → script path. */
export function sceneScripts(tscn: string): Record<string, string> {
  const resources = new Map<string, string>();
  const out: Record<string, string> = {};
  let rootName = '';
  let current: string | null = null;
  for (const line of tscn.split(/\r?\n/)) {
    const ext = /^\[ext_resource\b(.*)\]/.exec(line);
    if (ext) {
      const attrs = ext[1]!;
      const id = /\bid="?([^"\s\]]+)"?/.exec(attrs)?.[1];
      const path = /\bpath="([^"]+)"/.exec(attrs)?.[1];
      if (id && path) resources.set(id, path);
      continue;
    }
    const node = /^\[node\b(.*)\]/.exec(line);
    if (node) {
      const attrs = node[1]!;
      const name = /\bname="([^"]+)"/.exec(attrs)?.[1] ?? '';
      const parent = /\bparent="([^"]*)"/.exec(attrs)?.[1];
      if (parent === undefined) {
        rootName = name;
        current = name;
      } else {
        current = parent === '.' ? `${rootName}/${name}` : `${rootName}/${parent}/${name}`;
      }
      continue;
    }
    if (line.startsWith('[')) {
      current = null;
      continue;
    }
    const script = /^script\s*=\s*ExtResource\(\s*"?([^")\s]+)"?\s*\)/.exec(line);
    if (script && current !== null) {
      const path = resources.get(script[1]!);
      if (path) out[current] = path;
    }
  }
  return out;
}

/**
 * Builds a manifest from a game's own scripts: for each node (named, or found in a scene)
 * the `@rpc` functions (Godot 4) or remote/master/puppet functions (Godot 3) of its script
 * and its base scripts, with their modes. Nodes without RPC methods are left out.
 */
export function buildRpcManifest(options: BuildManifestOptions): RpcManifest {
  const nodes: Record<string, string> = {};
  const byRes = new Map(Object.entries(options.files).map(([k, v]) => [resPath(k), v]));
  for (const scene of options.scenes ?? []) {
    const text = byRes.get(resPath(scene));
    if (text !== undefined) Object.assign(nodes, sceneScripts(text));
  }
  Object.assign(nodes, options.nodes ?? {});
  const manifest: Record<string, { methods: RpcMethodEntry[]; authority?: 1 | 'sender' }> = {};
  for (const [node, script] of Object.entries(nodes)) {
    const methods = scriptRpcMethods(options.files, script);
    if (methods.length === 0) continue;
    const authority = options.authority?.[node];
    manifest[node] = authority === undefined ? { methods } : { methods, authority };
  }
  return manifest;
}
