import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventStream, streamUrl } from './event-stream.ts'

/** Just enough of EventSource for the stream: listeners by event name, readyState, open/error hooks. */
class FakeSource extends EventTarget {
  static made: FakeSource[] = []
  readyState = 0
  closed = false
  onopen: ((event: Event) => void) | null = null
  onerror: ((event: Event) => void) | null = null

  constructor(readonly url: string) {
    super()
    FakeSource.made.push(this)
  }

  open() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  fail(readyState: 0 | 2) {
    this.readyState = readyState
    this.onerror?.(new Event('error'))
  }

  emit(topic: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(topic, { data: JSON.stringify(data) }))
  }

  close() {
    this.closed = true
    this.readyState = 2
  }
}

const createSource = (url: string) => new FakeSource(url) as unknown as EventSource
const latest = () => {
  const source = FakeSource.made.at(-1)
  if (!source) throw new Error('no source opened')
  return source
}

describe('event stream', () => {
  beforeEach(() => {
    FakeSource.made = []
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('asks for the topics and reports connecting, then connected', () => {
    const stream = createEventStream({ topics: ['system.heartbeat', 'cases.created'], createSource })
    expect(latest().url).toBe(streamUrl('/api/events', ['system.heartbeat', 'cases.created']))
    expect(latest().url).toBe('/api/events?topics=system.heartbeat%2Ccases.created')
    expect(stream.state.value).toBe('connecting')
    latest().open()
    expect(stream.state.value).toBe('connected')
  })

  it('keeps the newest events first and ignores data that is not an event envelope', () => {
    const stream = createEventStream({ topics: ['system.heartbeat'], keep: 2, createSource })
    latest().open()
    for (const id of [1, 2, 3]) {
      latest().emit('system.heartbeat', { id, topic: 'system.heartbeat', data: {}, at: `t${id}` })
    }
    latest().emit('system.heartbeat', 'not json envelope')
    expect(stream.events.value.map((e) => e.id)).toEqual([3, 2])
  })

  it('shows reconnecting while the browser retries by itself', () => {
    const stream = createEventStream({ topics: ['system.heartbeat'], createSource })
    latest().open()
    latest().fail(0)
    expect(stream.state.value).toBe('reconnecting')
    vi.advanceTimersByTime(60_000)
    expect(FakeSource.made).toHaveLength(1)
    latest().open()
    expect(stream.state.value).toBe('connected')
  })

  it('reopens a stream the browser closed, after the retry delay', () => {
    const stream = createEventStream({ topics: ['system.heartbeat'], retryDelays: [500, 1000], createSource })
    latest().fail(2)
    expect(stream.state.value).toBe('reconnecting')
    vi.advanceTimersByTime(499)
    expect(FakeSource.made).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeSource.made).toHaveLength(2)
    latest().open()
    expect(stream.state.value).toBe('connected')
  })

  it('stops retrying once closed', () => {
    const stream = createEventStream({ topics: ['system.heartbeat'], retryDelays: [500], createSource })
    const first = latest()
    first.fail(2)
    stream.close()
    vi.advanceTimersByTime(5000)
    expect(FakeSource.made).toEqual([first])
    expect(first.closed).toBe(true)
  })
})
