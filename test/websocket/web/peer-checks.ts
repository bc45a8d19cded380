/**
 * What each scenario of peer-scenarios.ts must have observed, shared by the Chromium test and
 * the Node run (same peer code over ws's WebSocket), so both hold the browser peer to one spec.
 */
import assert from 'node:assert/strict';
import { pollUntil } from '../../helpers/poll.js';
import type { ScenarioResult } from '../../helpers/scenario-page.js';
import type { ScriptedServer, ServerEvent } from '../../helpers/scripted-ws-server.js';

const OK = 0;
const FAILED = 1;
const ERR_UNAVAILABLE = 2;
const ERR_OUT_OF_MEMORY = 6;
const ERR_ALREADY_IN_USE = 22;
const ERR_INVALID_PARAMETER = 31;

export interface Check {
  title: string;
  /** Only run where the machine has this (the test file decides). */
  needs?: 'ipv6';
  check(result: ScenarioResult, env: CheckEnv): Promise<void>;
}

/** The servers the scenarios talked to. */
export interface CheckEnv {
  server: ScriptedServer;
  /** The same server on ::1, where the machine has IPv6 loopback. */
  ipv6?: ScriptedServer;
}

async function serverEvent(
  server: ScriptedServer,
  match: (e: ServerEvent) => boolean,
  what: string,
): Promise<ServerEvent> {
  await pollUntil(what, () => server.events.some(match));
  return server.events.find(match)!;
}

