import { describe, expect, it } from 'vitest';
import { htmlToText } from '../src/ingest/html.js';
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

describe('the region above a report that does not write it before its own name', () => {
  it('a township report addressed to its county gets the county, and the county what leads it', () => {
    const d = describeText('栾江镇人民政府关于2023年度法治政府建设情况的报告\n蒲川县人民政府：\n2023年，栾江镇在蒲川县委、县政府的坚强领导下推进依法行政。现将有关情况报告如下。\n一、主要工作\n全年调解纠纷56件。\n栾江镇人民政府\n2024年1月18日');
    expect(d).toMatchObject({ locality: '栾江镇', region: '蒲川县', chain: ['蒲川县'], level: 'township' });
  });

  it('where the opening says the place lies ("位于…东部") fills the levels above it', () => {
    const d = describeText('骢川区鹂湾街道办事处2021年法治政府建设情况报告\n骢川区人民政府：\n鹂湾街道位于鸾鹤省鹭蛟市骢川区东部，辖8个社区。2021年，街道在区委、区政府的坚强领导下推进依法行政。\n一、主要工作\n全年调解纠纷56件。');
    expect(d).toMatchObject({ locality: '鹂湾街道', region: '鸾鹤省鹭蛟市骢川区' });
  });

  it('a county department led by its city and by a provincial bureau', () => {
    const d = describeText('荻原县农业农村局2023年法治政府建设工作报告\n2023年，县农业农村局在县委、县政府的坚强领导和苕川市农业农村局的业务指导下，依法履职。\n一、主要工作\n全年立案46件。');
    expect(d).toMatchObject({ locality: '荻原县', region: '苕川市', chain: ['苕川市'], issuer: '荻原县农业农村局' });
  });

  it('a 市 reporting to another 市 is a county-level city under it', () => {
    const d = describeText('琮川市人民政府关于2023年度法治政府建设情况的报告\n嶙原市人民政府：\n2023年，琮川市在嶙原市委、市政府和琮川市委的领导下推进法治政府建设。\n一、主要工作\n全年办理复议64件。');
    expect(d).toMatchObject({ locality: '琮川市', region: '嶙原市', level: 'county' });
  });

  it("a city bureau's branch serves the district its name gives, under that city", () => {
    const d = describeText('琮平市公安局瑶川分局2018年度法治政府建设情况报告\n2018年，在峤东省公安厅、琮平市公安局和瑶川区委、区政府的坚强领导下，瑶川分局依法履职。\n一、主要工作\n全年受理治安案件4126起。');
    expect(d).toMatchObject({ locality: '瑶川区', region: '峤东省琮平市', chain: ['峤东省', '琮平市'], level: 'county', issuer: '琮平市公安局瑶川分局' });
  });

  it('a development zone keeps the county written before it', () => {
    const d = describeText('澜江省蒲川县桑原高新技术产业开发区管理委员会2024年法治政府建设情况报告\n2024年，开发区在县委、县政府的领导下推进依法行政。\n一、主要工作\n共调解12件。');
    expect(d).toMatchObject({ locality: '桑原高新技术产业开发区', chain: ['澜江省', '蒲川县'], level: 'zone' });
  });

  it('a zone named after its city is under that city', () => {
    const d = describeText('澜源经济技术开发区2024年法治政府建设情况报告\n2024年，开发区在澜源市委、市政府的坚强领导下推进依法行政。\n一、主要工作\n共调解12件。');
    expect(d).toMatchObject({ locality: '澜源经济技术开发区', region: '澜源市', level: 'zone' });
  });

  it('a place named in passing is not taken as above the report', () => {
    const d = describeText('青禾镇2023年法治政府建设情况报告\n2023年，青禾镇学习借鉴澜州市、碧川区的经验推进法治建设。\n一、主要工作\n共调解12件。');
    expect(d).toMatchObject({ locality: '青禾镇', region: null, chain: [] });
  });

  it('a zone written after its city\'s name without the suffix is named without it', () => {
    const d = describeText('磴州碛桦经济技术开发区管理委员会2017年法治政府建设工作总结\n2017年，陔北省磴州碛桦经济技术开发区管理委员会在磴州市委、市政府的坚强领导下推进依法行政。\n一、主要工作\n共调解12件。');
    expect(d).toMatchObject({ locality: '碛桦经济技术开发区', region: '陔北省磴州市', level: 'zone' });
  });

  it('the word before the places written ahead of a district is not part of them', () => {
    const d = describeText('隈川区市场监督管理局2019年度法治政府建设工作报告\n2019年，我局在陔北省磴州市隈川区委、区政府的领导下依法履职。\n一、主要工作\n共立案12件。');
    expect(d).toMatchObject({ locality: '隈川区', chain: ['陔北省', '磴州市'] });
  });

  it('the places under the signer\'s name, and a province whose plan the opening carries out a paragraph later', () => {
    const d = describeText('乌日图苏木人民政府法治政府建设工作情况报告\n蒿特尔旗人民政府：\n2019年，乌日图苏木认真落实自治区、盟、旗关于法治政府建设的工作部署。\n一、主要工作\n共调解12件。\n乌日图苏木人民政府\n2020年1月8日\n（内蒙古自治区蔚勒盟蒿特尔旗）');
    expect(d).toMatchObject({ locality: '乌日图苏木', chain: ['内蒙古自治区', '蔚勒盟', '蒿特尔旗'] });
    const e = describeText('# 簕山县人民政府关于2022年度法治政府建设情况的报告\n> 来源：簕山县人民政府办公室\n2022年，簕山县在鼋川市委、市政府的坚强领导下依法行政。\n全面落实《镡山省法治政府建设实施方案（2021—2025年）》，扎实推进各项工作。\n一、主要工作\n共调解12件。');
    expect(e).toMatchObject({ locality: '簕山县', chain: ['镡山省', '鼋川市'] });
  });
});


