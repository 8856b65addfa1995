/**
 * Dense retrieval in the Worker, when wrangler.toml binds Workers AI (`AI`)
 * and a Vectorize index (`VECTORIZE`): the question embedded by a
 * Chinese-capable Workers AI model, its nearest paragraphs from Vectorize
 * (vectors uploaded by `npm run worker:build -- --upload-vectors`).
 */
import type { DenseSearch } from '../../src/retrieve/hybrid.js';
import type { Paragraph } from '../../src/schema.js';
import type { AiBinding, VectorizeBinding } from './bindings.js';

/** Multilingual (Chinese included), 1024 dimensions; the Vectorize index must be created with the same. */
export const DEFAULT_EMBEDDING_MODEL = '@cf/baai/bge-m3';
/** Vectorize answers at most 100 matches without values or metadata. */
const MAX_TOP_K = 100;

/** The vectors of a Workers AI text-embedding answer (`{ shape, data }`, or the REST API's `{ result: { data } }`). */
export function embeddingVectors(output: unknown): number[][] {
  const o = output as { data?: unknown; result?: { data?: unknown } } | null;
  const data = o?.data ?? o?.result?.data;
  if (!Array.isArray(data) || !data.every((v) => Array.isArray(v))) throw new Error('the embedding model answered without vectors');
  return data as number[][];
}

export interface WorkersAiDenseOptions {
  ai: AiBinding;
  index: VectorizeBinding;
  paragraphs: Paragraph[];
  model?: string;
  /** Told when a search fails; the answer then goes on with lexical retrieval alone. */
  onError?: (error: unknown) => void;
}

export function workersAiDense(options: WorkersAiDenseOptions): DenseSearch {
  const model = options.model ?? DEFAULT_EMBEDDING_MODEL;
  const byId = new Map(options.paragraphs.map((p) => [p.id, p]));
  // One paragraph per report stands for it: the retriever's `allow` is a per-report choice.
  const firstOfDoc = new Map<string, Paragraph>();
  for (const p of options.paragraphs) if (!firstOfDoc.has(p.docId)) firstOfDoc.set(p.docId, p);
  return {
    modelId: model,
    async search(question, k, allow) {
      try {
        const [vector] = embeddingVectors(await options.ai.run(model, { text: [question] }));
        if (!vector) return [];
        const allowedDocs = [...firstOfDoc].filter(([, p]) => allow(p)).map(([docId]) => docId);
        if (!allowedDocs.length) return [];
        const filter = allowedDocs.length < firstOfDoc.size ? { docId: { $in: allowedDocs } } : undefined;
        const result = await options.index.query(vector, { topK: Math.min(Math.max(1, k), MAX_TOP_K), returnMetadata: 'none', ...(filter ? { filter } : {}) });
        return result.matches
          .filter((m) => {
            const p = byId.get(m.id);
            return p !== undefined && allow(p);
          })
          .slice(0, k)
          .map((m) => ({ id: m.id, score: m.score }));
      } catch (error) {
        options.onError?.(error);
        return [];
      }
    },
  };
}
