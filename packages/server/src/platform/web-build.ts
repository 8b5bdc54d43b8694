import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

/** Everything the web build depends on; a change to any of it makes the build stale. */
const inputs = [
  'packages/web/src',
  'packages/web/index.html',
  'packages/web/field',
  'packages/web/citizen',
  'packages/web/screen',
  'packages/web/vite.config.ts',
  'packages/web/package.json',
  'packages/core/src/api',
]

async function* walk(target: string): AsyncGenerator<string> {
  const stat = await fs.stat(target).catch(() => null)
  if (!stat) return
  if (stat.isFile()) {
    yield target
    return
  }
  const entries = await fs.readdir(target, { withFileTypes: true })
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    yield* walk(path.join(target, entry.name))
  }
}

export async function webSourceHash(root: string): Promise<string> {
  const hash = createHash('sha256')
  for (const input of inputs) {
    for await (const file of walk(path.join(root, input))) {
      if (file.endsWith('.test.ts')) continue
      hash
        .update(path.relative(root, file))
        .update('\0')
        .update(await fs.readFile(file))
        .update('\0')
    }
  }
  return hash.digest('hex')
}

/**
 * Builds the web app when `dist` is missing or older than its sources, so
 * `npm start` on a fresh clone serves the current UI and later starts skip the build.
 */
export async function ensureWebBuild(
  root: string,
  onStatus: (message: string) => void,
): Promise<'fresh' | 'built'> {
  const dist = path.join(root, 'packages/web/dist')
  const stamp = path.join(dist, '.source-hash')
  const hash = await webSourceHash(root)
  const previous = await fs.readFile(stamp, 'utf8').catch(() => '')
  if (previous.trim() === hash) return 'fresh'
  onStatus('building the web app (vite build)...')
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: path.join(root, 'packages/web'),
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    )
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))))
  })
  await fs.writeFile(stamp, hash)
  return 'built'
}
