import { describe, expect, it } from 'vitest';
import { ingestReport } from '../src/ingest/report.js';

const describeText = (text: string) => ingestReport({ file: 'x.txt', sha256: '', format: 'text', encoding: 'utf-8', text }).document;

describe('report metadata from a title', () => {
  it('a place name holding characters that elsewhere end a phrase', () => {
    expect(describeText('和平街道2021年法治政府建设情况报告\n一、主要工作\n基层党组织镇守一方，共调解纠纷12件。').locality).toBe('和平街道');
  });

  it('a region written before the place', () => {
    const d = describeText('长沙市望城区全胜镇2022年法治政府建设工作报告\n一、工作\n共调解12件。');
    expect(d).toMatchObject({ locality: '全胜镇', region: '长沙市望城区', year: 2022 });
  });

  it('no title: made up from the place and year of the opening', () => {
    const d = describeText('2023年，青禾镇在县委的领导下推进法治政府建设。\n一、主要工作\n共调解12件。');
    expect(d).toMatchObject({ locality: '青禾镇', year: 2023, title: '青禾镇2023年法治政府建设情况报告' });
  });
});
