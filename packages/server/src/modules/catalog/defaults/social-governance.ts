import { areas, type DefaultItem, type DefaultMajor, type ItemSpec, item, major, routing } from './build.ts'
import {
  beneficiaryFields,
  disputeFields,
  epidemicFields,
  fireFields,
  hazardFields,
  householdsAffectedField,
  operatorField,
  rentalHouseField,
  specialGroupFields,
} from './fields.ts'
import { complexLimits, hazardLimits, simpleLimits } from './limits.ts'

/**
 * The social-governance list (standard 'local'): what grid workers report beyond city
 * management, after the seeds (Songzi's 综治维稳, Hangzhou's four platforms, Danyang's
 * 安全生产、环境治理、食药品安全) and GB/T 31000's parts. Codes are local: major ZZnn,
 * item = major + 3 digits; 9xx items are the refused ones (refused.ts).
 */
const standard = 'local'

/** A major's items: the major's defaults, then each item's own settings. */
function itemsOf(majorCode: string, defaults: Omit<ItemSpec, 'code' | 'name'>, specs: Partial<ItemSpec>[]) {
  return specs.map((spec, i) =>
    item(majorCode, standard, {
      ...defaults,
      ...spec,
      code: spec.code ?? `${majorCode}${String(i + 1).padStart(3, '0')}`,
      name: spec.name ?? '',
    }),
  )
}

export const socialGovernanceMajors: DefaultMajor[] = [
  major(
    'ZZ01',
    '矛盾纠纷',
    'dispute',
    standard,
    '矛盾纠纷排查化解（GB/T 31000 矛盾纠纷部分）：小事不出村、大事不出镇、矛盾不上交。',
  ),
  major(
    'ZZ02',
    '治安隐患',
    'public_security',
    standard,
    '社会治安、出租房屋与流动人口、护路护线、校园周边等治安隐患与线索。',
  ),
  major(
    'ZZ03',
    '安全生产',
    'work_safety',
    standard,
    '企业与场所安全生产隐患、危险化学品、有限空间、建筑施工、自然灾害隐患。',
  ),
  major(
    'ZZ04',
    '消防安全',
    'fire',
    standard,
    '居民区、出租房、九小场所的火灾隐患：通道堵塞、电动自行车充电、私拉电线、消防设施损坏等。',
  ),
  major(
    'ZZ05',
    '生态环境',
    'environment',
    standard,
    '偷排漏排、废气噪声、秸秆焚烧、危险废物、河湖四乱、违法占地等生态环境问题。',
  ),
  major(
    'ZZ06',
    '食品药品安全',
    'market',
    standard,
    '无证食品经营、过期变质食品、小作坊小餐饮、农村聚餐、药品与非法行医等。',
  ),
  major(
    'ZZ07',
    '市场监管',
    'market',
    standard,
    '无照经营、假冒伪劣、价格与计量违法、传销、非法加油充气等市场秩序问题。',
  ),
  major(
    'ZZ08',
    '特殊人群',
    'special_groups',
    standard,
    '社区矫正、刑满释放、严重精神障碍、吸毒、重点青少年、困境儿童等特殊人群的异常情况（分色预警）。',
  ),
  major(
    'ZZ09',
    '民生服务',
    'livelihood',
    standard,
    '低保、临时救助、残疾人、独居老人、就业、停水停电停气等民生诉求。',
  ),
  major('ZZ10', '疫情防控', 'epidemic', standard, '传染病可疑病例、聚集性疫情线索、病媒生物、动物疫情等。'),
]

// ─── ZZ01 矛盾纠纷 ──────────────────────────────────────────────────────────────

const disputeClosure =
  '化解成功并经当事人确认；或已依法引导至调解、仲裁、诉讼等渠道并告知当事人，化解情况已记录。'

