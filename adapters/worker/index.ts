/**
 * The Worker's entry (wrangler.toml `main`). Run `npm run worker:build` first:
 * it writes the generated/ files imported here.
 */
import { add_word, cut, initSync } from 'jieba-wasm/web';
import artifact from './generated/artifact.js';
import jiebaModule from './generated/jieba.wasm';
import widgetJs from './generated/widget.js';
import { createWorker } from './worker.js';

export default createWorker({
  artifact,
  widgetJs,
  jieba: () => {
    initSync({ module: jiebaModule });
    return { cut, add_word };
  },
});
