/**
 * GET /docs: a self-contained page (no CDN — the service must work offline)
 * that reads /openapi.json and lists every route with its parameters, body
 * and responses. All text from the document goes in through textContent.
 */
import { html } from './pages.js';

export const DOCS_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function docsPage(title: string): string {
  const safeTitle = html`${title}`.toString();
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safeTitle}</title>
<style>
  body { font: 15px/1.5 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 4rem; color: #1f2328; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; }
  .route { border: 1px solid #d0d7de; border-radius: 6px; margin: .75rem 0; }
  .route > summary { cursor: pointer; padding: .5rem .75rem; list-style: none; display: flex; gap: .75rem; align-items: baseline; }
  .method { font: 600 12px/1 ui-monospace, monospace; padding: .3rem .5rem; border-radius: 4px; color: #fff; min-width: 3.5rem; text-align: center; }
  .get { background: #0969da; } .post { background: #1a7f37; } .delete { background: #cf222e; } .put, .patch { background: #9a6700; }
  .path { font-family: ui-monospace, monospace; font-weight: 600; }
  .summary { color: #57606a; }
  .lock { color: #9a6700; font-size: .85em; }
  .body { padding: 0 .75rem .75rem; }
  pre { background: #f6f8fa; padding: .5rem .75rem; overflow: auto; border-radius: 4px; font-size: 12.5px; }
  h3 { font-size: .95rem; margin: .75rem 0 .25rem; }
  #error { color: #cf222e; }
</style>
</head>
<body>
<h1>${safeTitle}</h1>
<p><a href="openapi.json">openapi.json</a> · <span id="version"></span></p>
<p id="error"></p>
<div id="routes">加载中…</div>
<script>
(function () {
  var routes = document.getElementById('routes');
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function resolveRefs(value, doc, seen) {
    if (!value || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(function (v) { return resolveRefs(v, doc, seen); });
    if (typeof value.$ref === 'string' && value.$ref.indexOf('#/') === 0) {
      if (seen.indexOf(value.$ref) !== -1) return { $ref: value.$ref };
      var target = value.$ref.slice(2).split('/').reduce(function (o, k) { return o && o[k]; }, doc);
      return resolveRefs(target, doc, seen.concat([value.$ref]));
    }
    var out = {};
    Object.keys(value).forEach(function (k) { out[k] = resolveRefs(value[k], doc, seen); });
    return out;
  }
  function section(parent, title, value) {
    parent.appendChild(el('h3', '', title));
    parent.appendChild(el('pre', '', JSON.stringify(value, null, 2)));
  }
  fetch('openapi.json').then(function (r) { return r.json(); }).then(function (doc) {
    document.getElementById('version').textContent = (doc.info && doc.info.version ? 'v' + doc.info.version : '') + ' · OpenAPI ' + (doc.openapi || '');
    routes.textContent = '';
    Object.keys(doc.paths || {}).sort().forEach(function (path) {
      var item = doc.paths[path];
      Object.keys(item).forEach(function (method) {
        var op = item[method];
        if (!op || typeof op !== 'object' || !op.responses) return;
        var details = el('details', 'route');
        var summary = el('summary');
        summary.appendChild(el('span', 'method ' + method, method.toUpperCase()));
        summary.appendChild(el('span', 'path', path));
        if (op.summary) summary.appendChild(el('span', 'summary', op.summary));
        if (op.security && op.security.length) summary.appendChild(el('span', 'lock', 'Bearer'));
        details.appendChild(summary);
        var body = el('div', 'body');
        if (op.description) body.appendChild(el('p', '', op.description));
        if (op.parameters && op.parameters.length) section(body, 'Parameters', resolveRefs(op.parameters, doc, []).map(function (p) {
          return { name: p.name, in: p.in, required: !!p.required, schema: p.schema, description: p.description };
        }));
        if (op.requestBody) section(body, 'Request body', resolveRefs(op.requestBody.content, doc, []));
        var responses = {};
        Object.keys(op.responses).forEach(function (status) {
          var r = op.responses[status];
          responses[status] = r.content ? { description: r.description, content: resolveRefs(r.content, doc, []) } : r.description;
        });
        section(body, 'Responses', responses);
        details.appendChild(body);
        routes.appendChild(details);
      });
    });
  }).catch(function (e) {
    routes.textContent = '';
    document.getElementById('error').textContent = '无法加载 openapi.json: ' + e;
  });
})();
</script>
</body>
</html>
`;
}
