import type { CompensationKind } from './compensation.schema.js';

/**
 * The kind a free-text description names (the handling plan's old "kind of compensation" field):
 * 退款 → refund, 维修 → repair, 更换 → replacement, 券 → voucher, 现金 → cash, else other.
 * (Migration 016 keeps its own copy: a shipped migration never changes.)
 */
export function kindFromText(text: string | null | undefined): CompensationKind {
  const t = text ?? '';
  if (/退款|退费|退还|退钱|refund/i.test(t)) return 'refund';
  if (/维修|修理|修复|repair/i.test(t)) return 'repair';
  if (/更换|换货|调换|replace/i.test(t)) return 'replacement';
  if (/券|voucher|coupon/i.test(t)) return 'voucher';
  if (/现金|赔偿金|补偿金|cash/i.test(t)) return 'cash';
  return 'other';
}
