import { join } from 'node:path';
import type { RelayServer } from './relay-servers.js';

/**
 * A server of the echo benchmark: started by relay-servers.ts on a free port (the first
 * argument of each script), with an IPC channel (servers/report.ts answers 'mem').
 */
export interface EchoServer extends RelayServer {
  /** A plain TCP echo: the load generator skips the handshake (load-client.ts `raw`). */
  raw?: boolean;
}

export const WS = 'ws';
export const WS_BUFFERUTIL = 'ws+bufferutil';
export const BUN = 'Bun';
export const RAW_TCP = 'Node raw TCP';
export const CLI = 'CLI';
export const EXAMPLE = 'example';
export const EXAMPLE_JS = 'example (JS masking)';

const servers = join(import.meta.dirname, 'servers');
const script =
  (file: string) =>
  (port: number): string[] => [join(servers, file), String(port)];

/**
 * The columns in order: `ws` without and with bufferutil, Bun.serve (when `bun` is a binary),
 * Node's raw TCP echo, the CLI (`serve --mode echo --max-message 16777216 --peer-rate 0
 * --peer-bytes 0`) and the examples' echo server, with and without the native masking addon.
 */
export function echoServers(bun: string | null): EchoServer[] {
  const list: EchoServer[] = [
    { name: WS, args: script('ws-echo.js'), env: () => ({ WS_NO_BUFFER_UTIL: '1' }), ipc: true },
    { name: WS_BUFFERUTIL, args: script('ws-echo.js'), ipc: true },
  ];
  if (bun) list.push({ name: BUN, program: bun, args: script('bun-echo.js'), ipc: true });
  list.push(
    { name: RAW_TCP, args: script('tcp-echo.js'), ipc: true, raw: true },
    { name: CLI, args: script('cli-echo.js'), ipc: true, serve: true },
    { name: EXAMPLE, args: script('ours-echo.js'), ipc: true },
    {
      name: EXAMPLE_JS,
      args: script('ours-echo.js'),
      env: () => ({ GODOT_WS_NO_BUFFERUTIL: '1' }),
      ipc: true,
    },
  );
  return list;
}
