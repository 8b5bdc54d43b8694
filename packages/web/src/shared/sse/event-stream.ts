import { type InjectionKey, inject, onScopeDispose, type Ref, ref, type ShallowRef, shallowRef } from 'vue'

export type StreamState = 'connecting' | 'connected' | 'reconnecting'

/** The envelope the server puts in every event's data. */
export interface StreamEvent<T = unknown> {
  id: string | number
  topic: string
  data: T
  at: string
}

// EventSource.CLOSED, spelled out so tests need no global EventSource.
const CLOSED = 2

type EventSourceFactory = (url: string) => EventSource

export interface EventStreamOptions {
  topics: readonly string[]
  url?: string
  /** How many recent events to keep, newest first. */
  keep?: number
  /** Delays before reopening a stream the browser gave up on, in ms; the last one repeats. */
  retryDelays?: readonly number[]
  createSource?: EventSourceFactory
}

export interface EventStream {
  state: Ref<StreamState>
  events: ShallowRef<readonly StreamEvent[]>
  close(): void
}

export const eventStreamKey: InjectionKey<EventStream> = Symbol('eventStream')

function isStreamEvent(value: unknown): value is StreamEvent {
  if (typeof value !== 'object' || value === null) return false
  const { topic, at } = value as Record<string, unknown>
  return typeof topic === 'string' && typeof at === 'string'
}

export function streamUrl(base: string, topics: readonly string[]): string {
  return `${base}?${new URLSearchParams({ topics: topics.join(',') })}`
}

export function createEventStream(options: EventStreamOptions): EventStream {
  const keep = options.keep ?? 20
  const delays = options.retryDelays ?? [1000, 2000, 5000, 10000, 30000]
  const createSource = options.createSource ?? ((url: string) => new EventSource(url))
  const url = streamUrl(options.url ?? '/api/events', options.topics)

  const state = ref<StreamState>('connecting')
  const events = shallowRef<readonly StreamEvent[]>([])
  let source: EventSource | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let failures = 0
  let closed = false

  const receive = (message: MessageEvent<string>) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(message.data)
    } catch {
      return
    }
    if (isStreamEvent(parsed)) events.value = [parsed, ...events.value].slice(0, keep)
  }

  const open = () => {
    const current = createSource(url)
    source = current
    current.onopen = () => {
      failures = 0
      state.value = 'connected'
    }
    current.onerror = () => {
      state.value = 'reconnecting'
      // CONNECTING means the browser retries by itself; CLOSED means it gave up (e.g. a 503), so we retry.
      if (current.readyState === CLOSED && !closed) {
        current.close()
        const delay = delays[Math.min(failures, delays.length - 1)] ?? 30000
        failures += 1
        retryTimer = setTimeout(open, delay)
      }
    }
    for (const topic of options.topics) current.addEventListener(topic, receive)
  }

  open()

  return {
    state,
    events,
    close() {
      closed = true
      clearTimeout(retryTimer)
      source?.close()
    },
  }
}

/** Opens a stream that closes with the calling component or scope. */
export function useEventStream(options: EventStreamOptions): EventStream {
  const stream = createEventStream(options)
  onScopeDispose(stream.close)
  return stream
}

export function injectEventStream(): EventStream {
  const stream = inject(eventStreamKey)
  if (!stream)
    throw new Error('No event stream provided: call provide(eventStreamKey, useEventStream(...)) in App')
  return stream
}
