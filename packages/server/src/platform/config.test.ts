import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('configuration', () => {
  it('defaults to port 3000 and the embedded database under ./data', () => {
    const { config, warnings } = loadConfig({})
    expect(config.port).toBe(3000)
    expect(config.database.kind).toBe('pglite')
    expect(config.database.kind === 'pglite' && config.database.dir).toMatch(/data[/\\]db$/)
    expect(config.pii.cipher).toBe('aes')
    expect(warnings).toEqual([])
  })

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const { config } = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/onegrid' })
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@127.0.0.1:5432/onegrid',
      poolSize: 10,
      preparedStatements: true,
    })
    const behindPooler = loadConfig({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:6432/onegrid',
      ONEGRID_DB_POOL_SIZE: '40',
      ONEGRID_DB_PREPARED_STATEMENTS: 'off',
    }).config.database
    expect(behindPooler).toMatchObject({ poolSize: 40, preparedStatements: false })
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['ONEGRID_PII_CIPHER', 'des'],
    ['LOG_LEVEL', 'loud'],
    ['ONEGRID_DEMO_PASSWORD', 'short'],
  ])('stops with a one-line reason naming %s=%s', (name, value) => {
    try {
      loadConfig({ [name]: value })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as Error).message).toContain(name)
      expect((err as Error).message).not.toContain('\n')
    }
  })

  it('warns about unknown ONEGRID_ variables', () => {
    const { warnings } = loadConfig({ ONEGRID_DATADIR: '/tmp/x' })
    expect(warnings).toEqual(['unknown environment variable ONEGRID_DATADIR is ignored'])
  })

  it('requires the S3 settings when S3 storage is chosen', () => {
    expect(() => loadConfig({ ONEGRID_STORAGE: 's3' })).toThrow(/ONEGRID_S3_ENDPOINT/)
  })

  it('reads the superior platform link: off without a URL, never unsigned, categories as a list', () => {
    expect(loadConfig({}).config.upstream).toMatchObject({ url: undefined, categories: [] })
    expect(() => loadConfig({ ONEGRID_UPSTREAM_URL: 'https://city.example.org/cases' })).toThrow(
      /ONEGRID_UPSTREAM_SECRET/,
    )
    const { upstream } = loadConfig({
      ONEGRID_UPSTREAM_URL: 'https://city.example.org/cases',
      ONEGRID_UPSTREAM_SECRET: 'push-secret-0123456789',
      ONEGRID_UPSTREAM_CATEGORIES: '01, ZZ02,,01052',
    }).config
    expect(upstream).toMatchObject({
      secret: 'push-secret-0123456789',
      inboundSecret: 'push-secret-0123456789',
      categories: ['01', 'ZZ02', '01052'],
    })
    expect(() => loadConfig({ ONEGRID_UPSTREAM_CATEGORIES: 'roads;parks' })).toThrow(
      /ONEGRID_UPSTREAM_CATEGORIES/,
    )
  })
})
