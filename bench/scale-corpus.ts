/**
 * A large corpus for the bench: real report paragraphs recombined under
 * made-up places, years and figures, ~21 paragraphs a report. Written once
 * per size into its directory (a marker file says it is complete).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCorpus } from '../adapters/node/corpus.js';

const SYLLABLES = '安宝北滨昌城川春大德东丰凤福港光广海和河红华惠嘉江金锦景康兰乐丽临龙隆梅民明南宁平浦青庆瑞山盛石顺泰天通万文西祥新兴阳永玉圆长正中洲竹紫'.split('');

export async function generateCorpus(sourceDir: string, dir: string, target: number): Promise<void> {
  const marker = join(dir, `.generated-${target}`);
  try {
    await readFile(marker);
    return;
  } catch { /* generate below */ }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const real = await loadCorpus(sourceDir);
  const realPlaces = new RegExp(`(${real.documents.map((d) => d.locality.replace(/(街道|镇|乡)$/u, '')).filter((w) => w.length >= 2).join('|')})`, 'gu');
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
  let paragraphs = 0;
  for (let n = 0; paragraphs < target; n++) {
    const place = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(['街道', '镇', '乡'])}`;
    const year = 2018 + Math.floor(rand() * 7);
    const lines = [`${place}${year}年法治政府建设情况报告`, `${year}年以来，${place}认真贯彻落实法治政府建设各项部署，现将有关情况报告如下：`];
    let heading = 0;
    for (let i = 0; i < 20; i++) {
      if (i % 5 === 0) lines.push(`${'一二三四五六七八九十'[heading++]}、${pick(['主要举措和成效', '存在的问题和不足', '下一步工作安排', '依法行政工作'])}`);
      const p = pick(real.paragraphs).simplified
        .replace(/\d+(\.\d+)?/gu, (m) => String(Math.max(1, Math.round(Number(m) * (0.5 + rand())))))
        .replace(realPlaces, place.slice(0, 3));
      lines.push(p);
    }
    paragraphs += 21;
    await writeFile(join(dir, `gen-${String(n).padStart(5, '0')}.txt`), `${lines.join('\n')}\n`);
  }
  await writeFile(marker, '');
}
