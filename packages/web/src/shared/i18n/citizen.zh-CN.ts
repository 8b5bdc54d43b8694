// The citizen page's messages (群众).
const citizenZhCN = {
  citizen: {
    title: '市民服务',
    hero: {
      title: '我要反映',
      lead: '身边有需要处理的问题？所在社区的网格员会就近受理。',
      building: '在线反映功能正在建设中，目前可通过以下电话反映：',
      hotline: '政务服务便民热线',
      emergency: '紧急求助（报警）',
    },
    status: {
      title: '服务状态',
      area: '服务区域',
      coverage: '{streets} 个街镇 · {communities} 个村（社区）',
    },
    map: {
      title: '辖区地图',
    },
    footer: '由 OneGrid {version} 提供支持',
  },
}

export default citizenZhCN
export type CitizenMessages = typeof citizenZhCN
