/**
 * The closed loop of a case (issue 6) driven over real HTTP from a worker thread
 * (`case-loop-worker.ts`), so the clients' own work does not run on the server's event loop:
 * report → accept → register → dispatch → sign → handle → verify → close → follow_up, each step by
 * the account whose role the state machine asks for, `inFlight` cases at a time.
 */
import { Worker } from 'node:worker_threads'

/** The steps of one case, in order; the first is `POST /api/cases`, the rest `POST /api/cases/:id/actions`. */
export const LOOP_STEPS = [
  'report',
  'accept',
  'register',
  'dispatch',
  'sign',
  'handle',
  'verify',
  'close',
  'follow_up',
] as const
export type LoopStep = (typeof LOOP_STEPS)[number]

/** Who does what for the cases of one community (a lane); each is a bearer token. */
export interface LoopLane {
  /** A grid worker of one grid: reports the case at a point of that grid, then signs and handles it. */
  worker: { token: string; userId: number }
  /** The community's grid leader: accepts, registers, dispatches to the worker, closes. */
  gridLeader: string
  /** A supervisor of the street: verifies. */
  supervisor: string
  /** A district operator: follows up. */
  operator: string
  /** Points inside the worker's grid, [lng, lat]. */
  points: ReadonlyArray<readonly [number, number]>
}

export interface LoopSpec {
  base: string
  /** An item with no required photo or report fields that routes to the community (ZZ01001). */
  itemCode: string
  cases: number
  inFlight: number
  /** No case starts after this long; the cases under way are finished. */
  limitMs: number
  lanes: readonly LoopLane[]
}

export interface LoopResult {
  /** Cases walked to the end (fewer than asked for when `limitMs` stopped the loop). */
  cases: number
  limited: boolean
  steps: number
  elapsedMs: number
  /** Per step: [p50, p95, p99] in ms. */
  stepLatency: Record<LoopStep, [number, number, number]>
  /** All steps together: [p50, p95, p99] in ms. */
  allSteps: [number, number, number]
  /** One case from report to archived: [p50, p99] in ms. */
  caseMs: [number, number]
  /** Ids of the cases it made. */
  firstId: number
  lastId: number
}

type Reply = { type: 'ready' } | { type: 'result'; result: LoopResult } | { type: 'error'; message: string }

const READY_TIMEOUT_MS = 20_000

/** Starts the worker (TypeScript through tsx's API), runs the loop, stops the worker. */
export async function runCaseLoop(spec: LoopSpec, name: string): Promise<LoopResult> {
  const tsxApi = import.meta.resolve('tsx/esm/api')
  const entry = new URL('./case-loop-worker.ts', import.meta.url).href
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`
  const worker = new Worker(boot, { eval: true, name })
  try {
    return await new Promise<LoopResult>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`case loop worker ${name} not ready after ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      )
      worker.on('message', (reply: Reply) => {
        if (reply.type === 'ready') {
          clearTimeout(timer)
          worker.postMessage(spec)
        } else if (reply.type === 'result') resolve(reply.result)
        else reject(new Error(reply.message))
      })
      worker.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      worker.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`case loop worker ${name} exited (code ${code})`))
      })
    })
  } finally {
    await worker.terminate()
  }
}
