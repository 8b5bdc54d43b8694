import { defaultTemplates } from '@onegrid/core/campaigns/templates'
import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import type { OutboxEntry } from '../../offline/db.ts'
import {
  answersOf,
  checkState,
  hazardDescription,
  type ItemFormState,
  initialState,
  localMessage,
  problemsByKey,
  submission,
} from './item-form.ts'

const fire = defaultTemplates.find((t) => t.key === 'rental_fire_safety')
if (!fire) throw new Error('the fire-safety template is missing')
const form = fire.form

const photo = (name: string) => ({
  key: name,
  kind: 'image' as const,
  blob: new Blob([name]),
  name: `${name}.jpg`,
})

function filled(): ItemFormState {
  return {
    values: { met: 'yes', tenants: '3', extinguisher: 'no', smoke_alarm: 'yes', hazards: ['wiring'] },
    media: { photos: [{ key: 'a12', id: 12 }, photo('door')] },
  }
}

describe('a campaign item form on the phone', () => {
  it('checks a submission with core’s own rules: required answers named by question, gaps allowed in a draft', () => {
    const empty: ItemFormState = { values: { met: 'yes' }, media: {} }
    const done = problemsByKey(checkState(form, empty, true))
    expect(Object.keys(done).sort()).toEqual(['extinguisher', 'photos', 'smoke_alarm', 'tenants'])
    expect(localMessage(done.tenants ?? '', 'zh-CN')).toBe('请回答：实际居住人数')
    expect(localMessage(done.tenants ?? '', 'en')).toBe('required')
    expect(checkState(form, empty, false).problems).toEqual({})
  })

  it('counts a photo still on the phone as an answer, and names a number that is not one', () => {
    const state = filled()
    expect(checkState(form, state, true).problems).toEqual({})
    state.values.tenants = '三个'
    expect(problemsByKey(checkState(form, state, false))).toEqual({ tenants: '请填写数字 / a number' })
    state.values.tenants = '500'
    expect(problemsByKey(checkState(form, state, true)).tenants).toContain('200')
  })

  it('finds the hazards the answers name', () => {
    expect(checkState(form, filled(), true).hazards).toEqual(['extinguisher', 'hazards'])
    const safe = filled()
    safe.values = { ...safe.values, extinguisher: 'yes', hazards: [] }
    expect(checkState(form, safe, true).hazards).toEqual([])
  })

  it('sends the shown answers, uploaded photos by id, photos on the phone as files appended to their answer', () => {
    const state = filled()
    state.media.signature = [{ key: 'sig', kind: 'image', blob: new Blob(['png']), name: 'sig.png' }]
    const { body, files, fileTargets } = submission(form, state, true, {
      location: { lng: 116.4, lat: 39.9 },
      at: '2026-11-24T10:00:00.000Z',
    })
    expect(body).toEqual({
      answers: {
        met: 'yes',
        tenants: 3,
        extinguisher: 'no',
        smoke_alarm: 'yes',
        hazards: ['wiring'],
        photos: [12],
      },
      complete: true,
      location: { lng: 116.4, lat: 39.9 },
      at: '2026-11-24T10:00:00.000Z',
    })
    expect(files.map((f) => f.name)).toEqual(['door.jpg', 'sig.png'])
    expect(fileTargets).toEqual([
      { path: ['answers', 'photos'], mode: 'append' },
      { path: ['answers', 'signature'], mode: 'set' },
    ])
  })

  it('makes a body IndexedDB can keep from the page’s reactive state (no proxies in it)', () => {
    const state = reactive(filled())
    state.values.location = { lng: 116.4, lat: 39.9 }
    const { body } = submission(form, state, true)
    expect(() => structuredClone(body)).not.toThrow()
    expect(structuredClone(body).answers.hazards).toEqual(['wiring'])
  })

  it('drops a hidden question’s answer and never uploads its photo', () => {
    const state = filled()
    state.values.met = 'no'
    const { body } = submission(form, state, false)
    expect(body.answers).not.toHaveProperty('tenants')
    expect(answersOf(form, state)).toHaveProperty('tenants', 3)
  })

  it('reports a hazard with the submission, with the campaign’s catalog item when it has one', () => {
    const { body } = submission(form, filled(), true, {
      reportHazard: { itemCode: 'AQ01', description: '私拉电线' },
    })
    expect(body.reportHazard).toEqual({ itemCode: 'AQ01', description: '私拉电线' })
    expect(
      submission(form, filled(), true, { reportHazard: { description: 'x 隐患' } }).body.reportHazard,
    ).toEqual({
      description: 'x 隐患',
    })
  })

  it('describes the hazard by its questions and the hazard options chosen, with the notes', () => {
    const answers = { ...answersOf(form, filled()), hazards: ['wiring', 'gas'], hazard_note: '厨房电线老化' }
    const text = hazardDescription('出租房屋消防安全检查', '东湖路21号院1单元301', form, answers, [
      'extinguisher',
      'hazards',
    ])
    expect(text).toBe(
      '【出租房屋消防安全检查】东湖路21号院1单元301\n发现隐患：是否配备灭火器：否；发现的隐患：私拉乱接电线、燃气使用不规范\n厨房电线老化',
    )
  })

  it('opens as it was left: the server’s answers, or the submission waiting in the queue with its blobs', () => {
    const saved = { met: 'yes', tenants: 2, photos: [5, 6], signature: 9 }
    const fromServer = initialState(form, saved)
    expect(fromServer.values).toEqual({ met: 'yes', tenants: '2' })
    expect(fromServer.media.photos?.map((m) => ('id' in m ? m.id : null))).toEqual([5, 6])
    expect(fromServer.media.signature).toEqual([{ key: 'a9', id: 9 }])

    const entry = {
      body: { answers: { met: 'no', photos: [5] }, complete: false },
      files: [
        { blob: new Blob(['a']), name: 'a.jpg' },
        { blob: new Blob(['b']), name: 'b.jpg' },
      ],
      fileTargets: [
        { path: ['answers', 'photos'], mode: 'append' },
        { path: ['answers', 'photos'], mode: 'append' },
      ],
      uploadedIds: [31],
    } as unknown as OutboxEntry
    const fromQueue = initialState(form, saved, entry)
    expect(fromQueue.values).toEqual({ met: 'no' })
    const photos = fromQueue.media.photos ?? []
    expect(photos.map((m) => ('id' in m ? m.id : m.name))).toEqual([5, 31, 'b.jpg'])
    expect(fromQueue.media.signature).toBeUndefined()
  })
})
