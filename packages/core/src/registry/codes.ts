/**
 * National code tables used by the population registry (standards.md §3, base person
 * record). Codes are strings so that leading zeros survive storage and exchange.
 */

type CodeEntry = { readonly code: string; readonly zh: string; readonly en: string }

/** 人的性别代码, GB/T 2261.1-2003. */
export const sexCodes = [
  { code: '1', zh: '男', en: 'Male' },
  { code: '2', zh: '女', en: 'Female' },
  { code: '0', zh: '未知', en: 'Unknown' },
  { code: '9', zh: '未说明', en: 'Not stated' },
] as const satisfies readonly CodeEntry[]
export type SexCode = (typeof sexCodes)[number]['code']

/**
 * 中国各民族名称的罗马字母拼写法和代码, GB/T 3304-1991. `en` is the standard's own
 * romanisation (Zang, Chosen, …), which is what exchange formats carry, not the
 * English exonym (Tibetan, Korean).
 */
export const ethnicCodes = [
  { code: '01', zh: '汉族', en: 'Han' },
  { code: '02', zh: '蒙古族', en: 'Mongol' },
  { code: '03', zh: '回族', en: 'Hui' },
  { code: '04', zh: '藏族', en: 'Zang' },
  { code: '05', zh: '维吾尔族', en: 'Uygur' },
  { code: '06', zh: '苗族', en: 'Miao' },
  { code: '07', zh: '彝族', en: 'Yi' },
  { code: '08', zh: '壮族', en: 'Zhuang' },
  { code: '09', zh: '布依族', en: 'Buyei' },
  { code: '10', zh: '朝鲜族', en: 'Chosen' },
  { code: '11', zh: '满族', en: 'Man' },
  { code: '12', zh: '侗族', en: 'Dong' },
  { code: '13', zh: '瑶族', en: 'Yao' },
  { code: '14', zh: '白族', en: 'Bai' },
  { code: '15', zh: '土家族', en: 'Tujia' },
  { code: '16', zh: '哈尼族', en: 'Hani' },
  { code: '17', zh: '哈萨克族', en: 'Kazak' },
  { code: '18', zh: '傣族', en: 'Dai' },
  { code: '19', zh: '黎族', en: 'Li' },
  { code: '20', zh: '傈僳族', en: 'Lisu' },
  { code: '21', zh: '佤族', en: 'Va' },
  { code: '22', zh: '畲族', en: 'She' },
  { code: '23', zh: '高山族', en: 'Gaoshan' },
  { code: '24', zh: '拉祜族', en: 'Lahu' },
  { code: '25', zh: '水族', en: 'Sui' },
  { code: '26', zh: '东乡族', en: 'Dongxiang' },
  { code: '27', zh: '纳西族', en: 'Naxi' },
  { code: '28', zh: '景颇族', en: 'Jingpo' },
  { code: '29', zh: '柯尔克孜族', en: 'Kirgiz' },
  { code: '30', zh: '土族', en: 'Tu' },
  { code: '31', zh: '达斡尔族', en: 'Daur' },
  { code: '32', zh: '仫佬族', en: 'Mulao' },
  { code: '33', zh: '羌族', en: 'Qiang' },
  { code: '34', zh: '布朗族', en: 'Blang' },
  { code: '35', zh: '撒拉族', en: 'Salar' },
  { code: '36', zh: '毛南族', en: 'Maonan' },
  { code: '37', zh: '仡佬族', en: 'Gelao' },
  { code: '38', zh: '锡伯族', en: 'Xibe' },
  { code: '39', zh: '阿昌族', en: 'Achang' },
  { code: '40', zh: '普米族', en: 'Pumi' },
  { code: '41', zh: '塔吉克族', en: 'Tajik' },
  { code: '42', zh: '怒族', en: 'Nu' },
  { code: '43', zh: '乌孜别克族', en: 'Uzbek' },
  { code: '44', zh: '俄罗斯族', en: 'Russ' },
  { code: '45', zh: '鄂温克族', en: 'Ewenki' },
  // Named 崩龙族 in older data; renamed 德昂族 in 1985, same code.
  { code: '46', zh: '德昂族', en: 'Deang' },
  { code: '47', zh: '保安族', en: 'Bonan' },
  { code: '48', zh: '裕固族', en: 'Yugur' },
  { code: '49', zh: '京族', en: 'Gin' },
  { code: '50', zh: '塔塔尔族', en: 'Tatar' },
  { code: '51', zh: '独龙族', en: 'Derung' },
  { code: '52', zh: '鄂伦春族', en: 'Oroqen' },
  { code: '53', zh: '赫哲族', en: 'Hezhen' },
  { code: '54', zh: '门巴族', en: 'Monba' },
  { code: '55', zh: '珞巴族', en: 'Lhoba' },
  { code: '56', zh: '基诺族', en: 'Jino' },
  { code: '97', zh: '其他', en: 'Other' },
  { code: '98', zh: '外国血统中国籍人士', en: 'Chinese citizen of foreign origin' },
] as const satisfies readonly CodeEntry[]
export type EthnicCode = (typeof ethnicCodes)[number]['code']

