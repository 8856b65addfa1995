/**
 * Uploads and removals on the `reports` table (STORE=postgres): what a re-index
 * on any instance builds from. One statement each, so two uploads of one name
 * can never both claim it, and an overwrite is seen whole or not at all.
 */
import type { Pool } from 'pg';
import { REPORT_EXTENSIONS } from '../../../../src/ingest/read.js';
import type { CorpusAdmin } from '../../../../src/service.js';
import { checkedName, unreadableReason } from '../../corpus-admin.js';
import { sha256Of } from '../../corpus.js';

export function pgCorpusAdmin(pool: Pool): CorpusAdmin {
  return {
    extensions: REPORT_EXTENSIONS,
    unreadableReason,

    async upload(name, bytes, { overwrite = false } = {}) {
      const file = checkedName(name);
      const values = [file, Buffer.from(bytes), bytes.byteLength, sha256Of(bytes)];
      if (!overwrite) {
        const { rowCount } = await pool.query('INSERT INTO reports (name, bytes, size, sha256) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING', values);
        return rowCount ? { file, bytes: bytes.byteLength, replaced: false } : null;
      }
      // xmax is set on a row the statement updated rather than inserted
      const { rows } = await pool.query<{ replaced: boolean }>(
        `INSERT INTO reports (name, bytes, size, sha256) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET bytes = EXCLUDED.bytes, size = EXCLUDED.size, sha256 = EXCLUDED.sha256, updated_at = now()
         RETURNING (xmax::text <> '0') AS replaced`,
        values,
      );
      return { file, bytes: bytes.byteLength, replaced: rows[0]?.replaced ?? false };
    },

    async remove(name) {
      const { rowCount } = await pool.query('DELETE FROM reports WHERE name = $1', [checkedName(name)]);
      return (rowCount ?? 0) > 0;
    },
  };
}
