/**
 * Feedback in Workers KV, when wrangler.toml binds a namespace as FEEDBACK.
 * One key per entry, named so that KV's ascending key order lists the newest
 * first: `feedback:<time counted down>:<id>`. (KV is eventually consistent: an
 * entry can take a while to show in the listing of another location.)
 */
import { feedbackEntry, type FeedbackEntry, type FeedbackInput, type FeedbackPage, type FeedbackStore } from '../../src/http/feedback.js';
import type { KvBinding } from './bindings.js';

const PREFIX = 'feedback:';
/** Later than any time stored (year 2286); counted down from, so newer keys sort first. */
const LATEST_MS = 9_999_999_999_999;
/** KV lists at most 1000 keys a call. */
const LIST_PAGE = 1000;

export function feedbackKey(entry: Pick<FeedbackEntry, 'id' | 'at'>): string {
  return `${PREFIX}${String(LATEST_MS - Date.parse(entry.at)).padStart(13, '0')}:${entry.id}`;
}

export class KvFeedbackStore implements FeedbackStore {
  constructor(private readonly kv: KvBinding) {}

  async append(input: FeedbackInput): Promise<{ id: string }> {
    const entry = feedbackEntry(input);
    await this.kv.put(feedbackKey(entry), JSON.stringify(entry));
    return { id: entry.id };
  }

  /** A page of at most `limit` (KV lists up to 1000 keys a call); the cursor is KV's own. */
  async list(limit: number, cursor?: string): Promise<FeedbackPage> {
    if (limit < 1) return { entries: [], next: null };
    const page = await this.kv.list({ prefix: PREFIX, limit: Math.min(LIST_PAGE, Math.floor(limit)), ...(cursor ? { cursor } : {}) });
    const values = await Promise.all(page.keys.map((k) => this.kv.get(k.name)));
    const entries: FeedbackEntry[] = [];
    for (const value of values) {
      if (value === null) continue;
      try {
        entries.push(JSON.parse(value) as FeedbackEntry);
      } catch {
        // a damaged entry is skipped, not fatal
      }
    }
    return { entries, next: page.list_complete || !page.cursor ? null : page.cursor };
  }
}