/**
 * 学历代码, GB/T 4658-2006, first level only. 中等职业教育 (40) covers 中专, 职高 and 技校,
 * which the 1984 edition coded separately (50 技工学校); 90 also takes the 1984
 * edition's 文盲或半文盲.
 */
export const educationCodes = [
  { code: '10', zh: '研究生', en: 'Postgraduate' },
  { code: '20', zh: '大学本科', en: "Bachelor's degree" },
  { code: '30', zh: '大学专科', en: 'Junior college' },
  { code: '40', zh: '中专（中等职业教育）', en: 'Secondary vocational' },
  { code: '60', zh: '高中', en: 'Senior high school' },
  { code: '70', zh: '初中', en: 'Junior high school' },
  { code: '80', zh: '小学', en: 'Primary school' },
  { code: '90', zh: '其他（含文盲、半文盲）', en: 'Other, including illiterate' },
] as const satisfies readonly CodeEntry[]
export type EducationCode = (typeof educationCodes)[number]['code']

/**
 * 家庭关系代码, GB/T 4761-2008, the group codes (x0) plus the head-of-household codes.
 * The detailed codes (11 夫, 12 妻, 21 独生子, 28 女婿, 38 儿媳, 51 父亲, …) exist too
 * and are not listed here.
 *
 * Certain: 01, 02, 10, 20, 30, 40, 50, 60, 70, 99 — they match many independent
 * household-register implementations. Less certain: 03 小集体户户主 (seen in police
 * household data, kept because collective households are common in grid work); 80 as
 * a group code for "other relatives" (the standard lists 81 伯父 … 96 外甥女 under it)
 * and 97 其他亲属. Note that 99 is 非亲属 (not related), not a generic "other".
 */
export const relationCodes = [
  { code: '01', zh: '本人', en: 'Self' },
  { code: '02', zh: '户主', en: 'Head of household' },
  { code: '03', zh: '小集体户户主', en: 'Head of small collective household' },
  { code: '10', zh: '配偶', en: 'Spouse' },
  { code: '20', zh: '子', en: 'Son' },
  { code: '30', zh: '女', en: 'Daughter' },
  { code: '40', zh: '孙子、孙女或外孙子、外孙女', en: 'Grandchild' },
  { code: '50', zh: '父母', en: 'Parent' },
  { code: '60', zh: '祖父母或外祖父母', en: 'Grandparent' },
  { code: '70', zh: '兄、弟、姐、妹', en: 'Sibling' },
  { code: '80', zh: '其他', en: 'Other relative (group)' },
  { code: '97', zh: '其他亲属', en: 'Other relative' },
  { code: '99', zh: '非亲属', en: 'Not related' },
] as const satisfies readonly CodeEntry[]
export type RelationCode = (typeof relationCodes)[number]['code']

/**
 * 证件类型 with the GA/T 517 常用证件代码 numbers, as used in public-security and
 * government data exchange. 516 is titled 港澳同胞回乡证（通行卡） in older copies of the
 * table: the same document under its former name. 553 is 外国人永久居留证 in older copies,
 * the card's former name.
 */
export const documentKinds = [
  { code: '111', zh: '居民身份证', en: 'Resident identity card' },
  { code: '414', zh: '护照', en: 'Passport' },
  {
    code: '516',
    zh: '港澳居民来往内地通行证',
    en: 'Mainland travel permit for Hong Kong and Macao residents',
  },
  { code: '511', zh: '台湾居民来往大陆通行证', en: 'Mainland travel permit for Taiwan residents' },
  { code: '553', zh: '外国人永久居留身份证', en: 'Foreign permanent resident ID card' },
  { code: '990', zh: '其他', en: 'Other' },
] as const satisfies readonly CodeEntry[]
export type DocumentKind = (typeof documentKinds)[number]['code']

/** Looks up an entry's labels by code; null for codes not in the table. */
export function codeLabel(table: readonly CodeEntry[], code: string): { zh: string; en: string } | null {
  const entry = table.find((e) => e.code === code)
  return entry ? { zh: entry.zh, en: entry.en } : null
}

/** A table's codes, e.g. for z.enum(). */
export function codesOf<T extends readonly CodeEntry[]>(table: T): T[number]['code'][] {
  return table.map((e) => e.code)
}
