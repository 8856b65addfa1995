/**
 * Answers over a corpus that mixes every format: the bundled text reports
 * plus the PDF, scanned PDF (OCR: Debian's tesseract-ocr, chi-sim, chi-tra,
 * poppler-utils), .doc, .wps and OFD fixtures. Figures from each format are
 * answered and cited with their page; an answer built on a scan says so.
 */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openNodeIndex, type NodeIndexHandle } from '../adapters/node/service.js';
import { answerQuestion } from '../src/answer/answer.js';
import { SCAN_NOTE } from '../src/answer/cite.js';
import { AnswerResultSchema } from '../src/answer/types.js';
import { tempConfig } from './helpers/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/formats/', import.meta.url));
const FILES = ['qinghe-2023.pdf', 'shiqiao-2022-scan.pdf', 'liuwan-2021.doc', 'baisha-2022.wps', 'yunxi-2023.ofd', 'locked.pdf'];

let handle: NodeIndexHandle;

beforeAll(async () => {
  const config = await tempConfig();
  for (const f of FILES) await cp(join(FIXTURES, f), join(config.CORPUS_DIR, f));
  handle = await openNodeIndex(config);
}, 300_000);

const ask = async (q: string) => AnswerResultSchema.parse(await answerQuestion(handle.retriever, q, { mode: 'extractive' }));

describe('a corpus of every format', () => {
  it('indexes every readable report and lists the encrypted PDF as skipped', () => {
    const formats = Object.fromEntries(handle.index.documents.map((d) => [d.id, d.format]));
    expect(formats).toMatchObject({ 'qinghe-2023': 'pdf', 'shiqiao-2022-scan': 'pdf', 'liuwan-2021': 'doc', 'baisha-2022': 'wps', 'yunxi-2023': 'ofd', 'yueliangdao-2021': 'text' });
    expect(handle.index.manifest.skipped).toEqual([{ file: 'locked.pdf', reason: 'encrypted PDF (it needs a password to open)' }]);
  });

  it('answers a table row\'s figure, cited with its row label and page', async () => {
    const r = await ask('青禾街道2023年一审行政诉讼案件有多少件？');
    expect(r.answered).toBe(true);
    expect(r.answer).toMatch(/9件/u);
    const cited = r.citations.find((c) => c.quote !== undefined && c.docId === 'qinghe-2023');
    expect(cited).toMatchObject({ page: 2 });
    expect(cited?.text).toBe('一审行政诉讼案件：2022年 15件，2023年 9件');
  });

  it('answers from a paragraph that runs across a page break, with both pages', async () => {
    const r = await ask('青禾街道轻微违法行为回访整改率是多少？');
    expect(r.answer).toMatch(/100%/u);
    expect(r.citations.find((c) => c.quote !== undefined)).toMatchObject({ docId: 'qinghe-2023', page: 1, pageEnd: 2 });
  });

  it('answers from the scanned report with the OCR note', async () => {
    const r = await ask('石桥镇2022年调解成功率是多少？');
    expect(r.answered).toBe(true);
    expect(r.answer).toMatch(/97\.7%/u);
    expect(r.answer.endsWith(SCAN_NOTE)).toBe(true);
    expect(r.citations.find((c) => c.quote !== undefined)).toMatchObject({ docId: 'shiqiao-2022-scan', page: 1, ocr: true });
  });

  it('answers from the .doc, the .wps and the OFD without the OCR note', async () => {
    for (const [q, figure, docId] of [
      ['柳湾乡2021年调解成功率是多少？', '95.3%', 'liuwan-2021'],
      ['白沙街道2022年办理行政处罚案件多少件？', '58件', 'baisha-2022'],
      ['云溪镇2023年调解矛盾纠纷多少件？', '156件', 'yunxi-2023'],
    ] as const) {
      const r = await ask(q);
      expect(r.answer, q).toContain(figure);
      expect(r.answer.includes(SCAN_NOTE), q).toBe(false);
      expect(r.citations.find((c) => c.quote !== undefined)?.docId, q).toBe(docId);
    }
  });

  it('still answers the bundled reports as before', async () => {
    const r = await ask('月亮岛街道2021年调解了多少矛盾纠纷？');
    expect(r.answer).toMatch(/691件/u);
    expect(r.citations.find((c) => c.quote !== undefined)?.page).toBeUndefined();
  });
});
