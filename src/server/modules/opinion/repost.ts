/**
 * Reposts (转发): a Weibo-style chain "my comment//@B: their comment//@A: original", "转发微博",
 * "RT @user: text" or an explicit pointer from the gateway. The root text is what was reposted: its
 * MinHash finds the original mention. Pure.
 */
export interface RepostInfo {
  isRepost: boolean;
  /** The text that was reposted (the whole text when it is no repost). */
  root: string;
}

const CHAIN = /\/\/\s*@[^:：\s]{1,40}\s*[:：]/gu;
const RT = /^\s*(?:RT|rt)\s+@[\w\p{L}\p{N}_-]{1,40}\s*[:：]?\s*/u;
const FORWARD = /^\s*(?:转发微博|轉發微博|转发|Repost)\s*[:：]?\s*$/u;

export function parseRepost(text: string, hinted = false): RepostInfo {
  CHAIN.lastIndex = 0;
  const parts = text.split(CHAIN);
  if (parts.length > 1) {
    // The last segment is the oldest in the chain: the original post (or the last non-empty one).
    for (let i = parts.length - 1; i >= 1; i--) if (parts[i].trim()) return { isRepost: true, root: parts[i].trim() };
    return { isRepost: true, root: text.trim() };
  }
  const rt = RT.exec(text);
  if (rt) return { isRepost: true, root: text.slice(rt[0].length).trim() || text.trim() };
  if (FORWARD.test(text)) return { isRepost: true, root: '' };
  return { isRepost: hinted, root: text.trim() };
}
