import ExcelJS from 'exceljs'

/**
 * Builds a district's own catalog workbook the way an office would type it
 * (written cell by cell here, not by the exporter under test).
 */
export type OwnCatalog = { majors: number; items: number }

const stages = ['受理', '派遣', '签收', '首次反馈', '处置', '核查', '总时限']

export function ownCatalogRows({ majors, items }: OwnCatalog) {
  const majorRows = Array.from({ length: majors }, (_, m) => {
    const code = `L${String(m + 1).padStart(2, '0')}`
    return [code, `本地大类${m + 1}`, m % 2 ? '城市管理' : '综治', '地方', `第 ${m + 1} 类事项`]
  })
  const itemRows: (string | null)[][] = []
  const limitRows: string[][] = []
  for (let i = 0; i < items; i++) {
    const major = majorRows[i % majors]?.[0] ?? 'L01'
    const code = `${major}${String(Math.floor(i / majors) + 1).padStart(3, '0')}`
    const admitted = i % 20 !== 7
    itemRows.push([
      code,
      major,
      `本地事项${i + 1}`,
      '',
      '',
      admitted ? '是' : '否',
      admitted ? '溧阳市网格化服务管理领导小组' : null,
      admitted ? '2026-04-01' : null,
      admitted ? '溧网格〔2026〕2号' : null,
      admitted ? null : '不属于网格事项，请拨打 12345',
      i % 3 === 0 ? '是' : '否',
      '是',
      i % 2 ? '城市管理' : '综治工作平台',
      i % 2 ? '区' : '社区',
      '现场整改完毕并拍照',
    ])
    limitRows.push(
      [
        code,
        '一般',
        '2工作小时',
        '1工作日',
        '4工作小时',
        '3工作日',
        i % 2 ? '15工作日' : '7工作日',
        '1工作日',
        '20工作日',
      ],
      [code, '紧急', '0.5小时', '1小时', '1小时', '2小时', '24小时', '4小时', '48小时'],
      [code, '特急', '0.25小时', '0.5小时', '0.5小时', '1小时', '4小时', '2小时', '8小时'],
    )
  }
  return { majorRows, itemRows, limitRows }
}

export async function ownCatalogWorkbook(
  size: OwnCatalog,
  tamper: (rows: ReturnType<typeof ownCatalogRows>) => void = () => {},
): Promise<Uint8Array> {
  const rows = ownCatalogRows(size)
  tamper(rows)
  const workbook = new ExcelJS.Workbook()
  const add = (name: string, header: string[], data: (string | null)[][]) => {
    const sheet = workbook.addWorksheet(name)
    sheet.addRow(header)
    for (const r of data) sheet.addRow(r)
  }
  add('大类', ['大类代码', '大类名称', '领域', '来源标准', '说明'], rows.majorRows)
  add(
    '小类',
    [
      '小类代码',
      '大类代码',
      '小类名称',
      '来源标准',
      '说明',
      '是否准入',
      '批准单位',
      '批准日期',
      '批准文号',
      '回绝理由',
      '可自处置',
      '须拍照',
      '处置主体',
      '处置层级',
      '结案条件',
    ],
    rows.itemRows,
  )
  add('时限', ['小类代码', '紧急程度', ...stages], rows.limitRows)
  add(
    '字段',
    ['小类代码', '字段键', '字段名称', '类型', '必填', '表单', '选项'],
    [
      ['L01001', 'parties', '当事人', '人员', '是', '上报', ''],
      ['L01001', 'method', '化解方式', '单选', '是', '处置', 'people=人民调解; admin=行政调解'],
    ],
  )
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
