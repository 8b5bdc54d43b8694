import type { PiiTable } from '../../platform/crypto/rotate-key.ts'
import { piiContexts } from './person-input.ts'
import { cameraStreamContext } from './places/cameras.ts'
import { organizationPiiContexts } from './places/organizations.ts'
import { groupFieldsContext } from './present.ts'

/** The registry's encrypted columns and blind indexes, for key rotation. */
export const registryPiiTables: readonly PiiTable[] = [
  {
    table: 'registry_persons',
    key: 'id',
    ciphers: [
      { column: 'document_cipher', context: piiContexts.document },
      { column: 'phone_cipher', context: piiContexts.phone },
      { column: 'address_cipher', context: piiContexts.address },
      { column: 'hukou_address_cipher', context: piiContexts.hukouAddress },
    ],
    reads: ['document_kind'],
    indexes: [
      {
        column: 'document_index',
        // The same value documentIndex() hashes: the kind, then the normalized number.
        value: (plain, row) =>
          plain.document_cipher ? `${String(row.document_kind)}:${plain.document_cipher}` : null,
        purpose: 'person.document',
      },
      { column: 'phone_index', value: (plain) => plain.phone_cipher ?? null, purpose: 'phone' },
    ],
  },
  {
    table: 'registry_households',
    key: 'id',
    ciphers: [{ column: 'address_cipher', context: piiContexts.address }],
  },
  {
    table: 'registry_group_members',
    key: 'id',
    ciphers: [{ column: 'fields_cipher', context: groupFieldsContext }],
  },
  {
    table: 'registry_organizations',
    key: 'id',
    ciphers: [
      { column: 'legal_phone_cipher', context: organizationPiiContexts.legal },
      { column: 'safety_phone_cipher', context: organizationPiiContexts.safety },
    ],
  },
  {
    table: 'registry_cameras',
    key: 'id',
    ciphers: [{ column: 'stream_cipher', context: cameraStreamContext }],
  },
]
