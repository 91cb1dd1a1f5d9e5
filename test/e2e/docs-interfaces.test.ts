// docs/interfaces.md is written from the code; this keeps it so: every environment variable, MQTT
// stream and socket event the code declares must be named there.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { iocEnvSchema } from '@ioc/config'
import { clientEventSchemas, serverEventSchemas, streams } from '@ioc/contracts'

const doc = readFileSync(new URL('../../docs/interfaces.md', import.meta.url), 'utf8')
const missing = (names: readonly string[]) => names.filter((name) => !doc.includes(`\`${name}\``))

describe('docs/interfaces.md', () => {
  it('names every environment variable of iocEnvSchema', () => {
    expect(missing(Object.keys(iocEnvSchema.shape))).toEqual([])
  })

  it('names every MQTT stream of streams', () => {
    expect(missing(Object.values(streams).map((s) => s.filter))).toEqual([])
  })

  it('names every socket event, both ways', () => {
    expect(missing([...Object.keys(serverEventSchemas), ...Object.keys(clientEventSchemas)])).toEqual([])
  })
})
