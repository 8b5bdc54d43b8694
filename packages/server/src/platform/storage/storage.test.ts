import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/test-app.ts'
import { systemClock } from '../clock.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { UnsupportedMediaType } from '../http/errors.ts'
import type { BlobStore } from './blob-store.ts'
import { DiskBlobStore } from './disk-blob-store.ts'
import { FileService } from './file-service.ts'
import { S3BlobStore } from './s3-blob-store.ts'

// A 1×1 PNG, and a Windows executable header dressed up as a photo.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)])

/** A minimal S3-compatible server: PUT/GET/HEAD of objects, refusing unsigned requests. */
function fakeS3() {
  const objects = new Map<string, Buffer>()
  const authorizations: string[] = []
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? ''
    if (!auth.startsWith('AWS4-HMAC-SHA256 Credential=test-access/')) {
      res.writeHead(403).end()
      return
    }
    authorizations.push(auth)
    const key = req.url ?? ''
    if (req.method === 'PUT') {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        objects.set(key, Buffer.concat(chunks))
        res.writeHead(200).end()
      })
      return
    }
    const object = objects.get(key)
    if (!object) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-length': object.length })
    res.end(req.method === 'HEAD' ? undefined : object)
  })
  return {
    objects,
    authorizations,
    listen: () =>
      new Promise<number>((r) =>
        server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)),
      ),
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe('file storage', () => {
  let database: DatabaseHandle
  let dir: string
  const s3 = fakeS3()
  let s3Port = 0

  beforeAll(async () => {
    database = await openTestDatabase()
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onegrid-files-'))
    s3Port = await s3.listen()
  })
  afterAll(async () => {
    await s3.close()
    await database.close()
    await fs.rm(dir, { recursive: true, force: true })
  })

  const stores = (): [string, BlobStore][] => [
    ['disk', new DiskBlobStore(dir)],
    [
      's3',
      new S3BlobStore({
        endpoint: `http://127.0.0.1:${s3Port}`,
        bucket: 'onegrid',
        region: 'cn-east-1',
        accessKey: 'test-access',
        secretKey: 'test-secret',
      }),
    ],
  ]

  it('stores by content hash, once, and reads back the same bytes', async () => {
    for (const [kind, blobs] of stores()) {
      const files = new FileService(database.db, blobs, systemClock)
      const first = await files.store(png, ['image'])
      const again = await files.store(png, ['image'])
      expect(first.sha256).toBe(createHash('sha256').update(png).digest('hex'))
      expect(again).toEqual(first)
      expect(first.mime).toBe('image/png')
      const read = await files.read(first.sha256)
      expect(read?.bytes.equals(png), kind).toBe(true)
      expect(await blobs.has(first.sha256)).toBe(true)
    }
    const onDisk = path.join(dir, createHash('sha256').update(png).digest('hex').slice(0, 2))
    expect((await fs.stat(onDisk)).isDirectory()).toBe(true)
    expect(s3.authorizations.length).toBeGreaterThan(0)
    expect([...s3.objects.keys()][0]).toMatch(/^\/onegrid\/[0-9a-f]{2}\/[0-9a-f]{64}$/)
  })

  it('judges a file by its content, not its name: an executable is refused', async () => {
    const files = new FileService(database.db, new DiskBlobStore(dir), systemClock)
    await expect(files.store(exe, ['image'])).rejects.toBeInstanceOf(UnsupportedMediaType)
    await expect(files.store(png, ['document'])).rejects.toBeInstanceOf(UnsupportedMediaType)
    const rows = await database.db.selectFrom('files').selectAll().execute()
    expect(rows.map((r) => r.mime)).toEqual(['image/png'])
  })

  it('accepts UTF-8 CSV as a spreadsheet and refuses binary junk', async () => {
    const files = new FileService(database.db, new DiskBlobStore(dir), systemClock)
    const csv = await files.store(Buffer.from('姓名,电话\n张三,13812345678\n'), ['spreadsheet'])
    expect(csv.mime).toBe('text/csv')
    await expect(files.store(Buffer.from([0xff, 0xfe, 0, 1, 2]), ['spreadsheet'])).rejects.toBeInstanceOf(
      UnsupportedMediaType,
    )
  })
})
