import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page of a PDF, read by PDF.js (the same library the app shows PDFs with). */
export async function pdfText(data: Uint8Array): Promise<string> {
  // PDF.js takes a plain Uint8Array (a Node Buffer is refused).
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const document = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return pages.join('\n');
}
