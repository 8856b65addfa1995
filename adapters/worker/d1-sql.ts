/**
 * Build side (Node) of the Worker's D1 index (d1.ts): one generation as SQL
 * statements, one per line, for `wrangler d1 execute --file` or a test's
 * D1 binding.
 *
 * - Each statement stays under D1's 100 KB statement limit: rows are grouped
 *   into multi-row INSERTs, lists and long postings split into parts.
 * - The generation id is a hash of everything stored, so loading the same
 *   build twice changes nothing (INSERT OR IGNORE) and completes a load that
 *   stopped half-way; any other build gets rows of its own.
 * - The pointer flips last; then generations other than the serving one and
 *   the one it replaced are deleted.
 * - No BEGIN/COMMIT: D1's import refuses them, and the pointer makes the
 *   switch atomic without them.
 */
import { createHash } from 'node:crypto';
import type { LexicalData } from '../../src/retrieve/lexical.js';
import type { Paragraph, ReportDocument } from '../../src/schema.js';
import { D1_SCHEMA, D1_SCHEMA_VERSION } from './d1.js';
import type { PrunedPhrases } from './opencc-phrases.js';

/** D1 refuses statements over 100,000 bytes; this leaves room for the statement around the rows. */
export const MAX_STATEMENT_BYTES = 90_000;
/** The largest list part or postings part, in bytes of SQL text. */
const MAX_PART_BYTES = 60_000;

export interface D1Build {
  corpusHash: string;
  segmenter: string;
  documents: ReportDocument[];
  paragraphs: Paragraph[];
  skipped: { file: string; reason: string }[];
  lexical: LexicalData;
  phrases: PrunedPhrases;
}

export interface D1Sql {
  generation: string;
  statements: string[];
  rows: { paragraphs: number; postings: number; lists: number };
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A text literal; line breaks go in through char() so every statement stays on one line. */
export function sqlText(s: string): string {
  return s
    .split(/(\r|\n)/u)
    .map((piece) => (piece === '\n' ? 'char(10)' : piece === '\r' ? 'char(13)' : `'${piece.replaceAll("'", "''")}'`))
    .join(' || ');
}

const sqlNumber = (n: number): string => {
  if (!Number.isFinite(n)) throw new Error(`cannot store ${n} in D1`);
  return String(n);
};

/** Splits items into JSON arrays of at most `max` bytes (one item over it goes alone). */
function jsonParts<T>(items: readonly T[], max = MAX_PART_BYTES): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const item of items) {
    const json = JSON.stringify(item);
    if (current.length && size + bytes(json) + 1 > max) {
      parts.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += bytes(json) + 1;
  }
  if (current.length || !parts.length) parts.push(`[${current.join(',')}]`);
  return parts;
}

/** INSERT OR IGNORE statements of as many rows as fit one statement. */
function inserts(table: string, columns: string, rows: Iterable<string>): string[] {
  const head = `INSERT OR IGNORE INTO ${table} (${columns}) VALUES `;
  const out: string[] = [];
  let current: string[] = [];
  let size = bytes(head);
  for (const row of rows) {
    const n = bytes(row) + 1;
    if (bytes(head) + n > MAX_STATEMENT_BYTES) throw new Error(`a row of ${table} is ${n} bytes, over D1's statement limit`);
    if (current.length && size + n > MAX_STATEMENT_BYTES) {
      out.push(`${head}${current.join(',')};`);
      current = [];
      size = bytes(head);
    }
    current.push(row);
    size += n;
  }
  if (current.length) out.push(`${head}${current.join(',')};`);
  return out;
}

/** The id of a build: a hash of everything stored. */
function generationId(build: D1Build): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([D1_SCHEMA_VERSION, build.corpusHash, build.segmenter, build.documents, build.skipped, build.phrases]));
  for (const p of build.paragraphs) hash.update(JSON.stringify(p));
  const { vocabulary, bm25 } = build.lexical;
  hash.update(JSON.stringify([vocabulary, bm25.k1, bm25.b, bm25.avgLength, bm25.lengths]));
  for (const [token, list] of Object.entries(bm25.postings)) hash.update(`${token}\u0000${Array.from(list).join(',')}\u0000`);
  return hash.digest('hex').slice(0, 24);
}

export function d1Sql(build: D1Build): D1Sql {
  const gen = generationId(build);
  const g = sqlText(gen);
  const { bm25, vocabulary } = build.lexical;
  const statements: string[] = D1_SCHEMA.map((s) => `${s};`);
  statements.push(
    'INSERT OR IGNORE INTO fz_generations (id, schema_version, corpus_hash, segmenter, documents, paragraphs, k1, b, avg_length) VALUES ' +
      `(${[g, String(D1_SCHEMA_VERSION), sqlText(build.corpusHash), sqlText(build.segmenter), String(build.documents.length), String(build.paragraphs.length), sqlNumber(bm25.k1), sqlNumber(bm25.b), sqlNumber(bm25.avgLength)].join(', ')});`,
  );

  const postingsOf = Object.entries(bm25.postings);
  const lists: [string, readonly unknown[]][] = [
    ['documents', build.documents],
    ['skipped', build.skipped],
    ['vocabulary', vocabulary],
    ['df', postingsOf.map(([token, list]) => [token, list.length / 2])],
    ['st_phrases', build.phrases.stPhrases ? build.phrases.stPhrases.split('|') : []],
    ['st_phrases_generated', build.phrases.stPhrasesGenerated ? build.phrases.stPhrasesGenerated.split('|') : []],
  ];
  const listRows = lists.flatMap(([name, items]) => jsonParts(items).map((body, part) => `(${g}, ${sqlText(name)}, ${part}, ${sqlText(body)})`));
  statements.push(...inserts('fz_lists', 'gen, name, part, body', listRows));

  if (bm25.lengths.length !== build.paragraphs.length) throw new Error('the lexical index and the paragraphs disagree');
  const paragraphRows = build.paragraphs.map((p, i) => `(${g}, ${i}, ${bm25.lengths[i]}, ${sqlText(JSON.stringify(p))})`);
  statements.push(...inserts('fz_paragraphs', 'gen, idx, length, body', paragraphRows));

  const postingRows: string[] = [];
  for (const [token, list] of postingsOf) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i] as number, list[i + 1] as number]);
    jsonParts(pairs).forEach((body, part) => postingRows.push(`(${g}, ${sqlText(token)}, ${part}, ${sqlText(body)})`));
  }
  statements.push(...inserts('fz_postings', 'gen, token, part, postings', postingRows));

  // The previous serving generation gets its activation time now, the new one when it takes over.
  statements.push(
    `UPDATE fz_generations SET activated_at = julianday('now') WHERE id = ${g} AND id IS NOT (SELECT generation FROM fz_current WHERE slot = 1);`,
    `INSERT OR REPLACE INTO fz_current (slot, generation) VALUES (1, ${g});`,
  );
  const kept = `(SELECT id FROM fz_generations WHERE activated_at IS NOT NULL ORDER BY activated_at DESC LIMIT 2)`;
  for (const table of ['fz_postings', 'fz_paragraphs', 'fz_lists']) statements.push(`DELETE FROM ${table} WHERE gen NOT IN ${kept};`);
  statements.push(`DELETE FROM fz_generations WHERE id NOT IN ${kept};`);
  return { generation: gen, statements, rows: { paragraphs: paragraphRows.length, postings: postingRows.length, lists: listRows.length } };
}
