import { parentPort, workerData } from 'node:worker_threads'
import { type CipherName, PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import type { ImportMapping, StagedRow } from './import-kind.ts'
import { RowValidator } from './person-import.ts'

/** What the worker is started with: everything `RowValidator` needs, as plain data. */
export type PersonWorkerInit = {
  importId: number
  pii: { key: Uint8Array; cipher: CipherName }
  today: string
  mapping: ImportMapping
  headers: readonly string[]
  grids: ReadonlyArray<readonly [string, string]>
  defaultGrid: string | null
}
/** A batch of sheet rows: row number, cells, columns whose number lost digits. */
export type PersonWorkerRequest = {
  id: number
  rows: ReadonlyArray<readonly [number, readonly string[], readonly number[]]>
}
export type PersonWorkerReply = { id: number; staged: StagedRow[] } | { id: number; error: string }

/**
 * The worker thread of a large persons import: the same `RowValidator` as
 * the main thread's (checks, encryption, blind indexes), a batch at a time,
 * while the main thread reads the sheet and stages the batch before.
 */
if (parentPort) {
  const port = parentPort
  const init = workerData as PersonWorkerInit
  const validator = new RowValidator(
    new PiiCipher(Buffer.from(init.pii.key), init.pii.cipher),
    new Date(init.today),
    init.mapping,
    init.headers,
    new Map(init.grids),
    init.defaultGrid,
  )
  port.on('message', (request: PersonWorkerRequest) => {
    try {
      const staged = request.rows.map(([rowNo, cells, lossy]) =>
        validator.validate(init.importId, rowNo, cells, lossy),
      )
      port.postMessage({ id: request.id, staged } satisfies PersonWorkerReply)
    } catch (err) {
      port.postMessage({ id: request.id, error: (err as Error).message } satisfies PersonWorkerReply)
    }
  })
}
