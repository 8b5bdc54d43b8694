/**
 * The worker thread behind `runCaseLoop` (lib/case-loop.ts): `inFlight` loops, each taking the next
 * case number and walking that case through the nine steps over HTTP (fetch, keep-alive), until
 * `cases` cases are archived. Replies with the latencies' summary. Never started directly.
 */
import { parentPort } from 'node:worker_threads'
import { LOOP_STEPS, type LoopResult, type LoopSpec, type LoopStep } from './case-loop.ts'
import { percentile } from './load.ts'

const port = parentPort
if (!port) throw new Error('case-loop-worker.ts must run in a worker thread (see runCaseLoop)')

type Seen = { id: number; version: number; status: string }

async function post(url: string, token: string, body: unknown, expect: number): Promise<Seen> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== expect)
    throw new Error(
      `POST ${new URL(url).pathname} answered ${response.status} (expected ${expect}): ${text.slice(0, 300)}`,
    )
  const c = JSON.parse(text) as Seen
  return { id: c.id, version: c.version, status: c.status }
}

async function run(spec: LoopSpec): Promise<LoopResult> {
  const started = performance.now()
  const samples = new Map<LoopStep, number[]>(LOOP_STEPS.map((s) => [s, []]))
  const caseMs: number[] = []
  let next = 0
  let failed = false
  let firstId = Number.POSITIVE_INFINITY
  let lastId = 0
  const timed = async <T>(step: LoopStep, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    const out = await f()
    samples.get(step)?.push(performance.now() - t0)
    return out
  }
  const one = async (n: number): Promise<void> => {
    const lane = spec.lanes[n % spec.lanes.length]
    if (!lane) throw new Error('no lanes')
    const [lng, lat] = lane.points[Math.floor(n / spec.lanes.length) % lane.points.length] ?? [0, 0]
    const t0 = performance.now()
    let c = await timed('report', () =>
      post(
        `${spec.base}/api/cases`,
        lane.worker.token,
        {
          itemCode: spec.itemCode,
          channel: 'grid_worker',
          description: `楼上楼下因噪音发生争执，双方情绪激动，需要社区调解（压测 ${n}）`,
          address: `云溪区测试路 ${(n % 500) + 1} 号`,
          location: { lng, lat },
        },
        201,
      ),
    )
    firstId = Math.min(firstId, c.id)
    lastId = Math.max(lastId, c.id)
    const act = (step: LoopStep, token: string, payload: Record<string, unknown> = {}) =>
      timed(step, () =>
        post(
          `${spec.base}/api/cases/${c.id}/actions`,
          token,
          { action: step, expectedVersion: c.version, ...payload },
          200,
        ),
      )
    c = await act('accept', lane.gridLeader)
    c = await act('register', lane.gridLeader)
    c = await act('dispatch', lane.gridLeader, { userId: lane.worker.userId })
    c = await act('sign', lane.worker.token)
    c = await act('handle', lane.worker.token, {
      note: '已上门调解，双方达成谅解',
      // 邻里纠纷's handling form: 化解是否成功 is required.
      fields: { resolved: 'yes', resolution_method: 'on_the_spot' },
    })
    c = await act('verify', lane.supervisor, { passed: true, note: '回访核实已解决' })
    c = await act('close', lane.gridLeader)
    c = await act('follow_up', lane.operator, { followUp: { reached: true, satisfaction: 'satisfied' } })
    if (c.status !== 'archived') throw new Error(`case ${c.id} ended ${c.status}, not archived`)
    caseMs.push(performance.now() - t0)
  }
  let limited = false
  const loop = async (): Promise<void> => {
    while (!failed && next < spec.cases) {
      if (performance.now() - started > spec.limitMs) {
        limited = true
        return
      }
      const n = next++
      try {
        await one(n)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: spec.inFlight }, () => loop()))
  const elapsedMs = performance.now() - started
  const summary = (values: number[]): [number, number, number] => {
    const sorted = Float64Array.from(values).sort()
    return [percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)]
  }
  const stepLatency = Object.fromEntries(
    LOOP_STEPS.map((s) => [s, summary(samples.get(s) ?? [])]),
  ) as LoopResult['stepLatency']
  const all = [...samples.values()].flat()
  const cases = summary(caseMs)
  return {
    cases: caseMs.length,
    limited,
    steps: all.length,
    elapsedMs,
    stepLatency,
    allSteps: summary(all),
    caseMs: [cases[0], cases[2]],
    firstId: Number.isFinite(firstId) ? firstId : 0,
    lastId,
  }
}

port.on('message', (spec: LoopSpec) => {
  run(spec).then(
    (result) => port.postMessage({ type: 'result', result }),
    (error: unknown) =>
      port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  )
})
port.postMessage({ type: 'ready' })