const disputes = itemsOf(
  'ZZ01',
  {
    fields: disputeFields,
    routing: routing('zongzhi', 'community'),
    limits: complexLimits,
    closureConditions: disputeClosure,
  },
  [
    {
      name: '邻里纠纷',
      description: '邻里之间因噪声、漏水、宠物、公共空间占用、言语冲突等引发的纠纷。',
      selfHandle: true,
      limits: simpleLimits,
    },
    {
      name: '婚姻家庭纠纷',
      description: '夫妻、婆媳等家庭成员之间的矛盾，离婚财产、子女抚养等纠纷；有家暴迹象的同时报告公安。',
      selfHandle: true,
      limits: simpleLimits,
    },
    {
      name: '物业服务纠纷',
      description: '业主与物业服务企业之间因服务质量、收费、公共收益、维修等引发的纠纷。',
    },
    {
      name: '劳资纠纷（拖欠工资）',
      description: '拖欠农民工工资、劳动报酬、经济补偿等劳资纠纷；涉及人数较多的按群体性苗头上报。',
      routing: routing('renshe', 'district', [
        { areaCode: areas.township, target: { body: 'zongzhi', level: 'street' } },
      ]),
    },
    {
      name: '土地山林权属纠纷',
      description: '个人之间、个人与集体之间的土地、山林、水面权属和承包经营纠纷。',
      routing: routing('zongzhi', 'street'),
    },
    {
      name: '征地拆迁纠纷',
      description: '征地补偿、房屋征收安置、拆迁过程中引发的纠纷。',
      routing: routing('zongzhi', 'street'),
    },
    {
      name: '消费纠纷',
      description: '居民与商家之间因商品质量、服务、预付卡退费等引发的消费纠纷，先行调解。',
      routing: routing('shichang_pt', 'street'),
      limits: simpleLimits,
    },
    {
      name: '房屋租赁纠纷',
      description: '出租人与承租人之间因租金、押金、房屋维修、提前解约等引发的纠纷。',
      limits: simpleLimits,
    },
    {
      name: '相邻关系纠纷',
      description: '因通行、采光、排水、滴水、搭建等相邻权引发的纠纷。',
      selfHandle: true,
      limits: simpleLimits,
    },
    {
      name: '赡养抚养纠纷',
      description: '子女不履行赡养义务、父母不履行抚养义务等家庭纠纷。',
      limits: simpleLimits,
    },
    {
      name: '损害赔偿纠纷',
      description: '人身伤害、财产损失（不含交通事故、医疗事故）引起的赔偿纠纷。',
    },
    {
      name: '民间借贷纠纷（调解）',
      description: '当事人双方自愿申请人民调解的民间借贷纠纷；代为催讨债务不予受理（ZZ01903）。',
    },
    {
      name: '医疗纠纷',
      description: '患者与医疗机构之间的医疗纠纷，引导至医疗纠纷人民调解委员会。',
      routing: routing('zongzhi', 'street'),
    },
    {
      name: '交通事故赔偿纠纷',
      description: '交通事故已由交警处理完毕后，当事人之间的赔偿纠纷调解。',
      routing: routing('zongzhi', 'street'),
    },
    {
      name: '村（居）务管理纠纷',
      description: '村（居）民对集体资产、财务公开、选举、福利分配等村（居）务管理的纠纷。',
      routing: routing('zongzhi', 'street'),
    },
    {
      name: '环境污染纠纷',
      description: '企业或个人污染（噪声、粉尘、异味、排水）导致周边居民受损引发的纠纷。',
      routing: routing('zongzhi', 'street'),
    },
    {
      name: '宅基地纠纷',
      description: '宅基地使用权、界址、继承等引发的纠纷。',
      routing: routing('zongzhi', 'street'),
    },
    {
      name: '工程建设纠纷',
      description: '建设工程施工、装修、工程款结算等引发的纠纷（拖欠农民工工资另报劳资纠纷）。',
      routing: routing('zongzhi', 'street'),
    },
    {
      name: '群体性事件苗头',
      description: '可能引发集体上访、聚集、堵路等群体性事件的矛盾苗头和不稳定因素，按紧急件处理。',
      routing: routing('zongzhi', 'street'),
      limits: hazardLimits,
    },
  ],
)

// ─── ZZ02 治安隐患 ──────────────────────────────────────────────────────────────

