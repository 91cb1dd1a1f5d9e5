import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ConfigError, iocEnvSchema, parseEnv, port, maskUrlPassword } from './index.js'

describe('parseEnv', () => {
  it('gives the defaults on an empty environment', () => {
    const env = parseEnv(iocEnvSchema, {})
    expect(env.PORT).toBe(3000)
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.IOC_DATA_DIR).toBe('./data')
    expect(env.IOC_EMBEDDED_DB_PORT).not.toBe(5432)
    expect(env.IOC_EMBEDDED_MQTT_PORT).not.toBe(1883)
  })

  it('reports one line per problem with the name, the value and what is expected', () => {
    try {
      parseEnv(iocEnvSchema, { PORT: 'abc', DATABASE_URL: 'mysql://u:secret@h/db', LOG_LEVEL: 'loud' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const problems = (err as ConfigError).problems
      expect(problems).toHaveLength(3)
      expect(problems).toContain('PORT: got "abc", expected a TCP port number')
      expect(problems).toContain('LOG_LEVEL: got "loud", expected one of debug, info, warn, error')
      const db = problems.find((p) => p.startsWith('DATABASE_URL'))
      expect(db).toContain('expected a URL starting with postgres://')
      expect(db).not.toContain('secret')
    }
  })

  it('treats an empty string as unset', () => {
    expect(parseEnv(iocEnvSchema, { MQTT_URL: '' }).MQTT_URL).toBeUndefined()
  })

  it('rejects ports out of range', () => {
    expect(() => parseEnv(z.object({ P: port(1) }), { P: '70000' })).toThrow(
      'P: got "70000", expected a port between 1 and 65535',
    )
  })
})

describe('maskUrlPassword', () => {
  it('hides the password and keeps the user', () => {
    expect(maskUrlPassword('postgres://ioc:pw@db:5432/ioc')).toBe('postgres://ioc:***@db:5432/ioc')
    expect(maskUrlPassword('mqtt://broker:1883')).toBe('mqtt://broker:1883')
  })
})

describe('HTTP edge variables', () => {
  it('trusts no proxy by default, a hop count or a list of proxies when told, never every client', () => {
    expect(parseEnv(iocEnvSchema, {}).IOC_TRUST_PROXY).toBe(false)
    expect(parseEnv(iocEnvSchema, { IOC_TRUST_PROXY: '0' }).IOC_TRUST_PROXY).toBe(false)
    expect(parseEnv(iocEnvSchema, { IOC_TRUST_PROXY: '1' }).IOC_TRUST_PROXY).toBe(1)
    expect(parseEnv(iocEnvSchema, { IOC_TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).IOC_TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ])
    for (const bad of ['true', '10.0.0.0/33', 'nginx', '1.2.3'])
      expect(() => parseEnv(iocEnvSchema, { IOC_TRUST_PROXY: bad })).toThrow(/IOC_TRUST_PROXY: got/)
  })

  it('listens on loopback and allows no other origin unless told', () => {
    const env = parseEnv(iocEnvSchema, {})
    expect(env.HOST).toBe('127.0.0.1')
    expect(env.IOC_DASHBOARD_ORIGIN).toEqual([])
    expect(env.IOC_REFRESH_TOKEN_DAYS).toBe(30)
    expect(
      parseEnv(iocEnvSchema, { IOC_DASHBOARD_ORIGIN: 'https://ioc.example.vn, http://localhost:5173' })
        .IOC_DASHBOARD_ORIGIN,
    ).toEqual(['https://ioc.example.vn', 'http://localhost:5173'])
    expect(() => parseEnv(iocEnvSchema, { IOC_DASHBOARD_ORIGIN: 'https://ioc.example.vn/' })).toThrow(
      /IOC_DASHBOARD_ORIGIN: got "https:\/\/ioc.example.vn\/", expected origins like/,
    )
  })
})
