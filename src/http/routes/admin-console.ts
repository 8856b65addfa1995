/**
 * The admin console: GET /admin (a static page) and GET /admin/console.js
 * (the bundle from adapters/admin/, handed in as text like the widget, so
 * this stays free of file access). The page carries no secret and no data;
 * the console signs in with the admin token and calls /api/admin/* itself.
 *
 * The CSP allows only the service's own script, styles (the console adopts a
 * constructed stylesheet) and API: no inline script, no eval, no framing.
 */
import { Hono } from 'hono';

export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': ADMIN_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

// the script path is relative, so the console also works behind a proxy that serves the service under a prefix
const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>法治问答 · 管理</title>
<script src="admin/console.js" defer></script>
</head>
<body>
<main id="app"><noscript>管理后台需要启用 JavaScript。</noscript></main>
</body>
</html>
`;

const NOT_FOUND = { error: { code: 'not_found', message: 'the admin console is not built' } };

/** GET /admin and GET /admin/console.js; both 404 without the bundle. */
export function adminConsoleRoutes(consoleJs: string | undefined): Hono {
  const app = new Hono();
  app.get('/admin', (c) => (consoleJs === undefined ? c.json(NOT_FOUND, 404) : c.html(PAGE, 200, SECURITY_HEADERS)));
  // /admin/ would resolve the relative script path to /admin/admin/console.js
  app.get('/admin/', (c) => c.redirect('../admin', 301));
  app.get('/admin/console.js', (c) =>
    consoleJs === undefined
      ? c.json(NOT_FOUND, 404)
      : c.body(consoleJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }),
  );
  return app;
}