const securityClosure = '隐患已消除或已移交公安机关处理，网格员现场核查确认并记录处理结果。'

const publicSecurity = itemsOf(
  'ZZ02',
  { routing: routing('zongzhi', 'community'), limits: simpleLimits, closureConditions: securityClosure },
  [
    {
      name: '出租房屋治安隐患',
      description: '出租房屋未登记、承租人员信息不清、人员频繁变动或聚集居住等治安隐患。',
      fields: [rentalHouseField],
    },
    {
      name: '流动人口未登记',
      description: '新迁入或来访暂住的流动人口未按规定登记；网格员可当场采集登记。',
      selfHandle: true,
      fields: [rentalHouseField],
    },
    {
      name: '可疑人员、可疑物品',
      description: '形迹可疑人员、无人认领的可疑包裹和物品；正在发生的违法犯罪请直接拨打 110。',
      routing: routing('gongan', 'street'),
      limits: hazardLimits,
      photoRequired: true,
    },
    {
      name: '黄赌毒违法线索',
      description: '涉嫌卖淫嫖娼、聚众赌博、吸贩毒的场所和人员线索，注意保密。',
      routing: routing('gongan', 'street'),
      limits: hazardLimits,
    },
    {
      name: '邪教和非法宗教活动线索',
      description: '邪教宣传品、非法聚会、私设宗教活动场所等线索。',
      routing: routing('zongzhi', 'street'),
      limits: hazardLimits,
    },
    {
      name: '治安监控设施损坏',
      description: '小区、村口、重点部位的治安监控探头、门禁、报警设施损坏或离线。',
      photoRequired: true,
    },
    {
      name: '重点部位防范薄弱',
      description: '小区单元门损坏、围墙缺口、无人值守的重点部位等治安防范薄弱环节。',
      selfHandle: true,
      photoRequired: true,
    },
    {
      name: '寄递物流安全隐患',
      description: '快递网点、物流站点未落实收寄验视、实名收寄、过机安检等制度。',
      routing: routing('gongan', 'street'),
      photoRequired: true,
    },
    {
      name: '校园及周边治安隐患',
      description: '学校周边闲散人员滋扰、上下学时段交通秩序混乱、护校力量缺失等隐患。',
      routing: routing('zongzhi', 'street'),
      limits: hazardLimits,
    },
    {
      name: '电信网络诈骗风险线索',
      description: '居民疑似正在被诈骗（大额转账、刷单返利、冒充公检法），需及时劝阻；已受骗的请报警。',
      routing: routing('gongan', 'street'),
      limits: hazardLimits,
    },
    {
      name: '护路护线隐患',
      description: '危害铁路、油气管道、电力通信线路安全的行为：线路下违章建设、盗窃设施、铁路沿线放牧等。',
      routing: routing('zongzhi', 'street'),
      limits: hazardLimits,
      photoRequired: true,
    },
    {
      name: '管制器具和易制爆物品违规',
      description: '违规销售、携带管制刀具，易制爆危险化学品违规存放和销售。',
      routing: routing('gongan', 'street'),
      limits: hazardLimits,
      photoRequired: true,
    },
    {
      name: '娱乐场所治安乱象',
      description: 'KTV、酒吧、棋牌室等场所超时经营、聚众滋事、接纳未成年人等治安问题。',
      routing: routing('gongan', 'street'),
    },
  ],
)

// ─── ZZ03 安全生产 ──────────────────────────────────────────────────────────────

const safetyClosure = '隐患已整改并经现场复查确认，提供整改前后对比照片；重大隐患须附主管部门整改验收意见。'

