// `godot-ws serve` runs itself again in a child Node with its heap flag (heap-respawn.ts): the
// child is the one that serves, signals reach it, and it does not outlive a killed parent.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SERVE_HEAP_FLAG, wantsRespawn } from '../../src/cli/heap-respawn.js';
import { httpGet, startServe } from '../helpers/cli.js';
import { pollUntil } from '../helpers/poll.js';

/** The command lines of `pid`'s children (Linux `ps`). */
function children(pid: number): { pid: number; args: string }[] {
  let out = '';
  try {
    out = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,args='], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, ...rest] = line.trim().split(/\s+/);
      return { pid: Number(id), args: rest.join(' ') };
    });
}

/** Whether `pid` still runs (a zombie waiting for a reaper has ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

test('wantsRespawn: only for a Node started without flags, and not in the child', () => {
  assert.equal(wantsRespawn([], {}), true);
  assert.equal(wantsRespawn(['--inspect'], {}), false);
  assert.equal(wantsRespawn([], { GODOT_WS_SAME_PROCESS: '1' }), false);
});

test('serve: a child with the heap flag serves; SIGTERM to the parent stops both, exit 0', async () => {
  const { cli, port } = await startServe([]);
  try {
    const [child] = children(cli.pid);
    assert.ok(child, 'the parent has a child');
    assert.ok(child.args.includes(SERVE_HEAP_FLAG), child.args);
    assert.equal((await httpGet(port, '/healthz')).status, 200);
    cli.signal('SIGTERM');
    const result = await cli.exited;
    assert.equal(result.code, 0);
    assert.match(result.stdout, /SIGTERM: closing/);
    await pollUntil('the child to end', () => !alive(child.pid));
  } finally {
    cli.kill();
  }
});

test('serve: the child shuts down when its parent is killed outright', async () => {
  const { cli } = await startServe([]);
  const [child] = children(cli.pid);
  assert.ok(child, 'the parent has a child');
  cli.signal('SIGKILL'); // the parent only, with no chance to pass anything on
  await cli.exited;
  await pollUntil(
    'the orphaned child to end',
    () => !alive(child.pid),
    () => {},
    10_000,
  );
});
