/**
 * Module shapes the Worker imports that TypeScript cannot see: the jieba
 * WebAssembly module (wrangler and the vitest pool load `.wasm` as a compiled
 * `WebAssembly.Module`), the files `npm run worker:build` generates (they may
 * not exist yet when `tsc` runs), and opencc-js's single dictionaries, which
 * ship without type declarations.
 */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

declare module '*/generated/widget.js' {
  /** The web widget's script (adapters/widget/), or null when the build could not make it. */
  const widgetJs: string | null;
  export default widgetJs;
}

declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
