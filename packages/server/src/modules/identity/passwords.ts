import { type Algorithm, hash, verify } from '@node-rs/argon2'

// Algorithm is an ambient const enum; 2 is Argon2id.
const argon2id = 2 as Algorithm.Argon2id

/** argon2id cost: memory in KiB and passes. Configured by ONEGRID_ARGON2_MEMORY_KIB / _PASSES. */
export type PasswordCost = { memoryKib: number; passes: number }

/**
 * The default, 46 MiB × 5 passes, makes a verify take about 80 ms here and a
 * login about 90 ms (bench: login), inside the 50–150 ms target. Hashing runs
 * on libuv's pool, so other requests keep being served meanwhile.
 */
export const defaultPasswordCost: PasswordCost = { memoryKib: 47_104, passes: 5 }

export class PasswordHasher {
  private decoyHash: Promise<string> | undefined

  constructor(private readonly cost: PasswordCost) {}

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: argon2id,
      memoryCost: this.cost.memoryKib,
      timeCost: this.cost.passes,
      parallelism: 1,
    })
  }

  /** Stored hashes carry their own parameters, so a cost change never locks anyone out. */
  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password)
    } catch {
      return false
    }
  }

  /** Verified against when the username does not exist, so timing does not tell which usernames exist. */
  decoy(): Promise<string> {
    this.decoyHash ??= this.hash('decoy-password-for-timing')
    return this.decoyHash
  }
}
