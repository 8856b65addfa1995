import { describe, expect, it } from 'vitest';
import { ingestReport } from '../src/ingest/report.js';
import { issuerAliases, placeAliases, placeMentions, readIssuer, reportLabel } from '../src/place/places.js';

describe('issuers of every kind', () => {
  it.each([
    ['月亮岛街道办事处', '月亮岛街道', 'township', []],
    ['长沙市望城区月亮岛街道办事处', '月亮岛街道', 'township', ['长沙市', '望城区']],
    ['重庆市江北区人民政府郭家沱街道办事处', '郭家沱街道', 'township', ['重庆市', '江北区']],
    ['鹭汀县苔岭乡人民政府', '苔岭乡', 'township', ['鹭汀县']],
    ['广东省鹤山市址山镇人民政府', '址山镇', 'township', ['广东省', '鹤山市']],
    ['东岭省苍原市敖伦诺尔旗乌兰柯勒苏木人民政府', '乌兰柯勒苏木', 'township', ['东岭省', '苍原市', '敖伦诺尔旗']],
    ['临川省青嶂市蕖湖区人民政府', '蕖湖区', 'county', ['临川省', '青嶂市']],
    ['澜江省澄浦市鹭汀县司法局', '鹭汀县', 'county', ['澜江省', '澄浦市']],
    ['临川省砚泷市城市管理综合行政执法局', '砚泷市', 'city', ['临川省']],
    ['青樾区市场监督管理局', '青樾区', 'county', []],
    ['蕖湖区卫生健康委员会', '蕖湖区', 'county', []],
    ['蕖湖区人力资源和社会保障局', '蕖湖区', 'county', []],
    ['长沙县农业农村局', '长沙县', 'county', []],
    ['和平县公安局', '和平县', 'county', []],
    ['江门市生态环境局', '江门市', 'city', []],
    ['青禾县教育局', '青禾县', 'county', []],
    ['青禾县应急管理局', '青禾县', 'county', []],
    ['澜州经济技术开发区管理委员会', '澜州经济技术开发区', 'zone', []],
    ['内蒙古自治区鄂尔多斯市达拉特旗树林召镇', '树林召镇', 'township', ['内蒙古自治区', '鄂尔多斯市', '达拉特旗']],
  ])('%s', (text, locality, level, above) => {
    const i = readIssuer(text);
    expect(i?.locality).toEqual({ name: locality, level });
    expect(i?.above.map((p) => p.name)).toEqual(above);
  });

  it('a title names the issuer before the year', () => {
    expect(readIssuer('鹭汀县司法局2023年度法治政府建设情况报告')?.issuer).toBe('鹭汀县司法局');
    expect(readIssuer('关于2023年度法治政府建设情况的报告')).toBeNull();
    expect(readIssuer('2022年西营门街法治政府建设情况汇报')?.issuer).toBe('西营门街');
  });

  it('shorter names officials use, and labels', () => {
    expect(issuerAliases('青樾区市场监督管理局', '青樾区')).toContain('青樾区市场监管局');
    expect(issuerAliases('蕖湖区卫生健康委员会', '蕖湖区')).toContain('蕖湖区卫健委');
    expect(issuerAliases('澜州经济技术开发区管理委员会', '澜州经济技术开发区')).toContain('澜州经开区管委会');
    expect(placeAliases('澜屿瑶族自治县')).toEqual(['澜屿县', '澜屿']);
    expect(placeAliases('峨边彝族自治县')).toEqual(['峨边县', '峨边']);
    expect(reportLabel({ issuer: '鹭汀县司法局', locality: '鹭汀县' })).toBe('鹭汀县司法局');
    expect(reportLabel({ issuer: '月亮岛街道办事处', locality: '月亮岛街道' })).toBe('月亮岛街道');
  });
});

describe('places named in a question', () => {
  it.each([
    ['2023年全区调解了多少件？', []],
    ['全县和本街道的情况', []],
    ['哪些街镇的调解成功率达到了100%？', []],
    ['计划组织乡镇执法人员轮训多少人次？', []],
    ['北京市海淀区2023年法治政府建设情况如何？', ['北京市海淀区']],
    ['在古美路街道', ['古美路街道']],
  ])('%s', (q, names) => {
    expect(placeMentions(q).map((m) => m.name)).toEqual(names);
  });
});

describe('describing reports', () => {
  const describeText = (text: string) => ingestReport({ file: 'x.txt', sha256: '', format: 'text', encoding: 'utf-8', text }).document;

  it('a county department: issuer, the county as locality, the chain from the signature', () => {
    const d = describeText('鹭汀县司法局2023年度法治政府建设情况报告\n一、工作\n全县各个乡镇共调解12件。\n澜江省澄浦市鹭汀县司法局\n2024年1月26日');
    expect(d).toMatchObject({ issuer: '鹭汀县司法局', locality: '鹭汀县', level: 'county', chain: ['澜江省', '澄浦市'], region: '澜江省澄浦市', year: 2023, signedAt: '2024年1月26日' });
  });

  it('a county government named after its region in the title', () => {
    const d = describeText('临川省青嶂市蕖湖区人民政府关于2022年度法治政府建设情况的报告\n一、工作\n共调解12件。');
    expect(d).toMatchObject({ issuer: '蕖湖区人民政府', locality: '蕖湖区', level: 'county', chain: ['临川省', '青嶂市'], year: 2022 });
  });

  it('no year in the title or the opening: the year before the date signed', () => {
    const d = describeText('枳塘镇法治政府建设情况报告\n一、工作\n共调解12件。\n岫屏县枳塘镇人民政府\n2021年1月15日');
    expect(d).toMatchObject({ locality: '枳塘镇', issuer: '枳塘镇人民政府', chain: ['岫屏县'], year: 2020 });
  });

  it('a one-line report signed at its end', () => {
    const d = describeText('砚泷市城市管理综合行政执法局2024年度法治政府建设情况报告 2024年，我局坚持依法行政。全年办理案件12件。临川省砚泷市城市管理综合行政执法局 2025年1月22日');
    expect(d).toMatchObject({ issuer: '砚泷市城市管理综合行政执法局', locality: '砚泷市', year: 2024, signedAt: '2025年1月22日', chain: ['临川省'] });
  });
});

describe('generic area words are no places', () => {
  it('"新改建农村公路", "老城区" name kinds of area, not places', () => {
    expect(placeMentions('新改建农村公路多少公里')).toEqual([]);
    expect(placeMentions('在白鹭乡新建法治广场').map((m) => m.name)).toEqual(['白鹭乡']);
  });
});
