#!/usr/bin/env node
// Node 20 cannot run TypeScript by itself; tsx compiles on the fly (ADR 0001).
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
