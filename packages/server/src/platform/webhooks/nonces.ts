import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import { nonceMemorySeconds } from './signature.ts'

/**
 * Nonces seen in the last ten minutes, per source: a signed request replayed
 * inside the timestamp window is refused. The row is the claim (a primary key
 * conflict means seen), so two instances cannot both accept one nonce.
 */
export class NonceStore {
  constructor(private readonly db: Db) {}

  /** True when the nonce is new (and is now remembered); false when it was seen. */
  async claim(source: string, nonce: string, now: Date): Promise<boolean> {
    const forgetBefore = new Date(now.getTime() - nonceMemorySeconds * 1000)
    // Forgetting old nonces rides along: one statement, no separate job.
    const { rows } = await sql<{ nonce: string }>`
      WITH forgotten AS (DELETE FROM webhook_nonces WHERE seen_at < ${forgetBefore})
      INSERT INTO webhook_nonces (source, nonce, seen_at) VALUES (${source}, ${nonce}, ${now})
      ON CONFLICT (source, nonce) DO NOTHING
      RETURNING nonce`.execute(this.db)
    return rows.length === 1
  }
}
