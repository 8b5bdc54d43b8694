// The grid worker's app (网格通): its shell and its pages (领导通 for leaders among them).
import { fieldCampaignsZhCN } from './field-campaigns.zh-CN.ts'
import { fieldLeaderZhCN } from './field-leader.zh-CN.ts'
import fieldReportZhCN from './field-report.zh-CN.ts'
import fieldShellZhCN from './field-shell.zh-CN.ts'
import { fieldWhistlesZhCN } from './field-whistles.zh-CN.ts'
import { fieldPatrolZhCN } from './patrols.zh-CN.ts'
import { fieldVisitsZhCN } from './visits.zh-CN.ts'

const fieldZhCN = {
  field: {
    ...fieldShellZhCN,
    ...fieldReportZhCN,
    ...fieldVisitsZhCN,
    ...fieldPatrolZhCN,
    ...fieldLeaderZhCN,
    ...fieldCampaignsZhCN,
    ...fieldWhistlesZhCN,
    tabs: {
      home: '首页',
      areas: '片区',
      settings: '我的',
    },
    status: {
      title: '连接状态',
      network: '网络',
      online: '在线',
      offline: '离线',
      server: '服务器',
      checkedAt: '检查于 {time}',
    },
    areas: {
      title: '我的片区',
      communities: '{n} 个村（社区）',
      empty: '暂无片区数据',
    },
    settings: {
      title: '设置',
      language: '界面语言',
      about: '关于',
    },
  },
}

export default fieldZhCN
export type FieldMessages = typeof fieldZhCN
