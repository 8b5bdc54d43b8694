// The big screen's messages (大屏).
import { screenStatsZhCN } from './stats.zh-CN.ts'

const screenZhCN = {
  screen: {
    title: '网格化社会治理指挥大屏',
    streets: '街镇',
    communities: '村（社区）',
    unit: '个',
    map: '辖区网格地图',
    chart: '各街镇村（社区）数量',
    system: '系统状态',
    events: '实时事件',
    ...screenStatsZhCN,
  },
}

export default screenZhCN
export type ScreenMessages = typeof screenZhCN
