import { parseArgs } from 'node:util';
import { Error, errorName } from '../core/error.js';
import { logger } from '../core/logger.js';
import { TLSOptions } from '../net/tls-options.js';
import { WebSocketPeer } from '../websocket/websocket-peer.js';
import { CliError, parseAmount, parseChoice, parseErrorMessage } from './args.js';
import { type ConnectOptions, Session } from './connect-session.js';
import { loadCertificate } from './tls-files.js';

export const CONNECT_HELP = `Usage: godot-ws connect URL [options]

Connects to a ws:// or wss:// server: each stdin line is sent as one message, each message
received is printed on stdout; connection news and the close code go to stderr.

  --protocol P       subprotocol to offer (repeatable)
  --header "K: V"    extra handshake header (repeatable)
  --binary           send lines as binary messages (default: text)
  --var F            godot3 or godot4: print binary messages as decoded Variants, and send each
                     line as a Variant (JSON if it parses: 1, "a", [1,2], {"k":1}; else a String)
  --ca FILE          trust this PEM certificate (e.g. from godot-ws cert) for wss://
  --insecure         do not verify the server's certificate
  --timeout S        seconds to wait for the connection (default 10)
  --wait S           after the end of stdin, close once nothing arrived for S seconds
                     (default 1), so replies to the last lines are still printed
  -h, --help         show this help

Text messages print as they are, binary ones as hex. At the end of stdin (Ctrl-D, or the end of
a pipe) the client waits for replies (--wait), sends close 1000 and exits once the server
answers; Ctrl-C closes at once. Exit status: 0 after a
clean close (1000, 1001 or no status code), 1 if the connection failed, was dropped or closed
with another code, 2 for a bad command line.
`;

/** Parses `connect`'s flags (throws CliError with one line). */
export function parseConnectArgs(argv: string[]): ConnectOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new CliError(parseErrorMessage(err, argv));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new CliError('connect needs one URL, e.g. godot-ws connect ws://localhost:9080');
  }
  const headers = values.header ?? [];
  for (const header of headers) {
    if (!/^[^:\s]+:/.test(header))
      throw new CliError(`--header must look like "Name: value", not '${header}'`);
  }
  if (values.ca !== undefined && values.insecure)
    throw new CliError('--ca and --insecure exclude each other');
  let tls: TLSOptions | null = null;
  if (values.ca !== undefined) tls = TLSOptions.client(loadCertificate(values.ca, '--ca'));
  else if (values.insecure) tls = TLSOptions.clientUnsafe();
  return {
    url: positionals[0]!,
    protocols: values.protocol ?? [],
    headers,
    binary: values.binary ?? false,
    variants:
      values.var === undefined
        ? null
        : parseChoice(values.var, '--var', ['godot3', 'godot4'] as const),
    tls,
    timeoutMs: parseAmount(values.timeout ?? '10', '--timeout') * 1000,
    waitMs: parseAmount(values.wait ?? '1', '--wait') * 1000,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      protocol: { type: 'string', multiple: true },
      header: { type: 'string', multiple: true },
      binary: { type: 'boolean' },
      var: { type: 'string' },
      ca: { type: 'string' },
      insecure: { type: 'boolean' },
      timeout: { type: 'string' },
      wait: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Runs `godot-ws connect`; resolves with the exit status when the session is over. */
export async function connect(argv: string[]): Promise<number> {
  const options = parseConnectArgs(argv);
  if (options === 'help') {
    process.stdout.write(CONNECT_HELP);
    return 0;
  }
  const peer = new WebSocketPeer();
  peer.setSupportedProtocols(options.protocols);
  peer.setHandshakeHeaders(options.headers);
  peer.setInboundBufferSize(64 * 1024 * 1024);
  peer.setOutboundBufferSize(0);
  // Until the connection opens, the library's lines stay quiet: a failure becomes one line, made
  // from peer.getLastError().
  logger.setSink(() => {});
  const err = peer.connectToUrl(options.url, options.tls);
  if (err !== Error.OK) {
    throw new CliError(`cannot connect: ${peer.getLastError()?.message ?? errorName(err)}`, 1);
  }
  return new Session(peer, options).run();
}
