import { describe, expect, it } from 'vitest'
import {
  answerText,
  type CampaignForm,
  checkAnswers,
  formProblems,
  type Question,
  visibleQuestions,
} from './form.ts'
import { defaultTemplates } from './templates.ts'

const form: CampaignForm = {
  questions: [
    {
      key: 'met',
      label: '是否见到房东',
      type: 'choice',
      required: true,
      options: [
        { value: 'yes', label: '是' },
        { value: 'no', label: '否', hazard: true },
      ],
    },
    {
      key: 'tenants',
      label: '居住人数',
      type: 'number',
      required: true,
      min: 0,
      max: 20,
      showIf: { key: 'met', anyOf: ['yes'] },
    },
    {
      key: 'hazards',
      label: '隐患',
      type: 'multi_choice',
      required: false,
      options: [
        { value: 'ebike', label: '电动车充电', hazard: true },
        { value: 'wiring', label: '私拉电线', hazard: true },
      ],
    },
    { key: 'photos', label: '照片', type: 'photo', required: true, maxPhotos: 2 },
    { key: 'where', label: '位置', type: 'location', required: false },
    { key: 'sign', label: '签字', type: 'signature', required: false },
  ],
}

describe('campaign forms', () => {
  it('ships templates whose forms are sound', () => {
    expect(defaultTemplates.map((t) => t.key)).toEqual([
      'rental_fire_safety',
      'elderly_alone_check',
      'flood_season_patrol',
      'epidemic_screening',
    ])
    for (const t of defaultTemplates) expect(formProblems(t.form), t.key).toEqual({})
  })

  it('names what is wrong with a definition', () => {
    expect(
      formProblems({
        questions: [
          { key: 'A', label: '', type: 'choice', required: true, options: [{ value: 'x', label: 'x' }] },
          { key: 'b', label: 'b', type: 'text', required: false, showIf: { key: 'c', anyOf: ['x'] } },
          { key: 'b', label: 'b2', type: 'number', required: false, min: 5, max: 1 },
        ],
      }),
    ).toEqual({
      'questions.0.key': expect.any(String),
      'questions.0.label': expect.any(String),
      'questions.0.options': expect.any(String),
      'questions.1.showIf': expect.any(String),
      'questions.2.key': expect.any(String),
      'questions.2.min': expect.any(String),
    })
  })

  it('shows a conditional question only when its condition holds, and drops a hidden answer', () => {
    expect(visibleQuestions(form, { met: 'no' }).map((q) => q.key)).not.toContain('tenants')
    expect(visibleQuestions(form, { met: 'yes' }).map((q) => q.key)).toContain('tenants')
    const check = checkAnswers(form, { met: 'no', tenants: 3, photos: [7] }, true)
    expect(check.problems).toEqual({})
    expect(check.kept).toEqual({ met: 'no', photos: [7] })
    expect(check.hazards).toEqual(['met'])
  })

  it('requires the shown required answers only when the item is completed', () => {
    expect(checkAnswers(form, { met: 'yes' }, false).problems).toEqual({})
    expect(Object.keys(checkAnswers(form, { met: 'yes' }, true).problems).sort()).toEqual([
      'answers.photos',
      'answers.tenants',
    ])
  })

  it('refuses answers of the wrong shape, out of bounds, or to unknown questions', () => {
    const { problems } = checkAnswers(
      form,
      {
        met: 'maybe',
        hazards: ['ebike', 'fire'],
        photos: [1, 2, 3],
        where: { lng: 10, lat: 10 },
        sign: 0,
        extra: 'x',
      },
      false,
    )
    expect(Object.keys(problems).sort()).toEqual([
      'answers.extra',
      'answers.hazards',
      'answers.met',
      'answers.photos',
      'answers.sign',
      'answers.where',
    ])
    expect(checkAnswers(form, { met: 'yes', tenants: 21 }, false).problems['answers.tenants']).toMatch('20')
  })

  it('collects hazards and the attachments the answers name', () => {
    const check = checkAnswers(
      form,
      { met: 'yes', tenants: 2, hazards: ['wiring'], photos: [4, 5], sign: 9 },
      true,
    )
    expect(check.hazards).toEqual(['hazards'])
    expect(check.attachmentIds).toEqual([4, 5, 9])
  })

  it('writes an answer as a cell of the export', () => {
    const q = (key: string) => form.questions.find((x) => x.key === key) as Question
    expect(answerText(q('met'), 'yes')).toBe('是')
    expect(answerText(q('hazards'), ['ebike', 'wiring'])).toBe('电动车充电、私拉电线')
    expect(answerText(q('photos'), [1, 2])).toBe('2 张')
    expect(answerText(q('where'), { lng: 116.4, lat: 39.9 })).toBe('116.400000,39.900000')
  })
})
