// A Godot 4 test scenario: our own project files (text project.godot, main.tscn, .gd scripts),
// with `{{NAME}}` placeholders filled in at test time, turned into a PCK.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePck } from './pck.js';

/** A scenario: files by `res://`-relative path (text or bytes). */
export interface Godot4Scenario {
  /** Name used in messages. */
  name: string;
  /** Files by path relative to `res://`. `project.godot` and `main.tscn` get defaults. */
  files: Record<string, string | Uint8Array>;
}

/** Repository root (this file is at test/helpers/godot4/ in the source, build/test/... compiled). */
export const REPO_ROOT = (() => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const parts = here.split(sep);
  const i = parts.lastIndexOf('test');
  const up = parts[i - 1] === 'build' ? i - 1 : i;
  return parts.slice(0, up).join(sep) || sep;
})();

/** Folder holding the scenario folders: test/interop/godot4/scenarios/ in the source tree. */
export const SCENARIO_ROOT = join(REPO_ROOT, 'test', 'interop', 'godot4', 'scenarios');

/** Default `project.godot`: runs res://main.tscn, quiet, no window stretching. */
export const DEFAULT_PROJECT_GODOT = `; Generated for a godot-websocket test scenario.
config_version=5

[application]

config/name="{{SCENARIO}}"
run/main_scene="res://main.tscn"

[rendering]

renderer/rendering_method="gl_compatibility"
`;

/** Default `main.tscn`: a root Node running res://main.gd. */
export const DEFAULT_MAIN_TSCN = `[gd_scene load_steps=2 format=3]

[ext_resource type="Script" path="res://main.gd" id="1"]

[node name="Main" type="Node"]
script = ExtResource("1")
`;

/**
 * Empty global class cache: without it the engine prints "Could not load global script cache"
 * at start. Scenarios that declare `class_name` must list their classes here themselves.
 */
export const DEFAULT_CLASS_CACHE = `list=[]
`;

/** Reads every file under `dir` (recursively) into a scenario. */
export function loadScenarioDir(dir: string, name = relative(SCENARIO_ROOT, dir)): Godot4Scenario {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return { name, files };
}

/** A one-script scenario: `main.gd` from a string (default project.godot and main.tscn). */
export function scenarioFromScript(name: string, mainGd: string): Godot4Scenario {
  return { name, files: { 'main.gd': mainGd } };
}

/** Loads `test/interop/godot4/scenarios/<name>/`. */
export function loadScenario(name: string): Godot4Scenario {
  return loadScenarioDir(join(SCENARIO_ROOT, name), name);
}

/**
 * Replaces each `{{KEY}}` in `text` by `vars[KEY]`; an unknown placeholder throws, so a typo
 * cannot silently reach the engine.
 */
export function fillPlaceholders(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`scenario placeholder {{${key}}} has no value`);
    return value;
  });
}

/**
 * Builds the pack for `scenario`: defaults added, placeholders filled in every text file
 * (`{{SCENARIO}}` is the scenario's name), `extraFiles` added as they are.
 */
export function buildScenarioPck(
  scenario: Godot4Scenario,
  vars: Readonly<Record<string, string>> = {},
  extraFiles: Record<string, string | Uint8Array> = {},
): Uint8Array {
  const allVars = { SCENARIO: scenario.name, ...vars };
  const files: Record<string, string | Uint8Array> = {
    'project.godot': DEFAULT_PROJECT_GODOT,
    'main.tscn': DEFAULT_MAIN_TSCN,
    '.godot/global_script_class_cache.cfg': DEFAULT_CLASS_CACHE,
    ...scenario.files,
  };
  for (const [path, content] of Object.entries(files)) {
    if (typeof content === 'string') files[path] = fillPlaceholders(content, allVars);
  }
  return writePck({ ...files, ...extraFiles });
}
