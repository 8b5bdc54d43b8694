import type { PiiTable } from '../../platform/crypto/rotate-key.ts'

/** A resident reporter's name and phone, for key rotation. */
export const casePiiTables: readonly PiiTable[] = [
  {
    table: 'cases',
    key: 'id',
    ciphers: [
      { column: 'reporter_name_cipher', context: 'case.reporter' },
      { column: 'reporter_phone_cipher', context: 'case.reporter' },
    ],
    indexes: [
      {
        column: 'reporter_phone_index',
        value: (plain) => plain.reporter_phone_cipher ?? null,
        purpose: 'phone',
      },
    ],
  },
]
