import type { TLight } from '@onegrid/core/api/cases'
import type { CaseStatus } from '@onegrid/core/cases/states'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { getCase } from '../../../shared/api/cases.ts'
import { useCaseNames } from './useCaseNames.ts'

/**
 * The popup of a case's dot on a map (案件地图, the dashboard): status and light at once, number and cause
 * when the case has answered, and a link that opens the case page.
 */
export function useCasePopup(): (id: number, status: CaseStatus, light: TLight) => HTMLElement {
  const { t } = useI18n()
  const router = useRouter()
  const names = useCaseNames()

  return (id, status, light) => {
    const box = document.createElement('div')
    box.className = 'case-popup'
    box.dataset.testid = 'case-popup'
    const code = document.createElement('div')
    code.className = 'case-popup__code'
    code.textContent = '…'
    const title = document.createElement('div')
    title.className = 'case-popup__title'
    const meta = document.createElement('div')
    meta.className = 'case-popup__meta'
    meta.textContent = `${names.status(status)} · ${t(`console.cases.lights.${light}`)}`
    const link = document.createElement('a')
    link.href = `/cases/${id}`
    link.textContent = `${t('console.cases.map.open')} →`
    link.dataset.testid = 'case-popup-link'
    link.addEventListener('click', (event) => {
      event.preventDefault()
      void router.push(`/cases/${id}`)
    })
    box.append(code, title, meta, link)
    getCase(id)
      .then((c) => {
        code.textContent = c.code
        title.textContent = c.title
        meta.textContent = `${names.status(c.status)} · ${c.itemName} · ${c.areaName}`
      })
      .catch(() => {
        code.textContent = `#${id}`
      })
    return box
  }
}
