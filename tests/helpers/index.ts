import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../adapters/node/config.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const corpusDir = join(repoRoot, 'corpus');
export const modelDir = join(repoRoot, 'models', 'bge-small-zh-v1.5');

/** A configuration over a private copy of the corpus and a fresh index directory. */
export async function tempConfig(overrides: Record<string, string> = {}): Promise<Config> {
  const root = await mkdtemp(join(tmpdir(), 'fazhi-'));
  const corpus = join(root, 'corpus');
  await cp(corpusDir, corpus, { recursive: true });
  return loadConfig({ CORPUS_DIR: corpus, INDEX_DIR: join(root, 'index'), DATA_DIR: join(root, 'data'), EMBEDDINGS_MODEL_DIR: modelDir, LOG_LEVEL: 'silent', ...overrides });
}