export const checks: Record<string, Check> = {
  ipv6: {
    title: 'an IPv6 literal URL reaches the server (the browser URL keeps the brackets)',
    needs: 'ipv6',
    check: async ({ value }, { ipv6 }) => {
      assert.ok(ipv6, 'no IPv6 server');
      assert.deepEqual(value, {
        connect: OK,
        requestedUrl: `${ipv6.origin}/echo?tag=ipv6`,
        echo: 'over IPv6',
      });
    },
  },
  stateOnPoll: {
    title: 'state, packets and the close only change on poll()',
    check: async ({ value }, _env) => {
      assert.deepEqual(value, {
        initial: 3,
        connect: OK,
        afterConnect: 0,
        events: { open: 1, message: 1, close: 0 },
        beforePoll: [0, 0],
        afterPoll: [1, 1],
        protocol: '',
        sendCloseMe: OK,
        beforeSecondPoll: [1, -1],
        afterSecondPoll: [3, 4003, 'as asked'],
        hello: 'hello',
      });
    },
  },
  onActivity: {
    title:
      'onActivity is called from socket events (state unchanged until poll); a throw is logged',
    check: async ({ value }, _env) => {
      assert.deepEqual(value, {
        beforePoll: [0, 0],
        afterPoll: 3,
        logs: ['error: onActivity threw: from the callback'],
      });
    },
  },
  echo: {
    title: 'text and binary echo from 0 bytes to 1 MiB; putPacket; send in text mode',
    check: async ({ value, logs }, _env) => {
      const v = value as {
        results: Record<string, unknown>[];
        [key: string]: unknown;
      };
      assert.equal(v.results.length, 7);
      for (const r of v.results) {
        assert.deepEqual(
          r,
          {
            size: r.size,
            sentBinary: OK,
            binaryOk: true,
            binaryIsString: false,
            sentText: OK,
            textOk: true,
            textIsString: true,
          },
          `size ${r.size}`,
        );
      }
      assert.deepEqual(
        { ...v, results: undefined },
        {
          results: undefined,
          putEmpty: OK,
          put: OK,
          putEcho: [9, 8, 7],
          putEchoIsString: false,
          textMode: OK,
          viaSend: 'via send',
          viaSendIsString: true,
        },
      );
      assert.deepEqual(logs, []);
    },
  },
  protocols: {
    title: 'subprotocols: offered in order, trimmed; the server picks; none offered → ""',
    check: async ({ value }, { server }) => {
      assert.deepEqual(value, { beforeOpen: '', selected: 'godot', noneSelected: '' });
      const offered = server.events.find(
        (e) => e.kind === 'connect' && e.url.endsWith('=protocols'),
      );
      assert.deepEqual(offered?.offered, ['x-unknown', 'godot', 'chat']);
      const none = server.events.find(
        (e) => e.kind === 'connect' && e.url.endsWith('=no-protocols'),
      );
      assert.deepEqual(none?.offered, []);
    },
  },
  clientClose: {
    title: 'client close(4001, "bye"): CLOSING at once, CLOSED on poll, the server sees the code',
    check: async ({ value }, { server }) => {
      assert.deepEqual(value, {
        afterClose: 2,
        code: 4001,
        reason: 'bye',
        clean: true,
        emptyCode: 1005,
      });
      const seen = await serverEvent(
        server,
        (e) => e.kind === 'close' && e.url.endsWith('=client-close'),
        'the server-side close',
      );
      assert.deepEqual([seen.code, seen.reason], [4001, 'bye']);
      const empty = await serverEvent(
        server,
        (e) => e.kind === 'close' && e.url.endsWith('=close-0'),
        'the status-less close',
      );
      assert.equal(empty.code, 1005); // close(0): a close frame without a status
    },
  },
  serverClose: {
    title:
      'server close: code and reason, 1005 without status, 1006 when dropped; packets stay readable',
    check: async ({ value }, _env) => {
      assert.deepEqual(value, {
        withStatus: {
          code: 4002,
          reason: 'server bye',
          clean: true,
          count: 1,
          packet: 'last words',
        },
        noStatus: { code: 1005, reason: '', clean: true, count: 0, packet: '' },
        dropped: { code: 1006, reason: '', clean: false, count: 0, packet: '' },
      });
    },
  },
  refusedClose: {
    title: 'close codes and reasons a browser refuses: one logged error, no throw, still open',
    check: async ({ value }, { server }) => {
      const v = value as {
        outcomes: { code: number; threw: string; state: number; logged: number }[];
        stillWorks: number;
        code: number;
        reason: string;
      };
      assert.equal(v.outcomes.length, 8);
      for (const o of v.outcomes) {
        assert.deepEqual(
          { threw: o.threw, state: o.state, logged: o.logged },
          {
            threw: '',
            state: 1,
            logged: 1,
          },
          `close(${o.code})`,
        );
      }
      assert.equal(v.stillWorks, OK);
      const longest = `${'é'.repeat(61)}x`;
      assert.deepEqual([v.code, v.reason], [4000, longest]);
      const seen = await serverEvent(
        server,
        (e) => e.kind === 'close' && e.url.endsWith('=refused'),
        'the server-side close',
      );
      assert.deepEqual([seen.code, seen.reason], [4000, longest]);
    },
  },
  outboundLimit: {
    title: 'outbound limit: bufferedAmount + size >= outboundBufferSize → ERR_OUT_OF_MEMORY',
    check: async ({ value }, _env) => {
      const v = value as Record<string, number>;
      assert.equal(v.first, OK);
      assert.equal(v.second, OK);
      assert.ok((v.buffered ?? 0) > 0, `bufferedAmount after two sends: ${v.buffered}`);
      assert.equal(v.third, ERR_OUT_OF_MEMORY);
      assert.equal(v.thirdText, ERR_OUT_OF_MEMORY);
      assert.equal(v.logged, 2);
      assert.equal(v.exactlyLimit, ERR_OUT_OF_MEMORY);
      assert.equal(v.belowLimit, OK);
    },
  },
  inboundLimit: {
    title: 'inbound limits: messages that do not fit are dropped with one error each, still open',
    check: async ({ value }, _env) => {
      const v = value as { state: number; firstBytes: number[]; drops: string[] };
      assert.equal(v.state, 1);
      assert.deepEqual(v.firstBytes, [2, 3, 4]); // 2000-byte message and the 4th 300-byte one dropped
      assert.equal(v.drops.length, 2);
      for (const line of v.drops)
        assert.match(line, /^error: Dropping a message of (2000|300) bytes/);
    },
  },
  wasStringPacket: {
    title: 'wasStringPacket follows the last packet taken; an empty queue gives ERR_UNAVAILABLE',
    check: async ({ value }, _env) => {
      assert.deepEqual(value, {
        beforeAny: false,
        text: 'hello',
        afterText: true,
        binary: [1, 2, 3],
        afterBinary: false,
        empty: 0,
        emptyError: ERR_UNAVAILABLE,
      });
    },
  },
  unsupportedAndErrors: {
    title: 'members a browser cannot honour, bad calls, refused connection, close(-1)',
    check: async ({ value }, { server }) => {
      const v = value as Record<string, unknown>;
      assert.deepEqual(
        [v.acceptStream, v.host, v.port, v.warningsForMembers],
        [ERR_UNAVAILABLE, '', 0, 4],
      );
      assert.deepEqual(
        [v.empty, v.http, v.badIpv6, v.serverTls, v.constructorThrows, v.errorsForBadCalls],
        [
          ERR_INVALID_PARAMETER,
          ERR_INVALID_PARAMETER,
          ERR_INVALID_PARAMETER,
          ERR_INVALID_PARAMETER,
          [FAILED, 3],
          5,
        ],
      );
      assert.equal(v.withIgnoredOptions, OK);
      const warnings = v.warningsForOptions as string[];
      assert.equal(warnings.length, 3);
      for (const line of warnings) assert.match(line, /^warning: /);
      assert.equal(v.requestedUrl, `${server.origin}/sink?tag=ignored`);
      assert.equal(v.again, ERR_ALREADY_IN_USE);
      assert.deepEqual(v.closedWhileConnecting, [3, -1]);
      assert.equal(v.refusedConnect, OK);
      assert.equal(v.refusedCode, 1006);
      // getLastError in the browser: the URL it refused; the browser's error, with the address
      // it tried (browsers give no reason); null once a connection opened.
      assert.equal(v.badUrlLastError, 'INVALID_URL');
      const refusedError = v.refusedLastError as { code: string; address: string } | null;
      assert.equal(refusedError?.code, 'BROWSER_ERROR');
      assert.match(refusedError?.address ?? '', /^127\.0\.0\.1:\d+$/);
      assert.equal(v.openLastError, null);
      assert.deepEqual(v.afterNegativeClose, [3, -1]);
      assert.equal(v.sendAfterClose, FAILED);
      const seen = await serverEvent(
        server,
        (e) => e.kind === 'close' && e.url.endsWith('=negative'),
        'the server-side close after close(-1)',
      );
      assert.deepEqual([seen.code, seen.reason], [3001, 'destroyed']);
    },
  },
};
