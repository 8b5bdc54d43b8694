import type { TCatalogLimits } from '@onegrid/core/api/catalog'
import type { BodyCode } from './bodies.ts'
import { areas, type DefaultItem, type DefaultMajor, item, major, routing } from './build.ts'
import { componentFields, constructionFields } from './fields.ts'
import { complexLimits, hazardLimits, simpleLimits } from './limits.ts'

/**
 * GB/T 47678.5-2026 城市运行管理服务平台 第 5 部分：管理部件和事项, its directory of
 * matters (管理事项, 附录 C 表 C.1): classes 01–05 hold one "XX异常" matter per managed
 * component, 06–10 the matters proper. 250 matters, codes and names exactly as transcribed
 * in repository Jackyhellolove/city-inspection-ai, `supabase-gb47678.5-directory.sql`
 * ("依据用户提供的 PDF"); gaps in the numbering (01016, 06031, 07005, 09007) are the
 * standard's. Routing, limits and self-handling are local settings, not the standard's.
 */
const standard = 'GB/T 47678.5-2026'

type Directory = { code: string; name: string; description: string; defaultBody: BodyCode; matters: string }

const directory: Directory[] = [
  {
    code: '01',
    name: '市政公用设施类',
    description: '市政公用设施类管理部件（井盖、杆线、路灯、亭体、管道、防汛设施等）的异常，一部件一事项。',
    defaultBody: 'chengguan',
    matters: `
01001 供水井盖异常
01002 污水井盖异常
01003 雨水井盖异常
01004 雨水箅子异常
01005 电力井盖异常
01006 路灯井盖异常
01007 通信井盖异常
01008 电视井盖异常
01009 网络井盖异常
01010 热力井盖异常
01011 燃气井盖异常
01012 公安井盖异常
01013 消防设施异常
01014 园林井盖异常
01015 信号灯电源井盖异常
01017 电缆井盖异常
01018 化粪池井盖异常
01019 中水井盖异常
01020 公交井盖异常
01021 输油（气）井盖异常
01022 特殊井盖异常
01023 不明井盖异常
01024 水井异常
01025 供水器异常
01026 沟槽盖板异常
01027 通信交接箱异常
01028 电力设施异常
01029 电力设施标识牌异常
01030 电力立杆异常
01031 通信立杆异常
01032 公交立杆异常
01033 特殊立杆异常
01034 不明立杆异常
01035 旗杆异常
01036 输油（气）标志异常
01037 路灯异常
01038 地灯异常
01039 景观灯异常
01040 报刊亭异常
01041 电话亭异常
01042 邮筒异常
01043 信息亭异常
01044 售货亭异常
01045 自动售货机异常
01046 户外健身设施异常
01047 高压线铁塔异常
01048 变压器（箱）异常
01049 燃气调压站（箱）异常
01050 监控电子眼设施异常
01051 治安岗亭异常
01052 休息亭异常
01053 自助缴费机异常
01054 充电桩异常
01055 防蚊闸异常
01056 跨河管道异常
01057 露天燃气管道异常
01058 晒衣架异常
01059 旧衣物回收箱异常
01060 路灯配电箱异常
01061 露天供热管道异常
01062 通信基站异常
01063 水塔异常
01064 牌楼（门楼）异常
01065 管理责任公示牌异常
01066 紧急报警点异常SOS
01067 防汛监测设施异常
01068 水鹤异常
01069 水域附属设施异常
01070 水域护栏异常
01071 防汛墙异常
01072 排水泵站异常
01073 雨污水排放口异常
01074 综合管廊附属设施异常
01075 快递柜异常
01076 公用电梯异常
01077 综合杆异常`,
  },
  {
    code: '02',
    name: '交通设施类',
    description: '交通设施类管理部件（停车设施、桥梁通道、交通标志与信号、隔离设施、指示牌等）的异常。',
    defaultBody: 'jiaotong',
    matters: `
02001 停车场异常
02002 立体车库异常
02003 停车计费设备异常
02004 公交站设施异常
02005 出租车停靠站异常
02006 过街天桥异常
02007 地下通道异常
02008 立交桥异常
02009 跨河桥异常
02010 交通标志牌及标线异常
02011 限高架标志异常
02012 路名牌异常
02013 地名牌异常
02014 交通信号灯异常
02015 交通信号设施异常
02016 交通岗亭异常
02017 交通护栏异常
02018 防撞桶异常
02019 安全岛异常
02020 人行横道桩异常
02021 便道桩异常
02022 柔性隔离体异常
02023 道路信息显示屏异常
02024 道路隔音屏异常
02025 非机动车停放点异常
02026 自行车租赁点异常
02027 存车支架异常
02028 铁道口设施异常
02029 栈桥异常
02030 水域标示牌异常
02031 港监设施异常
02032 轨道交通设施异常
02033 交通反视镜异常
02034 无障碍设施异常
02035 应急避难指示牌异常
02036 救助站指示牌异常
02037 文物建筑标志牌异常
02038 门（楼号）牌异常
02039 公安指示牌异常
02040 景区标识牌异常
02041 停车信息显示屏异常
02042 铁路桥涵异常
02043 减速带异常
02044 公路隧道异常`,
  },
  {
    code: '03',
    name: '市容环卫设施类',
    description: '市容环卫设施类管理部件（公厕、垃圾间与垃圾箱、户外广告与牌匾、宣传栏、监测站等）的异常。',
    defaultBody: 'chengguan',
    matters: `
03001 公共厕所异常
03002 公厕指示牌异常
03003 化粪池异常
03004 垃圾间（楼）异常
03005 垃圾箱异常
03006 户外广告异常
03007 牌匾标识异常
03008 宣传栏异常
03009 气象监测站异常
03010 环保监测站异常
03011 污水口监测站异常
03012 污水监测器异常
03013 噪声显示屏异常
03014 环卫工具间（箱）异常
03015 宠物拾便纸箱异常
03016 烟头收集器或灭烟处异常`,
  },
  {
    code: '04',
    name: '园林绿化设施类',
    description: '园林绿化设施类管理部件（古树名木、行道树、绿地及其附属设施、雕塑、座椅等）的异常。',
    defaultBody: 'yuanlin',
    matters: `
04001 古树名木异常
04002 行道树异常
04003 独立树异常
04004 护树设施异常
04005 花架花钵异常
04006 雕塑异常
04007 街头座椅异常
04008 绿地护栏异常
04009 绿地附属设施异常
04010 喷泉异常
04011 树池树穴异常
04012 高架挂箱异常
04013 绿地异常
04014 林地及林地管护设施异常`,
  },
  {
    code: '05',
    name: '其他管理部件类',
    description: '其他管理部件类（公房地下室、车辆加油站、文物古迹）的异常。',
    defaultBody: 'zhujian',
    matters: `
05002 公房地下室异常
05003 车辆加油（气、电）站异常
05009 文物古迹异常`,
  },
  {
    code: '06',
    name: '市容环境类',
    description: '私搭乱建、暴露垃圾、道路不洁与破损、水域不洁、油烟噪声污染、乱堆乱放等市容环境问题。',
    defaultBody: 'zhifa',
    matters: `
06001 私搭乱建
06002 店面无证装修
06003 违章接坡
06004 建筑物外立面污损
06005 临街阳台、屋顶脏乱差
06006 擅自在临街的建筑物上挂彩旗
06007 沿街晾挂
06008 擅自架设管线、杆线设施
06009 空调室外机低挂
06010 暴露垃圾
06011 积存垃圾渣土
06012 道路不洁
06013 道路破损
06014 道路遗撒（洒）
06015 沙（河）滩不洁
06016 交通标线不清晰
06017 绿地脏乱
06018 绿化弃料
06019 非装饰性吊挂
06020 焚烧垃圾、树叶
06021 病虫害
06022 非法伐树
06023 堤岸破损
06024 水域秩序乱象
06025 水域不洁
06026 河道污染
06027 油烟污染
06028 噪声扰民
06029 露天烧烤
06030 乱倒乱排污水、废水
06032 非正规垃圾填埋场
06033 乱丢弃医疗废物
06034 废弃车辆
06035 废弃家具设备
06036 乱堆杂物
06037 动物尸体
06038 擅自饲养家禽家畜
06039 违章开设道口
06040 私设地锁、阻车桩
06041 垃圾未分类
06042 垃圾站（箱）满溢
06043 遮阳篷（棚、伞）破损
06044 节庆装饰物破损
06045 非法占绿毁绿
06046 占用河道
06047 公园秩序
06048 边坡（挡土墙）破损
06049 台阶破损
06050 路缘石缺损
06051 盲道缺损
06052 无障碍坡道破损`,
  },
  {
    code: '07',
    name: '宣传广告类',
    description: '非法小广告、违规户外广告与牌匾标识、违规标语宣传品等问题。',
    defaultBody: 'zhifa',
    matters: `
07001 非法小广告
07002 街头散发广告
07003 违规户外广告
07004 广告语言文字不规范
07006 违规牌匾标识
07007 违规标语宣传品
07008 公益性宣传品缺损`,
  },
  {
    code: '08',
    name: '施工管理类',
    description: '施工扰民、施工占道、工地扬尘、渣土运输、无证掘路与无证建设等施工管理问题。',
    defaultBody: 'zhifa',
    matters: `
08001 施工扰民
08002 施工占道
08003 无证掘路
08004 工地扬尘
08005 施工废弃料
08006 施工物料乱堆放
08007 施工工地围挡问题
08008 施工工地道路未硬化
08009 施工工地出入口道路破损
08010 施工完成后未场光地净
08011 渣土运输车辆未安装密闭装置
08012 施工工地车轮夹带
08013 违规高空悬吊作业
08014 预埋件设施裸露
08015 施工公示牌污损
08016 无证建设`,
  },
  {
    code: '09',
    name: '街面秩序类',
    description: '无照游商、店外经营与占道经营、车辆乱停放、占用消防通道、无证餐饮等街面秩序问题。',
    defaultBody: 'zhifa',
    matters: `
09001 无照经营游商
09002 早（夜）市管理问题
09003 流浪乞讨
09004 废品收购乱象
09005 店外经营
09006 占道经营
09008 非法出版物销售
09009 机动车乱停放
09010 非机动车乱停放
09011 共享单车乱象
09012 占用消防通道
09013 临街屠宰
09014 畜力车进城
09015 无证餐饮
09016 违规设置停车场
09017 违规占用桥下空间
09018 履带车（铁轮车）违规上路行驶
09019 占用无障碍通道
09020 农贸市场秩序问题
09021 占道洗车
09022 占道促销宣传`,
  },
  {
    code: '10',
    name: '其他事项类',
    description: '道路积雪结冰、架空线缆脱落等其他城市管理事项。',
    defaultBody: 'chengguan',
    matters: `
10001 道路积雪、结冰
10002 架空线缆脱落`,
  },
]

