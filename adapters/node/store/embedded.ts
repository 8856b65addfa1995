/**
 * The embedded backend (the default): the saved index on disk (index/store.ts)
 * behind the storage seam. One process owns its index directory, so the only
 * generations it sees are its own.
 */
import { basename } from 'node:path';
import type { IndexGeneration, IndexStore, StoreHealth } from '../../../src/store/index.js';
import { buildIndex, openIndex, type IndexOptions, type LoadedIndex } from '../index/store.js';

export type EmbeddedGeneration = IndexGeneration & { index: LoadedIndex; rebuilt: boolean; reason: string };

export function embeddedGeneration(index: LoadedIndex, rebuilt: boolean, reason: string): EmbeddedGeneration {
  return {
    id: basename(index.dir),
    corpus: index.manifest.corpusHash,
    documents: index.documents,
    paragraphs: index.paragraphs,
    skipped: index.manifest.skipped,
    lexical: index.lexical,
    dense: index.dense,
    index,
    rebuilt,
    reason,
  };
}

export class EmbeddedIndexStore implements IndexStore {
  readonly kind = 'embedded';
  private served: EmbeddedGeneration | null = null;
  private readonly listeners = new Set<(g: IndexGeneration) => void>();

  constructor(private readonly options: IndexOptions) {}

  async open(): Promise<EmbeddedGeneration> {
    const index = await openIndex(this.options);
    this.served = embeddedGeneration(index, index.rebuilt, index.reason);
    return this.served;
  }

  current(): EmbeddedGeneration | null {
    return this.served;
  }

  async publish(): Promise<EmbeddedGeneration> {
    this.served = embeddedGeneration(await buildIndex(this.options), true, 'reindex');
    for (const listener of this.listeners) listener(this.served);
    return this.served;
  }

  onChange(listener: (g: IndexGeneration) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): StoreHealth {
    return { ok: true };
  }

  async close(): Promise<void> {}
}