const workSafety = itemsOf(
  'ZZ03',
  {
    photoRequired: true,
    fields: hazardFields(true),
    routing: routing('zhifa', 'street'),
    limits: hazardLimits,
    closureConditions: safetyClosure,
  },
  [
    {
      name: '企业安全生产一般隐患',
      description: '工贸企业安全出口、警示标志、设备防护、劳动防护用品等方面的一般事故隐患。',
      routing: routing('zhifa', 'street', [
        { areaCode: areas.townWithChemicalPark, target: { body: 'yingji', level: 'district' } },
      ]),
      limits: simpleLimits,
    },
    {
      name: '企业重大事故隐患',
      description: '可能导致重大事故、需要停产停业整改的重大事故隐患。',
      routing: routing('yingji', 'district'),
    },
    {
      name: '有限空间作业隐患',
      description: '污水井、化粪池、地下室、储罐等有限空间未经审批、未通风检测、无人监护作业。',
      routing: routing('yingji', 'district'),
    },
    {
      name: '危险化学品违规储存使用',
      description: '危险化学品超量储存、混存、无证经营，或在居民区、人员密集场所违规存放使用。',
      routing: routing('yingji', 'district'),
    },
    {
      name: '建筑工地安全隐患',
      description: '建筑工地临边洞口无防护、脚手架不规范、塔吊违规作业、无证上岗等隐患。',
      routing: routing('zhujian', 'district'),
    },
    {
      name: '餐饮场所燃气使用隐患',
      description: '餐饮场所瓶装液化气违规使用、未装燃气泄漏报警装置、软管老化等隐患。',
      routing: routing('ranqi', 'district'),
    },
    {
      name: '特种设备安全隐患',
      description: '电梯、锅炉、压力容器、游乐设施超期未检、带病运行等隐患。',
      routing: routing('shichang', 'district'),
    },
    {
      name: '非法违法生产经营',
      description: '无证无照的小作坊、黑加工点，擅自生产、储存、经营危险物品。',
    },
    {
      name: '经营性自建房安全隐患',
      description: '用作经营的自建房擅自加层、改变结构、墙体开裂等结构安全隐患。',
      routing: routing('zhujian', 'district'),
      fields: hazardFields(false),
    },
    {
      name: '道路交通安全隐患',
      description: '事故多发路口、缺少警示标志、农村道路临水临崖无防护、违规载人等交通安全隐患。',
      routing: routing('gongan', 'district'),
      fields: hazardFields(false),
      limits: simpleLimits,
    },
    {
      name: '渡口和水上交通安全隐患',
      description: '渡口渡船无证营运、超载、救生设备缺失、自用船违规载客等隐患。',
      routing: routing('jiaotong', 'district'),
      fields: hazardFields(false),
    },
    {
      name: '地质灾害隐患点异常',
      description: '滑坡、崩塌、地面塌陷等隐患点出现裂缝、变形、渗水等前兆，需立即撤离的按特急上报。',
      routing: routing('ziran', 'district'),
      fields: hazardFields(false),
    },
    {
      name: '防汛隐患',
      description: '低洼易涝点积水、堤防渗漏、塘坝险情、排水设施堵塞等防汛隐患。',
      routing: routing('shuiwu', 'district'),
      fields: hazardFields(false),
    },
  ],
)

// ─── ZZ04 消防安全 ──────────────────────────────────────────────────────────────

const fireClosure = '隐患已整改（通道清空、线路拆除、设施修复），网格员现场核查并拍照确认。'

