import { type Algorithm, hash, verify } from '@node-rs/argon2'

// Algorithm is an ambient const enum; 2 is Argon2id.
const argon2id = 2 as Algorithm.Argon2id

/**
 * argon2id at 46 MiB and 5 passes: a verify takes about 80 ms here and a login
 * about 90 ms (bench: login), inside the 50–150 ms target; it runs on libuv's
 * pool, so other requests keep being served meanwhile.
 */
const options = { algorithm: argon2id, memoryCost: 47_104, timeCost: 5, parallelism: 1 } as const

export const hashPassword = (password: string): Promise<string> => hash(password, options)

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** Verified against when the username does not exist, so timing does not tell which usernames exist. */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy-password-for-timing')
  return decoy
}
