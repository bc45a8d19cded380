/**
 * The browser WebSocketPeer scenarios run in Chromium by websocket-peer.web.test.ts. Each runs
 * in the page (see test/helpers/scenario-page.ts: nothing from this module's scope may be used
 * inside a scenario) against test/helpers/scripted-ws-server.ts (a `ws` server) or, for `echo`,
 * our own Node echo server (`params.nodeEchoOrigin`), and returns what it observed; the test
 * asserts on it in Node.
 */
import type { Scenario } from '../../helpers/scenario-page.js';

export const scenarios: Record<string, Scenario> = {
  stateOnPoll: async ({ gw, wsUrl, sleep, watchSockets }) => {
    const peer = new gw.WebSocketPeer();
    const seen: Record<string, unknown> = { initial: peer.getReadyState() };
    const watch = watchSockets();
    seen.connect = peer.connectToUrl(wsUrl('/scripted'));
    watch.stop();
    seen.afterConnect = peer.getReadyState();
    const end = Date.now() + 5000; // wait, without polling, for the open and message events
    while (watch.counts.message < 1 && Date.now() < end) await sleep(5);
    seen.events = { ...watch.counts };
    seen.beforePoll = [peer.getReadyState(), peer.getAvailablePacketCount()];
    peer.poll();
    seen.afterPoll = [peer.getReadyState(), peer.getAvailablePacketCount()];
    seen.protocol = peer.getSelectedProtocol();
    seen.sendCloseMe = peer.sendText('close me');
    while (watch.counts.close < 1 && Date.now() < end + 5000) await sleep(5);
    seen.beforeSecondPoll = [peer.getReadyState(), peer.getCloseCode()];
    peer.poll();
    seen.afterSecondPoll = [peer.getReadyState(), peer.getCloseCode(), peer.getCloseReason()];
    seen.hello = new TextDecoder().decode(peer.getPacket());
    return seen;
  },

  onActivity: async ({ gw, wsUrl, sleep, pollUntil, logs }) => {
    const peer = new gw.WebSocketPeer();
    const states: number[] = [];
    peer.onActivity = () => states.push(peer.getReadyState());
    peer.connectToUrl(wsUrl('/scripted'));
    const end = Date.now() + 5000; // open + "hello", without polling
    while (states.length < 2 && Date.now() < end) await sleep(5);
    const beforePoll = states.slice();
    peer.poll();
    peer.onActivity = () => {
      throw new Error('from the callback');
    };
    peer.sendText('close me');
    await pollUntil(
      'closed',
      () => peer.getReadyState() === 3,
      () => peer.poll(),
    );
    return { beforePoll, afterPoll: peer.getReadyState(), logs: logs.slice() };
  },

  // Against our Node echo server (examples/echo-server.ts: TCPServer + WebSocketPeer.acceptStream).
  echo: async ({ gw, params, pollUntil }) => {
    const peer = new gw.WebSocketPeer();
    peer.inboundBufferSize = 4 << 20;
    peer.outboundBufferSize = 4 << 20;
    peer.connectToUrl(`${params.nodeEchoOrigin}/echo`);
    const poll = () => peer.poll();
    await pollUntil('open', () => peer.getReadyState() === gw.WebSocketPeer.STATE_OPEN, poll);
    const next = async () => {
      await pollUntil('a packet', () => peer.getAvailablePacketCount() > 0, poll, 10_000);
      const data = peer.getPacket();
      return { data, isString: peer.wasStringPacket() };
    };
    const same = (a: Uint8Array, b: Uint8Array) =>
      a.length === b.length && a.every((v, i) => v === b[i]);
    const results = [];
    for (const size of [0, 1, 125, 126, 65535, 65536, 1 << 20]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 255);
      const sentBinary = peer.send(bytes);
      const binary = await next();
      const text = size >= 9 ? `é€😀${'x'.repeat(size - 9)}` : 'y'.repeat(size);
      const sentText = peer.sendText(text);
      const echoed = await next();
      const expected = new TextEncoder().encode(text);
      results.push({
        size,
        sentBinary,
        binaryOk: same(binary.data, bytes),
        binaryIsString: binary.isString,
        sentText,
        textOk: same(echoed.data, expected),
        textIsString: echoed.isString,
      });
    }
    const putEmpty = peer.putPacket(new Uint8Array(0)); // OK, sends nothing
    const put = peer.putPacket(Uint8Array.of(9, 8, 7));
    const putEcho = await next();
    const textMode = peer.send(
      new TextEncoder().encode('via send'),
      gw.WebSocketPeer.WRITE_MODE_TEXT,
    );
    const viaSend = await next();
    peer.close();
    return {
      results,
      putEmpty,
      put,
      putEcho: [...putEcho.data],
      putEchoIsString: putEcho.isString,
      textMode,
      viaSend: new TextDecoder().decode(viaSend.data),
      viaSendIsString: viaSend.isString,
    };
  },

  protocols: async ({ gw, wsUrl, pollUntil }) => {
    const offered = new gw.WebSocketPeer();
    offered.supportedProtocols = ['x-unknown', ' godot ', 'chat'];
    offered.connectToUrl(wsUrl('/sink?tag=protocols'));
    const beforeOpen = offered.getSelectedProtocol();
    await pollUntil(
      'open',
      () => offered.getReadyState() === 1,
      () => offered.poll(),
    );
    const none = new gw.WebSocketPeer();
    none.connectToUrl(wsUrl('/sink?tag=no-protocols'));
    await pollUntil(
      'open',
      () => none.getReadyState() === 1,
      () => none.poll(),
    );
    const result = {
      beforeOpen,
      selected: offered.getSelectedProtocol(),
      noneSelected: none.getSelectedProtocol(),
    };
    offered.close();
    none.close();
    return result;
  },

  clientClose: async ({ gw, wsUrl, pollUntil }) => {
    const peer = new gw.WebSocketPeer();
    peer.connectToUrl(wsUrl('/echo?tag=client-close'));
    await pollUntil(
      'open',
      () => peer.getReadyState() === 1,
      () => peer.poll(),
    );
    peer.close(4001, 'bye');
    const afterClose = peer.getReadyState();
    await pollUntil(
      'closed',
      () => peer.getReadyState() === 3,
      () => peer.poll(),
    );
    const empty = new gw.WebSocketPeer();
    empty.connectToUrl(wsUrl('/echo?tag=close-0'));
    await pollUntil(
      'open',
      () => empty.getReadyState() === 1,
      () => empty.poll(),
    );
    empty.close(0);
    await pollUntil(
      'closed',
      () => empty.getReadyState() === 3,
      () => empty.poll(),
    );
    return {
      afterClose,
      code: peer.getCloseCode(),
      reason: peer.getCloseReason(),
      clean: peer.wasCleanClose(),
      emptyCode: empty.getCloseCode(),
    };
  },

  serverClose: async ({ gw, wsUrl, pollUntil }) => {
    const observe = async (path: string) => {
      const peer = new gw.WebSocketPeer();
      peer.connectToUrl(wsUrl(path));
      await pollUntil(
        `closed (${path})`,
        () => peer.getReadyState() === 3,
        () => peer.poll(),
      );
      const count = peer.getAvailablePacketCount();
      const packet = new TextDecoder().decode(peer.getPacket());
      return {
        code: peer.getCloseCode(),
        reason: peer.getCloseReason(),
        clean: peer.wasCleanClose(),
        count,
        packet,
      };
    };
    return {
      withStatus: await observe('/close-from-server'),
      noStatus: await observe('/close-no-status'),
      dropped: await observe('/terminate'),
    };
  },

  refusedClose: async ({ gw, wsUrl, pollUntil, logs }) => {
    const peer = new gw.WebSocketPeer();
    peer.connectToUrl(wsUrl('/echo?tag=refused'));
    await pollUntil(
      'open',
      () => peer.getReadyState() === 1,
      () => peer.poll(),
    );
    const attempts: [number, string][] = [
      [1005, ''],
      [1001, 'going away'],
      [2999, ''],
      [5000, ''],
      [4000, 'x'.repeat(124)],
      [4000, 'é'.repeat(62)],
      [0, 'a reason without a code'],
      [Number.NaN, ''],
    ];
    const outcomes = [];
    for (const [code, reason] of attempts) {
      const before = logs.length;
      let threw = '';
      try {
        peer.close(code, reason);
      } catch (err) {
        threw = String(err);
      }
      outcomes.push({ code, threw, state: peer.getReadyState(), logged: logs.length - before });
    }
    const stillWorks = peer.sendText('still open');
    await pollUntil(
      'echo',
      () => peer.getAvailablePacketCount() > 0,
      () => peer.poll(),
    );
    const longest = `${'é'.repeat(61)}x`; // 123 bytes: allowed
    peer.close(4000, longest);
    await pollUntil(
      'closed',
      () => peer.getReadyState() === 3,
      () => peer.poll(),
    );
    return { outcomes, stillWorks, code: peer.getCloseCode(), reason: peer.getCloseReason() };
  },

  outboundLimit: async ({ gw, wsUrl, pollUntil, logs }) => {
    const peer = new gw.WebSocketPeer();
    peer.outboundBufferSize = 100_000;
    peer.connectToUrl(wsUrl('/sink?tag=outbound'));
    await pollUntil(
      'open',
      () => peer.getReadyState() === 1,
      () => peer.poll(),
    );
    const chunk = new Uint8Array(40_000);
    const first = peer.send(chunk);
    const second = peer.send(chunk);
    const buffered = peer.getCurrentOutboundBufferedAmount(); // bufferedAmount grows at send()
    const third = peer.send(chunk);
    const thirdText = peer.sendText('z'.repeat(40_000));
    const logged = logs.length;
    await pollUntil(
      'the buffer drained',
      () => peer.getCurrentOutboundBufferedAmount() === 0,
      () => peer.poll(),
    );
    peer.outboundBufferSize = 1024;
    const exactlyLimit = peer.send(new Uint8Array(1024)); // >= : refused, as Godot's Web build
    const belowLimit = peer.send(new Uint8Array(1023));
    peer.close();
    return { first, second, buffered, third, thirdText, logged, exactlyLimit, belowLimit };
  },

  inboundLimit: async ({ gw, wsUrl, sleep, logs, watchSockets }) => {
    const peer = new gw.WebSocketPeer();
    peer.inboundBufferSize = 1000;
    peer.maxQueuedPackets = 3;
    const watch = watchSockets();
    peer.connectToUrl(wsUrl('/burst'));
    watch.stop();
    const end = Date.now() + 5000; // wait for all 5 messages the server sends
    while (watch.counts.message < 5 && Date.now() < end) await sleep(5);
    peer.poll();
    const sizes = [];
    for (let n = peer.getAvailablePacketCount(); n > 0; n--) sizes.push(peer.getPacket()[0]);
    const result = { state: peer.getReadyState(), firstBytes: sizes, drops: logs.slice() };
    peer.close();
    return result;
  },

  wasStringPacket: async ({ gw, wsUrl, pollUntil }) => {
    const peer = new gw.WebSocketPeer();
    const beforeAny = peer.wasStringPacket();
    peer.connectToUrl(wsUrl('/text-then-binary'));
    await pollUntil(
      '2 packets',
      () => peer.getAvailablePacketCount() === 2,
      () => peer.poll(),
    );
    const text = new TextDecoder().decode(peer.getPacket());
    const afterText = peer.wasStringPacket();
    const binary = [...peer.getPacket()];
    const afterBinary = peer.wasStringPacket();
    const empty = peer.getPacket().length;
    const emptyError = peer.getPacketError();
    peer.close();
    return { beforeAny, text, afterText, binary, afterBinary, empty, emptyError };
  },

  ipv6: async ({ gw, params, pollUntil }) => {
    if (typeof params.ipv6Port !== 'number') return 'no IPv6 loopback';
    const peer = new gw.WebSocketPeer();
    const connect = peer.connectToUrl(`ws://[::1]:${params.ipv6Port}/echo?tag=ipv6`);
    await pollUntil(
      'open',
      () => peer.getReadyState() === 1,
      () => peer.poll(),
    );
    peer.sendText('over IPv6');
    await pollUntil(
      'echo',
      () => peer.getAvailablePacketCount() > 0,
      () => peer.poll(),
    );
    const echo = new TextDecoder().decode(peer.getPacket());
    peer.close();
    return { connect, requestedUrl: peer.getRequestedUrl(), echo };
  },

  unsupportedAndErrors: async ({ gw, wsUrl, params, pollUntil, logs }) => {
    const peer = new gw.WebSocketPeer();
    const r: Record<string, unknown> = {};
    r.acceptStream = peer.acceptStream({});
    r.host = peer.getConnectedHost();
    r.port = peer.getConnectedPort();
    peer.setNoDelay(true);
    r.warningsForMembers = logs.length;
    logs.length = 0;
    r.empty = peer.connectToUrl('');
    r.http = peer.connectToUrl('http://127.0.0.1/');
    r.badIpv6 = peer.connectToUrl('ws://[::1');
    r.badUrlLastError = peer.getLastError()?.code ?? null;
    r.serverTls = peer.connectToUrl(wsUrl('/sink'), { isServer: () => true });
    const badProtocols = new gw.WebSocketPeer();
    badProtocols.supportedProtocols = ['chat', 'chat']; // the WebSocket constructor throws
    r.constructorThrows = [badProtocols.connectToUrl(wsUrl('/sink')), badProtocols.getReadyState()];
    r.errorsForBadCalls = logs.length;
    logs.length = 0;
    peer.handshakeHeaders = ['X-Test: 1'];
    peer.heartbeatInterval = 5;
    r.withIgnoredOptions = peer.connectToUrl(wsUrl('/sink?tag=ignored'), { isServer: () => false });
    r.warningsForOptions = logs.slice();
    r.requestedUrl = peer.getRequestedUrl();
    r.again = peer.connectToUrl(wsUrl('/sink'));
    peer.close(); // while CONNECTING: CLOSED at once, nothing to report
    r.closedWhileConnecting = [peer.getReadyState(), peer.getCloseCode()];

    const refused = new gw.WebSocketPeer();
    r.refusedConnect = refused.connectToUrl(`ws://127.0.0.1:${params.closedPort}/`);
    await pollUntil(
      'closed',
      () => refused.getReadyState() === 3,
      () => refused.poll(),
    );
    r.refusedCode = refused.getCloseCode();
    r.refusedLastError = refused.getLastError();

    const dropped = new gw.WebSocketPeer();
    dropped.connectToUrl(wsUrl('/echo?tag=negative'));
    await pollUntil(
      'open',
      () => dropped.getReadyState() === 1,
      () => dropped.poll(),
    );
    r.openLastError = dropped.getLastError();
    dropped.close(-1);
    r.afterNegativeClose = [dropped.getReadyState(), dropped.getCloseCode()];
    r.sendAfterClose = dropped.sendText('late');
    return r;
  },
};
