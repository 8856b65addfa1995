/**
 * The WeCom app callback inside workerd, the Worker's runtime: its crypto on
 * workerd's Web Crypto (WeCom's published example decrypts; a reply
 * round-trips), and a signed, encrypted message answered in the background
 * under the execution context's waitUntil, sent through a stand-in fetch.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { wecomCallbackConfigFromEnv, wecomCallbackRoutes } from '../../src/chat/wecom/callback.js';
import { createWecomCipher } from '../../src/chat/wecom/crypto.js';
import { buildWecomXml } from '../../src/chat/wecom/xml.js';

const DOC = { token: 'QDG6eK', corpId: 'wx5823bf96d3bd56c7', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };

describe('the WeCom callback in workerd', () => {
  it('decrypts WeCom’s example and round-trips a message of every padding length', async () => {
    const cipher = await createWecomCipher(DOC);
    expect(await cipher.decrypt('P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==')).toBe('1616140317555161061');
    for (let n = 0; n < 40; n++) expect(await cipher.decrypt(await cipher.encrypt('法'.repeat(n)))).toBe('法'.repeat(n));
  });

  it('answers a message in the background under waitUntil', async () => {
    const cipher = await createWecomCipher(DOC);
    const sent: { touser: string; text: { content: string } }[] = [];
    const api = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes('/cgi-bin/gettoken')) return Response.json({ errcode: 0, access_token: 'token', expires_in: 7200 });
      sent.push(JSON.parse(String(init?.body)) as (typeof sent)[number]);
      return Response.json({ errcode: 0, errmsg: 'ok' });
    }) as typeof fetch;
    const config = wecomCallbackConfigFromEnv({ WECOM_CORP_ID: DOC.corpId, WECOM_AGENT_ID: '1000002', WECOM_SECRET: 'secret', WECOM_TOKEN: DOC.token, WECOM_ENCODING_AES_KEY: DOC.encodingAesKey })!;
    const app = new Hono();
    app.route('/', wecomCallbackRoutes({ answer: () => Promise.reject(new Error('not asked')), documents: () => [] }, { config, fetch: api }));

    const encrypted = await cipher.encrypt(buildWecomXml({ FromUserName: 'zhangsan', CreateTime: 1, MsgType: 'text', Content: '帮助', MsgId: '1', AgentID: 1000002 }));
    const query = new URLSearchParams({ msg_signature: await cipher.signature('1', 'n', encrypted), timestamp: '1', nonce: 'n' });
    const tasks: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void tasks.push(p), passThroughOnException: () => undefined, props: {} };
    const res = await app.fetch(new Request(`https://fazhi.example/wecom/callback?${query}`, { method: 'POST', body: buildWecomXml({ Encrypt: encrypted }) }), {}, ctx);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(tasks).toHaveLength(1);
    await Promise.all(tasks);
    expect(sent).toEqual([expect.objectContaining({ touser: 'zhangsan', text: { content: expect.stringContaining('来源 1') } })]);
  });
});
