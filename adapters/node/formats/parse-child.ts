/**
 * The child process of isolated.ts: reads one report at a time with the Node
 * readers and sends the result (or the reason it is unreadable) back.
 */
import { readReport, UnreadableReportError } from '../../../src/ingest/read.js';
import { nodeReaders } from './readers.js';
import type { ParseReply, ParseRequest } from './isolated.js';

const send = process.send?.bind(process);
if (!send) throw new Error('parse-child.ts runs as a child process with an IPC channel');

process.on('message', (req: ParseRequest) => {
  void (async () => {
    let reply: ParseReply;
    try {
      reply = { id: req.id, ok: true, result: await readReport(req.bytes, req.name, nodeReaders(req.readers)) };
    } catch (e) {
      reply = e instanceof UnreadableReportError
        ? { id: req.id, ok: false, reason: e.reason }
        : { id: req.id, ok: false, reason: `cannot be read (${e instanceof Error ? e.message : String(e)})` };
    }
    send(reply);
  })();
});
// Its parent gone, the child has no one to answer.
process.on('disconnect', () => process.exit(0));
send({ ready: true });
