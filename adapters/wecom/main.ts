/**
 * `npm run wecom`: the WeCom AI bot over its outbound long connection. Answers
 * with the core in this process (loading or building the index first), or
 * over HTTP when API_BASE_URL is set. The SDK reconnects by itself with a
 * growing pause (without limit here); on SIGINT/SIGTERM the answers in flight
 * go out before it stops.
 */
import { WSClient } from '@wecom/aibot-node-sdk';
import { jsonLogger } from '../../src/util/log.js';
import { chatCoreService } from '../node/chat-service.js';
import { configOrExit, stopOnSignal } from '../node/process.js';
import { createWecomBot, logConnection, sdkLogger } from './bot.js';
import { chatLimitsFrom, loadWecomBotConfig } from './config.js';

const config = configOrExit(() => loadWecomBotConfig(process.env));
const log = jsonLogger(config.LOG_LEVEL);

const service = await chatCoreService(config.API_BASE_URL, log);

const client = new WSClient({
  botId: config.WECOM_BOT_ID,
  secret: config.WECOM_BOT_SECRET,
  ...(config.WECOM_BOT_WS_URL ? { wsUrl: config.WECOM_BOT_WS_URL } : {}),
  maxReconnectAttempts: -1,
  logger: sdkLogger(log),
});
const bot = createWecomBot({ client, service, limits: chatLimitsFrom(config), log });
const unlog = logConnection(client, log, () => {
  // Nothing more will arrive on this connection: end, so a supervisor (systemd, docker) can restart or alert.
  void bot.stop().finally(() => process.exit(1));
});

log({ msg: 'wecom bot starting', wsUrl: config.WECOM_BOT_WS_URL ?? 'the SDK default' });
client.connect();

stopOnSignal(log, 'wecom bot', async () => {
  try {
    await bot.stop();
  } finally {
    unlog();
    client.disconnect();
  }
});