describe('the places above, from what the report says it belongs to and from its web page', () => {
  it('"（隶属…）" after the place\'s name', () => {
    const d = describeText('鳙溪街道办事处关于2019年度法治政府建设工作情况的报告\n区委、区政府：\n2019年，鳙溪街道（隶属江西省鲂州市鲈湖区）在区委、区政府的坚强领导下推进依法行政。\n一、主要工作\n全年调解纠纷56件。\n鲈湖区人民政府鳙溪街道办事处\n2020年1月15日');
    expect(d).toMatchObject({ locality: '鳙溪街道', chain: ['江西省', '鲂州市', '鲈湖区'] });
  });

  it('"（隶属…）" after the office\'s name, and places alone in brackets after it', () => {
    const street = describeText('鹈溪街道办事处2023年法治政府建设工作情况报告\n2023年，鹈溪街道办事处（隶属湖南省鹕阳市鹬水区）在区委、区政府的坚强领导下推进依法行政。\n一、主要工作\n全年调解纠纷56件。');
    expect(street).toMatchObject({ locality: '鹈溪街道', chain: ['湖南省', '鹕阳市', '鹬水区'] });
    const zone = describeText('鹈岭经济开发区管理委员会2024年法治政府建设工作报告\n> 报送单位：鹈岭经济开发区管理委员会（鹕泽县）　报送时间：2025年1月23日\n2024年，开发区管委会推进依法行政。\n一、主要工作\n全年调解纠纷56件。');
    expect(zone).toMatchObject({ locality: '鹈岭经济开发区', chain: ['鹕泽县'] });
    // A bracket that is no place is not read as one.
    expect(describeText('鹈岭经济开发区管理委员会（以下简称管委会）2024年法治政府建设工作报告\n一、主要工作\n全年调解纠纷56件。').chain).toEqual([]);
  });

  it('a zone led by its city written without 市, which the text leaves out ("燊江高新区管委会")', () => {
    const d = describeText('炘州燊江高新技术产业开发区管理委员会\n关于2024年度法治建设工作情况的报告\n2024年，燊江高新区管委会深入推进依法行政。\n一、主要工作\n全年调解纠纷56件。\n炘州燊江高新技术产业开发区管理委员会\n2025年1月9日');
    expect(d).toMatchObject({ locality: '燊江高新技术产业开发区', chain: ['炘州市'], issuer: '燊江高新技术产业开发区管理委员会' });
    // Written in full in its text too, the two characters are its own.
    expect(describeText('炘州燊江高新技术产业开发区管理委员会2024年法治建设工作报告\n2024年，炘州燊江高新区管委会推进依法行政。\n一、主要工作\n全年调解纠纷56件。').locality).toBe('炘州燊江高新技术产业开发区');
  });

  it('a date on its own line under the issuer is when it was written, not the year reported', () => {
    const d = describeText('关于法治政府建设工作情况的报告\n赅城高新技术产业开发区管理委员会\n（2025年1月10日）\n2024年，赅城高新区管委会推进依法行政。\n一、主要工作\n全年调解纠纷56件。\n特此报告。');
    expect(d).toMatchObject({ year: 2024, signedAt: '2025年1月10日' });
  });

  it('a province written without its level, before the zone\'s full name', () => {
    const d = describeText('翮江高新区管委会关于法治政府建设工作情况的报告\n安徽翮江高新技术产业开发区管理委员会\n2017年，翮江高新技术产业开发区管理委员会认真贯彻落实法治政府建设的部署要求。\n一、主要工作\n全年调解纠纷56件。');
    expect(d).toMatchObject({ chain: ['安徽省'], year: 2017 });
  });

  it('a web page\'s host and filing number are kept, and the filing number names the province no line does', () => {
    const html = '<html><body><div class="nav">首页 > 政务公开</div><div class="content"><h1>韫川县人民政府关于2022年度法治政府建设情况的报告</h1><p>2022年，韫川县在鞴岭市委、市政府的坚强领导下推进法治政府建设。</p><p>一、主要工作</p><p>全年办理行政复议案件46件。</p></div>'
      + '<div class="footer"><p>主办单位：韫川县人民政府办公室　承办单位：韫川县大数据中心</p><p>ICP备案号：赣ICP备13004271号-1　政府网站标识码：3607990017</p></div></body></html>';
    const d = ingestReport({ file: 'x.html', sha256: '', format: 'html', encoding: 'utf-8', text: htmlToText(html) });
    expect(d.document).toMatchObject({ locality: '韫川县', chain: ['江西省', '鞴岭市'], host: '主办单位：韫川县人民政府办公室', filing: '赣ICP备13004271号-1' });
    expect(d.paragraphs.map((p) => p.text).join('')).not.toMatch(/主办单位|ICP/u);
  });
});
