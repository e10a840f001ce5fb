// Prints {text, total} of the PDF file given as argument, extracted with pdf-parse (pdf.js).
// A child process: pdf.js loads its worker by dynamic import, which Jest's VM does not allow.
import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';

(async () => {
  const parser = new PDFParse({ data: new Uint8Array(readFileSync(process.argv[2])) });
  const { text, total } = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text, total }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
