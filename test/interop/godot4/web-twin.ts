/**
 * The web-websocket GDScript scenario (scenarios/web-websocket/main.gd) rewritten for OUR browser
 * `WebSocketPeer`, line for line, printing the same lines; run in Chromium by
 * web-websocket.test.ts against the same servers, so what both peers report can be compared.
 * It runs in the page (test/helpers/scenario-page.ts): nothing from this module's scope may be
 * used inside it. One extra case at the end: close(1001), which stops a Godot Web game.
 */
import type { Scenario } from '../../helpers/scenario-page.js';

export const webTwin: Scenario = async ({ gw, params, sleep, logs }) => {
  const URL = String(params.URL);
  const PROTO_URL = String(params.PROTO_URL);
  const WAIT_MS = 5000;
  type Peer = InstanceType<typeof gw.WebSocketPeer>;
  const out: string[] = [];
  const print = (...parts: unknown[]) => out.push(parts.map(String).join(''));
  const frame = () => sleep(16);
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);

  const waitState = async (ws: Peer, state: number, tag: string) => {
    let last = ws.getReadyState();
    const until = Date.now() + WAIT_MS;
    while (ws.getReadyState() !== state && Date.now() < until) {
      await frame();
      ws.poll();
      if (ws.getReadyState() !== last) {
        last = ws.getReadyState();
        print(tag, ' state ', last);
      }
    }
  };
  const waitPackets = async (ws: Peer, count: number) => {
    const until = Date.now() + WAIT_MS;
    while (ws.getAvailablePacketCount() < count && Date.now() < until) {
      await frame();
      ws.poll();
    }
  };
  const open = async (path: string, protocols: string[] = []) => {
    const ws = new gw.WebSocketPeer();
    ws.supportedProtocols = protocols;
    const err = ws.connectToUrl((protocols.length > 0 ? PROTO_URL : URL) + path);
    print(path, ' connect ', err, ' state ', ws.getReadyState());
    await waitState(ws, 1, path);
    return ws;
  };
  const printPackets = (ws: Peer, tag: string) => {
    while (ws.getAvailablePacketCount() > 0) {
      const pkt = ws.getPacket();
      if (ws.wasStringPacket()) print(tag, ' text ', utf8(pkt));
      else print(tag, ' binary ', hex(pkt));
    }
  };
  const printPacketsDetail = (ws: Peer, tag: string) => {
    while (ws.getAvailablePacketCount() > 0) {
      const pkt = ws.getPacket();
      const head = hex(pkt.subarray(0, 8));
      print(
        tag,
        ' packet size ',
        pkt.length,
        ' error ',
        ws.getPacketError(),
        ' string ',
        ws.wasStringPacket(),
        ' head ',
        head,
      );
    }
  };
  const printClosed = (ws: Peer, tag: string) =>
    print(tag, ' closed ', ws.getCloseCode(), ' ', JSON.stringify(ws.getCloseReason()));

  const spare = new gw.WebSocketPeer();
  print('accept_stream ', spare.acceptStream(null));
  print('send before connect ', spare.sendText('x'));

  let ws = new gw.WebSocketPeer();
  ws.handshakeHeaders = ['X-Godot-Test: 1'];
  ws.supportedProtocols = ['chat', 'superchat'];
  print('/echo connect ', ws.connectToUrl(`${PROTO_URL}/echo`), ' state ', ws.getReadyState());
  await waitState(ws, 1, '/echo');
  print('/echo protocol ', ws.getSelectedProtocol());
  print('/echo host ', JSON.stringify(ws.getConnectedHost()), ' port ', ws.getConnectedPort());
  print('/echo send text ', ws.sendText('héllo'));
  print('/echo send binary ', ws.send(Uint8Array.of(0, 1, 255)));
  print('/echo send empty binary ', ws.send(new Uint8Array(0)));
  print('/echo send empty text ', ws.sendText(''));
  await waitPackets(ws, 3);
  printPackets(ws, '/echo');
  ws.sendText('close 4001 bye');
  await waitState(ws, 3, '/echo');
  printClosed(ws, '/echo');
  print('/echo send after close ', ws.sendText('late'));

  ws = await open('/client-close');
  ws.close(4002, 'client bye');
  print('/client-close state after close() ', ws.getReadyState());
  await waitState(ws, 3, '/client-close');
  printClosed(ws, '/client-close');

  ws = await open('/terminate');
  ws.sendText('ready');
  await waitState(ws, 3, '/terminate');
  printClosed(ws, '/terminate');

  ws = await open('/no-status');
  ws.sendText('ready');
  await waitState(ws, 3, '/no-status');
  printClosed(ws, '/no-status');

  ws = await open('/send-then-close');
  ws.sendText('ready');
  await waitState(ws, 3, '/send-then-close');
  print('/send-then-close available ', ws.getAvailablePacketCount());
  printPackets(ws, '/send-then-close');

  ws = new gw.WebSocketPeer();
  ws.outboundBufferSize = 1024;
  ws.inboundBufferSize = 1024;
  ws.connectToUrl(`${URL}/limits`);
  await waitState(ws, 1, '/limits');
  print('/limits send 1024 ', ws.send(new Uint8Array(1024)));
  print('/limits send 1000 ', ws.send(new Uint8Array(1000)));
  print('/limits buffered ', ws.getCurrentOutboundBufferedAmount() >= 0);
  ws.sendText('send big');
  await waitPackets(ws, 2);
  print('/limits state ', ws.getReadyState(), ' available ', ws.getAvailablePacketCount());
  printPacketsDetail(ws, '/limits');
  ws.sendText('send after');
  await waitPackets(ws, 1);
  printPacketsDetail(ws, '/limits');
  const limits = ws;

  ws = new gw.WebSocketPeer();
  ws.outboundBufferSize = 4 * 1024 * 1024;
  ws.connectToUrl(`${URL}/buffered`);
  await waitState(ws, 1, '/buffered');
  print(
    '/buffered send ',
    ws.send(new Uint8Array(1048576)),
    ' buffered ',
    ws.getCurrentOutboundBufferedAmount(),
  );
  const until = Date.now() + WAIT_MS;
  while (ws.getCurrentOutboundBufferedAmount() > 0 && Date.now() < until) {
    await frame();
    ws.poll();
  }
  print('/buffered drained ', ws.getCurrentOutboundBufferedAmount());
  await waitPackets(ws, 1);
  printPackets(ws, '/buffered');
  const buffered = ws;

  ws = await open('/destroy');
  ws.close(-1);
  print('/destroy state after close(-1) ', ws.getReadyState());
  printClosed(ws, '/destroy');

  ws = await open('/quit');
  print('quit');

  // Not in the GDScript (it would stop the game): a close code browsers refuse.
  const bad = await open('/bad-close');
  bad.close(1001, 'going away');
  print('/bad-close state after close(1001) ', bad.getReadyState());
  for (const peer of [limits, buffered, ws, bad]) peer.close(1000, 'page done');
  return { lines: out, logs: logs.slice() };
};
