/**
 * The admin console, served bundled at /admin/console.js for the page at
 * /admin: the reports with their metadata, drag-and-drop upload, delete,
 * reindex with live progress (reports.ts), the feedback list (feedback.ts)
 * and an "ask with diagnostics" view (ask.ts), all over the service's own API.
 *
 * The admin token is typed in once and kept in sessionStorage (gone when the
 * tab closes), sent only as a Bearer header to /api/admin/*, never put in a
 * URL. Everything from the service goes into the DOM as text, never as
 * markup, and the page runs under a CSP without 'unsafe-inline'.
 */
import { ApiFailure, ReadySchema, ReindexStatusSchema, createCall, type ReindexStatus } from './api.js';
import { askView } from './ask.js';
import { h } from './dom.js';
import { feedbackView } from './feedback.js';
import { reportsView } from './reports.js';
import { STYLES } from './styles.js';
import { TEXT } from './text.js';

const TOKEN_KEY = 'fazhi-admin-token';

function serviceBase(): string {
  const script = document.currentScript;
  const src = script instanceof HTMLScriptElement && script.src ? script.src : location.href;
  // the script is /admin/console.js: the service is one folder up
  return new URL('../', src).href;
}

function start(): void {
  const base = serviceBase();
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLES);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const root = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));

  let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  let stopViews = () => undefined as unknown;
  // signed in, a 401 means the token was changed on the server: back to the sign-in form
  const call = createCall(base, () => token, () => {
    if (sessionStorage.getItem(TOKEN_KEY)) signOut(TEXT.expired);
  });

  function signOut(message?: string): void {
    token = '';
    sessionStorage.removeItem(TOKEN_KEY);
    stopViews();
    renderSignIn(message);
  }

  function renderSignIn(message?: string): void {
    const input = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', required: '', minlength: '16' });
    const alert = h('p', { class: 'alert', role: 'alert' }, message ?? '');
    const button = h('button', { class: 'primary', type: 'submit' }, TEXT.signIn);
    const form = h('form', { class: 'signin', 'aria-label': TEXT.signIn }, h('h1', {}, TEXT.title), h('label', {}, TEXT.tokenLabel, input), button, alert);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      button.disabled = true;
      alert.textContent = '';
      token = input.value.trim();
      call('api/admin/reindex', ReindexStatusSchema)
        .then((status) => {
          sessionStorage.setItem(TOKEN_KEY, token);
          renderConsole(status);
        })
        .catch((error: unknown) => {
          token = '';
          button.disabled = false;
          const status = error instanceof ApiFailure ? error.status : 0;
          alert.textContent = status === 401 ? TEXT.badToken : status === 404 ? TEXT.disabled : status === 429 ? TEXT.throttled : error instanceof Error ? error.message : String(error);
        });
    });
    root.replaceChildren(form);
    input.focus();
  }

  function renderConsole(initial: ReindexStatus): void {
    const status = h('span', { class: 'status', role: 'status' });
    const signOutButton = h('button', { class: 'secondary', type: 'button' }, TEXT.signOut);
    signOutButton.addEventListener('click', () => signOut());
    const header = h('header', { class: 'top' }, h('h1', {}, TEXT.title), status, signOutButton);

    const views = { reports: reportsView(call), feedback: feedbackView(call), ask: askView(call) };
    stopViews = views.reports.stop;
    const tabs = h('nav', { class: 'tabs', role: 'tablist' });
    const content = h('div', { class: 'content' }, tabs);
    for (const [key, view] of Object.entries(views) as [keyof typeof views, (typeof views)[keyof typeof views]][]) {
      const tab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'false', 'data-view': key }, TEXT.tabs[key]);
      tab.addEventListener('click', () => show(key));
      tabs.append(tab);
      view.element.hidden = true;
      content.append(view.element);
    }
    const show = (key: keyof typeof views) => {
      for (const tab of tabs.querySelectorAll('button')) tab.setAttribute('aria-selected', String(tab.dataset.view === key));
      for (const [name, view] of Object.entries(views)) view.element.hidden = name !== key;
      views[key].shown();
    };
    root.replaceChildren(header, content);

    const refreshStatus = () =>
      call('readyz', ReadySchema, {}, false)
        .then((ready) => {
          status.textContent = ready.status === 'ok' ? TEXT.serving(ready.documents ?? 0, ready.paragraphs ?? 0) : TEXT.starting;
        })
        .catch((error: unknown) => {
          status.textContent = error instanceof ApiFailure && error.status === 503 ? TEXT.starting : TEXT.unreachable;
        });
    views.reports.onIndexChange(refreshStatus);
    void refreshStatus();
    views.reports.resume(initial);
    show('reports');
  }

  if (token) {
    call('api/admin/reindex', ReindexStatusSchema)
      .then(renderConsole)
      .catch(() => renderSignIn());
  } else renderSignIn();
}

start();
