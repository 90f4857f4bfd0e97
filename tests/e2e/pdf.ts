/** A printed PDF read back with pdfjs: each page's size in pt and its text items (with their x and width). */

// pdfjs-dist 6 calls Promise.withResolvers (Node 22); the e2e suite runs on Node 20.
(Promise as unknown as { withResolvers?: unknown }).withResolvers ??= function <T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

export interface PdfText {
  str: string;
  x: number;
  width: number;
}
export interface PdfPage {
  width: number;
  height: number;
  items: PdfText[];
  /** The page's non-blank text items joined by spaces. */
  text: string;
}

export async function readPdf(pdf: Buffer): Promise<PdfPage[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false });
  const doc = await task.promise;
  const pages: PdfPage[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const items = content.items
      .filter((it): it is Extract<typeof it, { str: string }> => 'str' in it && it.str.trim() !== '')
      .map((it) => ({ str: it.str, x: it.transform[4] as number, width: it.width }));
    pages.push({ width: x1 - x0, height: y1 - y0, items, text: items.map((it) => it.str).join(' ') });
  }
  await task.destroy();
  return pages;
}
