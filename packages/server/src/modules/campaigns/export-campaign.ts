import { PassThrough, Readable } from 'node:stream'
import type { TCampaignAreaProgress, TCampaignItem, TCampaignTargets } from '@onegrid/core/api/campaigns'
import { type AnswerValue, answerText } from '@onegrid/core/campaigns/form'
import { campaignPriorityLabels, campaignTargetKindLabels } from '@onegrid/core/campaigns/templates'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import ExcelJS from 'exceljs'
import type { FastifyBaseLogger } from 'fastify'
import PDFDocument from 'pdfkit'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import {
  type Column,
  colors,
  fonts,
  heading,
  margin,
  paragraph,
  type Row,
  table,
} from '../stats/bulletin/bulletin-pdf.ts'
import type { CampaignPorts } from './campaign-ports.ts'
import type { CampaignProgress } from './campaign-progress.ts'
import type { CampaignQueries, CampaignRow } from './campaign-queries.ts'
import type { CampaignService } from './campaigns.ts'

const types = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const
const pageSize = 2000
const statusText = { pending: '未开始', in_progress: '进行中', done: '已完成' } as const
const beijing = (d: string | null) =>
  d ? new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : ''
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`)

/**
 * exportCampaignResults: the results within the caller's jurisdiction. XLSX: one row
 * per item with every question of the form as a column (`answerText`), written page
 * by page into a streamed workbook. PDF: the summary report for the issuing office —
 * totals, figures per street and community, laggards and the hazards with their cases
 * — set in the bulletins' CJK font. Audited as `campaign.export`.
 */
export class ExportCampaign {
  constructor(
    private readonly ports: CampaignPorts,
    private readonly queries: CampaignQueries,
    private readonly campaigns: CampaignService,
    private readonly progress: CampaignProgress,
    private readonly log: FastifyBaseLogger,
  ) {}

  async export(p: UserPrincipal, actor: Actor, id: number, format: 'xlsx' | 'pdf') {
    const c = await this.campaigns.visible(p, id)
    const day = shanghaiDate(this.ports.clock.now())
    const filename = `${c.title}-${format === 'pdf' ? '汇总报告' : '结果'}-${day}.${format}`
    const audit = (rows: number) =>
      recordAudit(
        this.ports.db,
        actor,
        {
          action: 'campaign.export',
          entityType: 'campaign',
          entityId: c.id,
          areaPath: c.areaPath,
          details: { format, rows },
        },
        this.ports.clock.now(),
      )
    if (format === 'pdf') {
      const body = await this.pdf(p, c)
      await audit(0)
      return { filename, contentType: types.pdf, body: Readable.from([body]) }
    }
    const out = new PassThrough()
    this.xlsx(p, c, out, audit).catch((err: unknown) => {
      this.log.error({ err }, 'campaign export failed')
      out.destroy(err instanceof Error ? err : new Error(String(err)))
    })
    return { filename, contentType: types.xlsx, body: out as Readable }
  }

  private async xlsx(
    p: UserPrincipal,
    c: CampaignRow,
    out: PassThrough,
    audit: (rows: number) => Promise<void>,
  ): Promise<void> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    })
    const sheet = workbook.addWorksheet('结果', { views: [{ state: 'frozen', ySplit: 1 }] })
    const questions = c.form.questions
    const fixed = [
      { header: '编号', key: 'id', width: 10 },
      { header: '对象类型', key: 'kind', width: 12 },
      { header: '对象', key: 'label', width: 32 },
      { header: '地址', key: 'address', width: 32 },
      { header: '街道', key: 'street', width: 14 },
      { header: '社区', key: 'community', width: 14 },
      { header: '网格', key: 'grid', width: 16 },
      { header: '网格员', key: 'assignee', width: 10 },
      { header: '状态', key: 'status', width: 8 },
      { header: '完成时间', key: 'doneAt', width: 17 },
      { header: '逾期', key: 'overdue', width: 6 },
      { header: '隐患', key: 'hazards', width: 20 },
      { header: '案件编号', key: 'caseCode', width: 20 },
      { header: '案件状态', key: 'caseStatus', width: 10 },
    ]
    sheet.columns = [
      ...fixed,
      ...questions.map((q) => ({
        header: q.label,
        key: `q_${q.key}`,
        width: Math.min(40, Math.max(10, q.label.length * 2)),
      })),
    ]
    const names = new Map<string, string>()
    let written = 0
    for (let after = 0; ; ) {
      const rows = await this.queries.itemsAfter(c.id, p.scope, after, pageSize)
      if (rows.length === 0) break
      after = rows[rows.length - 1]?.id ?? after
      const codes = [...new Set(rows.flatMap((r) => r.areaPath.split('.')))].filter((x) => !names.has(x))
      for (const [code, a] of await this.ports.areaNames(codes)) names.set(code, a.name)
      const items = await this.campaigns.presentItems(rows, [c])
      for (const [i, it] of items.entries()) {
        const path = rows[i]?.areaPath.split('.') ?? []
        const nameAt = (depth: number) => {
          const code = path[depth]
          return code ? (names.get(code) ?? code) : ''
        }
        sheet
          .addRow({
            ...this.fixedCells(it),
            street: nameAt(1),
            community: nameAt(2),
            grid: it.gridName,
            ...Object.fromEntries(
              questions.map((q) => [
                `q_${q.key}`,
                answerText(q, it.answers[q.key] as AnswerValue | undefined),
              ]),
            ),
          })
          .commit()
        written++
      }
      if (rows.length < pageSize) break
    }
    await audit(written)
    await workbook.commit()
  }

  private fixedCells(it: TCampaignItem) {
    return {
      id: it.id,
      kind: campaignTargetKindLabels[it.target.kind].zh,
      label: it.target.label,
      address: it.target.address ?? '',
      assignee: it.assignee?.name ?? '',
      status: statusText[it.status],
      doneAt: beijing(it.doneAt),
      overdue: it.overdue ? '是' : '',
      hazards: it.hazards.join('、'),
      caseCode: it.case?.code ?? '',
      caseStatus: it.case?.status ?? '',
    }
  }

  private async pdf(p: UserPrincipal, c: CampaignRow): Promise<Buffer> {
    const streets = await this.progress.progress(p, c.id, { level: 'street', laggards: 10 })
    const communities = await this.progress.progress(p, c.id, { level: 'community', laggards: 10 })
    const { rows: hazards, total: hazardTotal } = await this.queries.items({
      campaignId: c.id,
      scope: p.scope,
      hazard: true,
      limit: 200,
      offset: 0,
    })
    const hazardItems = await this.campaigns.presentItems(hazards, [c])
    const { regular, bold } = fonts()
    const doc = new PDFDocument({
      size: 'A4',
      margins: margin,
      bufferPages: true,
      lang: 'zh-CN',
      info: { Title: `${c.title}汇总报告`, Author: c.issuingUnit, Creator: 'OneGrid', Producer: 'OneGrid' },
    })
    const parts: Uint8Array[] = []
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (b: Uint8Array) => parts.push(b))
      doc.on('end', () => resolve(Buffer.concat(parts)))
      doc.on('error', reject)
    })
    doc.registerFont('regular', regular)
    doc.registerFont('bold', bold)
    const width = doc.page.width - margin.left - margin.right
    doc
      .font('bold')
      .fontSize(20)
      .fillColor(colors.red)
      .text(c.issuingUnit, margin.left, margin.top, { width, align: 'center' })
    doc.y += 8
    doc
      .font('bold')
      .fontSize(16)
      .fillColor(colors.text)
      .text(`${c.title}汇总报告`, { width, align: 'center' })
    doc.y += 6
    const t = c.targets as TCampaignTargets
    paragraph(
      doc,
      `任务对象：${campaignTargetKindLabels[t.kind].zh}　优先级：${campaignPriorityLabels[c.priority as 'normal'].zh}　` +
        `期限：${c.startDate} 至 ${c.deadlineDate}　状态：${c.status === 'closed' ? '已结束（数据已冻结）' : '进行中'}　` +
        `统计时点：${beijing(streets.asOf)}`,
      { size: 9, color: colors.muted },
    )
    if (c.purpose) paragraph(doc, c.purpose, { size: 10 })
    const f = streets.totals
    heading(doc, '一、总体情况')
    paragraph(
      doc,
      `共 ${f.total} 个任务对象，已完成 ${f.done} 个（完成率 ${pct(f.rate)}），进行中 ${f.inProgress} 个，未开始 ${f.pending} 个；` +
        `逾期 ${f.overdue} 个（其中逾期完成 ${f.late} 个）。发现隐患 ${f.hazards} 处，转为案件 ${f.hazardCases} 件，已办结 ${f.hazardCasesClosed} 件。` +
        `按时间进度应完成 ${streets.expectedRate.toFixed(2)}%。`,
    )
    const columns: Column[] = [
      { header: '区域', width: 120 },
      { header: '总数', width: 50, align: 'right' },
      { header: '已完成', width: 50, align: 'right' },
      { header: '完成率', width: 55, align: 'right' },
      { header: '进行中', width: 50, align: 'right' },
      { header: '逾期', width: 45, align: 'right' },
      { header: '隐患', width: 45, align: 'right' },
      { header: '转案件', width: 45, align: 'right' },
      { header: '已办结', width: 45, align: 'right' },
    ]
    const rowOf = (r: TCampaignAreaProgress, expected: number): Row => ({
      cells: [
        r.name,
        String(r.total),
        String(r.done),
        { text: pct(r.rate), color: r.total > 0 && (r.rate ?? 0) < expected ? colors.red : colors.text },
        String(r.inProgress),
        String(r.overdue),
        String(r.hazards),
        String(r.hazardCases),
        String(r.hazardCasesClosed),
      ],
    })
    heading(doc, '二、各街道完成情况')
    table(
      doc,
      columns,
      streets.rows.filter((r) => r.total > 0).map((r) => rowOf(r, streets.expectedRate)),
    )
    heading(doc, '三、各社区完成情况')
    table(
      doc,
      columns,
      communities.rows.filter((r) => r.total > 0).map((r) => rowOf(r, communities.expectedRate)),
    )
    if (communities.laggards.length > 0) {
      heading(doc, '四、进度滞后的社区')
      paragraph(doc, communities.laggards.map((r) => `${r.name}（${pct(r.rate)}）`).join('、'))
    }
    heading(
      doc,
      `五、发现的隐患（${hazardTotal} 处${hazardTotal > hazardItems.length ? `，列出前 ${hazardItems.length} 处` : ''}）`,
    )
    table(
      doc,
      [
        { header: '对象', width: 150 },
        { header: '网格', width: 90 },
        { header: '隐患', width: 130 },
        { header: '案件', width: 95 },
        { header: '案件状态', width: 50 },
      ],
      hazardItems.map((it) => {
        const q = new Map(c.form.questions.map((x) => [x.key, x]))
        const what = it.hazards
          .map((k) => {
            const question = q.get(k)
            return question ? answerText(question, it.answers[k] as AnswerValue | undefined) : k
          })
          .join('；')
        return {
          cells: [it.target.label, it.gridName, what, it.case?.code ?? '未转案件', it.case?.status ?? ''],
        }
      }),
    )
    doc.end()
    return done
  }
}
