// The scheduler's web UI: executors and jobs with progress, and a job's stages, operators and tasks.
// Plain JavaScript over the REST API under /api; redraws every two seconds.
'use strict';

const REFRESH_MS = 2000;
const view = document.getElementById('view');

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}
function time(ms) { return ms ? new Date(ms).toLocaleTimeString() : ''; }
function ago(ms) {
  const s = Math.max(0, (Date.now() - ms) / 1000);
  return s < 60 ? s.toFixed(1) + ' s ago' : Math.round(s / 60) + ' min ago';
}
function span(fromMs, toMs) {
  if (!fromMs) return '';
  const s = ((toMs || Date.now()) - fromMs) / 1000;
  return s < 60 ? s.toFixed(s < 10 ? 2 : 1) + ' s' : Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
}
function nanos(n) { return n >= 1e9 ? (n / 1e9).toFixed(2) + ' s' : (n / 1e6).toFixed(1) + ' ms'; }
function count(n) { return Number(n).toLocaleString('en-US'); }
function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
  return (u === 0 ? n : n.toFixed(1)) + ' ' + units[u];
}
function bar(fraction, state, label) {
  const pct = Math.round(fraction * 100);
  return `<div class="bar ${esc(state)}"><div style="width:${pct}%"></div><span>${esc(label ?? pct + '%')}</span></div>`;
}
function badge(state) { return `<span class="badge ${esc(state)}">${esc(state)}</span>`; }

