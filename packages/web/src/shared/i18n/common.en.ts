import type { CommonMessages } from './common.zh-CN.ts'

const commonEn: CommonMessages = {
  common: {
    brand: 'OneGrid',
    tagline: 'Grid-based social governance',
    language: 'Language',
    loading: 'Loading…',
    retry: 'Retry',
    refresh: 'Refresh',
    yes: 'Yes',
    no: 'No',
    cancel: 'Cancel',
    confirm: 'OK',
    save: 'Save',
    close: 'Close',
    search: 'Search',
    reset: 'Reset',
    actions: 'Actions',
    none: 'None',
    empty: 'No data',
    notice: 'Notice',
    level: {
      province: 'Province',
      city: 'City',
      district: 'District',
      street: 'Street / town',
      community: 'Community / village',
      grid: 'Grid',
    },
    live: {
      connecting: 'Live channel connecting',
      connected: 'Live channel connected',
      reconnecting: 'Live channel reconnecting',
    },
    errors: {
      network: 'Cannot reach the server. Check the network and try again.',
      unexpected: 'The server sent a response we could not read (HTTP {status})',
    },
  },
  system: {
    title: 'System status',
    service: 'Service',
    serviceOk: 'Running',
    serviceDown: 'Unreachable',
    database: 'Database',
    databaseKind: {
      pglite: 'PGlite (embedded)',
      postgres: 'PostgreSQL',
    },
    databaseVersion: 'Database version',
    postgis: 'PostGIS',
    postgisMissing: 'Not enabled',
    appVersion: 'App version',
    node: 'Node.js',
    startedAt: 'Started at',
    demo: 'Demo mode',
    demoOn: 'On',
    demoOff: 'Off',
  },
  events: {
    title: 'Live events',
    empty: 'Waiting for events… the server sends a heartbeat about every 15 s',
    topic: {
      heartbeat: 'System heartbeat',
    },
    heartbeatFrom: 'from instance {instance}',
  },
}

export default commonEn
