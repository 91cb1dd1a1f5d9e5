import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { advertisedMediaUrl } from './media-address.js'

const iface = (address: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address, internal, family, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo
const interfaces = {
  lo: [iface('127.0.0.1', true)],
  eth0: [iface('fe80::1', false, 'IPv6'), iface('10.42.0.17', false)],
}

describe('advertisedMediaUrl', () => {
  it('says what IOC_MEDIA_ADVERTISED_URL names', () => {
    const env = { IOC_MEDIA_ADVERTISED_URL: 'http://ingest-0.ingest:18080/', IOC_MEDIA_HOST: '127.0.0.1' }
    expect(advertisedMediaUrl({ ...env, IOC_MEDIA_HTTP_PORT: 18080 }, interfaces)).toBe(
      'http://ingest-0.ingest:18080',
    )
  })

  it('listening on every address, gives the first external IPv4 address', () => {
    const env = { IOC_MEDIA_HOST: '0.0.0.0', IOC_MEDIA_HTTP_PORT: 18081 }
    expect(advertisedMediaUrl(env, interfaces)).toBe('http://10.42.0.17:18081')
  })

  it('on loopback says nothing: the api uses its own IOC_MEDIA_HTTP_URL', () => {
    expect(
      advertisedMediaUrl({ IOC_MEDIA_HOST: '127.0.0.1', IOC_MEDIA_HTTP_PORT: 18080 }, interfaces),
    ).toBeNull()
  })
})
