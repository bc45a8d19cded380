// Emulated signaling sessions, written from the demo's protocol: each script drives a few
// clients against a server URL and returns what every client saw, with the random parts (peer
// ids, lobby names) replaced by names. The tests assert these transcripts against our server;
// reference-compare.ts runs the same scripts against the demo's own Node server.
import { EmulatedClient, g3, g4 } from './emulated-client.js';

/** Godot 4 command numbers, as the client script's enum. */
export const JOIN = 0;
export const ID = 1;
export const PEER_CONNECT = 2;
export const PEER_DISCONNECT = 3;
export const OFFER = 4;
export const ANSWER = 5;
export const CANDIDATE = 6;
export const SEAL = 7;

export interface ScenarioOptions {
  /** How long the server waits for a JOIN (ms). */
  joinTimeoutMs: number;
  /** How long a sealed lobby lives (ms). */
  sealCloseMs: number;
}

export type Transcript = Record<string, string[]>;

class Session {
  readonly clients: EmulatedClient[] = [];
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }

  async connect(name: string): Promise<EmulatedClient> {
    const client = await EmulatedClient.connect(name, this.url);
    this.clients.push(client);
    return client;
  }

  /** Each client's frames and close, ids and lobby names named. */
  async transcript(): Promise<Transcript> {
    const names = new Map<string, string>();
    let lobbies = 0;
    for (const c of this.clients) {
      for (const line of c.received) {
        const id = learnId(line);
        if (id !== null && id !== '1') names.set(id, `#${c.name}`);
        const lobby = learnLobby(line);
        if (lobby && !names.has(lobby)) names.set(lobby, `$L${++lobbies}`);
      }
    }
    const rename = (line: string) =>
      line.replace(/[A-Za-z0-9]{16,}|\d+/g, (token) => names.get(token) ?? token);
    const out: Transcript = {};
    for (const c of this.clients) {
      out[c.name] = c.received.map(rename);
      out[c.name]!.push(c.closed ? `closed ${c.closed.code} ${c.closed.reason}` : 'open');
    }
    for (const c of this.clients) if (!c.closed) c.terminate();
    return out;
  }
}

function learnId(frame: string): string | null {
  const line = frame.replace(/^\[binary\] /, '');
  const v3 = /^I: (\d+)\n$/.exec(line);
  if (v3) return v3[1]!;
  const v4 = parse(line);
  return v4 && v4.type === ID ? String(v4.id) : null;
}

function learnLobby(frame: string): string | null {
  const line = frame.replace(/^\[binary\] /, '');
  const v3 = /^J: (.+)\n$/.exec(line);
  if (v3) return v3[1]!;
  const v4 = parse(line);
  return v4 && v4.type === JOIN && typeof v4.data === 'string' && v4.data ? v4.data : null;
}

