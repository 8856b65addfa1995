/**
 * Ingestion of the bundled corpus (corpus/): cleaning, segmentation, metadata,
 * stable ids, chunking, unreadable files and the `npm run ingest` CLI.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanLines, closeUpSpaces, stripPinyin } from '../src/ingest/clean.js';
import { loadCorpus, type Corpus } from '../adapters/node/corpus.js';
import { toSimplified } from '../src/ingest/script.js';
import { chunkText } from '../src/ingest/segment.js';
import type { Paragraph } from '../src/schema.js';

const CORPUS_DIR = fileURLToPath(new URL('../corpus', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const REPORT_IDS = ['gumeilu-2020', 'guojiatuo-2024', 'xiyingmen-2022', 'yueliangdao-2021', 'zhishan-2020'];

const PINYIN_RESIDUE = /[\u4e00-\u9fff]\([a-zü\u00e0-\u00fc\u0101-\u01dc]{1,7}\)/u;
const CHROME_AS_LINE = /^\s*(關閉|关闭|打印|附件[:：]?|相关稿件[:：]?)\s*$/mu;
const LONE_QUESTION_MARK = /^\s*[?？]\s*$/mu;
const TRAILING_BAR = /\s\|\s*$/u;

let corpus: Corpus;
const tempDirs: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** A copy of the real corpus (reports and sidecars) in a fresh temporary directory. */
async function copyCorpus(): Promise<string> {
  const dir = await tempDir('ingest-corpus-');
  await cp(CORPUS_DIR, dir, { recursive: true });
  return dir;
}

function paragraphsOf(docId: string, c: Corpus = corpus): Paragraph[] {
  return c.paragraphs.filter((p) => p.docId === docId);
}

function idsByDoc(c: Corpus): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of c.paragraphs) out.set(p.docId, [...(out.get(p.docId) ?? []), p.id]);
  return out;
}

beforeAll(async () => {
  corpus = await loadCorpus(CORPUS_DIR);
});

afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('loadCorpus on the bundled corpus', () => {
  it('ingests the five reports and skips nothing', () => {
    expect(corpus.skipped).toEqual([]);
    expect(corpus.documents.map((d) => d.id).sort()).toEqual(REPORT_IDS);
    for (const d of corpus.documents) {
      expect(d.paragraphs).toBe(paragraphsOf(d.id).length);
      expect(d.paragraphs).toBeGreaterThan(0);
    }
    expect(corpus.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves no converter, web or docx residue in paragraph texts or section headings', () => {
    const problems: string[] = [];
    for (const p of corpus.paragraphs) {
      for (const [where, s] of [['text', p.text], ...p.section.map((h, i) => [`section[${i}]`, h])] as [string, string][]) {
        const tag = `${p.id} ${where}: ${s.slice(0, 40)}`;
        if (s.trim() === '') problems.push(`${tag} is empty`);
        if (s !== s.trim()) problems.push(`${tag} has surrounding white space`);
        if (PINYIN_RESIDUE.test(s)) problems.push(`${tag} has pinyin residue ${PINYIN_RESIDUE.exec(s)?.[0]}`);
        if (CHROME_AS_LINE.test(s)) problems.push(`${tag} has a chrome line`);
        if (s.includes('[bookmark')) problems.push(`${tag} has a docx bookmark`);
        if (LONE_QUESTION_MARK.test(s)) problems.push(`${tag} has a lone ? placeholder`);
        if (TRAILING_BAR.test(s)) problems.push(`${tag} ends with " |"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps real parentheses that are content, not pinyin', () => {
    expect(paragraphsOf('yueliangdao-2021').some((p) => p.text.includes('(2015-2020年)'))).toBe(true);
    const guojiatuo = paragraphsOf('guojiatuo-2024');
    expect(guojiatuo.some((p) => p.text.includes('中新(重慶)'))).toBe(true);
    expect(guojiatuo.some((p) => p.text.includes('所(站)'))).toBe(true);
  });

  it('segments the one-line report (gumeilu) into sections like the others', () => {
    const gumeilu = paragraphsOf('gumeilu-2020');
    expect(gumeilu.length).toBeGreaterThanOrEqual(20);
    expect(gumeilu.some((p) => p.section[0]?.startsWith('一、') && p.section[1]?.startsWith('(一)'))).toBe(true);
    expect(gumeilu.some((p) => p.section[0]?.startsWith('四、'))).toBe(true);
    // Flattened, yet no paragraph is the whole report or a run of several sections.
    for (const p of gumeilu) {
      expect(p.text.length).toBeLessThan(1000);
      expect(p.text).not.toMatch(/\s(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])/u);
    }
  });

  it('yueliangdao: numbered items carry their title in the section path', () => {
    const yueliangdao = paragraphsOf('yueliangdao-2021');
    const hit = yueliangdao.find((p) => p.text.includes('691'));
    expect(hit).toBeDefined();
    expect(hit!.section).toEqual(['一、推進法治政府建設的主要措施及成效', '4.規范調解行為,用法治理念化解社會矛盾']);
  });

  it('yueliangdao: headings are not paragraphs of their own', () => {
    const yueliangdao = paragraphsOf('yueliangdao-2021');
    const texts = new Set(yueliangdao.map((p) => p.text));
    for (const heading of ['一、推進法治政府建設的主要措施及成效', '二、存在問題和不足', '三、下一步的打算']) {
      expect(texts.has(heading)).toBe(false);
      expect(yueliangdao.some((p) => p.section[0] === heading)).toBe(true);
    }
    // Nor the title.
    expect(texts.has('月亮島街道2021年法治政府建設工作情況報告')).toBe(false);
  });

  it('no report has a paragraph that is just one of its own headings', () => {
    for (const id of REPORT_IDS) {
      const ps = paragraphsOf(id);
      const headings = new Set(ps.flatMap((p) => p.section));
      expect(ps.filter((p) => headings.has(p.text)).map((p) => p.text)).toEqual([]);
    }
  });

  it('signature lines are metadata, not paragraphs', () => {
    const signatures: [string, string[]][] = [
      ['yueliangdao-2021', ['長沙市望城區月亮島街道辦事處', '2022年2月28日']],
      ['guojiatuo-2024', ['重慶市江北區人民政府郭家沱街道辦事處', '2025年1月14日']],
    ];
    for (const [id, lines] of signatures) {
      for (const p of paragraphsOf(id)) for (const line of lines) expect(p.text).not.toContain(line);
    }
  });

  it('every paragraph carries its simplified form', () => {
    for (const p of corpus.paragraphs) expect(p.simplified).toBe(toSimplified(p.text));
    const hit = paragraphsOf('yueliangdao-2021').find((p) => p.text.includes('691'));
    expect(hit?.simplified).toContain('调解矛盾纠纷691件');
    expect(hit?.text).toContain('調解矛盾糾紛691件');
  });
});

describe('report metadata', () => {
  const expected = [
    {
      id: 'yueliangdao-2021', script: 'traditional', locality: '月亮岛街道', region: '长沙市望城区', year: 2021,
      signedBy: '長沙市望城區月亮島街道辦事處', signedAt: '2022年2月28日', title: '月亮島街道2021年法治政府建設工作情況報告',
    },
    {
      id: 'zhishan-2020', script: 'simplified', locality: '址山镇', region: '广东省鹤山市', year: 2020,
      signedBy: null, signedAt: null, title: '址山镇2020年法治政府建设情况报告',
    },
    {
      id: 'xiyingmen-2022', script: 'simplified', locality: '西营门街', region: null, year: 2022,
      signedBy: null, signedAt: null, title: '西营门街2022年法治政府建设情况汇报',
    },
    {
      id: 'guojiatuo-2024', script: 'traditional', locality: '郭家沱街道', region: '重庆市江北区', year: 2024,
      signedBy: '重慶市江北區人民政府郭家沱街道辦事處', signedAt: '2025年1月14日', title: '郭家沱街道2024年法治政府建设情况报告',
    },
    {
      id: 'gumeilu-2020', script: 'simplified', locality: '古美路街道', region: '上海市闵行区', year: 2020,
      signedBy: null, signedAt: null, title: '古美路街道2020年法治政府建设情况报告',
    },
  ] as const;

  it.each(expected)('$id', (row) => {
    const doc = corpus.documents.find((d) => d.id === row.id);
    expect(doc).toBeDefined();
    expect({
      id: doc!.id, script: doc!.script, locality: doc!.locality, region: doc!.region, year: doc!.year,
      signedBy: doc!.signedBy, signedAt: doc!.signedAt, title: doc!.title,
    }).toEqual(row);
    expect(doc!.file).toBe(`${row.id}.txt`);
    expect(doc!.format).toBe('text');
  });
});

describe('paragraph ids', () => {
  it('are unique within the corpus', () => {
    const ids = corpus.paragraphs.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are identical when the corpus is loaded twice', async () => {
    const again = await loadCorpus(CORPUS_DIR);
    expect(again.paragraphs.map((p) => p.id)).toEqual(corpus.paragraphs.map((p) => p.id));
    expect(again.hash).toBe(corpus.hash);
  });

  it('do not depend on where the corpus lives', async () => {
    const copy = await loadCorpus(await copyCorpus());
    expect(copy.paragraphs.map((p) => p.id)).toEqual(corpus.paragraphs.map((p) => p.id));
    expect(copy.hash).toBe(corpus.hash);
  });

  it('survive a change to another report; the corpus hash does not', async () => {
    const dir = await copyCorpus();
    const file = join(dir, 'xiyingmen-2022.txt');
    const original = await readFile(file, 'utf8');
    expect(original).toContain('共接待群众107批次');
    await writeFile(file, original.replace('共接待群众107批次', '共接待群众108批次'));

    const changed = await loadCorpus(dir);
    expect(changed.skipped).toEqual([]);
    expect(changed.hash).not.toBe(corpus.hash);

    const before = idsByDoc(corpus);
    const after = idsByDoc(changed);
    for (const id of REPORT_IDS.filter((d) => d !== 'xiyingmen-2022')) expect(after.get(id)).toEqual(before.get(id));

    // Inside the edited report only the edited paragraph gets a new id.
    const oldIds = before.get('xiyingmen-2022')!;
    const newIds = after.get('xiyingmen-2022')!;
    expect(newIds).toHaveLength(oldIds.length);
    const differing = newIds.filter((id, i) => id !== oldIds[i]);
    expect(differing).toHaveLength(1);
    expect(paragraphsOf('xiyingmen-2022', changed).find((p) => p.id === differing[0])?.text).toContain('108批次');
  });

  it('the corpus hash changes when a sidecar changes', async () => {
    const dir = await copyCorpus();
    await writeFile(join(dir, 'zhishan-2020.txt.meta.json'), JSON.stringify({ region: '广东省江门市鹤山市' }));
    const changed = await loadCorpus(dir);
    expect(changed.hash).not.toBe(corpus.hash);
    expect(changed.documents.find((d) => d.id === 'zhishan-2020')?.region).toBe('广东省江门市鹤山市');
    expect(changed.paragraphs.map((p) => p.id)).toEqual(corpus.paragraphs.map((p) => p.id));
  });
});

describe('chunking', () => {
  const sentenceEnds = (s: string) => (s.match(/[。！？!?；;]/gu) ?? []).length;

  it('no paragraph is longer than ~500 characters unless it is a single sentence', () => {
    const tooLong = corpus.paragraphs.filter((p) => p.text.length > 500 && sentenceEnds(p.text.slice(0, -1)) > 0);
    expect(tooLong.map((p) => `${p.id} (${p.text.length})`)).toEqual([]);
  });

  it('chunks of one paragraph share paragraphId, count 1..n and are named `${paragraphId}-${n}`', () => {
    const groups = new Map<string, Paragraph[]>();
    for (const p of corpus.paragraphs) groups.set(p.paragraphId, [...(groups.get(p.paragraphId) ?? []), p]);
    let chunked = 0;
    for (const [paragraphId, ps] of groups) {
      expect(new Set(ps.map((p) => p.docId)).size).toBe(1);
      if (ps.length === 1) {
        expect(ps[0]!.chunk).toBeNull();
        expect(ps[0]!.id).toBe(paragraphId);
        continue;
      }
      chunked++;
      expect(ps.map((p) => p.chunk)).toEqual(ps.map((_, i) => i + 1));
      expect(ps.map((p) => p.id)).toEqual(ps.map((_, i) => `${paragraphId}-${i + 1}`));
      // Consecutive, under one section path.
      const ordinals = ps.map((p) => p.ordinal);
      expect(ordinals).toEqual(ordinals.map((_, i) => ordinals[0]! + i));
      for (const p of ps) expect(p.section).toEqual(ps[0]!.section);
    }
    expect(chunked).toBeGreaterThan(0);
  });

  it('ordinals count 0..n-1 within each report', () => {
    for (const id of REPORT_IDS) {
      const ps = paragraphsOf(id);
      expect(ps.map((p) => p.ordinal)).toEqual(ps.map((_, i) => i));
    }
  });

  it('chunkText splits at sentence ends without losing text and keeps a long single sentence whole', () => {
    const sentence = '街道坚持依法行政，全面推进政务公开，规范行政执法行为，提升公共法律服务水平。';
    const long = sentence.repeat(20);
    const chunks = chunkText(long);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(long);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(500);
      expect(c.endsWith('。')).toBe(true);
    }
    const oneSentence = `${'街道坚持依法行政，'.repeat(80)}全面推进法治政府建设。`;
    expect(chunkText(oneSentence)).toEqual([oneSentence]);
    expect(chunkText('短段落。')).toEqual(['短段落。']);
  });
});

describe('unreadable files', () => {
  it('ingests the five reports and reports a broken .docx and an empty file in skipped', async () => {
    const dir = await copyCorpus();
    // A truncated .docx: ZIP signature, then garbage.
    await writeFile(join(dir, 'broken.docx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('garbage \x00\x01\x02\xff\xfe garbage')]));
    await writeFile(join(dir, 'empty.txt'), '');
    const c = await loadCorpus(dir);
    expect(c.documents.map((d) => d.id).sort()).toEqual(REPORT_IDS);
    expect(c.paragraphs.map((p) => p.id)).toEqual(corpus.paragraphs.map((p) => p.id));
    expect(c.skipped.map((s) => s.file).sort()).toEqual(['broken.docx', 'empty.txt']);
    for (const s of c.skipped) expect(s.reason.trim().length).toBeGreaterThan(0);
    expect(c.skipped.find((s) => s.file === 'broken.docx')?.reason).toMatch(/docx/i);
    expect(c.skipped.find((s) => s.file === 'empty.txt')?.reason).toMatch(/empty/i);
  });
});

describe('cleaning', () => {
  it('stripPinyin removes readings after characters but keeps real parentheses', () => {
    expect(stripPinyin('建設(shè)報(bào)告(2015-2020年)(一)所(站)(试行)')).toBe('建設報告(2015-2020年)(一)所(站)(试行)');
  });

  it('closeUpSpaces closes gaps inside Chinese words and figures', () => {
    expect(closeUpSpaces('法 治政府 共 调解 56 件')).toBe('法治政府共调解56件');
  });

  it('cleanLines drops web page chrome', () => {
    const chrome = [
      '首页 > 政务公开 > 法治政府',
      '索引号：123',
      '发布时间：2022-01-01',
      '来源：区司法局',
      '上一篇：xx',
      '下一篇：xx',
      '版权所有 © 某区人民政府',
      '扫一扫在手机打开当前页',
      '字体：【大 中 小】',
      '浏览次数：12',
      '分享到：',
      '【打印】',
      '[关闭]',
    ];
    for (const line of chrome) expect(cleanLines(line), line).toEqual([]);
    const content = '街道全年共调解矛盾纠纷56件。';
    expect(cleanLines([...chrome.slice(0, 6), content, ...chrome.slice(6)].join('\n'))).toEqual([content]);
  });

  it('cleanLines keeps a table row as cells joined by " | "', () => {
    expect(cleanLines('项目\t数量\t备注')).toEqual(['项目 | 数量 | 备注']);
  });

  it('cleanLines keeps the columns of a table typed with spaces apart, as a tab table is', () => {
    const table = [
      '指标名称              2022年    2023年    增减',
      '罚没款（万元）        365       412       +47',
      '一审行政诉讼案件（件）　　37　　33　　-4',
      '调解案件（件）  4316',
    ].join('\n');
    expect(cleanLines(table)).toEqual([
      '指标名称 | 2022年 | 2023年 | 增减',
      '罚没款（万元） | 365 | 412 | +47',
      '一审行政诉讼案件（件） | 37 | 33 | -4',
      '调解案件（件） | 4316',
    ]);
  });

  it('cleanLines still closes up prose and headings an export spaced out', () => {
    expect(cleanLines('法  治  政  府  共  调解  56  件\n第一部分  2023年法治政府建设主要工作\n全年共调解  56  件，办结率  100%。'))
      .toEqual(['法治政府共调解56件', '第一部分2023年法治政府建设主要工作', '全年共调解56件，办结率100%。']);
  });

  it('cleanLines keeps CRLF text lines', () => {
    expect(cleanLines('一、主要举措\r\n街道依法行政。\r\n二、存在问题\r\n')).toEqual(['一、主要举措', '街道依法行政。', '二、存在问题']);
  });
});

describe('ingest CLI', () => {
  it('writes documents.json and paragraphs.jsonl and prints a summary', async () => {
    const out = await tempDir('ingest-cli-');
    const stdout = execFileSync('npx', ['tsx', 'adapters/node/cli/ingest.ts', '--corpus', 'corpus', '--out', out], {
      cwd: REPO_ROOT,
      timeout: 60_000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const locality of ['月亮岛街道', '址山镇', '西营门街', '郭家沱街道', '古美路街道']) expect(stdout).toContain(locality);
    expect(stdout).toMatch(/5 reports, \d+ paragraphs, 0 skipped/);
    const summary = /5 reports, (\d+) paragraphs/.exec(stdout);
    expect(Number(summary?.[1])).toBe(corpus.paragraphs.length);

    const documents = JSON.parse(await readFile(join(out, 'documents.json'), 'utf8')) as Record<string, unknown>[];
    expect(documents).toHaveLength(5);
    const documentFields = ['id', 'file', 'encoding', 'script', 'title', 'locality', 'region', 'year', 'signedBy', 'signedAt', 'paragraphs'];
    for (const d of documents) for (const f of documentFields) expect(d, `${String(d.id)}.${f}`).toHaveProperty(f);
    expect(documents.map((d) => d.id).sort()).toEqual(REPORT_IDS);

    const lines = (await readFile(join(out, 'paragraphs.jsonl'), 'utf8')).split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(corpus.paragraphs.length);
    const paragraphFields = ['id', 'docId', 'ordinal', 'section', 'text', 'simplified'];
    for (const line of lines) {
      const p = JSON.parse(line) as Record<string, unknown>;
      for (const f of paragraphFields) expect(p, `${String(p.id)}.${f}`).toHaveProperty(f);
    }
  }, 90_000);
});
