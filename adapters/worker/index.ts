/**
 * The Worker's entry (wrangler.toml `main`). The index is in D1 (bound as DB,
 * loaded by `npm run worker:build -- --load …`); the script carries only what
 * does not depend on the corpus: jieba's WebAssembly and the widget
 * (generated/ by `npm run worker:build`).
 */
import { add_word, cut, initSync } from 'jieba-wasm/web';
import jiebaModule from './generated/jieba.wasm';
import widgetJs from './generated/widget.js';
import { createWorker } from './worker.js';

export default createWorker({
  widgetJs,
  jieba: () => {
    initSync({ module: jiebaModule });
    return { cut, add_word };
  },
});
