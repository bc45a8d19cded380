/** Command-line helpers shared by the subcommands: one-line usage errors and value checks. */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in the command line or its files: printed as one line, exit status 2 (usage) or 1. */
export class CliError extends globalThis.Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A TCP port 0..65535 (0 = any free port) from a flag value. */
export function parsePort(value: string, flag = '--port'): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new CliError(`${flag} must be a port number 0..65535, not '${value}'`);
  }
  return port;
}

/** A non-negative number (seconds, bytes) from a flag value. */
export function parseAmount(value: string, flag: string, integer = false): number {
  const amount = Number(value);
  if (value.trim() === '' || !Number.isFinite(amount) || amount < 0) {
    throw new CliError(`${flag} must be a number ≥ 0, not '${value}'`);
  }
  if (integer && !Number.isInteger(amount)) {
    throw new CliError(`${flag} must be a whole number, not '${value}'`);
  }
  return amount;
}

/** One of `choices`, or a usage error naming them. */
export function parseChoice<T extends string>(
  value: string,
  flag: string,
  choices: readonly T[],
): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new CliError(`${flag} must be one of ${choices.join(', ')}, not '${value}'`);
  }
  return value as T;
}

/**
 * `parseArgs` throws TypeErrors with long messages; keep their first sentence, except for the
 * "argument is ambiguous" one (`--heartbeat -1`), whose way out is the point. `argv` gives the
 * value that was meant.
 */
export function parseErrorMessage(err: unknown, argv: readonly string[] = []): string {
  const message = err instanceof globalThis.Error ? err.message : String(err);
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const flag = ambiguous[1]!;
    const next = argv[argv.indexOf(flag) + 1];
    const value = next?.startsWith('-') ? next : '-1';
    return `${flag} ${value}: a value that starts with a dash needs "=", as in ${flag}=${value}`;
  }
  return message.split('\n')[0]!;
}

/** Prints `godot-ws: message` on stderr. */
export function printError(message: string): void {
  process.stderr.write(`godot-ws: ${message}\n`);
}

/**
 * `parseArgs` for a command's flags (strict, no positionals); a bad command line becomes a
 * CliError with `parseErrorMessage`'s one line.
 */
export function parseFlags<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
): ReturnType<
  typeof parseArgs<{ args: string[]; strict: true; allowPositionals: false; options: O }>
>['values'] {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (err) {
    throw new CliError(parseErrorMessage(err, argv));
  }
}
