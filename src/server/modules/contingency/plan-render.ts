import type { Block, Lang, PlanDocument } from './plan-document.js';

/** Markdown and printable HTML renderings of a plan document. Pure; every text is escaped. */

// Markdown: text comes from plan authors, so a stray "<script>" or "|" must stay text in any viewer.
const mdText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const mdCell = (s: string) => mdText(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

function mdBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      // A line break inside a paragraph stays one (two trailing spaces), as in the sitrep template.
      return mdText(b.text).replace(/\r?\n/g, '  \n');
    case 'h':
      return `### ${mdText(b.text)}`;
    case 'list':
      return b.items.map((i) => `- ${mdText(i).replace(/\r?\n/g, ' ')}`).join('\n');
    case 'table':
      return [`| ${b.head.map(mdCell).join(' | ')} |`, `| ${b.head.map(() => '---').join(' | ')} |`, ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n');
  }
}

export function renderMarkdown(d: PlanDocument): string {
  const out = [`# ${mdText(d.title)}`, '', ...d.meta.map(([k, v]) => `- **${mdText(k)}**: ${mdText(v)}`)];
  out.push('');
  for (const c of d.chapters) out.push(`## ${mdText(c.title)}`, '', ...c.blocks.flatMap((b) => [mdBlock(b), '']));
  return `${out.join('\n').trimEnd()}\n`;
}

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const para = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>');

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${para(b.text)}</p>`;
    case 'h':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${para(i)}</li>`).join('')}</ul>`;
    case 'table':
      return `<table><thead><tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${para(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

// No scripts: the page is static, so the CSP (script-src 'self') has nothing to allow.
const PRINT_CSS = `
body{font-family:"Noto Serif CJK SC","Songti SC",SimSun,serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#000;line-height:1.6}
h1{text-align:center;font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #000;margin-top:1.6rem}h3{font-size:1rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.meta dt{font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #000;padding:.25rem .4rem;vertical-align:top;text-align:left}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,li{break-inside:avoid}@page{size:A4;margin:20mm}}
`;

export function renderHtml(d: PlanDocument, lang: Lang): string {
  const meta = `<dl class="meta">${d.meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  const body = d.chapters.map((c) => `<section><h2>${escapeHtml(c.title)}</h2>${c.blocks.map(htmlBlock).join('')}</section>`).join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(d.title)}</title><style>${PRINT_CSS}</style></head><body><h1>${escapeHtml(d.title)}</h1>${meta}${body}</body></html>`;
}
