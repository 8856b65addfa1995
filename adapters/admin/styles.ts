/**
 * The admin console's stylesheet. It is adopted as a constructed stylesheet
 * (document.adoptedStyleSheets), which a `style-src 'self'` policy allows,
 * so the page needs neither a <style> element nor 'unsafe-inline'.
 */
export const STYLES = `
:root { --accent: #b3261e; --ink: #1f1f1f; --muted: #5f6368; --line: #dadce0; --bg: #f6f7f9; --ok: #137333; --bad: #b3261e; --warn: #8a5300;
  font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: var(--bg); }
* { box-sizing: border-box; }
body { margin: 0; font-size: 14px; line-height: 1.5; }
header.top { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
header.top h1 { font-size: 18px; margin: 0; color: var(--accent); }
header.top .status { color: var(--muted); flex: 1; }
.content { max-width: 1200px; margin: 0 auto; padding: 16px 20px 48px; }
nav.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 16px; }
nav.tabs button { border: 0; background: none; padding: 8px 16px; font: inherit; cursor: pointer; border-bottom: 2px solid transparent; color: var(--muted); }
nav.tabs button[aria-selected="true"] { color: var(--accent); border-bottom-color: var(--accent); font-weight: 600; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin-bottom: 16px; }
section.card h2 { font-size: 16px; margin: 0 0 12px; }
button, input, textarea, select { font: inherit; }
button.primary, button.secondary, button.danger { border-radius: 6px; padding: 6px 14px; cursor: pointer; border: 1px solid var(--accent); }
button.primary { background: var(--accent); color: #fff; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); padding: 2px 10px; }
button.danger.confirm { background: var(--bad); color: #fff; }
button:disabled { opacity: .5; cursor: default; }
input[type="password"], input[type="text"], input[type="number"], textarea, select { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
textarea { width: 100%; min-height: 64px; resize: vertical; }
form.signin { max-width: 420px; margin: 64px auto; display: grid; gap: 12px; }
form.signin label { display: grid; gap: 4px; }
.alert { color: var(--bad); }
.note { color: var(--muted); font-size: 13px; }
.drop { border: 2px dashed var(--line); border-radius: 8px; padding: 24px; text-align: center; color: var(--muted); }
.drop.over { border-color: var(--accent); background: #fff5f4; color: var(--accent); }
ul.results { list-style: none; padding: 0; margin: 12px 0 0; }
ul.results li { padding: 4px 0; border-bottom: 1px dotted var(--line); }
.ok { color: var(--ok); }
.bad { color: var(--bad); }
.warn { color: var(--warn); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 13px; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.pending td { background: #fffbe6; }
tr.removed td { color: var(--muted); text-decoration: line-through; }
.tag { display: inline-block; border-radius: 4px; padding: 0 6px; margin: 0 4px 2px 0; font-size: 12px; background: #fff3e0; color: var(--warn); }
.reindex { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.reindex progress { width: 240px; }
ol.events { margin: 8px 0 0; padding-left: 20px; color: var(--muted); font-size: 13px; }
.feedback-entry { border-bottom: 1px solid var(--line); padding: 10px 0; }
.feedback-entry .meta { color: var(--muted); font-size: 12px; }
.feedback-entry .q { font-weight: 600; }
.verdict { font-weight: 600; font-size: 15px; }
.answer-text { white-space: pre-wrap; margin: 8px 0; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; }
.ask-form { display: grid; gap: 8px; }
.ask-form .row { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; }
mark { background: #ffe08a; }
`;
