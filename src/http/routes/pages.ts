/**
 * The HTML side: GET / (the demo), GET /documents/:id (a report's source
 * view) and GET /widget.js (the widget, handed in as text so the app needs no
 * file system). Plain Hono routes: they are pages, not API, so not in /openapi.json.
 */
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { AppEnv, RouteContext } from '../context.js';
import { ApiError } from '../errors.js';
import { DOCUMENT_CSP, documentPage, homeCsp, homePage, messagePage, newNonce } from '../pages.js';

const PAGE_HEADERS = {
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cache-Control': 'no-cache',
};

export function pageRoutes(ctx: RouteContext, widgetJs: string | undefined) {
  const app = new Hono<AppEnv>();
  const { service } = ctx;

  app.get('/widget.js', etag(), (c) => {
    if (widgetJs === undefined) throw new ApiError(404, 'not_found', 'the widget is not served by this deployment');
    return c.body(widgetJs, 200, {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      // any site may embed it: that is what it is for
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });

  app.get('/', (c) => {
    const nonce = widgetJs === undefined ? undefined : newNonce();
    const page = homePage({
      documents: service.documents(),
      skipped: service.skipped?.() ?? [],
      ready: service.ready(),
      origin: new URL(c.req.url).origin,
      ...(nonce ? { nonce } : {}),
    });
    return c.html(page, 200, { ...PAGE_HEADERS, 'Content-Security-Policy': nonce ? homeCsp(nonce) : DOCUMENT_CSP });
  });

  app.get('/documents/:id', (c) => {
    const headers = { ...PAGE_HEADERS, 'Content-Security-Policy': DOCUMENT_CSP };
    if (!service.ready()) return c.html(messagePage('正在加载', '索引正在加载，请稍后刷新本页。'), 503, { ...headers, 'Retry-After': '5' });
    const id = c.req.param('id');
    const found = id.length <= 200 ? service.document(id) : undefined;
    if (!found) return c.html(messagePage('未找到报告', `没有编号为“${id.slice(0, 200)}”的报告。`), 404, headers);
    return c.html(documentPage(found.document, found.paragraphs), 200, headers);
  });

  return app;
}
