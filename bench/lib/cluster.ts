/**
 * A throwaway PostgreSQL cluster: initdb in a fresh temp directory, started as the `postgres`
 * user (when we are root) on a free loopback port, trust auth, always stopped and removed.
 */
import { type ExecFileSyncOptionsWithStringEncoding, execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onCleanup } from './cleanup.ts'

export const DEFAULT_PG_BIN = '/usr/lib/postgresql/15/bin'

export interface Cluster {
  host: string
  port: number
  user: string
  database: string
  dir: string
  /** Stops the server and removes its directory; safe to call more than once. */
  stop(): void
}

export function clusterBinariesExist(bin: string): boolean {
  return existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))
}

function quote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`
}

function userIds(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim())
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null
  } catch {
    return null
  }
}

/** Runs a shell command as the cluster's owner: `postgres` when we are root, else ourselves. */
function runAsOwner(command: string, asPostgres: boolean, timeoutMs: number): string {
  const options: ExecFileSyncOptionsWithStringEncoding = {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  }
  return asPostgres
    ? execFileSync('su', ['postgres', '-s', '/bin/bash', '-c', command], options)
    : execFileSync('/bin/bash', ['-c', command], options)
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as Error & { stderr?: unknown }).stderr
    return typeof stderr === 'string' && stderr.trim() ? `${error.message}\n${stderr.trim()}` : error.message
  }
  return String(error)
}

export async function startCluster(
  bin: string,
  extraServerOptions: string,
  log: (message: string) => void,
): Promise<Cluster> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const owner = isRoot ? userIds('postgres') : null
  if (isRoot && !owner) throw new Error('running as root but there is no `postgres` user to run the cluster')

  const dir = mkdtempSync(join(tmpdir(), 'onegrid-bench-pg-'))
  const dataDir = join(dir, 'data')
  const logFile = join(dir, 'server.log')
  let postmasterPid: number | null = null
  let stopped = false

  const stop = (): void => {
    if (stopped) return
    stopped = true
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      try {
        postmasterPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
      } catch {
        // keep the pid read at start
      }
      try {
        runAsOwner(
          `${quote(join(bin, 'pg_ctl'))} -D ${quote(dataDir)} -m fast -w -t 30 stop`,
          owner !== null,
          40_000,
        )
      } catch (error) {
        process.stderr.write(`bench: pg_ctl stop failed (${errorText(error)}); killing the postmaster\n`)
      }
    }
    // Whatever pg_ctl said: make sure the postmaster we started is gone (by its PID only).
    if (postmasterPid !== null && postmasterPid > 0 && isAlive(postmasterPid)) {
      process.kill(postmasterPid, 'SIGQUIT')
      for (let i = 0; i < 50 && isAlive(postmasterPid); i++) sleepSync(100)
      if (isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGKILL')
    }
    rmSync(dir, { recursive: true, force: true })
  }
  const unregister = onCleanup('stop throwaway PostgreSQL cluster', stop)

  try {
    if (owner) chownSync(dir, owner.uid, owner.gid)
    chmodSync(dir, 0o755)
    const port = await freeLoopbackPort()
    const started = performance.now()
    runAsOwner(
      `${quote(join(bin, 'initdb'))} -D ${quote(dataDir)} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync --no-instructions`,
      owner !== null,
      60_000,
    )
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${extraServerOptions}`.trim()
    // setsid: the server gets its own session, so a Ctrl-C reaches only us and we stop it in order.
    const setsid = existsSync('/usr/bin/setsid') ? '/usr/bin/setsid -w ' : ''
    runAsOwner(
      `${setsid}${quote(join(bin, 'pg_ctl'))} -D ${quote(dataDir)} -l ${quote(logFile)} -o ${quote(serverOptions)} -w -t 60 start`,
      owner !== null,
      90_000,
    )
    postmasterPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    log(
      `throwaway cluster up in ${Math.round(performance.now() - started)} ms: 127.0.0.1:${port}, ${dir}, postmaster pid ${postmasterPid}`,
    )
    return {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
      dir,
      stop: () => {
        unregister()
        stop()
      },
    }
  } catch (error) {
    const message = `could not start the throwaway PostgreSQL cluster: ${errorText(error)}\n--- server log ---\n${tail(logFile, 20)}`
    unregister()
    stop()
    throw new Error(message)
  }
}
