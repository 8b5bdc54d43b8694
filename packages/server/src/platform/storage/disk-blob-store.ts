import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { assertSha256, type BlobStore } from './blob-store.ts'

/** Files under `<dir>/ab/cd/<sha256>`; written to a temp name and renamed, so a reader never sees half a file. */
export class DiskBlobStore implements BlobStore {
  readonly kind = 'disk'
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    assertSha256(sha256)
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256)
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(sha256)
    if (await this.has(sha256)) return
    await fs.mkdir(path.dirname(target), { recursive: true })
    const temp = `${target}.${randomUUID()}.tmp`
    const handle = await fs.open(temp, 'wx')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(temp, target)
  }

  async get(sha256: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(sha256))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(sha256))
      return true
    } catch {
      return false
    }
  }
}
