import { Worker } from 'node:worker_threads'
import type { StagedRow } from './import-kind.ts'
import type { PersonWorkerInit, PersonWorkerReply, PersonWorkerRequest } from './person-rows-worker.ts'

type Waiting = { resolve: (rows: StagedRow[]) => void; reject: (err: Error) => void }

/**
 * The main thread's end of a persons import's worker thread: a batch of sheet
 * rows goes in, its staging rows come back. The worker's heap is bounded, so
 * its garbage is collected rather than kept (the import must fit a small
 * container).
 */
export class PersonRowsWorker {
  private readonly worker: Worker
  private readonly waiting = new Map<number, Waiting>()
  private next = 1
  private failure: Error | null = null

  constructor(init: PersonWorkerInit) {
    this.worker = new Worker(new URL('./person-rows-worker.mjs', import.meta.url), {
      workerData: init,
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    })
    this.worker.on('message', (reply: PersonWorkerReply) => {
      const w = this.waiting.get(reply.id)
      if (!w) return
      this.waiting.delete(reply.id)
      if ('error' in reply) w.reject(new Error(reply.error))
      else w.resolve(reply.staged)
    })
    const fail = (err: Error) => {
      this.failure = err
      for (const w of this.waiting.values()) w.reject(err)
      this.waiting.clear()
    }
    this.worker.on('error', fail)
    this.worker.on('exit', (code) => {
      if (this.waiting.size > 0) fail(new Error(`the import's worker thread stopped (${code})`))
    })
  }

  validate(rows: PersonWorkerRequest['rows']): Promise<StagedRow[]> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.worker.postMessage({ id, rows } satisfies PersonWorkerRequest)
    })
  }

  async close(): Promise<void> {
    await this.worker.terminate()
  }
}
