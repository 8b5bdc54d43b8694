import type { CitizenMessages } from './citizen.zh-CN.ts'

const citizenEn: CitizenMessages = {
  citizen: {
    title: 'Resident services',
    hero: {
      title: 'Report a problem',
      lead: 'Something nearby needs fixing? The grid worker of your community takes it up.',
      building: 'Online reporting is being built. For now, please call:',
      hotline: 'Government service hotline',
      emergency: 'Emergency (police)',
    },
    status: {
      title: 'Service status',
      area: 'Service area',
      coverage: '{streets} streets and towns · {communities} communities and villages',
    },
    map: {
      title: 'District map',
    },
    footer: 'Powered by OneGrid {version}',
  },
}

export default citizenEn
