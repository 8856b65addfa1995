/**
 * .docx → text. mammoth converts the document to HTML (paragraphs → <p>, tables →
 * <table>), then htmlToText turns it into lines: one line per paragraph, one
 * TAB-separated line per table row.
 */
import mammoth from 'mammoth';
import { htmlToText } from './html.js';

/** Images carry no text; don't base64-embed them into the intermediate HTML. */
const skipImages = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

export async function docxToText(bytes: Uint8Array): Promise<string> {
  const result = await mammoth.convertToHtml(
    { arrayBuffer: bytes.slice().buffer },
    { convertImage: skipImages },
  );
  return htmlToText(result.value);
}
