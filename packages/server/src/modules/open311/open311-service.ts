import type { ZReportCase } from '@onegrid/core/api/cases'
import type { TCatalogField } from '@onegrid/core/api/catalog'
import { type CaseStatus, caseActionNames, caseStatusNames } from '@onegrid/core/cases/states'
import type { z } from 'zod'
import type { Actor, ApiKeyPrincipal, UserPrincipal } from '../../platform/auth/principal.ts'
import { pathInScope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { AppError, NotAdmitted, ValidationError } from '../../platform/http/errors.ts'
import type { ReportCase } from '../cases/report-case.ts'
import type { CatalogQueries, CurrentItem } from '../catalog/queries.ts'
import { badRequest, notFound, Open311Error } from './open311-errors.ts'
import { closedStatuses, type Open311Queries, type PublicRequestRow } from './open311-queries.ts'

/** A form body as posted: repeated keys (`attribute[x][]`) become lists. */
export type Form = Record<string, string | string[]>

type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'

/** Report fields Open311 can carry, by the catalog's field type; the others (photos, registry links) it cannot. */
const datatypeOf: Partial<Record<TCatalogField['type'], Datatype>> = {
  text: 'text',
  number: 'number',
  date: 'datetime',
  single_choice: 'singlevaluelist',
  multi_choice: 'multivaluelist',
}

const spec = 'http://wiki.open311.org/GeoReport_v2'
const dayMs = 86_400_000
const closed: readonly string[] = closedStatuses

const reportFields = (item: CurrentItem) => item.rules.fields.filter((f) => f.forms.includes('report'))

/** An item is a service when it is admitted and every report field it requires can be sent. */
const offered = (item: CurrentItem) =>
  !item.retired &&
  item.rules.admission.admitted &&
  reportFields(item).every((f) => !f.required || datatypeOf[f.type] !== undefined)

const one = (form: Form, key: string): string | undefined => {
  const v = form[key]
  const s = Array.isArray(v) ? v[0] : v
  return s === undefined || s.trim() === '' ? undefined : s.trim()
}

/** mySociety's extended statuses: what a client may send with an update (in upper case, as FixMyStreet does). */
const clientStatuses: readonly string[] = [
  'open',
  'investigating',
  'in_progress',
  'planned',
  'action_scheduled',
  'no_further_action',
  'not_councils_responsibility',
  'duplicate',
  'internal_referral',
  'cancelled',
  'fixed',
  'closed',
  'reopen',
  'for_triage',
  'unchanged',
]

/** A W3C datetime with a timezone, as the specification requires of every datetime. */
const w3cDate = (v: string): Date | null => {
  const d = new Date(v)
  return /(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(d.getTime()) ? d : null
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** "2026-11-23 11:00" in Beijing time, for words a resident reads. */
const beijingMinute = (at: string) =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

export type Open311Config = {
  /** The operator account requests are entered as (its name is on the first timeline step). */
  account: string
  contact: string
}

/**
 * Open311 GeoReport v2 (C13): the catalog's admitted items as services, their
 * report fields as attributes; a posted request becomes a case on the
 * `open311` channel through the one `reportCase` path, as the configured
 * account within the API key's area; residents' public cases are listed
 * without any personal data and with points rounded to about 100 m.
 */
export class Open311Service {
  constructor(
    private readonly deps: {
      config: Open311Config
      catalog: CatalogQueries
      queries: Open311Queries
      report: ReportCase
      principalOf: (username: string) => Promise<UserPrincipal | null>
      authenticate: (apiKey: string) => Promise<ApiKeyPrincipal | null>
      clock: Clock
    },
  ) {}

  discovery(baseUrl: string) {
    return {
      changeset: '2026-12-04T00:00:00Z',
      contact: this.deps.config.contact,
      key_service: `${baseUrl}/console/admin/api-keys`,
      endpoints: [
        {
          specification: spec,
          url: `${baseUrl}/open311/v2`,
          changeset: '2026-12-04T00:00:00Z',
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    }
  }

  async services() {
    const [items, majors] = await Promise.all([this.deps.catalog.currentItems(), this.deps.catalog.majors()])
    const groups = new Map(majors.map((m) => [m.code, m.name]))
    return items.filter(offered).map((item) => ({
      service_code: item.code,
      service_name: item.rules.name,
      description: item.rules.description,
      metadata: reportFields(item).some((f) => datatypeOf[f.type] !== undefined),
      type: 'realtime',
      keywords: [groups.get(item.majorCode), item.rules.name].filter(Boolean).join(', '),
      group: groups.get(item.majorCode) ?? item.majorCode,
    }))
  }

  private async service(code: string | undefined): Promise<CurrentItem> {
    if (!code) throw badRequest('service_code', '必填', 'is required')
    const item = await this.deps.catalog.item(code)
    if (!item || !offered(item))
      throw notFound('service_code', `没有服务「${code}」`, `no service with code ${code}`)
    return item
  }

  async serviceDefinition(code: string) {
    const item = await this.service(code)
    const fields = reportFields(item).filter((f) => datatypeOf[f.type] !== undefined)
    return {
      service_code: item.code,
      attributes: fields.map((f, i) => ({
        variable: true,
        code: f.key,
        datatype: datatypeOf[f.type] as Datatype,
        required: f.required,
        datatype_description: f.type === 'date' ? 'YYYY-MM-DD' : f.hint || null,
        order: i + 1,
        description: f.label,
        values: f.options.map((o) => ({ key: o.value, name: o.label })),
      })),
    }
  }

  private async apiKey(form: Form, operation = 'create_request'): Promise<ApiKeyPrincipal> {
    const key = one(form, 'api_key')
    const principal = key ? await this.deps.authenticate(key) : null
    if (!principal?.scopes.includes('open311'))
      throw new Open311Error(403, [
        {
          param: 'api_key',
          zh: '无效的 api_key，无法提交请求',
          en: `Invalid api_key received -- can't proceed with ${operation}.`,
        },
      ])
    return principal
  }

  private async jurisdiction(form: Form | Record<string, string | undefined>) {
    const given = typeof form.jurisdiction_id === 'string' ? form.jurisdiction_id.trim() : ''
    const districts = await this.deps.queries.districts()
    if (given && !districts.includes(given))
      throw notFound('jurisdiction_id', `没有辖区「${given}」`, `no jurisdiction ${given}`)
    return given ? [given] : districts
  }

  /** Attribute values typed as the item's fields want them; problems named by `attribute[code]`. */
  private attributes(item: CurrentItem, form: Form) {
    const fields = reportFields(item)
    const values: Record<string, unknown> = {}
    const problems: { param: string; zh: string; en: string }[] = []
    for (const [key, raw] of Object.entries(form)) {
      const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key)
      if (!m?.[1]) continue
      const code = m[1]
      const field = fields.find((f) => f.key === code && datatypeOf[f.type] !== undefined)
      const param = `attribute[${code}]`
      if (!field) {
        problems.push({ param, zh: '此服务没有这个属性', en: 'this service has no such attribute' })
        continue
      }
      const list = (Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter((v) => v !== '')
      if (list.length === 0) continue
      if (field.type === 'multi_choice') values[code] = list
      else if (field.type === 'number') values[code] = Number(list[0])
      else values[code] = list[0]
    }
    for (const f of fields)
      if (f.required && values[f.key] === undefined && datatypeOf[f.type] !== undefined)
        problems.push({ param: `attribute[${f.key}]`, zh: '必填', en: 'is required' })
    return { values, problems }
  }

  private async location(form: Form) {
    const lat = one(form, 'lat')
    const lng = one(form, 'long')
    if (lat !== undefined || lng !== undefined) {
      const point = { lat: Number(lat), lng: Number(lng) }
      if (
        !Number.isFinite(point.lat) ||
        !Number.isFinite(point.lng) ||
        lat === undefined ||
        lng === undefined
      )
        throw badRequest('lat/long', '须同时给出有效的纬度和经度', 'both must be given as decimal degrees')
      return point
    }
    const addressId = one(form, 'address_id')
    if (addressId !== undefined) {
      const id = Number(addressId)
      const found = Number.isSafeInteger(id) && id > 0 ? await this.deps.queries.building({ id }) : null
      if (!found) throw badRequest('address_id', '没有这个地址编号', 'no such address_id')
      return found
    }
    const address = one(form, 'address_string')
    if (address !== undefined) {
      const found = await this.deps.queries.building({ address })
      if (!found)
        throw badRequest(
          'address_string',
          '无法定位该地址，请给出经纬度',
          'the address could not be located; send lat and long',
        )
      return found
    }
    throw badRequest(
      'lat/long',
      '须给出位置：lat 和 long、address_string 或 address_id',
      'a location is required: lat and long, address_string or address_id',
    )
  }

  async createRequest(form: Form, from: Actor) {
    const key = await this.apiKey(form)
    await this.jurisdiction(form)
    const item = await this.service(one(form, 'service_code'))
    const point = await this.location(form)
    const { values, problems } = this.attributes(item, form)
    const description = one(form, 'description')
    if (description && description.length > 4000)
      problems.push({ param: 'description', zh: '不能超过 4000 字', en: 'at most 4,000 characters' })
    const mediaUrl = one(form, 'media_url')
    if (mediaUrl && (!/^https?:\/\/\S+$/i.test(mediaUrl) || mediaUrl.length > 2000))
      problems.push({ param: 'media_url', zh: '应为 http(s) 网址', en: 'must be an http(s) URL' })
    const name = [one(form, 'last_name'), one(form, 'first_name')].filter(Boolean).join('').slice(0, 40)
    const phone = one(form, 'phone')
    if (phone && !/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/.test(phone))
      problems.push({ param: 'phone', zh: '不是有效的电话号码', en: 'is not a valid phone number' })
    if (problems.length > 0) throw new Open311Error(400, problems)

    const account = await this.deps.principalOf(this.deps.config.account)
    if (!account?.roles.includes('operator'))
      throw new Error(
        `the Open311 account ${this.deps.config.account} is missing, disabled or not an operator`,
      )
    // The account enters it, but only within the key's area.
    const p: UserPrincipal = { ...account, scope: key.scope }
    const actor: Actor = { ...from, userId: account.userId, name: `open311:${key.name}` }
    const report: z.output<typeof ZReportCase> = {
      itemCode: item.code,
      channel: 'open311',
      description: description && description.length >= 2 ? description : item.rules.name,
      ...(one(form, 'address_string') ? { address: (one(form, 'address_string') ?? '').slice(0, 200) } : {}),
      location: point,
      urgency: 'normal',
      reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}), anonymous: !name && !phone },
      fields: values,
      attachmentIds: [],
      selfHandle: false,
      handlingFields: {},
    }
    const made = await this.deps.report.report(p, actor, report, null).catch((err: unknown) => {
      throw asOpen311(err)
    })
    await this.deps.queries.recordRequest({
      caseId: made.case.id,
      apiKeyId: key.keyId,
      mediaUrl: mediaUrl ?? null,
      deviceId: one(form, 'device_id')?.slice(0, 200) ?? null,
      accountId: one(form, 'account_id')?.slice(0, 200) ?? null,
      at: this.deps.clock.now(),
    })
    const accept = made.case.clocks.find((c) => c.stage === 'accept')?.deadline
    return [
      {
        service_request_id: made.case.code,
        service_notice: accept ? `已登记，将于北京时间 ${beijingMinute(accept)} 前受理` : '已登记',
        account_id: one(form, 'account_id') ?? null,
      },
    ]
  }

  /**
   * mySociety's `POST servicerequestupdates`: a resident's comment on a request,
   * sent on by a client such as FixMyStreet. It becomes a `resident_update` step
   * on the case's timeline for the staff to read; the client's status is kept
   * with it as sent and never applied — only the closed loop's steps move a case
   * (ADR 0018). The resident's name, email and phone are not kept: the case
   * already has its reporter, and a comment needs no second copy of anyone's
   * contact. The same update_id from the same key answers with the first update.
   */
  async createUpdate(form: Form) {
    const key = await this.apiKey(form, 'post_service_request_update')
    const districts = await this.jurisdiction(form)
    const problems: { param: string; zh: string; en: string }[] = []
    const required = ['service_request_id', 'update_id', 'status', 'updated_datetime', 'description'] as const
    for (const param of required)
      if (one(form, param) === undefined) problems.push({ param, zh: '必填', en: 'is required' })
    const code = one(form, 'service_request_id')
    const updateId = one(form, 'update_id')
    if (updateId && updateId.length > 200)
      problems.push({ param: 'update_id', zh: '不能超过 200 个字符', en: 'at most 200 characters' })
    const status = one(form, 'status')?.toLowerCase()
    if (status && !clientStatuses.includes(status))
      problems.push({
        param: 'status',
        zh: '应为扩展状态之一，如 IN_PROGRESS、FIXED、CLOSED',
        en: 'must be one of the extended statuses, such as IN_PROGRESS, FIXED or CLOSED',
      })
    const when = one(form, 'updated_datetime')
    const updatedAt = when ? w3cDate(when) : null
    if (when && !updatedAt)
      problems.push({
        param: 'updated_datetime',
        zh: '应为带时区的 ISO 8601 时间',
        en: 'must be a W3C datetime with a timezone',
      })
    const description = one(form, 'description')
    if (description && description.length > 4000)
      problems.push({ param: 'description', zh: '不能超过 4000 字', en: 'at most 4,000 characters' })
    const mediaUrl = one(form, 'media_url')
    if (mediaUrl && (!/^https?:\/\/\S+$/i.test(mediaUrl) || mediaUrl.length > 2000))
      problems.push({ param: 'media_url', zh: '应为 http(s) 网址', en: 'must be an http(s) URL' })
    if (problems.length > 0 || !code || !updateId || !status || !updatedAt || !description)
      throw new Open311Error(400, problems)

    // A case outside the key's area is as unknown to this client as one that does not exist.
    const found = await this.deps.queries.updatableCase(code, districts)
    if (!found || !pathInScope(found.area_path, key.scope))
      throw notFound('service_request_id', `没有请求「${code}」`, `no request ${code}`)
    const recorded = await this.deps.queries.recordUpdate({
      apiKeyId: key.keyId,
      updateId,
      caseId: found.id,
      districtCode: found.district_code,
      status,
      updatedAt,
      description,
      mediaUrl: mediaUrl ?? null,
      actorName: `open311:${key.name}`,
      at: this.deps.clock.now(),
    })
    return [{ update_id: String(recorded.id) }]
  }

  /** start_date/end_date (W3C, with a timezone): at most 90 days, the last 90 days by default. */
  private window(query: Record<string, string | undefined>): { from: Date; to: Date } {
    const now = this.deps.clock.now()
    const date = (param: 'start_date' | 'end_date') => {
      const v = query[param]?.trim()
      if (!v) return null
      const d = new Date(v)
      if (!/(Z|[+-]\d{2}:?\d{2})$/.test(v) || Number.isNaN(d.getTime()))
        throw badRequest(param, '应为带时区的 ISO 8601 时间', 'must be a W3C datetime with a timezone')
      return d
    }
    const end = date('end_date')
    const start = date('start_date')
    const to = end ?? (start ? new Date(Math.min(start.getTime() + 90 * dayMs, now.getTime())) : now)
    const from = start ?? new Date(to.getTime() - 90 * dayMs)
    if (from > to) throw badRequest('start_date', '不能晚于 end_date', 'must not be after end_date')
    if (to.getTime() - from.getTime() > 90 * dayMs)
      throw badRequest('start_date', '时间跨度不能超过 90 天', 'the span may not exceed 90 days')
    return { from, to }
  }

  async requests(query: Record<string, string | undefined>) {
    const districts = await this.jurisdiction(query)
    const ids = query.service_request_id?.trim()
    if (ids) {
      const codes = ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 1000)
      return (await this.deps.queries.requests(districts, { codes })).map(present)
    }
    const { from, to } = this.window(query)
    const statuses = (query.status ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    if (statuses.some((s) => s !== 'open' && s !== 'closed'))
      throw badRequest('status', '应为 open 或 closed', 'must be open, closed or both')
    const serviceCodes = (query.service_code ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const rows = await this.deps.queries.requests(districts, {
      serviceCodes: serviceCodes.length > 0 ? serviceCodes : null,
      from,
      to: new Date(to.getTime() + 1),
      status: statuses.length === 1 ? (statuses[0] as 'open' | 'closed') : null,
      limit: 1000,
    })
    return rows.map(present)
  }

  async request(id: string) {
    const rows = await this.deps.queries.requests(await this.deps.queries.districts(), { codes: [id] })
    if (rows.length === 0) throw notFound('service_request_id', `没有请求「${id}」`, `no request ${id}`)
    return rows.map(present)
  }

  /**
   * mySociety's `servicerequestupdates`: each status change of a public case,
   * in words a resident reads (no staff names, no free-text notes, which may
   * name people), with the extended status it amounts to.
   */
  async updates(query: Record<string, string | undefined>) {
    const districts = await this.jurisdiction(query)
    const { from, to } = this.window(query)
    const rows = await this.deps.queries.updates(districts, from, new Date(to.getTime() + 1), 1000)
    return rows.map((r) => {
      const status = r.to_status as CaseStatus
      return {
        update_id: String(r.id),
        service_request_id: r.code,
        status: r.action === 'reopen' ? 'reopen' : extendedStatus[status],
        updated_datetime: r.at.toISOString(),
        description: updateText(r.action, status, r.unit),
        media_url: null,
        external_status_code: status,
      }
    })
  }

  /** Every service is realtime: no tokens are issued, so none is found. */
  token(token: string): never {
    throw notFound('token', `没有令牌「${token}」`, `no token ${token}`)
  }
}

/** OneGrid's states as mySociety's extended statuses (lower case, as GET answers give them). */
const extendedStatus: Record<CaseStatus, string> = {
  reported: 'open',
  accepted: 'investigating',
  registered: 'planned',
  dispatched: 'action_scheduled',
  handling: 'in_progress',
  returned: 'internal_referral',
  handled: 'in_progress',
  verified: 'fixed',
  closed: 'fixed',
  archived: 'fixed',
  rejected: 'not_councils_responsibility',
  merged: 'duplicate',
}

function updateText(action: string, status: CaseStatus, unit: string | null): string {
  const step = caseActionNames[action as keyof typeof caseActionNames]?.zh ?? ''
  const where = status === 'dispatched' && unit ? `，承办单位：${unit}` : ''
  return `${step ? `${step}：` : ''}${caseStatusNames[status].zh}${where}`
}

function present(r: PublicRequestRow) {
  const isClosed = closed.includes(r.status)
  const status = r.status as keyof typeof caseStatusNames
  return {
    service_request_id: r.code,
    status: isClosed ? 'closed' : 'open',
    status_notes: caseStatusNames[status]?.zh ?? null,
    service_name: r.service_name,
    service_code: r.item_code,
    description: r.description,
    agency_responsible: r.agency,
    service_notice: null,
    requested_datetime: iso(r.reported_at),
    updated_datetime: iso(isClosed && r.closed_at ? r.closed_at : r.updated_at),
    expected_datetime: iso(r.due_at),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat === null ? null : Number(r.lat),
    long: r.lng === null ? null : Number(r.lng),
    media_url: r.media_url,
  }
}

/** The closed loop's refusals in the specification's form. */
function asOpen311(err: unknown): unknown {
  if (err instanceof ValidationError)
    return new Open311Error(
      400,
      Object.entries(err.fields ?? {}).map(([k, v]) => ({
        param: k.startsWith('fields.') ? `attribute[${k.slice(7)}]` : k === 'location' ? 'lat/long' : k,
        zh: v.zh,
        en: v.en,
      })),
    )
  if (err instanceof NotAdmitted) return new Open311Error(400, [{ param: 'service_code', ...err.text }])
  if (err instanceof AppError && err.status === 404)
    return new Open311Error(404, [{ param: 'service_code', ...err.text }])
  return err
}
