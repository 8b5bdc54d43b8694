import type {
  TComponent,
  TComponentList,
  TComponentSummary,
  ZCreateComponent,
  ZPlaceQuery,
  ZUpdateComponent,
} from '@onegrid/core/api/places'
import {
  type ComponentState,
  componentStates,
  parseComponentCode,
} from '@onegrid/core/registry/component-code'
import { sql } from 'kysely'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import type { PlaceRecords } from './place-records.ts'
import { type PlaceRowBase, type PlaceSpec, presentBase } from './place-spec.ts'
import type { PlaceColumns } from './place-store.ts'

type ComponentRow = PlaceRowBase & {
  code: string
  scheme: 'gbt47678' | 'cjt214'
  classCode: string
  name: string
  state: ComponentState
  department: string
  ownerUnit: string | null
  maintainer: string | null
  address: string | null
  initialDate: string | null
  changedDate: string | null
  source: string | null
}

/** The spec needs the class names (the catalog's directory), so it is made where they are known. */
export function componentSpec(
  classNames: ReadonlyMap<string, string>,
): PlaceSpec<ComponentRow, TComponentSummary> {
  return {
    kind: 'component',
    table: 'registry_components',
    word: text('部件', 'Component'),
    select: sql`
      t.code, t.scheme, t.class_code AS "classCode", t.name, t.state, t.department, t.owner_unit AS "ownerUnit",
      t.maintainer, t.address, t.initial_date::text AS "initialDate", t.changed_date::text AS "changedDate", t.source`,
    searchable: ['code', 'name', 'address', 'department'],
    filters: { state: { column: 'state', values: componentStates } },
    order: sql`t.code`,
    label: sql`t.name || ' ' || t.code`,
    mapState: sql`t.state`,
    present: (r) => ({
      ...presentBase(r),
      code: r.code,
      scheme: r.scheme,
      classCode: r.classCode,
      className: classNames.get(r.classCode) ?? null,
      name: r.name,
      state: r.state,
      department: r.department,
      ownerUnit: r.ownerUnit,
      maintainer: r.maintainer,
      address: r.address,
      initialDate: r.initialDate,
      changedDate: r.changedDate,
      source: r.source,
    }),
    uniques: {
      registry_components_code_key: {
        field: 'code',
        message: text('该部件标识码已登记', 'A component with this identifier is recorded already'),
      },
    },
  }
}

/**
 * 部件 (GB/T 47678.5): identified by their 17-digit code (or the older 16),
 * whose class digits name what they are and match the catalog's matter for
 * their problems; a change of state is dated (变更日期).
 */
export class ComponentService {
  readonly spec: PlaceSpec<ComponentRow, TComponentSummary>

  constructor(
    private readonly records: PlaceRecords,
    private readonly classNames: ReadonlyMap<string, string>,
  ) {
    this.spec = componentSpec(classNames)
  }

  private columnsOf(
    input: Partial<z.output<typeof ZCreateComponent>>,
    before: ComponentRow | null,
  ): PlaceColumns {
    const columns: PlaceColumns = {
      name: input.name,
      state: input.state,
      department: input.department,
      owner_unit: input.ownerUnit,
      maintainer: input.maintainer,
      address: input.address,
      initial_date: input.initialDate,
      source: input.source,
      tags: input.tags,
      note: input.note,
    }
    if (input.code !== undefined) {
      const parsed = parseComponentCode(input.code)
      if (!parsed.ok)
        throw new ValidationError({
          code: text(
            '部件标识码应为 17 位（GB/T 47678.5）或 16 位（CJ/T 214）数字，大类、小类、顺序码不能全为 0',
            'A component identifier has 17 digits (GB/T 47678.5) or 16 (CJ/T 214), with non-zero class and sequence',
          ),
        })
      columns.code = parsed.value
      columns.scheme = parsed.scheme
      columns.class_code = `${parsed.major}${parsed.minor}`
      if (!input.name && !before) {
        const className = this.classNames.get(`${parsed.major}${parsed.minor}`)
        if (!className)
          throw new ValidationError({
            name: text(
              '该部件类别不在目录中，请填写部件名称',
              'The class is not in the directory: give the name',
            ),
          })
        columns.name = className
      }
    }
    // 变更日期: the day the state last changed (a new record has its initial date instead).
    if (before && input.state !== undefined && input.state !== before.state)
      columns.changed_date = this.records.today()
    return columns
  }

  async create(
    p: UserPrincipal,
    actor: Actor,
    input: z.output<typeof ZCreateComponent>,
  ): Promise<TComponent> {
    // A component census records every component's coordinates (GB/T 47678.5 普查).
    if (!input.location)
      throw new ValidationError({ location: text('请在地图上标出部件位置', 'Mark the component on the map') })
    const columns = this.columnsOf(input, null)
    const placed = await this.records.placed(p, input)
    if (!placed) throw new Error('a new component is always placed')
    const id = await this.records.create(p, actor, this.spec, columns, placed)
    return this.get(p, id)
  }

  async update(
    p: UserPrincipal,
    actor: Actor,
    id: number,
    input: z.output<typeof ZUpdateComponent>,
  ): Promise<TComponent> {
    const before = await this.records.inScope(p, this.spec, id)
    const columns = this.columnsOf(input, before)
    const placed = await this.records.placed(p, input, before)
    await this.records.update(p, actor, this.spec, before, input, columns, placed)
    return this.get(p, id)
  }

  async get(p: UserPrincipal, id: number): Promise<TComponent> {
    const { summary, history, cases, createdAt } = await this.records.detail(p, this.spec, id)
    return { ...summary, history, cases, createdAt }
  }

  search(p: UserPrincipal, input: z.output<typeof ZPlaceQuery>): Promise<TComponentList> {
    return this.records.search(p, this.spec, input)
  }
}