async function get(path) {
  const r = await fetch(path, {cache: 'no-store'});
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

async function cancel(id) {
  if (!confirm('Cancel job ' + id + '?')) return;
  const r = await fetch('api/jobs/' + encodeURIComponent(id) + '/cancel', {method: 'POST'});
  const body = await r.json();
  if (!r.ok || !body.cancelled) alert(body.error || 'the job was not running (' + body.state + ')');
  refresh();
}

async function drawHeader() {
  const s = await get('api/state');
  document.getElementById('state').textContent =
    `v${s.version} · up ${span(s.startedAt)} · ` +
    (s.stateStore === 'etcd' ? `leader ${s.leader} (state in etcd) · ` : '') +
    `${s.executors} executors, ${s.freeTaskSlots}/${s.taskSlots} slots free · ` +
    `jobs: ${s.jobs.running} running, ${s.jobs.completed} completed, ${s.jobs.failed} failed, ${s.jobs.cancelled} cancelled`;
}

async function drawHome() {
  const [executors, jobs] = await Promise.all([get('api/executors'), get('api/jobs')]);
  let html = '<h2>Executors</h2><table><tr><th>ID</th><th>Address</th><th>Status</th><th class="num">Slots</th>' +
    '<th class="num">Free</th><th>Busy</th><th>Last heartbeat</th></tr>';
  for (const e of executors) {
    const busy = e.taskSlots - e.freeSlots;
    html += `<tr><td>${esc(e.id)}</td><td><code>${esc(e.address)}</code></td><td>${badge(e.status)}</td>` +
      `<td class="num">${e.taskSlots}</td><td class="num">${e.freeSlots}</td>` +
      `<td>${bar(e.taskSlots ? busy / e.taskSlots : 0, 'RUNNING', busy + ' / ' + e.taskSlots)}</td>` +
      `<td>${ago(e.lastHeartbeat)}</td></tr>`;
  }
  if (!executors.length) html += '<tr><td colspan="7" class="muted">No executors registered.</td></tr>';
  html += '</table><h2>Jobs</h2><table><tr><th>Job</th><th>SQL</th><th>State</th><th>Progress</th>' +
    '<th>Submitted</th><th class="num">Duration</th><th></th></tr>';
  for (const j of jobs) {
    const active = j.state === 'RUNNING' || j.state === 'QUEUED';
    html += `<tr><td><a href="#/jobs/${encodeURIComponent(j.id)}"><code>${esc(j.id)}</code></a></td>` +
      `<td><div class="sql" title="${esc(j.sql)}">${esc(j.sql)}</div>` +
      (j.error ? `<div class="error">${esc(j.error.code)}: ${esc(j.error.message)}</div>` : '') + '</td>' +
      `<td>${badge(j.state)}</td>` +
      `<td>${bar(j.progress, j.state, j.completedTasks + ' / ' + j.totalTasks + ' tasks')}</td>` +
      `<td>${time(j.submittedAt)}</td><td class="num">${span(j.submittedAt, j.endedAt)}</td>` +
      `<td>${active ? `<button data-cancel="${esc(j.id)}">Cancel</button>` : ''}</td></tr>`;
  }
  if (!jobs.length) html += '<tr><td colspan="7" class="muted">No jobs yet.</td></tr>';
  view.innerHTML = html + '</table>';
}

async function drawJob(id) {
  const j = await get('api/jobs/' + encodeURIComponent(id));
  const active = j.state === 'RUNNING' || j.state === 'QUEUED';
  let html = `<h2><a href="#/">Jobs</a> / <code>${esc(j.id)}</code> ${badge(j.state)} ` +
    (active ? `<button data-cancel="${esc(j.id)}">Cancel</button>` : '') + '</h2>' +
    `<pre class="sqltext">${esc(j.sql)}</pre>` +
    (j.error ? `<p class="error">${esc(j.error.code)}: ${esc(j.error.message)}</p>` : '') +
    '<div class="cards" style="margin-top:12px">' +
    `<div class="card">Progress<b>${Math.round(j.progress * 100)}%</b>${j.completedTasks} / ${j.totalTasks} tasks</div>` +
    `<div class="card">Duration<b>${span(j.submittedAt, j.endedAt)}</b>submitted ${time(j.submittedAt)}</div>` +
    `<div class="card">Result<b>${count(j.resultRows)} rows</b>${bytes(j.resultBytes)}</div></div>` +
    '<h2>Stages</h2><table><tr><th>Stage</th><th>State</th><th>Progress</th><th class="num">Input rows</th>' +
    '<th class="num">Input bytes</th><th class="num">Output rows</th><th class="num">Output bytes</th>' +
    '<th class="num">Wall</th><th class="num">Task time</th><th class="num">CPU</th><th class="num">Peak memory</th>' +
    '<th class="num">Spilled</th></tr>';
  for (const s of j.stages) {
    const m = s.metrics;
    html += `<tr><td>${s.id}${s.inputStages.length ? ' <span class="muted">← ' + s.inputStages.join(', ') + '</span>' : ''}</td>` +
      `<td>${badge(s.state)}</td>` +
      `<td>${bar(s.tasks ? s.completedTasks / s.tasks : 0, s.state, s.completedTasks + ' / ' + s.tasks +
        (s.runningTasks ? ' (' + s.runningTasks + ' running)' : ''))}</td>` +
      `<td class="num">${count(m.inputRows)}</td><td class="num">${bytes(m.inputBytes)}</td>` +
      `<td class="num">${count(m.outputRows)}</td><td class="num">${bytes(m.outputBytes)}</td>` +
      `<td class="num">${span(s.startedAt, s.endedAt)}</td><td class="num">${nanos(m.elapsedNanos)}</td>` +
      `<td class="num">${nanos(m.cpuNanos)}</td><td class="num">${bytes(m.peakMemoryBytes)}</td>` +
      `<td class="num">${bytes(m.spilledBytes)}</td></tr>`;
  }
  html += '</table>';
  for (const s of j.stages) {
    html += `<h2>Stage ${s.id}: operators</h2><table><tr><th>Operator</th><th class="num">Rows</th>` +
      '<th class="num">Batches</th><th class="num">Time (all tasks, inputs included)</th></tr>';
    for (const op of s.operators) {
      html += `<tr><td class="plan">${esc('  '.repeat(op.depth) + op.operator)}</td>` +
        `<td class="num">${op.outputRows === undefined ? '' : count(op.outputRows)}</td>` +
        `<td class="num">${op.outputBatches === undefined ? '' : count(op.outputBatches)}</td>` +
        `<td class="num">${op.elapsedNanos === undefined ? '' : nanos(op.elapsedNanos)}</td></tr>`;
    }
    html += '</table><details><summary>Tasks</summary><table><tr><th class="num">Partition</th><th class="num">Attempt</th>' +
      '<th>State</th><th>Executor</th><th class="num">Input rows</th><th class="num">Output rows</th>' +
      '<th class="num">Output bytes</th><th class="num">Time</th><th class="num">Peak memory</th></tr>';
    for (const t of s.taskList) {
      const m = t.metrics;
      html += `<tr><td class="num">${t.partition}</td><td class="num">${t.attempt}</td><td>${badge(t.state)}</td>` +
        `<td>${esc(t.executorId)}</td><td class="num">${m ? count(m.inputRows) : ''}</td>` +
        `<td class="num">${m ? count(m.outputRows) : ''}</td><td class="num">${m ? bytes(m.outputBytes) : ''}</td>` +
        `<td class="num">${m ? nanos(m.elapsedNanos) : span(t.launchedAt, t.endedAt)}</td>` +
        `<td class="num">${m ? bytes(m.peakMemoryBytes) : ''}</td></tr>`;
    }
    html += '</table></details>';
  }
  view.innerHTML = html;
}

let openDetails = new Set();
async function refresh() {
  const route = location.hash.match(/^#\/jobs\/(.+)$/);
  // Keep open task lists open across redraws.
  openDetails = new Set([...view.querySelectorAll('details')].map((d, i) => d.open ? i : -1).filter(i => i >= 0));
  try {
    await drawHeader();
    if (route) await drawJob(decodeURIComponent(route[1])); else await drawHome();
    view.querySelectorAll('details').forEach((d, i) => { d.open = openDetails.has(i); });
    document.getElementById('error').textContent = '';
  } catch (e) {
    document.getElementById('error').textContent = 'cannot reach the scheduler: ' + e.message;
  }
}

view.addEventListener('click', e => {
  const id = e.target.dataset && e.target.dataset.cancel;
  if (id) cancel(id);
});
window.addEventListener('hashchange', () => { view.innerHTML = ''; refresh(); });
refresh();
setInterval(refresh, REFRESH_MS);
