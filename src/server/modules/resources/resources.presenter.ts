// Resource rows → JSON. Contact details are decrypted and masked like a complainant's unless the
// caller revealed them (POST /resources/:id/contact/reveal).
import type { FieldCrypto } from '../../platform/crypto/fields.js';
import { maskEmail, maskName, maskPhone } from '../../platform/crypto/mask.js';
import type { ResourceRow } from './resources.repo.js';
import type { ResourceKind, ResourceOut } from './resources.schema.js';

/** Lower-cased, width-folded text (ＡＢＣ → abc) that search runs over, for rows and queries alike. */
export function searchNormalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function searchTextOf(name: string, description: string, tags: readonly string[]): string {
  return searchNormalize([name, description, ...tags].join(' '));
}

const num = (v: number | null) => (v === null ? null : Number(v));

export function isLowStock(r: Pick<ResourceRow, 'kind' | 'quantity' | 'low_stock_threshold'>): boolean {
  return r.kind === 'inventory' && r.quantity !== null && r.low_stock_threshold !== null && Number(r.quantity) <= Number(r.low_stock_threshold);
}

export function presentResource(r: ResourceRow, crypto: FieldCrypto, revealed = false): ResourceOut {
  const name = crypto.decrypt(r.contact_name_enc);
  const phone = crypto.decrypt(r.contact_phone_enc);
  const email = crypto.decrypt(r.contact_email_enc);
  return {
    id: r.id,
    kind: r.kind as ResourceKind,
    name: r.name,
    description: r.description,
    tags: JSON.parse(r.tags) as string[],
    departmentId: r.department_id,
    contact: revealed ? { name, phone, email, masked: false } : { name: maskName(name), phone: maskPhone(phone), email: maskEmail(email), masked: true },
    quantity: num(r.quantity),
    unit: r.unit,
    lowStockThreshold: num(r.low_stock_threshold),
    lowStock: isLowStock(r),
    active: !!r.active,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}