/** Who owns the component or the matter, where it is not the class's default body. */
const owners: Record<string, BodyCode> = {
  ...ownerOf(
    'shuiwu',
    '01001 01002 01003 01004 01019 01024 01025 01056 01063 01067 01069 01070 01071 01072 01073',
  ),
  ...ownerOf('gongdian', '01005 01017 01028 01029 01030 01047 01048'),
  ...ownerOf('tongxin', '01007 01008 01009 01027 01031 01041 01062 10002'),
  ...ownerOf('zhujian', '01010 01061 01074 02034 06048'),
  ...ownerOf('ranqi', '01011 01049 01057'),
  ...ownerOf('yingji', '01021 01036 02035 05003'),
  ...ownerOf('gongan', '01012 01015 01050 01051 01066 02010 02011 02014 02015 02016 02018 02019 02033 02039'),
  ...ownerOf('gongan', '06016 09014 09018'),
  ...ownerOf('xiaofang', '01013 01068'),
  ...ownerOf('yuanlin', '01014 06021 06022 06047'),
  ...ownerOf('jiaotong', '01020 01032'),
  ...ownerOf('tiyu', '01046'),
  ...ownerOf('youzheng', '01042 01075'),
  ...ownerOf('shichang', '01076'),
  ...ownerOf('chengguan', '02001 02003 02025 02026 02027 06013 06049 06050 06051 06052 07008 08014'),
  ...ownerOf('minzheng', '02012 02013 02036 02038 09003'),
  ...ownerOf('shuiwu', '02030 06023 06024 06025 06026 06046'),
  ...ownerOf('wenlv', '02037 02040 05009'),
  ...ownerOf('qixiang', '03009'),
  ...ownerOf('shengtai', '03010 03011 03012 03013 06032'),
  ...ownerOf('weijian', '06033'),
  ...ownerOf('zhujian', '08013'),
  ...ownerOf('shichang_pt', '09015 09020'),
}

