/**
 * The WeCom AI bot's configuration, from the environment, validated once at
 * start. The core's own variables (CORPUS_DIR, LLM_*, …) are read by
 * adapters/node/config.ts when the bot runs the core in process.
 */
import { z } from 'zod';
import { parseEnv } from '../../src/config.js';
import { DEFAULT_CHAT_LIMITS, type ChatLimits } from '../../src/chat/handler.js';

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const WecomBotConfigSchema = z.object({
  /** 智能机器人 → API 模式（长连接） → Bot ID. */
  WECOM_BOT_ID: z.string().trim().min(1, 'required: the bot’s Bot ID (企业微信管理后台 → 智能机器人 → API 模式 → 长连接)'),
  /** … → Secret. */
  WECOM_BOT_SECRET: z.string().trim().min(1, 'required: the bot’s Secret, shown beside its Bot ID'),
  /** The long-connection endpoint; the SDK's own (wss://openws.work.weixin.qq.com) when unset. */
  WECOM_BOT_WS_URL: z.preprocess(blankIsUnset, z.string().regex(/^wss?:\/\/[^\s]+$/u, 'must be a ws:// or wss:// URL').optional()),
  /** Questions per person per minute; 0 turns the limit off. */
  WECOM_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_CHAT_LIMITS.ratePerMinute),
  /** Questions per group per minute; 0 turns the limit off. */
  WECOM_GROUP_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_CHAT_LIMITS.groupRatePerMinute),
  /** Ask a running HTTP service instead of loading the index in this process. */
  API_BASE_URL: z.preprocess(blankIsUnset, z.string().url().optional()),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});
export type WecomBotConfig = z.infer<typeof WecomBotConfigSchema>;

export function loadWecomBotConfig(env: Record<string, string | undefined>): WecomBotConfig {
  return parseEnv(WecomBotConfigSchema, env, 'WeCom bot configuration');
}

export function chatLimitsFrom(c: WecomBotConfig): Partial<ChatLimits> {
  return { ratePerMinute: c.WECOM_RATE_PER_MINUTE, groupRatePerMinute: c.WECOM_GROUP_RATE_PER_MINUTE };
}
