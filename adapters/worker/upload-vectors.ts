/**
 * `npm run worker:build -- --upload-vectors` (Node, build time; needs the
 * network): embeds every paragraph with Workers AI through the Cloudflare
 * REST API and upserts the vectors into the Vectorize index as NDJSON, with
 * `docId` metadata for filtered queries. Needs CLOUDFLARE_ACCOUNT_ID and
 * CLOUDFLARE_API_TOKEN (Workers AI: read, Vectorize: edit); the index comes
 * from --index or VECTORIZE_INDEX (default `fazhi-wenda`), the model from
 * --model or EMBEDDING_MODEL (default @cf/baai/bge-m3; the Worker's
 * EMBEDDING_MODEL must be the same).
 */
import { embeddingText } from '../node/index/store.js';
import type { Paragraph, ReportDocument } from '../../src/schema.js';
import { DEFAULT_EMBEDDING_MODEL, embeddingVectors } from './dense.js';

export interface UploadOptions {
  accountId?: string;
  apiToken?: string;
  indexName?: string;
  model?: string;
  /** Paragraphs per embedding call. */
  embedBatch?: number;
  /** Vectors per upsert request. */
  upsertBatch?: number;
  log?: (message: string) => void;
  fetch?: typeof fetch;
}

interface ApiEnvelope {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
  result?: unknown;
}

export async function uploadVectors(artifact: { documents: ReportDocument[]; paragraphs: Paragraph[] }, options: UploadOptions = {}): Promise<{ vectors: number; mutations: string[] }> {
  const accountId = options.accountId ?? process.env.CLOUDFLARE_ACCOUNT_ID;
  const apiToken = options.apiToken ?? process.env.CLOUDFLARE_API_TOKEN;
  if (!accountId || !apiToken) throw new Error('--upload-vectors needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN');
  const indexName = options.indexName ?? process.env.VECTORIZE_INDEX ?? 'fazhi-wenda';
  const model = options.model ?? process.env.EMBEDDING_MODEL ?? DEFAULT_EMBEDDING_MODEL;
  const log = options.log ?? (() => {});
  const doFetch = options.fetch ?? fetch;
  const base = `https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(accountId)}`;

  const call = async (path: string, body: string, contentType = 'application/json'): Promise<unknown> => {
    const res = await doFetch(`${base}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${apiToken}`, 'Content-Type': contentType }, body });
    const envelope = (await res.json().catch(() => ({}))) as ApiEnvelope;
    if (!res.ok || envelope.success === false) {
      throw new Error(`${path}: HTTP ${res.status} ${(envelope.errors ?? []).map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ')}`);
    }
    return envelope.result;
  };
  const index = `/vectorize/v2/indexes/${encodeURIComponent(indexName)}`;

  // Filtered queries need a metadata index on docId, made before the vectors go in.
  try {
    await call(`${index}/metadata_index/create`, JSON.stringify({ propertyName: 'docId', indexType: 'string' }));
    log(`created the docId metadata index on ${indexName}`);
  } catch (err) {
    log(`docId metadata index: ${(err as Error).message} (fine if it exists already)`);
  }

  const docs = new Map(artifact.documents.map((d) => [d.id, d]));
  const lines: string[] = [];
  const embedBatch = options.embedBatch ?? 50;
  for (let i = 0; i < artifact.paragraphs.length; i += embedBatch) {
    const batch = artifact.paragraphs.slice(i, i + embedBatch);
    const texts = batch.map((p) => embeddingText(p, docs.get(p.docId) as ReportDocument));
    const vectors = embeddingVectors(await call(`/ai/run/${model}`, JSON.stringify({ text: texts })));
    if (vectors.length !== batch.length) throw new Error(`${model} returned ${vectors.length} vectors for ${batch.length} texts`);
    batch.forEach((p, j) => lines.push(JSON.stringify({ id: p.id, values: vectors[j], metadata: { docId: p.docId } })));
    log(`embedded ${Math.min(i + embedBatch, artifact.paragraphs.length)}/${artifact.paragraphs.length} paragraphs with ${model}`);
  }

  const mutations: string[] = [];
  const upsertBatch = options.upsertBatch ?? 500;
  for (let i = 0; i < lines.length; i += upsertBatch) {
    const result = (await call(`${index}/upsert`, `${lines.slice(i, i + upsertBatch).join('\n')}\n`, 'application/x-ndjson')) as { mutationId?: string } | undefined;
    if (result?.mutationId) mutations.push(result.mutationId);
  }
  log(`upserted ${lines.length} vectors into ${indexName} (Vectorize applies them asynchronously)`);
  return { vectors: lines.length, mutations };
}