const fire = itemsOf(
  'ZZ04',
  {
    photoRequired: true,
    fields: fireFields,
    routing: routing('zhifa', 'street'),
    limits: hazardLimits,
    closureConditions: fireClosure,
  },
  [
    {
      name: '占用堵塞消防通道',
      description: '楼道、疏散通道、安全出口、小区消防车通道被杂物、车辆占用或堵塞，防盗窗封闭逃生口。',
      selfHandle: true,
    },
    {
      name: '电动自行车楼道停放、入户充电',
      description: '电动自行车在楼道、门厅、疏散通道停放或充电，电池带入户内充电。',
      selfHandle: true,
    },
    {
      name: '私拉乱接电线',
      description: '私拉电线、飞线充电、插线板串接、电线老化裸露等电气火灾隐患。',
      selfHandle: true,
    },
    {
      name: '消防设施器材损坏缺失',
      description: '建筑内灭火器过期缺失、室内消火栓无水、应急照明和疏散指示损坏、自动报警停用。',
      routing: routing('xiaofang', 'district'),
    },
    {
      name: '“三合一”场所',
      description: '生产、储存、经营与住宿在同一空间内的“三合一”场所。',
    },
    {
      name: '群租房、出租屋消防隐患',
      description: '出租屋分隔群租、使用可燃材料隔断、无逃生通道、电气线路私接等隐患。',
      fields: [...fireFields, rentalHouseField],
    },
    {
      name: '彩钢板房等易燃建筑',
      description: '使用易燃可燃夹芯彩钢板搭建的住人、仓储用房。',
      routing: routing('xiaofang', 'district'),
      limits: complexLimits,
    },
    {
      name: '高层建筑消防安全隐患',
      description: '高层建筑消防设施停用、消防控制室无人值守、外墙保温材料违规等隐患。',
      routing: routing('xiaofang', 'district'),
    },
    {
      name: '九小场所消防隐患',
      description: '小商店、小餐饮、小旅馆、小网吧、小作坊等“九小场所”消防设施缺失、违规住人等隐患。',
    },
    {
      name: '楼道堆放可燃杂物',
      description: '楼道、地下室、屋顶平台堆放纸箱、旧家具等可燃杂物。',
      selfHandle: true,
      limits: simpleLimits,
    },
    {
      name: '违规用火',
      description: '野外违规用火、祭祀烧纸、违规燃放烟花爆竹、无证动火作业等。',
      selfHandle: true,
    },
  ],
)

// ─── ZZ05 生态环境 ──────────────────────────────────────────────────────────────

const environmentClosure =
  '污染行为已制止、问题已整改，或已由主管部门立案查处并告知结果；提供现场照片，核查通过。'

const environment = itemsOf(
  'ZZ05',
  {
    photoRequired: true,
    fields: [operatorField],
    routing: routing('shengtai', 'district'),
    limits: simpleLimits,
    closureConditions: environmentClosure,
  },
  [
    {
      name: '企业偷排漏排废水',
      description: '企业通过暗管、雨水管偷排，或超标排放生产废水。',
      limits: hazardLimits,
    },
    { name: '工业废气、异味扰民', description: '企业废气无组织排放、异味刺鼻、黑烟等影响周边居民。' },
    {
      name: '露天焚烧秸秆',
      description: '露天焚烧农作物秸秆、杂草。网格员可当场劝阻扑灭并上报。',
      selfHandle: true,
      routing: routing('zhifa', 'street'),
      limits: hazardLimits,
      fields: [],
    },
    {
      name: '“散乱污”企业',
      description: '不符合产业政策、无环保手续、污染治理设施缺失的“散乱污”企业。',
      limits: complexLimits,
    },
    {
      name: '危险废物非法倾倒',
      description: '废机油、废酸液、化工废渣等危险废物非法倾倒、填埋、转移。',
      limits: hazardLimits,
    },
    {
      name: '畜禽养殖污染',
      description: '畜禽养殖场粪污直排、禁养区内违规养殖。',
      routing: routing('nongye', 'district'),
    },
    {
      name: '河湖“四乱”',
      description: '河湖管理范围内乱占、乱采、乱堆、乱建。',
      routing: routing('shuiwu', 'district'),
      limits: complexLimits,
    },
    {
      name: '非法采砂采矿',
      description: '无证或越界开采河砂、矿产资源。',
      routing: routing('ziran', 'district'),
      limits: hazardLimits,
      fields: [],
    },
    {
      name: '黑臭水体',
      description: '沟渠、池塘、河道水体发黑发臭。',
      routing: routing('shuiwu', 'district'),
      fields: [],
    },
    { name: '工业噪声扰民', description: '工厂、作坊设备噪声夜间扰民（社会生活噪声见城市管理 06028）。' },
    {
      name: '饮用水水源保护区违法行为',
      description: '在饮用水水源保护区内排污、养殖、游泳垂钓、新建项目等违法行为。',
      limits: hazardLimits,
    },
    {
      name: '违法占用耕地',
      description: '未经批准占用耕地建房、挖塘、堆土，“大棚房”等违法用地。',
      routing: routing('ziran', 'district'),
      limits: complexLimits,
      fields: [],
    },
  ],
)

