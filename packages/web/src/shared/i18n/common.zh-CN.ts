// Messages every app shows: common words, the server's status and live events.
const commonZhCN = {
  common: {
    brand: 'OneGrid',
    tagline: '网格化社会治理',
    language: '语言',
    loading: '加载中…',
    retry: '重试',
    refresh: '刷新',
    yes: '是',
    no: '否',
    cancel: '取消',
    confirm: '确定',
    save: '保存',
    close: '关闭',
    search: '查询',
    reset: '重置',
    actions: '操作',
    none: '无',
    empty: '暂无数据',
    notice: '提示',
    level: {
      province: '省',
      city: '市',
      district: '区县',
      street: '街镇',
      community: '村（社区）',
      grid: '网格',
    },
    live: {
      connecting: '实时通道连接中',
      connected: '实时通道已连接',
      reconnecting: '实时通道重连中',
    },
    errors: {
      network: '无法连接服务器，请检查网络后重试',
      unexpected: '服务器返回了无法识别的响应（HTTP {status}）',
    },
  },
  system: {
    title: '系统状态',
    service: '服务状态',
    serviceOk: '运行正常',
    serviceDown: '无法访问',
    database: '数据库',
    databaseKind: {
      pglite: 'PGlite 嵌入式',
      postgres: 'PostgreSQL',
    },
    databaseVersion: '数据库版本',
    postgis: 'PostGIS',
    postgisMissing: '未启用',
    appVersion: '应用版本',
    node: 'Node.js',
    startedAt: '启动时间',
    demo: '演示模式',
    demoOn: '开启',
    demoOff: '关闭',
  },
  events: {
    title: '实时事件',
    empty: '等待事件…服务器约每 15 秒发送一次心跳',
    topic: {
      heartbeat: '系统心跳',
    },
    heartbeatFrom: '来自实例 {instance}',
  },
}

export default commonZhCN
export type CommonMessages = typeof commonZhCN
