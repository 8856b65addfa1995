/**
 * The widget's stylesheet, scoped to its shadow root. `:host` declarations are
 * !important because, across the shadow boundary, an important declaration
 * from the inner context beats the host page's (even `* { all: unset
 * !important }`), while a normal one loses to any outer rule. Inherited
 * properties are reset on the host, so nothing of the page's font, colour or
 * size leaks in.
 */
export const STYLES = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  inset: auto 0 0 auto !important;
  width: 0 !important;
  height: 0 !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  transform: none !important;
  filter: none !important;
  opacity: 1 !important;
  visibility: visible !important;
  overflow: visible !important;
  pointer-events: auto !important;
  z-index: 2147483647 !important;
}
.root {
  --fz-accent: #b3261e;
  --fz-accent-text: #fff;
  --fz-bg: #f5f6f8;
  --fz-border: #dde1e6;
  --fz-text: #1f2328;
  --fz-muted: #5b6470;
  font: 14px/1.65 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  color: var(--fz-text);
  text-align: left;
  direction: ltr;
  letter-spacing: normal;
  -webkit-font-smoothing: antialiased;
  -webkit-tap-highlight-color: transparent;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button { font: inherit; color: inherit; cursor: pointer; margin: 0; }
button:focus-visible, a:focus-visible, textarea:focus-visible { outline: 2px solid var(--fz-accent); outline-offset: 2px; }
svg { width: 1.25em; height: 1.25em; flex: none; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }

.launcher {
  position: fixed; right: 24px; bottom: 24px;
  display: inline-flex; align-items: center; gap: 8px;
  height: 52px; padding: 0 20px 0 16px;
  border: 0; border-radius: 26px;
  background: var(--fz-accent); color: var(--fz-accent-text);
  font-size: 16px; font-weight: 600;
  box-shadow: 0 6px 20px rgba(0,0,0,.22), 0 2px 6px rgba(0,0,0,.12);
  transition: transform .15s ease, box-shadow .15s ease;
}
.launcher:hover { transform: translateY(-1px); box-shadow: 0 8px 24px rgba(0,0,0,.26), 0 2px 6px rgba(0,0,0,.12); }
.launcher svg { width: 22px; height: 22px; }

.panel {
  position: fixed; right: 24px; bottom: 92px;
  width: 400px; height: min(640px, calc(100vh - 116px));
  display: flex; flex-direction: column;
  background: #fff; border-radius: 14px; overflow: hidden;
  box-shadow: 0 16px 48px rgba(0,0,0,.24), 0 2px 8px rgba(0,0,0,.1);
  border: 1px solid rgba(0,0,0,.06);
}
.head {
  display: flex; align-items: center; gap: 8px;
  padding: 12px 10px 12px 16px;
  background: var(--fz-accent); color: var(--fz-accent-text);
}
.head h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; line-height: 1.4; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.head h2 svg { vertical-align: -4px; margin-right: 6px; }
.icon-btn {
  display: inline-flex; align-items: center; justify-content: center; gap: 4px;
  min-width: 34px; height: 34px; padding: 0 8px;
  border: 0; border-radius: 8px; background: transparent; color: inherit; font-size: 13px;
}
.icon-btn:hover { background: rgba(255,255,255,.18); }
.head .icon-btn:focus-visible { outline-color: #fff; }

.body { position: relative; flex: 1; min-height: 0; display: flex; flex-direction: column; }
.log { flex: 1; overflow-y: auto; padding: 16px 14px 8px; background: var(--fz-bg); overscroll-behavior: contain; }
.msg { display: flex; margin: 0 0 12px; }
.msg.user { justify-content: flex-end; }
.bubble {
  max-width: 88%; padding: 9px 13px; border-radius: 12px;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal;
}
.user .bubble { background: var(--fz-accent); color: var(--fz-accent-text); border-bottom-right-radius: 4px; }
.bot .bubble { background: #fff; border: 1px solid var(--fz-border); border-bottom-left-radius: 4px; }
.bot.notice .bubble { background: #fff8e6; border-color: #f0d48a; color: #5c4200; }
.bot.error .bubble { background: #fdeeee; border-color: #f1b7b7; color: #8a1f1f; }
.label { display: flex; align-items: center; gap: 6px; font-weight: 600; margin-bottom: 2px; }
.thinking { color: var(--fz-muted); }
.thinking::after { content: ""; display: inline-block; width: 1.2em; text-align: left; animation: fz-dots 1.2s steps(4, end) infinite; }
@keyframes fz-dots { 0% { content: ""; } 25% { content: "."; } 50% { content: ".."; } 75% { content: "..."; } }

.cite {
  display: inline-flex; align-items: center; justify-content: center;
  min-width: 1.5em; height: 1.5em; padding: 0 4px; margin: 0 2px;
  border: 1px solid #e3b3af; border-radius: 5px; background: #fbefee;
  border-color: color-mix(in srgb, var(--fz-accent) 40%, #fff);
  background: color-mix(in srgb, var(--fz-accent) 9%, #fff); color: var(--fz-accent);
  font-size: 12px; font-weight: 600; line-height: 1; vertical-align: 2px;
}
.cite:hover { background: var(--fz-accent); color: var(--fz-accent-text); }
.sources { margin: 10px 0 0; padding: 8px 0 0; border-top: 1px dashed var(--fz-border); white-space: normal; }
.sources-title { font-size: 12px; color: var(--fz-muted); margin-bottom: 4px; }
.source {
  display: flex; align-items: baseline; gap: 6px; width: 100%;
  padding: 4px 6px; margin: 0 0 2px; border: 0; border-radius: 6px;
  background: transparent; text-align: left; font-size: 13px; line-height: 1.45; color: var(--fz-text);
}
.source:hover { background: var(--fz-bg); }
.source .n { flex: none; color: var(--fz-accent); font-weight: 600; }
.source .t { overflow: hidden; text-overflow: ellipsis; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.rate { display: flex; align-items: center; gap: 4px; margin-top: 8px; font-size: 12px; color: var(--fz-muted); white-space: normal; }
.rate button {
  display: inline-flex; align-items: center; justify-content: center;
  width: 30px; height: 28px; border: 1px solid var(--fz-border); border-radius: 6px; background: #fff; color: var(--fz-muted);
}
.rate button svg { width: 16px; height: 16px; }
.rate button:hover:not(:disabled) { color: var(--fz-accent); border-color: var(--fz-accent); }
.rate button[aria-pressed="true"] { color: var(--fz-accent-text); background: var(--fz-accent); border-color: var(--fz-accent); }
.rate button:disabled { cursor: default; }
.rate .status { margin-left: 4px; }

.citeview { position: absolute; inset: 0; overflow-y: auto; background: #fff; padding: 12px 16px 20px; }
.back { display: inline-flex; align-items: center; gap: 4px; padding: 4px 8px 4px 4px; margin: 0 0 8px -4px; border: 0; border-radius: 6px; background: transparent; color: var(--fz-accent); font-size: 13px; }
.back:hover { background: var(--fz-bg); }
.citeview h3 { margin: 0 0 4px; font-size: 16px; line-height: 1.45; }
.meta { margin: 0 0 6px; color: var(--fz-muted); font-size: 13px; }
.path { margin: 0 0 12px; padding: 6px 10px; background: var(--fz-bg); border-radius: 6px; font-size: 13px; color: var(--fz-muted); }
.para { margin: 0 0 14px; padding: 0 0 0 12px; border-left: 3px solid var(--fz-accent); font-size: 15px; line-height: 1.8; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #ffe58f; color: inherit; padding: 1px 0; border-radius: 2px; }
.srclink { display: inline-flex; align-items: center; gap: 4px; color: var(--fz-accent); font-size: 14px; text-decoration: none; }
.srclink:hover { text-decoration: underline; }
.srclink svg { width: 15px; height: 15px; }

.form { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--fz-border); background: #fff; }
textarea {
  flex: 1; min-height: 40px; max-height: 140px; resize: none; margin: 0;
  padding: 9px 12px; border: 1px solid var(--fz-border); border-radius: 10px;
  font: inherit; font-size: 14px; line-height: 1.5; color: var(--fz-text); background: #fff;
}
textarea:focus { border-color: var(--fz-accent); outline: none; box-shadow: 0 0 0 3px rgba(0,0,0,.06); box-shadow: 0 0 0 3px color-mix(in srgb, var(--fz-accent) 18%, transparent); }
textarea::placeholder { color: #9aa1aa; }
.send {
  display: inline-flex; align-items: center; gap: 4px; height: 40px; padding: 0 14px;
  border: 0; border-radius: 10px; background: var(--fz-accent); color: var(--fz-accent-text); font-weight: 600;
}
.send:disabled { opacity: .55; cursor: default; }
.send svg { width: 16px; height: 16px; }
.foot { padding: 0 12px 8px; background: #fff; color: #8a919b; font-size: 11.5px; text-align: center; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

@media (max-width: 600px) {
  .launcher { right: 16px; bottom: 16px; }
  .panel { inset: 0; width: auto; height: auto; border-radius: 0; border: 0; }
  .root.open .launcher { display: none; }
  .head { padding-top: max(12px, env(safe-area-inset-top)); }
  .form { padding-bottom: max(10px, env(safe-area-inset-bottom)); }
  textarea { font-size: 16px; }
  .bubble { max-width: 92%; }
}
@media (prefers-reduced-motion: reduce) {
  .launcher { transition: none; }
  .thinking::after { animation: none; content: "..."; }
}
`;
