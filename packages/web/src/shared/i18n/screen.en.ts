import type { ScreenMessages } from './screen.zh-CN.ts'
import { screenStatsEn } from './stats.en.ts'

const screenEn: ScreenMessages = {
  screen: {
    title: 'Grid Governance Command Screen',
    streets: 'Streets and towns',
    communities: 'Communities and villages',
    unit: '',
    map: 'District grid map',
    chart: 'Communities per street or town',
    system: 'System status',
    events: 'Live events',
    ...screenStatsEn,
  },
}

export default screenEn