// ─── ZZ06 食品药品安全 ──────────────────────────────────────────────────────────

const marketClosure = '违法经营已制止或已由市场监管部门立案查处，现场核查确认并记录处理结果。'

const foodAndDrugs = itemsOf(
  'ZZ06',
  {
    photoRequired: true,
    fields: [operatorField],
    routing: routing('shichang_pt', 'street'),
    limits: simpleLimits,
    closureConditions: marketClosure,
  },
  [
    { name: '无证无照食品经营', description: '未取得食品经营许可的食品店、餐饮店、食品摊贩。' },
    { name: '销售过期变质食品', description: '超过保质期、腐败变质、标签不全的食品仍在销售。' },
    { name: '小作坊小餐饮卫生问题', description: '食品小作坊、小餐饮环境脏乱、生熟不分、从业人员无健康证。' },
    {
      name: '农村集体聚餐未报备',
      description: '农村红白喜事等集体聚餐未向村（社区）报备、未落实食品安全指导。',
      selfHandle: true,
      photoRequired: false,
    },
    {
      name: '校园周边食品安全隐患',
      description: '学校周边销售“三无”食品、辣条等不合格食品，校外托管机构餐饮不规范。',
    },
    { name: '违规销售药品', description: '药店无处方销售处方药，销售假劣药品、过期药品，无证经营药品。' },
    {
      name: '非法行医',
      description: '无医疗机构执业许可证或无医师资格开展诊疗活动，“黑诊所”、游医。',
      routing: routing('weijian', 'district'),
    },
    {
      name: '保健食品虚假宣传',
      description: '以讲座、会销、免费体检等方式向老年人虚假宣传保健食品功效。',
    },
    {
      name: '疑似食物中毒',
      description: '多人在同一餐次后出现呕吐、腹泻等症状，疑似食物中毒，按紧急件上报。',
      routing: routing('weijian', 'district'),
      limits: hazardLimits,
      photoRequired: false,
      fields: [operatorField, ...epidemicFields],
    },
    {
      name: '私屠滥宰、病死畜禽流入市场',
      description: '未经定点屠宰、检疫的肉品上市，病死畜禽收购、加工。',
      routing: routing('nongye', 'district'),
      limits: hazardLimits,
    },
  ],
)

// ─── ZZ07 市场监管 ──────────────────────────────────────────────────────────────

const market = itemsOf(
  'ZZ07',
  {
    photoRequired: true,
    fields: [operatorField],
    routing: routing('shichang_pt', 'street'),
    limits: simpleLimits,
    closureConditions: marketClosure,
  },
  [
    { name: '无照经营', description: '门店、作坊等未取得营业执照从事经营（流动游商见城市管理 09001）。' },
    { name: '假冒伪劣商品', description: '销售假冒注册商标、以假充真、以次充好的商品。' },
    { name: '价格违法', description: '不明码标价、哄抬价格、价格欺诈。' },
    { name: '计量作弊', description: '电子秤、加油机等计量器具作弊，缺斤短两。' },
    {
      name: '传销、非法集资线索',
      description: '以高额回报、拉人头为特征的传销和非法集资活动线索。',
      routing: routing('shichang', 'district'),
      limits: complexLimits,
      photoRequired: false,
    },
    {
      name: '非法加油、充装燃气',
      description: '流动加油车、黑加油点，非法充装、倒灌液化石油气。',
      limits: hazardLimits,
    },
    {
      name: '网吧等文化场所违规经营',
      description: '网吧接纳未成年人、超时经营，无证经营文化娱乐场所。',
      routing: routing('wenlv', 'district'),
    },
    { name: '向未成年人销售烟酒', description: '商店、超市向未成年人销售烟草制品和酒类。' },
  ],
)

// ─── ZZ08 特殊人群 ──────────────────────────────────────────────────────────────

const specialClosure = '已落实管控或帮扶措施，责任人已见面核实，人员档案和预警等级已更新。'

