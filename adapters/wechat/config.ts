/**
 * The WeChat bot's configuration, from the environment, validated once at
 * start. The core's own variables (CORPUS_DIR, LLM_*, …) are read by
 * adapters/node/config.ts when the bot runs the core in process.
 */
import { z } from 'zod';
import { parseEnv } from '../node/config.js';

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankIsUnset, z.string().optional());

export const DEFAULT_PUPPET = 'wechaty-puppet-wechat4u';
export const SERVICE_PUPPET = 'wechaty-puppet-service';

export const WechatConfigSchema = z
  .object({
    /** Names the session file, `<DATA_DIR>/<name>.memory-card.json`, with which a restart logs in again without a new scan. */
    WECHATY_NAME: z.string().trim().min(1).max(60).regex(/^[\w.-]+$/u, 'letters, digits, _ . - only').default('fazhi-wenda'),
    /** Where the session file is kept (shared with the core's service data). */
    DATA_DIR: z.string().min(1).default('.data'),
    WECHATY_PUPPET: z
      .string()
      .trim()
      .regex(/^(@[a-z0-9-]+\/)?wechaty-puppet-[a-z0-9-]+$/u, 'must be a puppet package name such as wechaty-puppet-wechat4u or wechaty-puppet-service')
      .default(DEFAULT_PUPPET),
    WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
    WECHATY_PUPPET_SERVICE_ENDPOINT: optionalText,
    /** Group messages starting with this are questions (besides @-mentions); the half-width colon form is accepted too. */
    WECHAT_GROUP_PREFIX: z.preprocess(blankIsUnset, z.string().trim().min(1).max(10).default('问：')),
    /** Longer replies are split into numbered parts; WeChat cuts text messages near 2,000 characters. */
    WECHAT_MAX_CHARS: z.coerce.number().int().min(40).max(1800).default(1500),
    /** Questions per person per minute; 0 turns the limit off. */
    WECHAT_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(6),
    /** Questions per group per minute; 0 turns the limit off. */
    WECHAT_ROOM_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(20),
    /** Conversations remembered for follow-up questions (least recently used forgotten first). */
    WECHAT_MAX_CONVERSATIONS: z.coerce.number().int().min(1).default(5000),
    /** The longest wait between two reconnection attempts. */
    WECHAT_RECONNECT_MAX_MS: z.coerce.number().int().min(1000).default(5 * 60 * 1000),
    /** Ask a running HTTP service instead of loading the index in this process. */
    API_BASE_URL: z.preprocess(blankIsUnset, z.string().url().optional()),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.WECHATY_PUPPET === SERVICE_PUPPET && !c.WECHATY_PUPPET_SERVICE_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['WECHATY_PUPPET_SERVICE_TOKEN'], message: `required when WECHATY_PUPPET=${SERVICE_PUPPET}` });
    }
  });
export type WechatConfig = z.infer<typeof WechatConfigSchema>;

export function loadWechatConfig(env: Record<string, string | undefined> = process.env): WechatConfig {
  return parseEnv(WechatConfigSchema, env, 'WeChat bot configuration');
}

/** What the message handler needs; see createBot. */
export interface BotConfig {
  groupPrefix: string;
  maxChars: number;
  ratePerMinute: number;
  roomRatePerMinute: number;
  maxConversations: number;
}

export const DEFAULT_BOT_CONFIG: BotConfig = {
  groupPrefix: '问：',
  maxChars: 1500,
  ratePerMinute: 6,
  roomRatePerMinute: 20,
  maxConversations: 5000,
};

export function botConfigFrom(c: WechatConfig): BotConfig {
  return {
    groupPrefix: c.WECHAT_GROUP_PREFIX,
    maxChars: c.WECHAT_MAX_CHARS,
    ratePerMinute: c.WECHAT_RATE_PER_MINUTE,
    roomRatePerMinute: c.WECHAT_ROOM_RATE_PER_MINUTE,
    maxConversations: c.WECHAT_MAX_CONVERSATIONS,
  };
}

/** Options handed to the puppet: the token and endpoint when given (the service puppet needs the token), else none. */
export function puppetOptionsFor(c: WechatConfig): Record<string, string> {
  return {
    ...(c.WECHATY_PUPPET_SERVICE_TOKEN ? { token: c.WECHATY_PUPPET_SERVICE_TOKEN } : {}),
    ...(c.WECHATY_PUPPET_SERVICE_ENDPOINT ? { endpoint: c.WECHATY_PUPPET_SERVICE_ENDPOINT } : {}),
  };
}
