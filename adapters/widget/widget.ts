/**
 * The embeddable chat widget, served bundled at /widget.js:
 *
 *   <script src="https://host/widget.js" data-title="法治问答" defer></script>
 *
 * A floating button opens a chat panel, all inside a shadow root so the host
 * page's CSS and ours never meet. Answers stream from POST /api/ask (SSE over
 * fetch); the `done` result replaces the streamed text. Everything that comes
 * from the service is put in the DOM as text (createTextNode/textContent),
 * never as markup.
 *
 * data- attributes on the script tag: data-endpoint (default: where the script
 * came from), data-title, data-placeholder, data-accent (a CSS colour),
 * data-open="true". `window.FazhiWidget = { open(), close(), ask(question) }`.
 */
import type { AnswerResult } from '../../src/answer/types.js';
import { parseSse } from '../../src/http/sse.js';
import { MAX_QUESTION_CHARS } from '../../src/limits.js';
import type { Citation } from '../../src/schema.js';
import { STYLES } from './styles.js';
import { h, highlighted } from './dom.js';

export interface FazhiWidgetApi {
  open(): void;
  close(): void;
  ask(question: string): void;
}

interface Options {
  endpoint: string;
  title: string;
  placeholder: string;
  accent: string | undefined;
  open: boolean;
}

const TEXT = {
  title: '法治问答',
  placeholder: '请输入问题',
  openButton: '打开法治问答',
  close: '关闭',
  send: '发送',
  newChat: '新对话',
  newChatLabel: '开始新对话',
  log: '对话记录',
  question: '问题',
  hint: '按 Enter 发送，Shift+Enter 换行',
  welcome: '您好！我可以回答各地法治政府建设报告中的问题，每个回答都注明出处。',
  thinking: '正在查找',
  sources: '来源',
  citation: (n: number) => `来源 ${n}`,
  scanned: '扫描件识别',
  back: '返回对话',
  viewSource: '查看原文',
  sourceView: '来源段落',
  refused: '未找到答案',
  helpful: '有帮助',
  unhelpful: '没有帮助',
  thanks: '感谢您的反馈',
  feedbackFailed: '反馈提交失败，请稍后再试',
  network: '网络连接失败，请检查网络后重试。',
  interrupted: '回答中断，请重试。',
  streamError: '回答时出错，请稍后再试。',
  rateLimited: (seconds: number | undefined) => (seconds ? `提问太频繁，请 ${seconds} 秒后再试。` : '提问太频繁，请稍后再试。'),
  notReady: '服务正在准备中，请稍后再试。',
  badRequest: '问题无法提交，请修改后重试。',
  failed: (status: number) => `服务暂时无法回答（错误 ${status}），请稍后再试。`,
  disclaimer: '回答摘自各地法治政府建设报告，请以原文为准',
};

/** "第3页", or "第3–4页" for a paragraph that runs onto the next page. */
function pageLabel(c: Pick<Citation, 'page' | 'pageEnd'>): string {
  return c.pageEnd !== undefined && c.pageEnd !== c.page ? `第${c.page}–${c.pageEnd}页` : `第${c.page}页`;
}

// ---------------------------------------------------------------- DOM helpers

const ICONS = {
  chat: ['M21 12a8 8 0 0 1-8 8H7l-4 3v-5.3A8 8 0 0 1 3 12a8 8 0 0 1 8-8h2a8 8 0 0 1 8 8z', 'M8 11h8M8 15h5'],
  close: ['M6 6l12 12M18 6L6 18'],
  send: ['M4 12l16-8-6 16-2.5-6.5z', 'M11.5 13.5L20 4'],
  back: ['M15 18l-6-6 6-6'],
  plus: ['M12 5v14M5 12h14'],
  external: ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5'],
  up: ['M7 11v9H4v-9z', 'M7 11l4-7a2 2 0 0 1 3 1.7V9h5a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.8 20H7'],
  info: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 11v5', 'M12 8h.01'],
};

function icon(name: keyof typeof ICONS, flip = false): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  if (flip) svg.setAttribute('transform', 'rotate(180)');
  for (const d of ICONS[name]) {
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

// ---------------------------------------------------------------- options

function currentScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const scripts = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return scripts[scripts.length - 1] ?? null;
}

function readOptions(script: HTMLScriptElement | null): Options {
  const data = script?.dataset ?? {};
  let endpoint = '';
  for (const candidate of [data.endpoint, script?.src ? new URL('./', script.src).href : undefined, location.origin]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate, location.href);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      endpoint = (url.origin + url.pathname).replace(/\/+$/, '');
      break;
    } catch {
      // not a URL; try the next
    }
  }
  const accent = data.accent?.trim();
  return {
    endpoint,
    title: data.title?.trim() || TEXT.title,
    placeholder: data.placeholder?.trim() || TEXT.placeholder,
    accent: accent && typeof CSS !== 'undefined' && CSS.supports('color', accent) ? accent : undefined,
    open: data.open === 'true',
  };
}

