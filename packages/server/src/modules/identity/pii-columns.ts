import type { PiiTable } from '../../platform/crypto/rotate-key.ts'

/** Staff mobiles, for key rotation. */
export const identityPiiTables: readonly PiiTable[] = [
  {
    table: 'users',
    key: 'id',
    ciphers: [{ column: 'mobile_cipher', context: 'users.mobile' }],
    indexes: [{ column: 'mobile_index', value: (plain) => plain.mobile_cipher ?? null, purpose: 'mobile' }],
  },
]
