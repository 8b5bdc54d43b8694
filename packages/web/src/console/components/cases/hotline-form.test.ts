import { ZReportCase } from '@onegrid/core/api/cases'
import { describe, expect, it } from 'vitest'
import { blankHotlineForm, checkHotline, hotlineFieldOf, hotlineReport } from './hotline-form.ts'

const call = () => ({
  ...blankHotlineForm(new Date('2026-03-02T09:30:00+08:00')),
  caller: ' 王先生 ',
  phone: '139 1234 5678',
  address: '湖滨路 12 号',
  title: '井盖缺失',
  description: '小区门口井盖缺失，夜间有人踩空',
  itemCode: '0101',
})

describe('hotline intake form', () => {
  it('asks for the cause, the course and a category, and a phone that can be called', () => {
    const form = { ...blankHotlineForm(), phone: '12345' }
    expect(checkHotline(form)).toEqual({
      title: 'causeRequired',
      description: 'courseRequired',
      itemCode: 'itemRequired',
      phone: 'phoneInvalid',
    })
    expect(checkHotline(call())).toEqual({})
    expect(checkHotline({ ...call(), phone: '0519-87654321' })).toEqual({})
  })

  it('sends the five facts as the server takes them, the time read as Beijing time', () => {
    const body = hotlineReport({ ...call(), point: { lng: 119.48, lat: 31.43 }, gridCode: '110120001001001' })
    expect(ZReportCase.safeParse(body).success).toBe(true)
    expect(body).toMatchObject({
      channel: 'hotline',
      itemCode: '0101',
      title: '井盖缺失',
      address: '湖滨路 12 号',
      reporter: { name: '王先生', phone: '13912345678', anonymous: false },
      location: { lng: 119.48, lat: 31.43 },
      occurredAt: '2026-03-02T09:30:00+08:00',
    })
    // The point decides the grid; a chosen grid goes along only without a point.
    expect(body.gridCode).toBeUndefined()
    expect(hotlineReport({ ...call(), gridCode: '110120001001001' }).gridCode).toBe('110120001001001')
  })

  it('sends the category’s own fields that were filled and the attachments uploaded first', () => {
    const body = hotlineReport(
      { ...call(), fields: { component_state: 'missing', component_id: undefined } },
      [7, 8],
    )
    expect(body.fields).toEqual({ component_state: 'missing' })
    expect(body.attachmentIds).toEqual([7, 8])
    expect(ZReportCase.safeParse(body).success).toBe(true)
  })

  it('starts the time of the call at Beijing’s now, whatever zone the browser is in', () => {
    const body = hotlineReport(blankHotlineForm(new Date('2026-03-01T23:10:00Z')))
    expect(body.occurredAt).toBe('2026-03-02T07:10:00+08:00')
  })

  it('leaves out what the caller did not give', () => {
    const body = hotlineReport({ ...call(), caller: '', phone: '', address: '', anonymous: true })
    expect(body.reporter).toEqual({ anonymous: true })
    expect(body.address).toBeUndefined()
    expect(body.fields).toBeUndefined()
    expect(ZReportCase.safeParse(body).success).toBe(true)
  })

  it('puts the server’s complaints on the right fields', () => {
    expect(hotlineFieldOf('reporter.phone')).toBe('phone')
    expect(hotlineFieldOf('location.lng')).toBe('location')
    expect(hotlineFieldOf('title')).toBe('title')
    expect(hotlineFieldOf('fields.component_state')).toBe('field:component_state')
    expect(hotlineFieldOf('attachmentIds')).toBe('attachments')
    expect(hotlineFieldOf('channel')).toBeUndefined()
  })
})
