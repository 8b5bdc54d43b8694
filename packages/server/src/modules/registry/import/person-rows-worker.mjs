// A worker thread starts without the main thread's TypeScript loader (Node 20):
// register tsx here (ADR 0001), then load the worker's code.
import { register } from 'tsx/esm/api'

register()
await import('./person-rows-worker.ts')
