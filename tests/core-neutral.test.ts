/**
 * The core (src/) runs in Node and in a Worker alike: it imports nothing
 * Node-only and touches no Node global. Node-only code lives in adapters/node/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const NODE_ONLY_PACKAGES = ['hnswlib-node', 'onnxruntime-node', '@huggingface/transformers', '@node-rs/jieba', '@hono/node-server', 'wechaty', 'word-extractor', 'pdfjs-dist/legacy', 'prom-client', '@wecom/aibot-node-sdk'];
const BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'https', 'net', 'stream', 'url', 'util', 'zlib', 'events', 'buffer'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : /\.tsx?$/u.test(e.name) ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/gu)].map((m) => m[1] ?? '');
}

describe('the core is runtime-neutral', () => {
  const root = new URL('..', import.meta.url).pathname;
  const files = sources(join(root, 'src'));

  it('finds the core files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(root, f)]))('%s imports nothing Node-only', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    for (const spec of specifiers(source)) {
      expect(spec.startsWith('node:'), `${file} imports ${spec}`).toBe(false);
      expect(BUILTINS.includes(spec), `${file} imports ${spec}`).toBe(false);
      expect(NODE_ONLY_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`)), `${file} imports ${spec}`).toBe(false);
      if (spec.startsWith('.')) expect(spec.includes('adapters/'), `${file} imports ${spec}`).toBe(false);
    }
    // Code, not comments: a Node global used at run time.
    const code = source.replace(/\/\*[\s\S]*?\*\//gu, '').replace(/(^|[^:])\/\/.*$/gmu, '$1');
    expect(code, file).not.toMatch(/\bprocess\.(env|argv|exit|cwd|on)\b|\bBuffer\.|\brequire\(/u);
  });
});
