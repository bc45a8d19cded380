/**
 * The live dashboard (`GET /`): one self-contained page (no build step, no CDN) that reads
 * `/events` (Server-Sent Events) and redraws once a second: peers, rooms, messages and bytes
 * per second with a chart of the last ten minutes, the rooms with their members, close codes
 * and refusals. The admin token, if any, is passed on from the page's own `?token=`.
 */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>godot-ws serve</title>
<style>
  :root { color-scheme: dark; --bg: #15181d; --card: #1f242b; --fg: #e6e8eb; --dim: #8b949e;
    --a: #478cbf; --b: #e0a84f; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
  header { padding: 12px 16px; display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
  h1 { font-size: 18px; margin: 0; }
  #state { color: var(--dim); font-size: 13px; }
  main { padding: 0 16px 24px; display: grid; gap: 12px; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; }
  .card { background: var(--card); border-radius: 8px; padding: 10px 12px; }
  .card b { display: block; font-size: 24px; font-variant-numeric: tabular-nums; }
  .card span { color: var(--dim); font-size: 13px; }
  svg { width: 100%; height: 160px; display: block; }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #2d333b; vertical-align: top; }
  th { color: var(--dim); font-weight: normal; font-size: 13px; }
  td.ids { font-family: ui-monospace, monospace; font-size: 12px; color: var(--dim); word-break: break-all; }
  .legend { font-size: 13px; color: var(--dim); }
  .legend i { display: inline-block; width: 10px; height: 3px; margin: 0 4px 3px 8px; }
  ul { margin: 0; padding-left: 18px; }
</style>
</head>
<body>
<header><h1>godot-ws serve</h1><span id="kind"></span><span id="state">connecting…</span></header>
<main>
  <section class="cards">
    <div class="card"><b id="peers">–</b><span>peers</span></div>
    <div class="card"><b id="room-count">–</b><span>rooms</span></div>
    <div class="card"><b id="msgs-in">–</b><span>messages in / s</span></div>
    <div class="card"><b id="msgs-out">–</b><span>messages out / s</span></div>
    <div class="card"><b id="bytes-in">–</b><span>received / s</span></div>
    <div class="card"><b id="bytes-out">–</b><span>sent / s</span></div>
    <div class="card"><b id="uptime">–</b><span>uptime</span></div>
    <div class="card"><b id="joined">–</b><span>joins (left: <span id="left">–</span>)</span></div>
  </section>
  <section class="card" id="cluster" hidden><span id="cluster-line"></span></section>
  <section class="card">
    <div class="legend">last 10 minutes<i style="background:var(--a)"></i>peers<i style="background:var(--b)"></i>messages out / s</div>
    <svg id="chart" viewBox="0 0 600 160" preserveAspectRatio="none">
      <polyline id="line-peers" fill="none" stroke="#478cbf" stroke-width="2" points=""/>
      <polyline id="line-msgs" fill="none" stroke="#e0a84f" stroke-width="2" points=""/>
    </svg>
  </section>
  <section class="card">
    <table><thead><tr><th>room</th><th>members</th><th>tag</th><th>age</th><th>peer ids</th><th>rate-limited</th></tr></thead>
    <tbody id="room-list"></tbody></table>
  </section>
  <section class="card" id="signaling" hidden>
    <table><thead><tr><th>WebRTC lobby</th><th>peers</th><th>kind</th><th>age</th></tr></thead>
    <tbody id="lobby-list"></tbody></table>
  </section>
  <section class="cards">
    <div class="card"><span>close codes</span><ul id="close-codes"></ul></div>
    <div class="card"><span>refused joins</span><ul id="refused"></ul></div>
    <div class="card"><span>over the rate limits</span><ul id="rate-limited"></ul></div>
    <div class="card"><span>RPCs</span><ul id="rpc"></ul></div>
    <div class="card"><span>script errors</span><ul id="hook-errors"></ul></div>
  </section>
</main>
<script>
  const $ = (id) => document.getElementById(id);
  let history = [];
  const fmt = (n) => n >= 1e6 ? (n / 1e6).toFixed(1) + 'M' : n >= 1e4 ? (n / 1e3).toFixed(1) + 'k' : String(n);
  const bytes = (n) => n >= 1048576 ? (n / 1048576).toFixed(1) + ' MiB' : n >= 1024 ? (n / 1024).toFixed(1) + ' KiB' : n + ' B';
  const age = (s) => s >= 3600 ? Math.floor(s / 3600) + 'h ' + Math.floor(s % 3600 / 60) + 'm' : s >= 60 ? Math.floor(s / 60) + 'm ' + s % 60 + 's' : s + 's';
  function line(id, values) {
    const max = Math.max(1, ...values);
    const step = 600 / Math.max(1, values.length - 1);
    $(id).setAttribute('points', values.map((v, i) => (i * step).toFixed(1) + ',' + (156 - v / max * 150).toFixed(1)).join(' '));
  }
  function list(id, entries) {
    const ul = $(id);
    ul.replaceChildren(...entries.map(([k, v]) => { const li = document.createElement('li'); li.textContent = k + ': ' + v; return li; }));
    if (entries.length === 0) ul.innerHTML = '<li>none</li>';
  }
  function show(s) {
    if (s.history) history = s.history.slice();
    else if (s.sample && (history.length === 0 || history[history.length - 1].t !== s.sample.t)) history.push(s.sample);
    if (history.length > 600) history = history.slice(-600);
    const last = s.sample || { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };
    $('kind').textContent = s.kind + ' rooms';
    $('peers').textContent = fmt(s.peers);
    $('room-count').textContent = fmt(s.roomCount);
    $('msgs-in').textContent = fmt(last.messagesIn);
    $('msgs-out').textContent = fmt(last.messagesOut);
    $('bytes-in').textContent = bytes(last.bytesIn);
    $('bytes-out').textContent = bytes(last.bytesOut);
    $('uptime').textContent = age(s.uptime);
    $('joined').textContent = fmt(s.joined);
    $('left').textContent = fmt(s.left);
    line('line-peers', history.map((x) => x.peers));
    line('line-msgs', history.map((x) => x.messagesOut));
    $('room-list').replaceChildren(...s.rooms.map((r) => {
      const tr = document.createElement('tr');
      const cells = [r.name + (r.private ? ' (private)' : ''), r.members + ' / ' + r.capacity, r.tag || '', age(r.age), r.peers.join(' ') + (r.members > r.peers.length ? ' …' : ''), fmt(r.rateLimited)];
      cells.forEach((text, i) => { const td = document.createElement('td'); td.textContent = text; if (i === 4) td.className = 'ids'; tr.append(td); });
      tr.dataset.room = r.name;
      return tr;
    }));
    if (s.roomCount > s.rooms.length) {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td colspan="6"></td>';
      tr.firstChild.textContent = '… and ' + (s.roomCount - s.rooms.length) + ' more rooms';
      $('room-list').append(tr);
    }
    if (s.cluster) {
      const c = s.cluster;
      $('cluster').hidden = false;
      $('cluster-line').textContent = 'cluster node ' + c.node + ' · ' + c.nodes.length + ' nodes live · ' + fmt(c.rooms) + ' rooms, ' + fmt(c.members) + ' members in all (the table below: this node only)';
    }
    if (s.lobbies) {
      $('signaling').hidden = false;
      $('lobby-list').replaceChildren(...s.lobbies.map((l) => {
        const tr = document.createElement('tr');
        [l.name, l.peers, (l.mesh ? 'mesh' : 'client/server') + (l.sealed ? ', sealed' : ''), age(l.ageSeconds)].forEach((text) => {
          const td = document.createElement('td'); td.textContent = String(text); tr.append(td);
        });
        return tr;
      }));
    }
    list('close-codes', Object.entries(s.closeCodes));
    list('refused', Object.entries(s.refused));
    const rl = s.rateLimited;
    list('rate-limited', rl.messages > 0 || rl.kicks > 0 ? [['messages dropped', fmt(rl.messages)], ['bytes dropped', bytes(rl.bytes)], ['members kicked (1008)', fmt(rl.kicks)]] : []);
    list('rpc', Object.entries(s.rpc).filter(([, n]) => n > 0));
    list('hook-errors', Object.entries(s.hookErrors));
    $('state').textContent = 'live · ' + new Date().toLocaleTimeString();
  }
  const source = new EventSource('events' + location.search);
  source.onmessage = (event) => show(JSON.parse(event.data));
  source.onerror = () => { $('state').textContent = 'reconnecting…'; };
</script>
</body>
</html>
`;