function parse(line: string): { type: number; id: number; data: unknown } | null {
  try {
    const v = JSON.parse(line);
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}

/** The lobby name a client was told (its JOIN answer), or ''. */
function lobbyOf(c: EmulatedClient): string {
  for (const line of c.received) {
    const name = learnLobby(line);
    if (name) return name;
  }
  return '';
}

/** The id a client was given, or 0. */
function idOf(c: EmulatedClient): number {
  for (const line of c.received) {
    const id = learnId(line);
    if (id) return Number(id);
  }
  return 0;
}

type Script = (url: string, o: ScenarioOptions) => Promise<Transcript>;

/** Connects `name`, sends `first` (a JOIN) and waits for `count` frames (or the close). */
async function joined(s: Session, name: string, first: string, count: number) {
  const c = await s.connect(name);
  c.send(first);
  await c.waitFor(count);
  return c;
}

/** Godot 4, mesh: three peers join, every relayed kind, a peer leaves, then the host. */
const g4Mesh: Script = async (url) => {
  const s = new Session(url);
  const a = await joined(s, 'A', g4(JOIN, 0, ''), 2);
  const lobby = lobbyOf(a);
  const b = await joined(s, 'B', g4(JOIN, 0, lobby), 3);
  await a.waitFor(3);
  const c = await joined(s, 'C', g4(JOIN, 0, lobby), 4);
  await a.waitFor(4);
  await b.waitFor(4);
  b.send(g4(OFFER, 1, 'v=0 offer from B'));
  await a.waitFor(5);
  a.send(g4(ANSWER, idOf(b), 'v=0 answer from A'));
  await b.waitFor(5);
  b.send(g4(CANDIDATE, idOf(c), '\n0\n0\ncandidate:1 1 udp 1 127.0.0.1 5000 typ host'));
  await c.waitFor(5);
  c.close();
  await c.waitClosed();
  await a.waitFor(6);
  await b.waitFor(6);
  a.close();
  await a.waitClosed();
  await b.waitClosed();
  return s.transcript();
};

/** Godot 4, client/server (JOIN id 1): who hears about whom, relays both ways, a client leaves. */
const g4ClientServer: Script = async (url) => {
  const s = new Session(url);
  const a = await joined(s, 'A', g4(JOIN, 1, ''), 2);
  const lobby = lobbyOf(a);
  const b = await joined(s, 'B', g4(JOIN, 1, lobby), 3);
  await a.waitFor(3);
  const c = await joined(s, 'C', g4(JOIN, 1, lobby), 3);
  await a.waitFor(4);
  c.send(g4(OFFER, 1, 'offer from C'));
  await a.waitFor(5);
  a.send(g4(ANSWER, idOf(c), 'answer from A'));
  await c.waitFor(4);
  b.close();
  await b.waitClosed();
  await a.waitFor(6);
  a.close();
  await a.waitClosed();
  await c.waitClosed();
  return s.transcript();
};

/** Godot 4, seal: a non-host may not, the host does, late joiners are refused, then all close. */
const g4Seal: Script = async (url, o) => {
  const s = new Session(url);
  const a = await joined(s, 'A', g4(JOIN, 0, ''), 2);
  const lobby = lobbyOf(a);
  const b = await joined(s, 'B', g4(JOIN, 0, lobby), 3);
  await a.waitFor(3);
  b.send(g4(SEAL, 0));
  await b.waitClosed();
  await a.waitFor(4);
  const c = await joined(s, 'C', g4(JOIN, 0, lobby), 3);
  await a.waitFor(5);
  a.send(g4(SEAL, 0));
  await a.waitFor(6);
  await c.waitFor(4);
  const d = await s.connect('D');
  d.send(g4(JOIN, 0, lobby));
  await d.waitClosed();
  await a.waitClosed(o.sealCloseMs + 3000);
  await c.waitClosed(3000);
  return s.transcript();
};

/** Godot 4: a client that never joins is closed after the join timeout. */
const g4Timeout: Script = async (url, o) => {
  const s = new Session(url);
  const a = await s.connect('A');
  await a.waitClosed(o.joinTimeoutMs + 3000);
  return s.transcript();
};

/** Godot 4: every malformed or misplaced message closes its sender, and only it. */
const g4Malformed: Script = async (url) => {
  const s = new Session(url);
  const host = await joined(s, 'H', g4(JOIN, 0, ''), 2);
  const lobby = lobbyOf(host);
  const bad: [string, (c: EmulatedClient) => void][] = [
    ['notjson', (c) => c.send('hello')],
    ['array', (c) => c.send('[0,0,""]')],
    ['number', (c) => c.send('7')],
    ['notype', (c) => c.send('{"id":0,"data":""}')],
    ['stringtype', (c) => c.send('{"type":"0","id":0,"data":""}')],
    ['negative', (c) => c.send(g4(JOIN, -1, ''))],
    ['binary', (c) => c.sendBinary(new TextEncoder().encode(g4(JOIN, 0, '')))],
    ['early', (c) => c.send(g4(OFFER, 1, 'sdp'))],
    ['nolobby', (c) => c.send(g4(JOIN, 0, 'NoSuchLobby'))],
  ];
  for (const [name, act] of bad) {
    const c = await s.connect(name);
    act(c);
    await c.waitClosed();
  }
  const inLobby: [string, (c: EmulatedClient) => void][] = [
    ['unknowncmd', (c) => c.send(g4(9, 1, 'x'))],
    ['idcmd', (c) => c.send(g4(ID, 1, 'x'))],
    ['baddest', (c) => c.send(g4(OFFER, 12345, 'x'))],
    ['zerodest', (c) => c.send(g4(CANDIDATE, 0, 'x'))],
    ['rejoin', (c) => c.send(g4(JOIN, 0, ''))],
  ];
  let expected = 2;
  for (const [name, act] of inLobby) {
    const c = await s.connect(name);
    c.send(g4(JOIN, 0, lobby));
    await c.waitFor(3);
    await host.waitFor(++expected);
    act(c);
    await c.waitClosed();
    await host.waitFor(++expected);
  }
  const ok = await joined(s, 'ok', g4(JOIN, 0, lobby), 3);
  await host.waitFor(++expected);
  ok.send(g4(OFFER, 1, 'still relayed'));
  await host.waitFor(++expected);
  return s.transcript();
};

/** Godot 3 (line protocol): join, every relayed kind, a peer leaves, seal, the host leaves. */
const g3Mesh: Script = async (url) => {
  const s = new Session(url);
  const a = await joined(s, 'A', 'J: \n', 2);
  const lobby = lobbyOf(a);
  const b = await joined(s, 'B', `J: ${lobby}\n`, 3);
  await a.waitFor(3);
  const c = await joined(s, 'C', `J: ${lobby}\n`, 4);
  await a.waitFor(4);
  await b.waitFor(4);
  b.send(g3('O', 1, 'v=0 offer from B'));
  await a.waitFor(5);
  a.send(g3('A', idOf(b), 'v=0 answer from A'));
  await b.waitFor(5);
  b.send(g3('C', idOf(c), '\n0\n0\ncandidate:1 1 udp 1 127.0.0.1 5000 typ host'));
  await c.waitFor(5);
  c.close();
  await c.waitClosed();
  await a.waitFor(6);
  await b.waitFor(6);
  b.send('S: \n');
  await b.waitClosed();
  await a.waitFor(7);
  const d = await joined(s, 'D', `J: ${lobby}\n`, 3);
  await a.waitFor(8);
  a.send('S: \n');
  await a.waitFor(9);
  await d.waitFor(4);
  a.close();
  await a.waitClosed();
  await d.waitClosed();
  return s.transcript();
};

/** Godot 3: malformed lines close their sender; the destination is checked before the letter. */
const g3Malformed: Script = async (url) => {
  const s = new Session(url);
  const host = await joined(s, 'H', 'J: \n', 2);
  const lobby = lobbyOf(host);
  const bad: [string, (c: EmulatedClient) => void][] = [
    ['nonewline', (c) => c.send('J: ')],
    ['short', (c) => c.send('J:\n')],
    ['binary', (c) => c.sendBinary(new TextEncoder().encode('J: \n'))],
    ['early', (c) => c.send('O: 1\nsdp')],
    ['nolobby', (c) => c.send('J: NoSuchLobby\n')],
  ];
  for (const [name, act] of bad) {
    const c = await s.connect(name);
    act(c);
    await c.waitClosed();
  }
  const inLobby: [string, (c: EmulatedClient) => void][] = [
    ['zerodest', (c) => c.send('O: 0\nx')],
    ['textdest', (c) => c.send('A: one\nx')],
    ['baddest', (c) => c.send('C: 12345\nx')],
    ['unknowncmd', (c) => c.send('X: 1\nx')],
    ['unknownbaddest', (c) => c.send('X: 0\nx')],
    ['rejoin', (c) => c.send('J: \n')],
  ];
  let expected = 2;
  for (const [name, act] of inLobby) {
    const c = await s.connect(name);
    c.send(`J: ${lobby}\n`);
    await c.waitFor(3);
    await host.waitFor(++expected);
    act(c);
    await c.waitClosed();
    await host.waitFor(++expected);
  }
  const ok = await joined(s, 'ok', `J: ${lobby}\n`, 3);
  await host.waitFor(++expected);
  ok.send(g3('O', 1, 'still relayed'));
  await host.waitFor(++expected);
  return s.transcript();
};

/** Godot 3: a client that never joins is closed after the join timeout. */
const g3Timeout: Script = async (url, o) => {
  const s = new Session(url);
  const a = await s.connect('A');
  await a.waitClosed(o.joinTimeoutMs + 3000);
  return s.transcript();
};

export const GODOT4_SCENARIOS: Record<string, Script> = {
  mesh: g4Mesh,
  'client-server': g4ClientServer,
  seal: g4Seal,
  timeout: g4Timeout,
  malformed: g4Malformed,
};

export const GODOT3_SCENARIOS: Record<string, Script> = {
  mesh: g3Mesh,
  malformed: g3Malformed,
  timeout: g3Timeout,
};