const specialGroups = itemsOf(
  'ZZ08',
  {
    fields: specialGroupFields,
    routing: routing('zongzhi', 'community'),
    limits: simpleLimits,
    closureConditions: specialClosure,
  },
  [
    {
      name: '社区矫正人员异常',
      description: '社区矫正对象脱管、漏管、未经批准外出、不按规定报到或有再犯罪迹象。',
      routing: routing('sifa', 'street'),
      limits: hazardLimits,
    },
    {
      name: '刑满释放人员安置帮教异常',
      description: '刑满释放人员未衔接、未安置、生活无着落或有重新违法犯罪倾向。',
      routing: routing('sifa', 'street'),
    },
    {
      name: '严重精神障碍患者肇事肇祸风险',
      description: '严重精神障碍患者病情波动、有伤人毁物言行或监护缺失，存在肇事肇祸风险，按紧急件上报。',
      routing: routing('zongzhi', 'street'),
      limits: hazardLimits,
    },
    {
      name: '严重精神障碍患者服药随访异常',
      description: '患者中断服药、失访、拒绝随访，或家庭监护困难需要帮扶。',
      routing: routing('weijian', 'street'),
    },
    {
      name: '吸毒人员异常',
      description: '社区戒毒、社区康复人员脱离管控、疑似复吸。',
      routing: routing('gongan', 'street'),
      limits: hazardLimits,
    },
    {
      name: '重点青少年异常',
      description: '闲散青少年、有不良行为或严重不良行为的未成年人、流浪未成年人等需要关注帮扶。',
      routing: routing('tuanwei', 'street'),
    },
    {
      name: '留守儿童、困境儿童监护缺失',
      description: '留守儿童、困境儿童无人监护、辍学、受到侵害或生活困难。',
      routing: routing('minzheng', 'street'),
      limits: hazardLimits,
    },
    {
      name: '艾滋病危险人员异常',
      description: '艾滋病危险人员失访、拒绝治疗或有危害他人行为的线索（严格保密）。',
      routing: routing('weijian', 'district'),
    },
    {
      name: '信访重点人员异常动向',
      description: '信访重点人员有进京赴省、越级上访或极端言行的苗头。',
      routing: routing('xinfang', 'street'),
      limits: hazardLimits,
    },
    {
      name: '特殊人群预警等级变化',
      description: '走访发现特殊人群日常表现、心理状况变化，需要调整绿、黄、红预警等级。',
    },
  ],
)

// ─── ZZ09 民生服务 ──────────────────────────────────────────────────────────────

const livelihoodClosure = '诉求已受理并落实帮扶，或已向当事人答复政策和办理渠道；网格员回访确认。'

