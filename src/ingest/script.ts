import * as OpenCC from 'opencc-js';

/**
 * Traditional/simplified conversion. Search always works on simplified text;
 * citations keep the report's own script, and an answer follows the script of
 * the question.
 */
export type Script = 'traditional' | 'simplified';

/**
 * A conversion that keeps a character whose counterpart lies outside the Basic Multilingual Plane: "潕" of a simplified
 * place's name ("潕溪乡") is no traditional form of 𣲘. A text keeps its length, and a rare name its everyday form.
 */
function keepingPlane(convert: (text: string) => string): (text: string) => string {
  return (text) => {
    const out = convert(text);
    if (out.length === text.length) return out;
    const [from, to] = [[...text], [...out]];
    if (from.length !== to.length) return out;
    return to.map((c, i) => (c.length > 1 && from[i]!.length === 1 ? from[i]! : c)).join('');
  };
}

const t2s = keepingPlane(OpenCC.Converter({ from: 'tw', to: 'cn' }));
const s2t = keepingPlane(OpenCC.Converter({ from: 'cn', to: 'tw' }));

export function toSimplified(text: string): string {
  return t2s(text);
}

export function toTraditional(text: string): string {
  return s2t(text);
}

function changedChars(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) n++;
  return n;
}

/** Which script a text is in: the direction of conversion that changes it more. */
export function detectScript(text: string): Script {
  const towardsSimplified = changedChars(text, t2s(text));
  const towardsTraditional = changedChars(text, s2t(text));
  return towardsSimplified > towardsTraditional ? 'traditional' : 'simplified';
}

/**
 * A name as a text writes it: where the text's simplified form holds the name, the same characters of the text itself.
 * A simplified report keeps characters that conversion reads as variants ("鞯袷" would become 鞯夹); the name found in
 * search form is shown as the report or the question wrote it. The name itself where no text holds it.
 */
export function ownSpelling(name: string, texts: string[]): string {
  for (const text of texts) {
    const simplified = toSimplified(text);
    const at = simplified.length === text.length ? simplified.indexOf(name) : -1;
    if (at >= 0) return text.slice(at, at + name.length);
  }
  return name;
}
