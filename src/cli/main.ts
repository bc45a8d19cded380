#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { VERSION } from '../version.js';

const HELP = `godot-ws ${VERSION} — Godot's WebSocket module for Node.js

Usage:
  godot-ws --help           show this help
  godot-ws --version        print the version

Subcommands (serve, connect, cert) arrive with the CLI issue.
`;

export function main(argv: string[]): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`godot-ws: ${(err as { message: string }).message}\n`);
    return 2;
  }
  if (parsed.values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    process.stdout.write(HELP);
    return 0;
  }
  process.stderr.write(`godot-ws: unknown command '${parsed.positionals[0]}' (try --help)\n`);
  return 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
  });
}

process.exitCode = main(process.argv.slice(2));
