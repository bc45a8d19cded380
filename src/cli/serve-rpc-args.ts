import { readFileSync } from 'node:fs';
import type { RoomServerOptions } from '../server/room-server-options.js';
import type { RpcManifest } from '../server/rpc/rpc-manifest.js';
import { CliError, parseAmount } from './args.js';

/**
 * `serve`'s RPC flags: `--rpc-manifest FILE` (a JSON manifest, e.g. written from
 * `buildRpcManifest`), `--rpc-allow M[,M…]` (repeatable: the client-to-client allow-list),
 * `--rpc-max-arg-bytes B`. Undefined when none is given.
 */
export function parseRpcFlags(
  manifestPath: string | undefined,
  allow: string[] | undefined,
  maxArgBytes: string | undefined,
): RoomServerOptions['rpc'] | undefined {
  if (manifestPath === undefined && allow === undefined && maxArgBytes === undefined) {
    return undefined;
  }
  const rpc: NonNullable<RoomServerOptions['rpc']> = {};
  if (manifestPath !== undefined) rpc.manifest = loadManifest(manifestPath);
  if (allow !== undefined) {
    rpc.clientToClient = allow.flatMap((list) =>
      list
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m !== ''),
    );
  }
  if (maxArgBytes !== undefined) {
    rpc.maxArgBytes = parseAmount(maxArgBytes, '--rpc-max-arg-bytes', true);
  }
  return rpc;
}

function loadManifest(path: string): RpcManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`--rpc-manifest ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`, 1);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(`--rpc-manifest ${path}: not JSON (${(err as Error).message})`, 1);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(
      `--rpc-manifest ${path}: expected an object of node paths, e.g. {"Main": ["chat"]}`,
      1,
    );
  }
  return value as RpcManifest;
}
