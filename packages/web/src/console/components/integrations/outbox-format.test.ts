import { describe, expect, it } from 'vitest'
import { canRetry, outboxViewFromQuery, outboxViewToQuery, summarize } from './outbox-format.ts'

describe('the outbox page’s formatting', () => {
  it('summarizes a 12345 update by its order and step, a notification by its title', () => {
    expect(
      summarize({
        channel: 'hotline_12345',
        payload: { orderNo: 'GD1', caseCode: '110120202611230001', actionName: '派遣', statusName: '待签收' },
      }),
    ).toEqual({
      kind: 'hotline',
      orderNo: 'GD1',
      caseCode: '110120202611230001',
      action: '派遣',
      status: '待签收',
    })
    expect(summarize({ channel: 'inapp', payload: { title: '新案件待签收', caseCode: null } })).toEqual({
      kind: 'notification',
      title: '新案件待签收',
      caseCode: null,
    })
    const other = summarize({ channel: 'http', payload: { text: 'x'.repeat(200) } })
    expect(other.kind).toBe('other')
    if (other.kind === 'other') expect(other.text).toHaveLength(80)
  })

  it('offers a retry for anything not delivered', () => {
    expect(canRetry({ status: 'dead' })).toBe(true)
    expect(canRetry({ status: 'pending' })).toBe(true)
    expect(canRetry({ status: 'delivered' })).toBe(false)
  })

  it('reads and writes its filters in the address bar, ignoring what it does not know', () => {
    expect(outboxViewFromQuery({ status: 'dead', channel: 'hotline_12345', page: '3' })).toEqual({
      status: 'dead',
      channel: 'hotline_12345',
      page: 3,
    })
    expect(outboxViewFromQuery({ status: 'lost', channel: 'DROP TABLE', page: '-1' })).toEqual({
      status: null,
      channel: null,
      page: 1,
    })
    expect(outboxViewToQuery({ status: null, channel: null, page: 1 })).toEqual({})
    expect(outboxViewToQuery({ status: 'dead', channel: 'inapp', page: 2 })).toEqual({
      status: 'dead',
      channel: 'inapp',
      page: '2',
    })
  })
})
