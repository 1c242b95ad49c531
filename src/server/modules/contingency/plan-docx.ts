import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Block, Lang, PlanDocument } from './plan-document.js';

/**
 * The Word (.docx) rendering of a plan document — the format plans are filed in. Texts are runs, so
 * nothing in them is read as markup. East Asian text uses a Song face, as official documents do.
 */
const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

/** A paragraph per line of the text (Word does not break lines on "\n"). */
const lines = (text: string, bold = false) => text.split(/\r?\n/).map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] }));

function blocks(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'p':
      return lines(b.text);
    case 'h':
      return [new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(b.text)] })];
    case 'list':
      return b.items.map((i) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(i)] }));
    case 'table': {
      const row = (cells: string[], header: boolean) =>
        new TableRow({ tableHeader: header, children: cells.map((c) => new TableCell({ children: lines(c, header) })) });
      return [new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders, rows: [row(b.head, true), ...b.rows.map((r) => row(r, false))] }), new Paragraph('')];
    }
  }
}

export async function renderDocx(d: PlanDocument, lang: Lang): Promise<Buffer> {
  const doc = new Document({
    title: d.title,
    creator: 'Redress',
    styles: { default: { document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun' }, size: 24 } } } },
    sections: [
      {
        properties: {},
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: d.title, language: { eastAsia: lang === 'en' ? 'en-US' : 'zh-CN' } })] }),
          ...d.meta.map(([k, v]) => new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v)] })),
          ...d.chapters.flatMap((c) => [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(c.title)] }), ...c.blocks.flatMap(blocks)]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
