// Task center — 任务中心: the agency's download tasks, newest first, with live state and progress
// (polled while any task is unfinished), the file download of finished ones, and delete. Agency-global
// staff see every task of the agency, a dedicated employee only their own (the server decides).
import { registerPage } from '../app.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import * as fmt from '../format.js';

const PAGE_SIZE = 20;
const POLL_MS = 1000;

function size(bytes) {
  if (bytes == null) return '—';
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

/** Downloads a finished task's file with the session's token (a plain link cannot carry it). */
export async function downloadTask(task) {
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await api.blob(task.downloadUrl)), download: task.fileName });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function stateCell(x) {
  const label = t('task.state.' + x.state);
  if (x.state === 'running' || x.state === 'created') {
    return `<span class="bar"><i style="width:${x.progress}%"></i></span> ${fmt.esc(label)} ${x.progress}%`;
  }
  if (x.state === 'failed') return `<span class="error" title="${fmt.esc(x.error || '')}">${fmt.esc(label)}</span> <small class="muted">${fmt.esc(x.error || '')}</small>`;
  return `<span class="state-done">${fmt.esc(label)}</span>`;
}

/** One task's row; the task the page was opened for (?id=) is marked. */
function rowHtml(x, selectedId) {
  const highlight = String(x.id) === selectedId ? ' class="selected" aria-current="true"' : '';
  return `<tr data-task="${x.id}" data-state="${x.state}"${highlight}><td>${x.id}</td>
    <td class="text">${fmt.esc(t('task.kind.' + x.kind))}</td><td class="text">${x.format.toUpperCase()}</td>
    <td class="text">${fmt.esc(x.createdBy.name)}</td><td class="text">${fmt.esc(fmt.time(x.createdAt))}</td>
    <td class="text" data-f="state">${stateCell(x)}</td><td>${fmt.count(x.rows)}</td><td>${size(x.fileSize)}</td>
    <td class="text">${x.state === 'done' ? `<button type="button" class="btn link" data-act="download" title="${fmt.esc(t('task.expires', { t: fmt.time(x.expiresAt) }))}">${t('task.download')}</button>` : ''}
      ${x.state === 'done' || x.state === 'failed' ? `<button type="button" class="btn link danger" data-act="delete">${t('task.delete')}</button>` : ''}</td></tr>`;
}

registerPage('tasks', {
  title: { 'zh-CN': '任务中心', en: 'Task center' },
  nav: true,
  order: 90,
  capability: 'EXPORTS',
  async render(el, ctx) {
    const { api, params } = ctx;
    let page = 1;
    let data = null;
    let timer = null;
    el.innerHTML = `<h1>${t('task.title')}</h1>
      <section class="card"><div class="table-wrap"><table class="data" data-testid="tasks">
        <thead><tr><th scope="col">ID</th><th scope="col" class="text">${t('task.kind')}</th><th scope="col" class="text">${t('task.format')}</th>
          <th scope="col" class="text">${t('task.createdBy')}</th><th scope="col" class="text">${t('task.createdAt')}</th>
          <th scope="col" class="text">${t('task.state')}</th><th scope="col">${t('task.rows')}</th><th scope="col">${t('task.size')}</th>
          <th scope="col" class="text">${t('task.actions')}</th></tr></thead><tbody></tbody></table></div>
        <div class="pager"><span data-count></span><button type="button" class="btn" data-page="-1">${t('mon.prev')}</button>
          <span data-pageno></span><button type="button" class="btn" data-page="1">${t('mon.next')}</button></div></section>`;
    const tbody = el.querySelector('tbody');

    async function load() {
      clearTimeout(timer);
      try { data = await api.get('exports', { page, pageSize: PAGE_SIZE }); } catch (e) {
        tbody.innerHTML = `<tr><td colspan="9" class="error" role="alert">${fmt.esc(e.message)}</td></tr>`;
        return;
      }
      tbody.innerHTML = data.items.length ? data.items.map(x => rowHtml(x, params.id)).join('') : `<tr><td colspan="9" class="empty">${t('task.empty')}</td></tr>`;
      const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
      el.querySelector('[data-count]').textContent = String(data.total);
      el.querySelector('[data-pageno]').textContent = `${page} / ${pages}`;
      el.querySelector('[data-page="-1"]').disabled = page <= 1;
      el.querySelector('[data-page="1"]').disabled = page >= pages;
      // Progress without reloading: poll while anything on the page is still queued or running.
      if (data.items.some(x => x.state === 'created' || x.state === 'running')) timer = setTimeout(load, POLL_MS);
    }

    el.querySelectorAll('[data-page]').forEach(b => b.addEventListener('click', () => { page += Number(b.dataset.page); load(); }));
    tbody.addEventListener('click', async e => {
      const b = e.target.closest('button[data-act]');
      const tr = e.target.closest('tr[data-task]');
      if (!b || !tr) return;
      const task = data.items.find(x => String(x.id) === tr.dataset.task);
      try {
        if (b.dataset.act === 'download') await downloadTask(task);
        if (b.dataset.act === 'delete' && await ctx.confirmDialog(t('task.delete'), t('task.deleteConfirm'), t('task.delete'))) {
          await api.del(`exports/${task.id}`);
          await load();
        }
      } catch (err) { ctx.toast(err.message, 'error'); }
    });
    await load();
    return () => clearTimeout(timer);
  },
});
