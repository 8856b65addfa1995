/**
 * A worker thread that runs the local embedding model, so the model's CPU time
 * is spent beside the event loop rather than on it (onnxruntime-node runs a
 * session synchronously on the calling thread). Each text is a forward pass of
 * its own: the int8 model quantises activations per batch tensor, so a padded
 * batch would give a text a slightly different vector (cosine ≈ 0.99) from the
 * one it gets alone, and an answer could depend on which questions happened to
 * arrive together.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';

const SetupSchema = z.object({ modelDir: z.string().min(1), threads: z.number().int().positive() });
const JobSchema = z.object({ id: z.number().int(), texts: z.array(z.string()) });

export type ModelWorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'done'; id: number; dims: number; vectors: Float32Array; ms: number[] }
  | { type: 'error'; id: number; error: string };

type Extractor = (texts: string[], options: { pooling: 'cls'; normalize: boolean }) => Promise<{ data: Float32Array; dims: number[] }>;

const port = parentPort;
if (!port) throw new Error('model-worker.ts runs as a worker thread');
const send = (message: ModelWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function load(): Promise<Extractor> {
  const setup = SetupSchema.parse(workerData);
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.dirname(setup.modelDir) + path.sep;
  // The generic overloads of `pipeline` are very expensive for tsc; only the call signature is needed.
  const make = pipeline as unknown as (task: string, model: string, options: Record<string, unknown>) => Promise<Extractor>;
  return make('feature-extraction', path.basename(setup.modelDir), {
    dtype: 'q8',
    device: 'cpu',
    // One thread per worker: the pool runs one worker per core, which keeps every core busy
    // with whole forward passes instead of splitting each small pass across threads.
    session_options: { intraOpNumThreads: setup.threads, interOpNumThreads: 1 },
  });
}

try {
  const extract = await load();
  port.on('message', async (raw: unknown) => {
    const job = JobSchema.parse(raw);
    try {
      let dims = 0;
      const parts: Float32Array[] = [];
      const ms: number[] = [];
      for (const text of job.texts) {
        const t = performance.now();
        const out = await extract([text], { pooling: 'cls', normalize: true });
        ms.push(performance.now() - t);
        dims = out.dims[1] ?? out.data.length;
        parts.push(out.data);
      }
      const vectors = new Float32Array(dims * parts.length);
      parts.forEach((p, i) => vectors.set(p.subarray(0, dims), i * dims));
      send({ type: 'done', id: job.id, dims, vectors, ms }, [vectors.buffer as ArrayBuffer]);
    } catch (err) {
      send({ type: 'error', id: job.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
}
