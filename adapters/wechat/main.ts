/**
 * `npm run wechat`: the WeChat bot. Answers with the core in this process
 * (loading or building the index first), or over HTTP when API_BASE_URL is
 * set. Logs in by QR code (printed in the terminal), reconnects after a drop,
 * and on SIGINT/SIGTERM lets the answers in flight go out before stopping.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import qrcode from 'qrcode-terminal';
import { ScanStatus, WechatyBuilder, type PuppetModuleName } from 'wechaty';
import { chatCoreService } from '../node/chat-service.js';
import { createBot, type Log } from './bot.js';
import { botConfigFrom, loadWechatConfig, puppetOptionsFor } from './config.js';
import { superviseWechaty } from './supervise.js';
import { configOrExit, stopOnSignal } from '../node/process.js';
import { jsonLogger } from '../../src/util/log.js';

const config = configOrExit(() => loadWechatConfig());
const log: Log = jsonLogger(config.LOG_LEVEL);

const service = await chatCoreService(config.API_BASE_URL, log);

// The login session (wechat4u keeps it here) lives beside the service data, out of git.
await mkdir(resolve(config.DATA_DIR), { recursive: true });
const wechaty = WechatyBuilder.build({
  name: join(resolve(config.DATA_DIR), config.WECHATY_NAME),
  puppet: config.WECHATY_PUPPET as PuppetModuleName,
  puppetOptions: puppetOptionsFor(config),
});

const supervisor = superviseWechaty({
  wechaty,
  log,
  maxDelayMs: config.WECHAT_RECONNECT_MAX_MS,
  onScan: (code, status) => {
    if (code && (status === ScanStatus.Waiting || status === ScanStatus.Timeout)) {
      console.error('用微信扫描下面的二维码登录（Scan with WeChat to log in）：');
      qrcode.generate(code, { small: true }, (text) => console.error(text));
    }
  },
});

const bot = createBot({ wechaty, service, config: botConfigFrom(config), log });

log({ msg: 'wechat bot starting', puppet: config.WECHATY_PUPPET, name: config.WECHATY_NAME });
try {
  await wechaty.start();
} catch (err) {
  log({ level: 'error', msg: 'wechat start failed', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

stopOnSignal(log, 'wechat', async () => {
  await bot.stop();
  await supervisor.stop();
});
