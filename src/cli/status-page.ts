import { VERSION } from '../version.js';
import type { HandshakeRequestHook } from '../websocket/node/server-opening.js';
import { formatBytes, formatDuration, type ServeStats } from './serve-stats.js';

/** What the page shows besides the counters. */
export interface StatusPageInfo {
  mode: string;
  url: string;
}

/**
 * The serve command's request hook: a WebSocket upgrade goes through (undefined); a plain
 * `GET /` gets the status page; any other path gets 404. (Every answer closes the connection.)
 */
export function statusPageHook(stats: ServeStats, info: StatusPageInfo): HandshakeRequestHook {
  return (request) => {
    if (request.headers.get('upgrade')?.toLowerCase() === 'websocket') return undefined;
    const path = request.path.split('?')[0];
    if (path !== '/') return { status: 404, body: `no page at ${path}; try /\n` };
    return {
      status: 200,
      headers: ['Content-Type: text/html; charset=utf-8', 'Cache-Control: no-store'],
      body: renderStatusPage(stats, info),
    };
  };
}

/** The page: plain HTML, no script; reload to refresh. */
export function renderStatusPage(
  stats: ServeStats,
  info: StatusPageInfo,
  now = Date.now(),
): string {
  const rows = [...stats.peers.values()]
    .map(
      (p) =>
        `<tr><td>${p.id}</td><td>${escapeHtml(p.address)}</td><td>${formatDuration(now - p.since)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>godot-ws ${escapeHtml(info.mode)}</title>
<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 12px;text-align:left}</style></head>
<body>
<h1>godot-ws serve</h1>
<p>Mode <b>${escapeHtml(info.mode)}</b> at <code>${escapeHtml(info.url)}</code> · godot-websocket ${VERSION}</p>
<table>
<tr><th>Uptime</th><td id="uptime">${formatDuration(now - stats.startedAt)}</td></tr>
<tr><th>Peers</th><td id="peers">${stats.peers.size}</td></tr>
<tr><th>Connections since start</th><td id="connections">${stats.connections}</td></tr>
<tr><th>Messages received</th><td id="messages">${stats.messages}</td></tr>
<tr><th>Bytes received</th><td id="bytes">${stats.bytes} (${formatBytes(stats.bytes)})</td></tr>
<tr><th>Now</th><td>${stats.messageRate.toFixed(0)} msg/s · ${formatBytes(stats.byteRate)}/s</td></tr>
</table>
<h2>Connected peers</h2>
<table id="peer-table">
<tr><th>Id</th><th>Address</th><th>Connected for</th></tr>
${rows || '<tr><td colspan="3">none</td></tr>'}
</table>
</body></html>
`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