const livelihood = itemsOf(
  'ZZ09',
  {
    fields: beneficiaryFields(true),
    routing: routing('minzheng', 'street'),
    limits: simpleLimits,
    closureConditions: livelihoodClosure,
  },
  [
    {
      name: '低保家庭情况变化',
      description: '低保家庭收入、人口、住房等情况发生变化，需要动态调整。',
      limits: complexLimits,
    },
    { name: '临时救助需求', description: '因突发事件、意外事故、重大疾病导致基本生活暂时困难的家庭。' },
    {
      name: '残疾人帮扶需求',
      description: '残疾人康复、辅具适配、无障碍改造、就业等帮扶需求。',
      routing: routing('canlian', 'street'),
      limits: complexLimits,
    },
    {
      name: '独居、空巢老人异常情况',
      description: '独居、空巢老人多日未见、门前报纸堆积、身体不适或生活不能自理，网格员先行上门查看。',
      selfHandle: true,
      routing: routing('minzheng', 'community'),
      limits: hazardLimits,
    },
    { name: '特困人员供养问题', description: '特困人员分散供养照料不到位、集中供养意愿等问题。' },
    {
      name: '就业援助需求',
      description: '失业人员、零就业家庭、就业困难人员的就业援助和技能培训需求。',
      routing: routing('renshe', 'street'),
    },
    {
      name: '未参加基本医疗保险人员',
      description: '走访发现居民未参加城乡居民或职工基本医疗保险，需要动员参保（可转代办服务 ZZ11008）。',
      selfHandle: true,
      routing: routing('yibao', 'street'),
    },
    {
      name: '居民区停水',
      description: '居民区非计划停水、水压不足、水质浑浊。',
      routing: routing('shuiwu', 'district'),
      fields: [householdsAffectedField],
    },
    {
      name: '居民区停电',
      description: '居民区非计划停电、电压不稳。',
      routing: routing('gongdian', 'district'),
      fields: [householdsAffectedField],
    },
    {
      name: '燃气供应异常',
      description: '管道燃气停气、气压不足；闻到燃气泄漏气味请立即报燃气抢修电话并疏散。',
      routing: routing('ranqi', 'district'),
      limits: hazardLimits,
      fields: [householdsAffectedField],
    },
    {
      name: '老旧小区公共设施损坏',
      description: '无物业老旧小区楼道灯、单元门、落水管、化粪池等公共设施损坏。',
      routing: routing('bianmin', 'street'),
      photoRequired: true,
      fields: [householdsAffectedField],
    },
    {
      name: '适龄儿童失学辍学',
      description: '义务教育阶段适龄儿童少年未入学或辍学。',
      routing: routing('jiaoyu', 'district'),
    },
    {
      name: '退役军人帮扶需求',
      description: '退役军人及其他优抚对象生活困难、优待政策落实等诉求。',
      routing: routing('tuiyi', 'street'),
    },
    {
      name: '散埋乱葬',
      description: '在耕地、林地、公益性公墓以外乱埋乱葬，硬化大墓。',
      photoRequired: true,
      fields: [],
      limits: complexLimits,
    },
    {
      name: '通信网络信号问题',
      description: '居民区移动信号差、宽带长时间故障、通信线路影响居民生活。',
      routing: routing('tongxin', 'district'),
      fields: [householdsAffectedField],
    },
  ],
)

// ─── ZZ10 疫情防控 ──────────────────────────────────────────────────────────────

const epidemicClosure = '已按规定落实健康监测、转诊、流调或消杀措施，信息已登记报送。'

const epidemic = itemsOf(
  'ZZ10',
  {
    fields: epidemicFields,
    routing: routing('weijian', 'street'),
    limits: hazardLimits,
    closureConditions: epidemicClosure,
  },
  [
    { name: '传染病可疑症状人员', description: '发热、皮疹、腹泻等法定传染病可疑症状人员，需要引导就诊。' },
    {
      name: '聚集性疫情线索',
      description: '同一学校、工地、养老机构等场所短时间内多人出现相似症状。',
      routing: routing('weijian', 'district'),
    },
    {
      name: '重点地区来返人员未报备',
      description: '来自疫情发生地区的人员未按要求报备；网格员可当场登记并告知健康监测要求。',
      selfHandle: true,
      routing: routing('zongzhi', 'community'),
      limits: simpleLimits,
    },
    {
      name: '病媒生物孳生',
      description: '积水容器、垃圾死角孳生蚊蝇，鼠患、蟑螂等病媒生物密度高。',
      photoRequired: true,
      limits: simpleLimits,
      fields: [],
    },
    {
      name: '动物疫情',
      description: '畜禽异常死亡、疑似禽流感、非洲猪瘟等动物疫情线索。',
      routing: routing('nongye', 'district'),
      photoRequired: true,
    },
    { name: '居家健康监测人员异常', description: '居家健康监测人员擅自外出、出现症状或拒绝配合。' },
    {
      name: '犬只伤人和流浪犬',
      description: '犬只伤人、流浪犬聚集，存在狂犬病风险；被咬伤者须尽快到犬伤门诊处置。',
      routing: routing('gongan', 'street'),
      photoRequired: true,
    },
  ],
)

export const socialGovernanceItems: DefaultItem[] = [
  ...disputes,
  ...publicSecurity,
  ...workSafety,
  ...fire,
  ...environment,
  ...foodAndDrugs,
  ...market,
  ...specialGroups,
  ...livelihood,
  ...epidemic,
]
