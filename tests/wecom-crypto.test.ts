/**
 * WeCom's callback crypto and XML (src/chat/wecom), checked against WeCom's
 * published example and against @wecom/crypto (WeCom's own Node package,
 * here a dev-only oracle): the same signatures, ciphertexts both ways, over
 * arbitrary messages; a wrong corp id, key or ciphertext is refused.
 */
import * as oracle from '@wecom/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWecomCipher, wecomSignature, WecomCryptoError } from '../src/chat/wecom/crypto.js';
import { buildWecomXml, parseWecomXml, WecomXmlError } from '../src/chat/wecom/xml.js';

// The example on WeCom's "加解密方案说明" page.
const DOC = {
  token: 'QDG6eK',
  corpId: 'wx5823bf96d3bd56c7',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  echoPlain: '1616140317555161061',
};

const randomKey = () => fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64').slice(0, 43));

describe('WeCom callback crypto', () => {
  it('verifies and decrypts the URL check of WeCom’s published example', async () => {
    const cipher = await createWecomCipher(DOC);
    expect(await cipher.signature(DOC.timestamp, DOC.nonce, DOC.echostr)).toBe(DOC.msgSignature);
    expect(await cipher.verify(DOC.msgSignature, DOC.timestamp, DOC.nonce, DOC.echostr)).toBe(true);
    expect(await cipher.verify(DOC.msgSignature.replace(/.$/u, '0'), DOC.timestamp, DOC.nonce, DOC.echostr)).toBe(false);
    expect(await cipher.verify(DOC.msgSignature, DOC.timestamp, '263014781', DOC.echostr)).toBe(false);
    expect(await cipher.decrypt(DOC.echostr)).toBe(DOC.echoPlain);
    expect(oracle.decrypt(DOC.encodingAesKey, DOC.echostr).message).toBe(DOC.echoPlain);
  });

  it('signs as @wecom/crypto does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.stringMatching(/^\d{1,12}$/u), fc.string({ minLength: 1 }), fc.base64String(), async (token, timestamp, nonce, encrypted) => {
        expect(await wecomSignature(token, timestamp, nonce, encrypted)).toBe(oracle.getSignature(token, timestamp, nonce, encrypted));
      }),
      { numRuns: 200 },
    );
  });

  it('encrypts byte for byte as @wecom/crypto does, and each reads the other', async () => {
    await fc.assert(
      fc.asyncProperty(
        randomKey(),
        fc.stringMatching(/^[\w-]{1,40}$/u),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        async (key, corpId, message, random) => {
          const cipher = await createWecomCipher({ token: 't', encodingAesKey: key, corpId });
          const ours = await cipher.encrypt(message, random);
          expect(ours).toBe(oracle.encrypt(key, message, corpId, Buffer.from(random)));
          expect(oracle.decrypt(key, ours)).toMatchObject({ message, id: corpId });
          expect(await cipher.decrypt(oracle.encrypt(key, message, corpId))).toBe(message);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pads to 32-byte blocks: every length from 0 to 70 bytes round-trips', async () => {
    const key = DOC.encodingAesKey;
    const cipher = await createWecomCipher(DOC);
    for (let n = 0; n <= 70; n++) {
      const message = 'x'.repeat(n);
      const encrypted = await cipher.encrypt(message);
      expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
      expect(await cipher.decrypt(encrypted)).toBe(message);
      expect(oracle.decrypt(key, encrypted).message).toBe(message);
    }
  });

  it('refuses a message for another corp id, under another key, or tampered with', async () => {
    const cipher = await createWecomCipher(DOC);
    const forOther = oracle.encrypt(DOC.encodingAesKey, '<xml></xml>', 'ww_other_corp');
    await expect(cipher.decrypt(forOther)).rejects.toMatchObject({ name: 'WecomCryptoError', reason: 'bad-corp-id' });

    const otherKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    await expect(cipher.decrypt(oracle.encrypt(otherKey, '<xml></xml>', DOC.corpId))).rejects.toBeInstanceOf(WecomCryptoError);

    const bytes = Buffer.from(await cipher.encrypt('<xml><Content>hi</Content></xml>'), 'base64');
    bytes[bytes.length - 1]! ^= 0x55; // the last block carries the padding
    await expect(cipher.decrypt(bytes.toString('base64'))).rejects.toMatchObject({ reason: 'bad-ciphertext' });
    await expect(cipher.decrypt('not base64!')).rejects.toMatchObject({ reason: 'bad-ciphertext' });
    await expect(cipher.decrypt(Buffer.alloc(48).toString('base64'))).rejects.toMatchObject({ reason: 'bad-ciphertext' });
    await expect(cipher.decrypt('')).rejects.toMatchObject({ reason: 'bad-ciphertext' });
    await expect(createWecomCipher({ ...DOC, encodingAesKey: 'short' })).rejects.toMatchObject({ reason: 'bad-key' });
  });
});

describe('WeCom callback XML', () => {
  const message = `<xml><ToUserName><![CDATA[ww5823bf96d3bd56c7]]></ToUserName>
<FromUserName><![CDATA[zhangsan]]></FromUserName>
<CreateTime>1348831860</CreateTime>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[月亮岛街道2021年共调解矛盾纠纷多少件？ <b>&amp; ]]></Content>
<MsgId>1234567890123456</MsgId>
<AgentID>1000002</AgentID>
</xml>`;

  it('reads the flat message WeCom sends, CDATA and entities included', () => {
    expect(parseWecomXml(message)).toEqual({
      ToUserName: 'ww5823bf96d3bd56c7',
      FromUserName: 'zhangsan',
      CreateTime: '1348831860',
      MsgType: 'text',
      Content: '月亮岛街道2021年共调解矛盾纠纷多少件？ <b>&amp; ',
      MsgId: '1234567890123456',
      AgentID: '1000002',
    });
    expect(parseWecomXml('<?xml version="1.0"?><xml><A>x &lt;y&gt; &#x4e2d;&#25991;</A><B/><Nested><Count>1</Count></Nested></xml>')).toEqual({ A: 'x <y> 中文', B: '' });
    expect(parseWecomXml('<xml><Content><![CDATA[looks like </Content> inside]]></Content></xml>')).toEqual({ Content: 'looks like </Content> inside' });
  });

  it('builds what it reads, whatever the text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,12}$/u), fc.oneof(fc.string(), fc.nat())), (fields) => {
        const read = parseWecomXml(buildWecomXml(fields));
        expect(read).toEqual(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])));
      }),
    );
  });

  it('refuses what is not a WeCom document', () => {
    for (const bad of ['', 'hello', '<xml><A>unclosed</xml>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>', '<xml><A><![CDATA[open</A></xml>']) {
      expect(() => parseWecomXml(bad), bad).toThrow(WecomXmlError);
    }
  });
});
