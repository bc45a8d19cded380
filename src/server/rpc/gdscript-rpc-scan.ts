/**
 * Reads RPC declarations out of GDScript source text (no engine needed; docs/rpc.md §4):
 * Godot 4 `@rpc(...)` annotations on top-level functions, Godot 3 `remote` / `master` /
 * `puppet` (and `…sync`, `sync`, `slave`) keywords, and the script's `extends` and
 * `class_name`. Inner classes (indented functions) are not the node's methods and are skipped.
 */
export interface ScannedMethod {
  name: string;
  /** Godot 4: any_peer | authority | disabled; Godot 3: remote | master | puppet | remotesync | … */
  mode: string;
}

export interface ScannedScript {
  /** `extends "res://base.gd"` → that path; `extends Name` → "Name"; "" when none. */
  extends: string;
  className: string;
  methods: ScannedMethod[];
}

const GODOT3_MODES: Record<string, string> = {
  remote: 'remote',
  remotesync: 'remotesync',
  sync: 'remotesync',
  master: 'master',
  mastersync: 'mastersync',
  puppet: 'puppet',
  slave: 'puppet',
  puppetsync: 'puppetsync',
};

/** Drops a `#` comment (outside strings) from a line. */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** The mode among `@rpc`'s arguments (default "authority"). */
function rpcMode(args: string): string {
  const words = args.match(/"([^"]*)"|'([^']*)'/g) ?? [];
  for (const w of words) {
    const v = w.slice(1, -1);
    if (v === 'any_peer' || v === 'authority' || v === 'disabled') return v;
  }
  return 'authority';
}

export function scanGdscript(source: string): ScannedScript {
  const out: ScannedScript = { extends: '', className: '', methods: [] };
  let pendingRpc: string | null = null; // mode of an @rpc waiting for its func
  for (const raw of source.split(/\r?\n/)) {
    const line = stripComment(raw);
    if (line.trim() === '') continue;
    const topLevel = !/^\s/.test(line);
    if (!topLevel) {
      continue; // bodies and inner classes
    }
    let rest = line.trim();
    const ext = /^extends\s+(?:"([^"]+)"|'([^']+)'|([\w.]+))/.exec(rest);
    if (ext) {
      out.extends = ext[1] ?? ext[2] ?? ext[3] ?? '';
      continue;
    }
    const cls = /^class_name\s+(\w+)(?:\s+extends\s+(?:"([^"]+)"|([\w.]+)))?/.exec(rest);
    if (cls) {
      out.className = cls[1]!;
      if (cls[2] ?? cls[3]) out.extends = (cls[2] ?? cls[3])!;
      continue;
    }
    // Annotations before the func (maybe several on one line, maybe on the func's own line).
    for (;;) {
      const ann = /^@(\w+)\s*(\((?:[^()]|\([^()]*\))*\))?\s*/.exec(rest);
      if (!ann) break;
      if (ann[1] === 'rpc') pendingRpc = rpcMode(ann[2] ?? '');
      rest = rest.slice(ann[0].length);
    }
    if (rest === '') continue;
    const fn = /^(?:(\w+)\s+)?(?:static\s+)?func\s+(\w+)/.exec(rest);
    if (fn) {
      const keyword = fn[1] ?? '';
      const godot3 = GODOT3_MODES[keyword];
      if (pendingRpc !== null) out.methods.push({ name: fn[2]!, mode: pendingRpc });
      else if (godot3) out.methods.push({ name: fn[2]!, mode: godot3 });
    }
    pendingRpc = null;
  }
  return out;
}