function ownerOf(body: BodyCode, codes: string): Record<string, BodyCode> {
  return Object.fromEntries(codes.split(' ').map((c) => [c, body]))
}

const codeSet = (codes: string) => new Set(codes.split(' '))

/** Open manholes, live wires, gas, lifts, signals, ice: hazards even when reported as ordinary. */
const hazards = codeSet(
  '01001 01002 01003 01004 01005 01006 01007 01008 01009 01010 01011 01012 01013 01014 01015 01017 01018 ' +
    '01019 01020 01021 01022 01023 01026 01028 01030 01047 01048 01049 01057 01066 01076 ' +
    '02014 02015 06033 08013 09012 10001 10002',
)

/** Matters needing works, enforcement procedure or several owners: 15 working days. */
const complex = codeSet(
  '02006 02007 02008 02009 02042 02044 04001 06001 06002 06003 06008 06013 06023 06026 06032 06046 06048 ' +
    '08003 08016 09016 09017',
)

/** What a grid worker may settle on the spot (劝导、清理、归位) and report done. */
const selfHandled = codeSet(
  '06007 06010 06012 06019 06036 06040 07001 07002 09005 09006 09010 09011 09021 09022',
)

const componentClosure =
  '部件恢复完好、功能正常（修复、补齐或更换），或已设置警示围挡并移交权属单位；提供处置后同角度照片，核查通过。'