// ---------------------------------------------------------------- the widget

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(1, Math.ceil((date - Date.now()) / 1000)) : undefined;
}

function statusMessage(response: Response): string {
  if (response.status === 429) return TEXT.rateLimited(retryAfter(response));
  if (response.status === 503) return TEXT.notReady;
  if (response.status === 400 || response.status === 413 || response.status === 415) return TEXT.badRequest;
  return TEXT.failed(response.status);
}

function mount(options: Options): FazhiWidgetApi {
  const host = document.createElement('div');
  host.setAttribute('data-fazhi-widget', '');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLES;

  // -- structure

  const root = h('div', { class: 'root' });
  if (options.accent) root.style.setProperty('--fz-accent', options.accent);

  const launcher = h('button', { class: 'launcher', type: 'button', 'aria-label': TEXT.openButton, 'aria-expanded': 'false', 'aria-controls': 'fz-panel' }, icon('chat'), h('span', {}, options.title));

  const closeButton = h('button', { class: 'icon-btn', type: 'button', 'aria-label': TEXT.close, title: TEXT.close }, icon('close'));
  const newButton = h('button', { class: 'icon-btn', type: 'button', 'aria-label': TEXT.newChatLabel, title: TEXT.newChatLabel }, icon('plus'), TEXT.newChat);
  const heading = h('h2', { id: 'fz-title' }, icon('chat'), options.title);

  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': TEXT.log, tabindex: '-1' });
  const citeBody = h('div', { id: 'fz-cite-body' });
  const backButton = h('button', { class: 'back', type: 'button' }, icon('back'), TEXT.back);
  const citeView = h('div', { class: 'citeview', role: 'region', 'aria-label': TEXT.sourceView, hidden: '' }, backButton, citeBody);

  const input = h('textarea', { rows: '1', placeholder: options.placeholder, 'aria-label': TEXT.question, 'aria-describedby': 'fz-hint', maxlength: String(MAX_QUESTION_CHARS), enterkeyhint: 'send' });
  const sendButton = h('button', { class: 'send', type: 'submit' }, icon('send'), TEXT.send);
  const form = h('form', { class: 'form' }, input, sendButton);
  const panel = h(
    'div',
    { class: 'panel', id: 'fz-panel', role: 'dialog', 'aria-labelledby': 'fz-title', hidden: '' },
    h('div', { class: 'head' }, heading, newButton, closeButton),
    h('div', { class: 'body' }, log, citeView),
    form,
    h('div', { class: 'foot' }, TEXT.disclaimer, h('span', { class: 'sr', id: 'fz-hint' }, TEXT.hint)),
  );
  root.append(launcher, panel);
  shadow.append(style, root);

  // -- state

  let conversationId: string | undefined;
  let busy = false;
  let citeOpener: HTMLElement | null = null;

  const isOpen = () => !panel.hidden;
  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  const toBottom = () => {
    log.scrollTop = log.scrollHeight;
  };

  const autosize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 140)}px`;
  };

  function open(focus = true): void {
    panel.hidden = false;
    root.classList.add('open');
    launcher.setAttribute('aria-expanded', 'true');
    if (!log.childElementCount) addBot().note(TEXT.welcome);
    if (focus) input.focus();
    toBottom();
  }

  function close(): void {
    closeCitation(false);
    panel.hidden = true;
    root.classList.remove('open');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  // -- messages

  function addUser(text: string): void {
    log.append(h('div', { class: 'msg user' }, h('div', { class: 'bubble' }, text)));
    toBottom();
  }

  function citeButton(citation: Citation): HTMLButtonElement {
    const button = h('button', { class: 'cite', type: 'button', 'aria-label': TEXT.citation(citation.n), title: citation.title }, String(citation.n));
    button.addEventListener('click', () => showCitation(citation, button));
    return button;
  }

  /** Answer text with each [n] that names a citation turned into a button. */
  function answerNodes(text: string, citations: Citation[]): Node[] {
    const out: Node[] = [];
    const marker = /\[(\d{1,3})\]/g;
    let last = 0;
    for (let match = marker.exec(text); match; match = marker.exec(text)) {
      const citation = citations.find((c) => c.n === Number(match![1]));
      if (!citation) continue;
      if (match.index > last) out.push(document.createTextNode(text.slice(last, match.index)));
      out.push(citeButton(citation));
      last = match.index + match[0].length;
    }
    if (last < text.length) out.push(document.createTextNode(text.slice(last)));
    return out;
  }

  function sourcesList(result: AnswerResult): HTMLElement | null {
    const cited = new Set<number>();
    for (const match of result.answer.matchAll(/\[(\d{1,3})\]/g)) cited.add(Number(match[1]));
    let shown = result.citations.filter((c) => cited.has(c.n));
    if (!shown.length && result.answered) shown = result.citations.slice(0, 3);
    if (!shown.length) return null;
    const list = h('div', { class: 'sources' }, h('div', { class: 'sources-title' }, TEXT.sources));
    for (const citation of shown) {
      const place = `${citation.section.length ? ` · ${citation.section[citation.section.length - 1]}` : ''}${citation.page !== undefined ? ` · ${pageLabel(citation)}` : ''}`;
      const button = h('button', { class: 'source', type: 'button', 'aria-label': `${TEXT.citation(citation.n)}：${citation.title}` }, h('span', { class: 'n' }, `[${citation.n}]`), h('span', { class: 't' }, `${citation.title}${place}`));
      button.addEventListener('click', () => showCitation(citation, button));
      list.append(button);
    }
    return list;
  }

  function ratingRow(result: AnswerResult): HTMLElement {
    const status = h('span', { class: 'status', role: 'status' });
    const up = h('button', { type: 'button', 'aria-label': TEXT.helpful, title: TEXT.helpful, 'aria-pressed': 'false', 'data-rating': 'up' }, icon('up'));
    const down = h('button', { type: 'button', 'aria-label': TEXT.unhelpful, title: TEXT.unhelpful, 'aria-pressed': 'false', 'data-rating': 'down' }, icon('up', true));
    const rate = (rating: 'up' | 'down', button: HTMLButtonElement) => {
      up.disabled = down.disabled = true;
      button.setAttribute('aria-pressed', 'true');
      void (async () => {
        try {
          const response = await fetch(`${options.endpoint}/api/feedback`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ answerId: result.id, conversationId: result.conversationId, rating }),
          });
          if (!response.ok) throw new Error(String(response.status));
          status.textContent = TEXT.thanks;
        } catch {
          status.textContent = TEXT.feedbackFailed;
          up.disabled = down.disabled = false;
          button.setAttribute('aria-pressed', 'false');
        }
      })();
    };
    up.addEventListener('click', () => rate('up', up));
    down.addEventListener('click', () => rate('down', down));
    return h('div', { class: 'rate' }, up, down, status);
  }

  function addBot() {
    const bubble = h('div', { class: 'bubble' });
    const message = h('div', { class: 'msg bot' }, bubble);
    log.append(message);
    const follow = <T>(update: () => T): T => {
      const stick = nearBottom();
      const out = update();
      if (stick) toBottom();
      return out;
    };
    return {
      note(text: string) {
        follow(() => bubble.replaceChildren(text));
      },
      thinking() {
        follow(() => {
          bubble.setAttribute('aria-busy', 'true');
          bubble.replaceChildren(h('span', { class: 'thinking' }, TEXT.thinking));
        });
      },
      stream(text: string, citations: Citation[]) {
        follow(() => bubble.replaceChildren(...answerNodes(text, citations)));
      },
      done(result: AnswerResult) {
        follow(() => {
          bubble.removeAttribute('aria-busy');
          if (result.answered) {
            bubble.replaceChildren(...answerNodes(result.answer, result.citations));
          } else {
            message.classList.add('notice');
            bubble.replaceChildren(h('div', { class: 'label' }, icon('info'), TEXT.refused), result.answer);
          }
          const sources = sourcesList(result);
          if (sources) bubble.append(sources);
          bubble.append(ratingRow(result));
        });
      },
      error(text: string) {
        follow(() => {
          bubble.removeAttribute('aria-busy');
          message.classList.add('error');
          bubble.setAttribute('role', 'alert');
          bubble.replaceChildren(text);
        });
      },
    };
  }

  // -- citations

  function showCitation(citation: Citation, opener: HTMLElement): void {
    citeOpener = opener;
    const meta = [citation.locality, citation.region, citation.year ? `${citation.year}年` : undefined, citation.page !== undefined ? pageLabel(citation) : undefined, citation.ocr ? TEXT.scanned : undefined].filter(Boolean).join(' · ');
    const source = new URL(`${options.endpoint}/documents/${encodeURIComponent(citation.docId)}`);
    source.hash = citation.id;
    const link = h('a', { class: 'srclink', target: '_blank', rel: 'noopener' }, TEXT.viewSource, icon('external'));
    link.href = source.href;
    const text = citation.quote && !citation.text.includes(citation.quote) && citation.simplified.includes(citation.quote) ? citation.simplified : citation.text;
    const parts: Node[] = [h('h3', { id: 'fz-cite-title' }, h('span', { class: 'n' }, `[${citation.n}] `), citation.title)];
    if (meta) parts.push(h('p', { class: 'meta' }, meta));
    if (citation.section.length) parts.push(h('p', { class: 'path' }, citation.section.join(' › ')));
    parts.push(h('blockquote', { class: 'para' }, ...highlighted(text, citation.quote)), link);
    citeBody.replaceChildren(...parts);
    citeView.hidden = false;
    citeView.scrollTop = 0;
    backButton.focus();
  }

  function closeCitation(restoreFocus = true): void {
    if (citeView.hidden) return;
    citeView.hidden = true;
    citeBody.replaceChildren();
    if (restoreFocus) (citeOpener?.isConnected ? citeOpener : input).focus();
    citeOpener = null;
  }

  // -- asking

  /** Puts a question that could not be sent back in the input, unless the user has typed something since. */
  function restore(question: string): void {
    if (input.value.trim()) return;
    input.value = question;
    autosize();
  }

  async function ask(raw: string): Promise<void> {
    const question = raw.trim().slice(0, MAX_QUESTION_CHARS);
    if (!question) return;
    if (!isOpen()) open(false);
    if (busy) {
      input.value = question;
      autosize();
      return;
    }
    busy = true;
    sendButton.disabled = true;
    closeCitation(false);
    addUser(question);
    const bot = addBot();
    bot.thinking();
    try {
      let response: Response;
      try {
        response = await fetch(`${options.endpoint}/api/ask`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
          body: JSON.stringify(conversationId ? { question, conversationId } : { question }),
        });
      } catch {
        bot.error(TEXT.network);
        restore(question);
        return;
      }
      if (!response.ok) {
        bot.error(statusMessage(response));
        restore(question);
        return;
      }
      let result: AnswerResult | undefined;
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || !response.body) {
        result = (await response.json()) as AnswerResult;
      } else {
        let citations: Citation[] = [];
        let text = '';
        try {
          for await (const event of parseSse(response.body)) {
            if (event.event === 'citations') citations = JSON.parse(event.data) as Citation[];
            else if (event.event === 'delta') {
              text += (JSON.parse(event.data) as { text: string }).text;
              bot.stream(text, citations);
            } else if (event.event === 'done') result = JSON.parse(event.data) as AnswerResult;
            else if (event.event === 'error') {
              bot.error(TEXT.streamError);
              return;
            }
          }
        } catch {
          bot.error(TEXT.network);
          return;
        }
      }
      if (!result) {
        bot.error(TEXT.interrupted);
        return;
      }
      conversationId = result.conversationId;
      bot.done(result);
    } catch {
      bot.error(TEXT.streamError);
    } finally {
      busy = false;
      sendButton.disabled = false;
    }
  }

  // -- events

  launcher.addEventListener('click', () => (isOpen() ? close() : open()));
  closeButton.addEventListener('click', close);
  backButton.addEventListener('click', () => closeCitation());
  newButton.addEventListener('click', () => {
    if (busy) return;
    conversationId = undefined;
    closeCitation(false);
    log.replaceChildren();
    addBot().note(TEXT.welcome);
    input.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy || !input.value.trim()) return;
    const question = input.value;
    input.value = '';
    autosize();
    void ask(question);
  });
  input.addEventListener('input', autosize);
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    form.requestSubmit();
  });
  root.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.isComposing || !isOpen()) return;
    event.preventDefault();
    if (!citeView.hidden) closeCitation();
    else close();
  });

  (document.body ?? document.documentElement).append(host);
  if (options.open) open(false);

  return {
    open: () => open(),
    close: () => (isOpen() ? close() : undefined),
    ask: (question: string) => {
      void ask(String(question));
    },
  };
}

// ---------------------------------------------------------------- start

(() => {
  const global = window as unknown as { FazhiWidget?: FazhiWidgetApi };
  if (global.FazhiWidget) return;
  const options = readOptions(currentScript());
  let api: FazhiWidgetApi | undefined;
  const pending: ((api: FazhiWidgetApi) => void)[] = [];
  const start = () => {
    api = mount(options);
    for (const call of pending.splice(0)) call(api);
  };
  const later = (call: (api: FazhiWidgetApi) => void) => (api ? call(api) : pending.push(call));
  global.FazhiWidget = {
    open: () => later((a) => a.open()),
    close: () => later((a) => a.close()),
    ask: (question: string) => later((a) => a.ask(question)),
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
})();
