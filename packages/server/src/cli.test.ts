import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/onegrid.js')

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (err, _out, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }),
    )
  })
}

describe('onegrid command line', () => {
  it('stops with a one-line reason and a non-zero code on a malformed variable', async () => {
    const { code, stderr } = await run(['start', '--no-build'], { PORT: 'eighty' })
    expect(code).not.toBe(0)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/cannot start: invalid PORT="eighty"/)
  })

  it('stops with a one-line reason when its port is taken', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as net.AddressInfo).port
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'onegrid-port-'))
    try {
      const { code, stderr } = await run(['start', '--no-build', '--no-demo'], {
        PORT: String(port),
        HOST: '127.0.0.1',
        ONEGRID_DATA_DIR: dataDir,
      })
      expect(code).not.toBe(0)
      expect(stderr.trim().split('\n').at(-1)).toMatch(
        new RegExp(`cannot start: port ${port} .* already in use`),
      )
    } finally {
      blocker.close()
      await fs.rm(dataDir, { recursive: true, force: true })
    }
  })

  it('stops with a one-line reason when the database cannot be reached', async () => {
    const { code, stderr } = await run(['start', '--no-build'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/onegrid',
      ONEGRID_PII_KEY: Buffer.alloc(32, 7).toString('base64'),
    })
    expect(code).not.toBe(0)
    expect(stderr.trim().split('\n').at(-1)).toMatch(/cannot start: cannot reach PostgreSQL/)
  })

  it('refuses to run on PostgreSQL without a personal-data key', async () => {
    const { code, stderr } = await run(['start', '--no-build'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/onegrid',
    })
    expect(code).not.toBe(0)
    expect(stderr).toMatch(/ONEGRID_PII_KEY/)
  })

  it('documents every command', async () => {
    for (const args of [['--help'], ['start', '--help'], ['db', 'migrate', '--help'], ['demo', '--help']]) {
      const out = await new Promise<string>((resolve) =>
        execFile(process.execPath, [bin, ...args], (_e, stdout) => resolve(stdout)),
      )
      expect(out).toMatch(/Usage: onegrid/)
    }
  })
})
