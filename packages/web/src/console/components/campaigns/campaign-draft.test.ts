import { defaultTemplates } from '@onegrid/core/campaigns/templates'
import { describe, expect, it } from 'vitest'
import {
  addQuestion,
  conditionSources,
  createBody,
  draftFormProblems,
  draftFrom,
  moveQuestion,
  questionProblems,
  removeQuestion,
  setQuestionType,
  stepOfField,
  targetsOf,
} from './campaign-draft.ts'
import {
  completionColour,
  completionLegend,
  completionPalette,
  levelBelow,
  noItemsColour,
  rateText,
} from './campaign-format.ts'

const rental = defaultTemplates.find((t) => t.key === 'rental_fire_safety')
const elderly = defaultTemplates.find((t) => t.key === 'elderly_alone_check')
if (!rental || !elderly) throw new Error('default templates missing')

describe('a campaign draft', () => {
  it('starts from a template without sharing its form', () => {
    const draft = draftFrom(rental, '东湖街道综治中心')
    expect(draft.title).toBe('出租房屋消防安全检查')
    expect(draft.targets.kind).toBe('rental_house')
    expect(draft.workingDays).toBe(rental.workingDays)
    const [first] = draft.form.questions
    if (first) first.label = 'changed'
    expect(rental.form.questions[0]?.label).not.toBe('changed')
  })

  it('sends only what the target kind uses, and nothing until an area is chosen', () => {
    const draft = draftFrom(elderly)
    expect(targetsOf(draft)).toBeNull()
    draft.targets.areaCodes = ['110120001']
    draft.targets.organizationKinds = ['enterprise']
    draft.targets.gridType = 'basic'
    draft.targets.riskLevels = ['red']
    expect(targetsOf(draft)).toEqual({
      kind: 'special_group_person',
      areaCodes: ['110120001'],
      group: 'empty_nest_elderly',
      riskLevels: ['red'],
    })
    draft.targets.group = null
    expect(targetsOf(draft)).toBeNull()
  })

  it('builds the create body with a deadline by working days or by date', () => {
    const draft = draftFrom(rental, ' 街道 ')
    draft.targets.areaCodes = ['110120001']
    const byDays = createBody(draft)
    expect(byDays).toMatchObject({ templateKey: 'rental_fire_safety', issuingUnit: '街道', workingDays: 10 })
    expect(byDays).not.toHaveProperty('deadlineDate')
    draft.deadlineMode = 'date'
    draft.deadlineDate = '2026-12-31'
    const byDate = createBody(draft)
    expect(byDate).toMatchObject({ deadlineDate: '2026-12-31' })
    expect(byDate).not.toHaveProperty('workingDays')
  })

  it('edits questions: fresh keys, types that drop options, moves, and removal that drops conditions on it', () => {
    const draft = draftFrom(null)
    const form = draft.form
    const q = addQuestion(form, 'choice')
    expect(q.key).toBe('q2')
    expect(q.options).toHaveLength(2)
    const follow = addQuestion(form, 'text')
    follow.label = '说明'
    follow.showIf = { key: q.key, anyOf: ['yes'] }
    expect(conditionSources(form, 2).map((s) => s.key)).toEqual(['done_ok', 'q2'])
    setQuestionType(q, 'number')
    expect(q.options).toBeUndefined()
    // A condition on a question that is no longer a choice is a problem on the follower.
    q.label = '数量'
    const [head] = form.questions
    if (head) head.label = '完成'
    expect(Object.keys(draftFormProblems(form))).toEqual(['form.questions.2.showIf'])
    moveQuestion(form, 2, -1)
    expect(form.questions.map((x) => x.key)).toEqual(['done_ok', 'q3', 'q2'])
    removeQuestion(form, 2)
    expect(form.questions[1]?.showIf).toBeUndefined()
    expect(draftFormProblems(form)).toEqual({})
  })

  it('finds a question’s problems and the step of a server field error', () => {
    const problems = {
      'form.questions.1.label': 'a',
      'form.questions.10.key': 'b',
      'form.questions.1.options': 'c',
    }
    expect(questionProblems(problems, 1)).toEqual(['a', 'c'])
    expect(stepOfField('targets.areaCodes')).toBe('targets')
    expect(stepOfField('title')).toBe('form')
    expect(stepOfField('form.questions.0.label')).toBe('form')
  })
})

describe('campaign figures', () => {
  it('colours areas by completion, grey without items', () => {
    expect(completionColour(null, 0)).toBe(noItemsColour)
    expect(completionColour(0, 10)).toBe(completionPalette[0])
    expect(completionColour(49.99, 10)).toBe(completionPalette[1])
    expect(completionColour(80, 10)).toBe(completionPalette[3])
    expect(completionColour(100, 10)).toBe(completionPalette[4])
    expect(completionLegend().map((l) => [l.from, l.to])).toEqual([
      [0, 20],
      [20, 50],
      [50, 80],
      [80, 100],
      [100, null],
    ])
  })

  it('reads rates and levels', () => {
    expect(rateText(83.333)).toBe('83.33%')
    expect(rateText(null)).toBe('—')
    expect(levelBelow('street')).toBe('community')
    expect(levelBelow('grid')).toBeNull()
  })
})
