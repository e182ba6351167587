/**
 * A valid one-page PDF (A4, Helvetica) showing a title and a few lines: what a sandbox
 * download or view link serves. Text is ASCII; anything else is shown as `?`.
 */
export function samplePdf(title: string, lines: readonly string[]): Buffer {
  const text = [`BT /F1 20 Tf 56 770 Td (${pdfString(title)}) Tj ET`];
  for (const [i, line] of lines.entries()) text.push(`BT /F1 12 Tf 56 ${730 - i * 18} Td (${pdfString(line)}) Tj ET`);
  const content = text.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PDF literal string's content: printable ASCII, with `\`, `(` and `)` escaped. */
function pdfString(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
}
