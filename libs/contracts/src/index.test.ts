import { describe, expect, it } from 'vitest'
import * as contracts from './index.js'

describe('@ioc/contracts', () => {
  it('re-exports every domain from one entry point', () => {
    for (const name of [
      'parseSensorPayload',
      'deviceSchema',
      'cameraSchema',
      'redactUrlCredentials',
      'detectionFrameSchema',
      'alertSchema',
      'ruleSchema',
      'kpiSchema',
      'kpiPillarSchema',
      'kpiViewSchema',
      'kpiValueViewSchema',
      'kpiValuesStoredSchema',
      'cameraCountsSchema',
      'sensorViewSchema',
      'sensorReadingsSchema',
      'deadLetterPageSchema',
      'ruleListSchema',
      'alertBulkBodySchema',
      'alertBulkAnswerSchema',
      'assignableUserListSchema',
      'userSchema',
      'healthSchema',
      'serverEventSchemas',
      'formatZodError',
      'toOpenApiComponents',
      'streams',
    ]) {
      expect(contracts).toHaveProperty(name)
    }
  })
})
