/** Feed documents (RSS 2.0, Atom, JSON Feed, RDF) → mention inputs, with feedsmith. Pure. */
import crypto from 'node:crypto';
import { parseFeed } from 'feedsmith';
import type { MentionInput } from './mention.ingest.js';

const MAX_TEXT = 20_000;

/** Text of an HTML fragment: tags dropped, common entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

const str = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() ? x.trim() : undefined);

function item(fields: { url?: string; guid?: string; title?: string; body?: string; author?: string; published?: string }): MentionInput | null {
  const title = fields.title ? htmlToText(fields.title).slice(0, 500) : undefined;
  const text = (fields.body ? htmlToText(fields.body) : '') || title || '';
  if (!text) return null;
  // An item with neither guid nor link is known by its content, so the next poll does not store it again.
  const guid = fields.guid ?? fields.url ?? `sha256:${crypto.createHash('sha256').update(`${title ?? ''}\n${text}`).digest('hex')}`;
  return { url: fields.url, guid: guid.slice(0, 500), title, text: text.slice(0, MAX_TEXT), author: fields.author?.slice(0, 200), publishedAt: fields.published };
}

/** The items of a feed, newest information the feed gives; throws when the document is no feed. */
export function feedItems(body: string): MentionInput[] {
  const { format, feed } = parseFeed(body) as { format: string; feed: any };
  const out: Array<MentionInput | null> = [];
  if (format === 'rss' || format === 'rdf') {
    for (const it of feed.items ?? []) {
      out.push(item({ url: str(it.link), guid: str(it.guid?.value ?? it.guid), title: str(it.title), body: str(it.content?.encoded) ?? str(it.description), author: str(it.dc?.creator) ?? str(it.authors?.[0]), published: str(it.pubDate) ?? str(it.dc?.date) }));
    }
  } else if (format === 'atom') {
    for (const e of feed.entries ?? []) {
      const link = (e.links ?? []).find((l: any) => !l.rel || l.rel === 'alternate') ?? e.links?.[0];
      out.push(item({ url: str(link?.href), guid: str(e.id), title: str(e.title), body: str(e.content) ?? str(e.summary), author: str(e.authors?.[0]?.name), published: str(e.published) ?? str(e.updated) }));
    }
  } else if (format === 'json') {
    for (const it of feed.items ?? []) {
      out.push(item({ url: str(it.url), guid: str(it.id), title: str(it.title), body: str(it.content_text) ?? str(it.content_html) ?? str(it.summary), author: str(it.authors?.[0]?.name) ?? str(it.author?.name), published: str(it.date_published) }));
    }
  }
  return out.filter((x): x is MentionInput => x !== null);
}
