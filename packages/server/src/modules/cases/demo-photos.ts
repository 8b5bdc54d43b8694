import sharp from 'sharp'
import type { FileService } from '../../platform/storage/file-service.ts'

/** The demo's photos: a dozen small scenes, made once with sharp and stored by hash. */

export type Photo = { sha256: string; thumbSha256: string | null; mime: string; size: number }
export type Scene = { label: string; bg: string; art: string; match?: RegExp }

export const scenes: Scene[] = [
  {
    label: '井盖破损',
    bg: '#5b6470',
    match: /井盖|箅子|盖板/,
    art: '<ellipse cx="320" cy="260" rx="150" ry="70" fill="#2f343b"/><path d="M230 250 L300 290 L280 230 L360 270" stroke="#c9ccd1" stroke-width="6" fill="none"/>',
  },
  {
    label: '垃圾堆放',
    bg: '#7a6a4f',
    match: /垃圾|废弃|堆|渣土|杂物/,
    art: '<polygon points="170,330 260,190 330,240 400,170 480,330" fill="#3d3a2f"/><rect x="300" y="260" width="60" height="40" fill="#b5651d"/>',
  },
  {
    label: '占道经营',
    bg: '#8a8f98',
    match: /经营|摊|店外|游商/,
    art: '<rect x="190" y="200" width="260" height="110" fill="#d9822b"/><polygon points="170,200 470,200 430,150 210,150" fill="#c0392b"/>',
  },
  {
    label: '违规停车',
    bg: '#4e5661',
    match: /停车|车辆|非机动车|共享单车/,
    art: '<rect x="190" y="220" width="260" height="80" rx="20" fill="#2e86c1"/><circle cx="250" cy="310" r="26" fill="#1b1b1b"/><circle cx="390" cy="310" r="26" fill="#1b1b1b"/>',
  },
  {
    label: '路灯不亮',
    bg: '#1f2a44',
    match: /灯/,
    art: '<rect x="310" y="130" width="14" height="220" fill="#9aa3ad"/><rect x="300" y="120" width="90" height="22" rx="8" fill="#6c7a89"/>',
  },
  {
    label: '道路破损',
    bg: '#6d6d6d',
    match: /道路|路面|人行道|桥|坑/,
    art: '<path d="M120 300 L220 260 L270 300 L350 240 L420 290 L520 250" stroke="#2b2b2b" stroke-width="14" fill="none"/>',
  },
  {
    label: '乱贴广告',
    bg: '#b9b2a3',
    match: /广告|张贴|涂写|标语/,
    art: '<rect x="180" y="150" width="110" height="150" fill="#f4d03f"/><rect x="320" y="170" width="120" height="140" fill="#e74c3c"/>',
  },
  {
    label: '绿地损毁',
    bg: '#4f7a43',
    match: /绿|树|草|花/,
    art: '<circle cx="260" cy="220" r="70" fill="#2e5e2a"/><circle cx="390" cy="240" r="60" fill="#3b6e34"/><rect x="150" y="300" width="340" height="30" fill="#6e4b2a"/>',
  },
  {
    label: '现场照片',
    bg: '#707b7c',
    art: '<rect x="200" y="160" width="240" height="150" fill="#aab7b8"/><circle cx="320" cy="235" r="45" fill="#566573"/>',
  },
  {
    label: '处置完成',
    bg: '#3f7f5f',
    art: '<polyline points="230,240 300,300 420,170" stroke="#ffffff" stroke-width="22" fill="none"/>',
  },
  {
    label: '已清理',
    bg: '#5d8aa8',
    art: '<rect x="190" y="260" width="260" height="40" fill="#d5dbdb"/><polyline points="250,200 300,240 390,160" stroke="#ffffff" stroke-width="18" fill="none"/>',
  },
  {
    label: '已修复',
    bg: '#7d8c5a',
    art: '<ellipse cx="320" cy="260" rx="150" ry="70" fill="#3c4047"/><polyline points="260,250 305,285 385,220" stroke="#ffffff" stroke-width="16" fill="none"/>',
  },
]
/** Scenes a report may show, and those a handling step shows (after the fix). */
export const beforeScenes = scenes.length - 3
export const fontFamily =
  "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei',sans-serif"

/** Whether this machine's fonts draw Chinese: two different labels rasterize differently only if they do. */
export async function chineseRenders(): Promise<boolean> {
  const render = (label: string) =>
    sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="140" height="40"><text x="4" y="30" font-size="28" font-family="${fontFamily}">${label}</text></svg>`,
      ),
    )
      .raw()
      .toBuffer()
  const [a, b] = await Promise.all([render('井盖破损'), render('垃圾堆放')])
  return !a.equals(b)
}

/** A dozen small photos, made once and stored by hash (a second run finds them stored). */
export async function demoPhotos(files: FileService): Promise<Photo[]> {
  const withText = await chineseRenders().catch(() => false)
  const photos: Photo[] = []
  for (const [i, scene] of scenes.entries()) {
    const label = withText
      ? `<rect x="0" y="400" width="640" height="80" fill="#000" fill-opacity="0.55"/><text x="24" y="455" font-size="40" fill="#fff" font-family="${fontFamily}">${scene.label}</text>`
      : ''
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
      <rect width="640" height="480" fill="${scene.bg}"/><rect y="330" width="640" height="150" fill="#000" fill-opacity="0.18"/>
      ${scene.art}<text x="600" y="40" font-size="18" fill="#fff" fill-opacity="0.7" text-anchor="end" font-family="sans-serif">#${i + 1}</text>${label}</svg>`
    const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer()
    const stored = await files.store(bytes, ['image'])
    // The thumbnail exactly as an upload gets one.
    const small = await sharp(bytes)
      .rotate()
      .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer()
    const thumb = await files.store(small, ['image'])
    photos.push({ sha256: stored.sha256, thumbSha256: thumb.sha256, mime: stored.mime, size: stored.size })
  }
  return photos
}
