import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Bun the echo benchmark fetches when none is here; never a dependency of the package. */
export const BUN_VERSION = '1.4.5';

export type BunFound = { path: string; version: string } | { why: string };

function version(path: string): string | null {
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/**
 * A `bun` binary: $BUN_BIN, else `bun` on the PATH, else the one a previous run fetched, else
 * `npm install --no-save --prefix <tmpdir>/godot-ws-bench-bun @oven/bun-<os>-<arch>@1.4.5`
 * (the package that holds the binary; no install script is needed). `why`: what failed.
 */
export function findBun(): BunFound {
  for (const path of [process.env.BUN_BIN, 'bun']) {
    const v = path ? version(path) : null;
    if (path && v) return { path, version: v };
  }
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch;
  const name = `@oven/bun-${process.platform}-${arch}`;
  const prefix = join(tmpdir(), 'godot-ws-bench-bun');
  const path = join(prefix, 'node_modules', ...name.split('/'), 'bin', 'bun');
  if (!existsSync(path)) {
    process.stderr.write(`  fetching Bun ${BUN_VERSION}: npm install ${name} into ${prefix}\n`);
    const install = spawnSync(
      'npm',
      [
        'install',
        '--no-save',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        `${name}@${BUN_VERSION}`,
      ],
      { encoding: 'utf8', timeout: 300_000, shell: process.platform === 'win32' },
    );
    if (install.status !== 0) {
      // npm's first lines say what failed (a code, then the message); its last, where its log is.
      const said = (install.stderr ?? '')
        .split('\n')
        .filter((line) => /^npm error (code|[A-Z]\w*Error|\d{3}|404)/.test(line))
        .map((line) => line.slice('npm error '.length))
        .slice(0, 2)
        .join(': ');
      const why = said || install.error?.message || `exit ${install.status}`;
      return { why: `npm install ${name}@${BUN_VERSION} failed (${why})` };
    }
  }
  const v = existsSync(path) ? version(path) : null;
  return v ? { path, version: v } : { why: `${path} does not run here` };
}