const matterClosure = '问题已消除，现场恢复整洁有序；提供处置后同角度照片，核查通过。'
const enforcementClosure = '违法行为已制止并整改到位，或已立案查处并告知处理结果；提供现场照片，核查通过。'
const enforcementMatters = codeSet(
  '06001 06002 06003 06008 06039 06045 07003 07006 08003 08016 09015 09016 09017',
)

export const cityManagementMajors: DefaultMajor[] = directory.map((d) =>
  major(
    d.code,
    d.name,
    'city_management',
    standard,
    `GB/T 47678.5-2026 管理事项 ${d.code} 大类：${d.description}`,
  ),
)

function limitsOf(code: string): TCatalogLimits {
  if (hazards.has(code)) return hazardLimits
  if (complex.has(code)) return complexLimits
  return simpleLimits
}

export const cityManagementItems: DefaultItem[] = directory.flatMap((d) => {
  const isComponent = Number(d.code) <= 5
  return d.matters
    .trim()
    .split('\n')
    .map((line) => {
      const [code = '', name = ''] = line.split(' ')
      const body = owners[code] ?? d.defaultBody
      const platform = body === 'zhifa' || body === 'shichang_pt'
      // 赋权乡镇: the town's 综合执法平台 handles what the district's 城市管理 does elsewhere.
      const overrides =
        body === 'chengguan'
          ? [{ areaCode: areas.townWithEnforcement, target: { body: 'zhifa', level: 'street' } } as const]
          : []
      const fields = isComponent ? componentFields : d.code === '08' ? constructionFields : []
      return item(d.code, standard, {
        code,
        name,
        description: isComponent
          ? `GB/T 47678.5-2026 管理事项 ${code}（${d.name}）：部件破损、丢失、废弃或功能失常。`
          : `GB/T 47678.5-2026 管理事项 ${code}（${d.name}）。`,
        selfHandle: selfHandled.has(code),
        photoRequired: true,
        fields,
        routing: routing(body, platform ? 'street' : 'district', overrides),
        limits: limitsOf(code),
        closureConditions: isComponent
          ? componentClosure
          : enforcementMatters.has(code)
            ? enforcementClosure
            : matterClosure,
      })
    })
})

/**
 * The managed components' classes (大类 01–05), code → name: the matter "XX异常"
 * is about the component "XX", under the same five-digit code. The registry
 * names a component's class from its identifier with this.
 */
export function managedComponentClasses(): ReadonlyMap<string, string> {
  const classes = new Map<string, string>()
  for (const d of directory.filter((d) => Number(d.code) <= 5))
    for (const line of d.matters.trim().split('\n')) {
      const [code = '', name = ''] = line.split(' ')
      classes.set(code, name.replace(/异常$/, ''))
    }
  return classes
}
