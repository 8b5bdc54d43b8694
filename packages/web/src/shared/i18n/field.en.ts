import type { FieldMessages } from './field.zh-CN.ts'
import { fieldCampaignsEn } from './field-campaigns.en.ts'
import { fieldLeaderEn } from './field-leader.en.ts'
import fieldReportEn from './field-report.en.ts'
import fieldShellEn from './field-shell.en.ts'
import { fieldWhistlesEn } from './field-whistles.en.ts'
import { fieldPatrolEn } from './patrols.en.ts'
import { fieldVisitsEn } from './visits.en.ts'

const fieldEn: FieldMessages = {
  field: {
    ...fieldShellEn,
    ...fieldReportEn,
    ...fieldVisitsEn,
    ...fieldPatrolEn,
    ...fieldLeaderEn,
    ...fieldCampaignsEn,
    ...fieldWhistlesEn,
    tabs: {
      home: 'Home',
      areas: 'Areas',
      settings: 'Me',
    },
    status: {
      title: 'Connection',
      network: 'Network',
      online: 'Online',
      offline: 'Offline',
      server: 'Server',
      checkedAt: 'checked at {time}',
    },
    areas: {
      title: 'My areas',
      communities: 'no communities | {n} community | {n} communities',
      empty: 'No areas yet',
    },
    settings: {
      title: 'Settings',
      language: 'Language',
      about: 'About',
    },
  },
}

export default fieldEn
