#!/usr/bin/env node
import { VERSION } from '../version.js';
import { CliError, printError } from './args.js';
import { cert } from './cert.js';
import { connect } from './connect.js';
import {
  followParent,
  respawnWithHeapFlag,
  SAME_PROCESS_ENV,
  wantsRespawn,
} from './heap-respawn.js';
import { manifest } from './manifest.js';
import { serve } from './serve.js';

const HELP = `godot-ws ${VERSION} — Godot's WebSocket module for Node.js

Usage:
  godot-ws serve [options]        a server Godot games join (default: Godot 4 relay on port 9080)
  godot-ws connect URL [options]  send stdin lines to a WebSocket server, print what comes back
  godot-ws cert [options]         a self-signed certificate and key for local wss://
  godot-ws manifest [options]     a Godot 4 game's RPC manifest (from its .gd/.tscn), as JSON
  godot-ws --version              print the version

Run godot-ws COMMAND --help for a command's options.
`;

const COMMANDS: Record<string, (argv: string[]) => number | Promise<number>> = {
  serve,
  connect,
  cert,
  manifest,
};

/** Runs the command line; resolves with the exit status (errors become one line on stderr). */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    printError(`unknown command '${first}' (try godot-ws --help)`);
    return 2;
  }
  if (first === 'serve' && process.argv[1] && wantsRespawn(process.execArgv, process.env)) {
    const status = await respawnWithHeapFlag(process.argv[1], argv);
    if (status >= 0) return status;
  }
  if (first === 'serve' && process.env[SAME_PROCESS_ENV]) followParent(); // a respawned server
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof CliError) {
      printError(err.message);
      return err.exitCode;
    }
    printError(`internal error: ${err instanceof globalThis.Error ? err.message : String(err)}`);
    return 1;
  }
}

// A reader that went away (`godot-ws serve | head`) is not a reason to crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
  // Anything still holding the event loop (a socket finishing its close) gets half a second.
  setTimeout(() => process.exit(status), 500).unref();
});
