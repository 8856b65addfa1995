/**
 * The reports view: the corpus with its metadata and warnings, drag-and-drop
 * upload with a result per file, delete (a second click confirms), and
 * reindex with live status polled from GET /api/admin/reindex while the
 * previous index keeps answering.
 */
import * as z from 'zod/mini';
import { ApiFailure, DocumentsSchema, ReindexStatusSchema, UploadSchema, type Call, type Doc, type ReindexStatus } from './api.js';
import { clock, h } from './dom.js';
import { TEXT } from './text.js';

const POLL_MS = 500;
const CONFIRM_MS = 5000;

export function reportsView(call: Call) {
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  const stopPolling = () => {
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    pollTimer = undefined;
  };
  const uploadedSince = new Map<string, string>();
  const removedSince = new Set<string>();
  let skipped: { file: string; reason: string }[] = [];
  let documents: Doc[] = [];
  let onChange = () => undefined as unknown;

  const fileInput = h('input', { type: 'file', multiple: '', hidden: '' });
  const chooseButton = h('button', { class: 'secondary', type: 'button' }, TEXT.choose);
  const overwrite = h('input', { type: 'checkbox', name: 'overwrite' });
  const drop = h('div', { class: 'drop', 'data-drop': '' }, TEXT.drop, ' ', chooseButton, fileInput);
  const results = h('ul', { class: 'results', 'aria-live': 'polite', 'aria-label': TEXT.upload });
  const uploadCard = h(
    'section',
    { class: 'card', 'aria-label': TEXT.upload },
    h('h2', {}, TEXT.upload),
    drop,
    h('p', { class: 'note' }, h('label', {}, overwrite, ' ', TEXT.overwrite), ' · ', TEXT.uploadHint),
    results,
  );

  const reindexButton = h('button', { class: 'primary', type: 'button', 'data-action': 'reindex' }, TEXT.reindex);
  const progress = h('progress', { max: '1', hidden: '' });
  const reindexStatus = h('span', { class: 'reindex-status', role: 'status' });
  const events = h('ol', { class: 'events', 'aria-label': TEXT.reindex });
  const reindexCard = h('section', { class: 'card' }, h('h2', {}, TEXT.reindex), h('div', { class: 'reindex' }, reindexButton, progress, reindexStatus), events);

  const tbody = h('tbody', {});
  const table = h('table', { class: 'reports' }, h('thead', {}, h('tr', {}, ...TEXT.columns.map((c) => h('th', {}, c)))), tbody);
  const listAlert = h('p', { class: 'alert', role: 'alert' });
  const listCard = h('section', { class: 'card' }, h('h2', {}, TEXT.reports), listAlert, table);
  const element = h('div', { 'data-view': 'reports' }, uploadCard, reindexCard, listCard);

  const event = (text: string) => events.append(h('li', {}, `${clock()} ${text}`));

  // the list

  const removeButton = (file: string) => {
    const button = h('button', { class: 'danger', type: 'button', 'data-remove': file }, TEXT.remove);
    let armed: ReturnType<typeof setTimeout> | undefined;
    button.addEventListener('click', () => {
      if (armed === undefined) {
        button.textContent = TEXT.confirmRemove;
        button.classList.add('confirm');
        armed = setTimeout(() => {
          armed = undefined;
          button.textContent = TEXT.remove;
          button.classList.remove('confirm');
        }, CONFIRM_MS);
        return;
      }
      clearTimeout(armed);
      button.disabled = true;
      call(`api/admin/reports/${encodeURIComponent(file)}`, z.looseObject({ file: z.string() }), { method: 'DELETE' })
        .then(() => {
          removedSince.add(file);
          uploadedSince.delete(file);
          event(TEXT.removed(file));
          renderList();
        })
        .catch((error: unknown) => {
          button.disabled = false;
          listAlert.textContent = `${file}: ${error instanceof Error ? error.message : String(error)}`;
        });
    });
    return button;
  };

  const warningTags = (doc: Doc): Node[] => {
    const tags: string[] = [...(doc.warnings ?? [])];
    if (doc.ocrPages) tags.push(TEXT.ocr(doc.ocrPages));
    if (removedSince.has(doc.file)) tags.push(TEXT.pendingRemove);
    else if (uploadedSince.has(doc.file)) tags.push(TEXT.pendingUpload);
    return tags.map((tag) => h('span', { class: 'tag' }, tag));
  };

  const cells = (values: (string | number | null | undefined)[]) =>
    values.map((value) => h('td', typeof value === 'number' ? { class: 'num' } : {}, value === null || value === undefined || value === '' ? '—' : String(value)));

  function renderList(): void {
    const rows: HTMLTableRowElement[] = [];
    const listed = new Set<string>();
    for (const doc of documents) {
      listed.add(doc.file);
      const script = doc.script === 'traditional' ? TEXT.traditional : doc.script === 'simplified' ? TEXT.simplified : doc.script;
      const row = h(
        'tr',
        { 'data-file': doc.file, class: removedSince.has(doc.file) ? 'removed' : uploadedSince.has(doc.file) ? 'pending' : undefined },
        ...cells([doc.file, doc.title, doc.issuer, doc.locality, doc.region, doc.year, doc.pages, doc.paragraphs, script]),
        h('td', {}, ...warningTags(doc)),
        h('td', {}, removedSince.has(doc.file) ? null : removeButton(doc.file)),
      );
      rows.push(row);
    }
    for (const [file, note] of uploadedSince) {
      if (listed.has(file)) continue;
      listed.add(file);
      rows.push(h('tr', { 'data-file': file, class: 'pending' }, ...cells([file, '', '', '', '', null, null, null, '']), h('td', {}, h('span', { class: 'tag' }, note)), h('td', {}, removeButton(file))));
    }
    for (const item of skipped) {
      if (listed.has(item.file) || removedSince.has(item.file)) continue;
      rows.push(h('tr', { 'data-file': item.file }, ...cells([item.file, '', '', '', '', null, null, null, '']), h('td', {}, h('span', { class: 'tag' }, TEXT.skipped(item.reason))), h('td', {}, removeButton(item.file))));
    }
    tbody.replaceChildren(...rows);
  }

  async function loadDocuments(): Promise<void> {
    try {
      documents = (await call('api/documents', DocumentsSchema, {}, false)).documents;
      listAlert.textContent = '';
    } catch (error) {
      documents = [];
      listAlert.textContent = error instanceof Error ? error.message : String(error);
    }
    renderList();
  }

  // upload

  async function upload(files: File[]): Promise<void> {
    for (const file of files) {
      const line = h('li', { 'data-upload': file.name }, `${file.name}: ${TEXT.uploading}`);
      results.append(line);
      const form = new FormData();
      form.append('file', file, file.name);
      const query = overwrite.checked ? '?overwrite=true' : '';
      try {
        const stored = await call(`api/admin/reports${query}`, UploadSchema, { method: 'POST', body: form });
        line.className = 'ok';
        line.textContent = `✓ ${stored.file}: ${TEXT.uploaded(stored.bytes, stored.replaced === true)}`;
        uploadedSince.set(stored.file, TEXT.pendingUpload);
        removedSince.delete(stored.file);
      } catch (error) {
        line.className = 'bad';
        const message = error instanceof ApiFailure ? TEXT.failed(error.status, `${error.code}: ${error.message}`) : String(error);
        line.textContent = `✗ ${file.name}: ${message}`;
      }
    }
    renderList();
  }

  chooseButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const files = [...(fileInput.files ?? [])];
    fileInput.value = '';
    void upload(files);
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void upload([...(e.dataTransfer?.files ?? [])]);
  });

  // reindex

  let runningSince: number | undefined;

  function showStatus(state: ReindexStatus): void {
    if (state.running) {
      runningSince ??= Date.now();
      reindexButton.disabled = true;
      progress.hidden = false;
      const p = state.progress;
      if (p && p.total > 0) {
        progress.value = p.done / p.total;
        reindexStatus.textContent = `${TEXT.reindexRunning(Math.round((Date.now() - runningSince) / 1000))} ${TEXT.reindexProgress(p.stage, p.done, p.total)}`;
      } else {
        progress.removeAttribute('value');
        reindexStatus.textContent = TEXT.reindexRunning(Math.round((Date.now() - runningSince) / 1000));
      }
      element.dataset.reindex = 'running';
      return;
    }
    reindexButton.disabled = false;
    progress.hidden = true;
    const last = state.last;
    const wasRunning = runningSince !== undefined;
    runningSince = undefined;
    element.dataset.reindex = last ? (last.ok ? 'done' : 'failed') : 'idle';
    if (!last) {
      reindexStatus.textContent = '';
      return;
    }
    if (last.ok && last.result) {
      reindexStatus.textContent = TEXT.reindexDone(last.result.documents, last.result.paragraphs, last.result.ms);
      skipped = last.result.skipped;
      if (wasRunning) {
        uploadedSince.clear();
        removedSince.clear();
        event(reindexStatus.textContent);
        for (const item of skipped) event(`${item.file}: ${TEXT.skipped(item.reason)}`);
      }
    } else {
      reindexStatus.textContent = TEXT.reindexFailed(last.error ?? '');
      if (wasRunning) event(reindexStatus.textContent);
    }
    if (wasRunning) {
      void loadDocuments();
      onChange();
    }
  }

  function poll(): void {
    stopPolling();
    pollTimer = setTimeout(() => {
      call('api/admin/reindex', ReindexStatusSchema)
        .then((state) => {
          showStatus(state);
          if (state.running) poll();
        })
        .catch((error: unknown) => {
          reindexStatus.textContent = error instanceof Error ? error.message : String(error);
          if (!(error instanceof ApiFailure && error.status === 401)) poll();
        });
    }, POLL_MS);
  }

  reindexButton.addEventListener('click', () => {
    reindexButton.disabled = true;
    call('api/admin/reindex?wait=false', z.looseObject({}), { method: 'POST' })
      .catch((error: unknown) => {
        // already running (409): follow that one
        if (!(error instanceof ApiFailure && error.code === 'reindex_running')) throw error;
      })
      .then(() => {
        event(TEXT.reindexStarted);
        showStatus({ running: true, last: null });
        poll();
      })
      .catch((error: unknown) => {
        reindexButton.disabled = false;
        reindexStatus.textContent = error instanceof Error ? error.message : String(error);
      });
  });

  return {
    element,
    shown: () => void loadDocuments(),
    /** Stops following a reindex (signing out). */
    stop: stopPolling,
    onIndexChange: (listener: () => unknown) => {
      onChange = listener;
    },
    /** Picks up the state at sign-in: a reindex already running is followed. */
    resume: (state: ReindexStatus) => {
      if (state.last?.result) skipped = state.last.result.skipped;
      showStatus(state);
      if (state.running) poll();
    },
  };
}
