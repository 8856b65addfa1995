/**
 * What createApp mounts from its deps, through the app itself (not a
 * sub-app on its own): the WeCom callback, the admin console and the
 * observer that Node's metrics hang on.
 */
import * as oracle from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { wecomCallbackConfigFromEnv } from '../src/chat/wecom/callback.js';
import { createApp } from '../src/http/app.js';
import type { Observer } from '../src/observe.js';
import { FakeQaService } from './helpers/fake-service.js';

const config = { corsOrigins: '*', rateLimitPerMinute: 0, maxUploadBytes: 1024 * 1024, adminToken: 'admin-token-0123456789' };
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const wecom = wecomCallbackConfigFromEnv({
  WECOM_CORP_ID: 'ww5823bf96d3bd56c7',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret-0123456789',
  WECOM_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: AES_KEY,
  WECOM_API_BASE: 'http://127.0.0.1:9',
})!;

describe('createApp wiring', () => {
  it('mounts the WeCom callback only when configured, and it answers WeCom’s URL check', async () => {
    const off = createApp({ service: new FakeQaService(), config });
    expect((await off.request('/wecom/callback?echostr=x')).status).toBe(404);

    const app = createApp({ service: new FakeQaService(), config, wecom: { config: wecom } });
    const { message } = { message: 'echo-1234' };
    const echostr = oracle.encrypt(AES_KEY, message, wecom.corpId);
    const query = { timestamp: '1409659589', nonce: '263014780' };
    const signature = oracle.getSignature(wecom.token, query.timestamp, query.nonce, echostr);
    const res = await app.request(`/wecom/callback?${new URLSearchParams({ msg_signature: signature, ...query, echostr })}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(message);
    const bad = await app.request(`/wecom/callback?${new URLSearchParams({ msg_signature: '0'.repeat(40), ...query, echostr })}`);
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });

  it('serves the admin console when its script is given', async () => {
    const app = createApp({ service: new FakeQaService(), config, assets: { adminConsoleJs: 'console.log(1)' } });
    const page = await app.request('/admin');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await app.request('/admin/console.js')).status).toBe(200);
    expect((await createApp({ service: new FakeQaService(), config }).request('/admin/console.js')).status).toBe(404);
  });

  it('tells the observer about every answer and hands it the ask queue', async () => {
    const asks: boolean[] = [];
    let queue: (() => { inFlight: number; queued: number }) | undefined;
    const observer: Observer = {
      onAsk: (result) => asks.push(result.answered),
      onUpload: () => {},
      onReindexStart: () => {},
      onReindex: () => {},
      watchQueue: (read) => (queue = read),
    };
    const app = createApp({ service: new FakeQaService(), config, observer });
    const res = await app.request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '芝山区推行了什么制度？' }) });
    expect(res.status).toBe(200);
    expect(asks).toHaveLength(1);
    expect(queue?.()).toEqual({ inFlight: 0, queued: 0 });
  });
});
