// Serves examples/browser-client.html and the browser bundle (dist/browser/godot-websocket.js)
// on 127.0.0.1, so a page can `import ... from './godot-websocket.js'` without a bundler.
//   npm run build && npm run build:browser && npm run build:test
//   node build/examples/serve-browser-example.js [--port 8080] [--echo [--echo-port 9080]]
// --echo also starts the example echo server (examples/echo-server.ts) for the page to talk to;
// without it, point the page at any echo server (e.g. `godot-ws serve --mode echo`).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startEchoServer } from './echo-server.js';

/** The page (next to this file's source, from build/examples/ or examples/) and the bundle. */
function files(): Record<string, { type: string; path: string }> {
  const page = new URL('../../examples/browser-client.html', import.meta.url);
  const bundle = new URL(import.meta.resolve('godot-websocket/browser'));
  return {
    '/': { type: 'text/html; charset=utf-8', path: fileURLToPath(page) },
    '/godot-websocket.js': { type: 'text/javascript', path: fileURLToPath(bundle) },
    '/godot-websocket.js.map': { type: 'application/json', path: `${fileURLToPath(bundle)}.map` },
  };
}

export interface ExampleServer {
  port: number;
  stop(): Promise<void>;
}

/** Serves the example page on 127.0.0.1:`port` (0 = a free port). */
export async function startExampleServer(port: number): Promise<ExampleServer> {
  const served = files();
  const server: Server = createServer((req, res) => {
    const file = served[(req.url ?? '/').split('?')[0] ?? '/'];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = readFileSync(file.path);
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(500).end(`missing ${file.path}: run npm run build:browser`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      echo: { type: 'boolean', default: false },
      'echo-port': { type: 'string', default: '9080' },
    },
  });
  const page = await startExampleServer(Number(values.port));
  console.log(`browser example: http://127.0.0.1:${page.port}/`);
  if (values.echo) {
    const echo = startEchoServer(Number(values['echo-port']));
    if (typeof echo === 'number') {
      console.error(`cannot start the echo server on port ${values['echo-port']} (error ${echo})`);
      process.exit(1);
    }
    console.log(`echo server: ws://127.0.0.1:${echo.port}/`);
  }
}
