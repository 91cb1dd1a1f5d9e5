import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common'
import {
  configAuditListSchema,
  deviceCreateSchema,
  deviceIdSchema,
  readingsQuerySchema,
  rolesThat,
  sensorReadingsSchema,
  sensorViewSchema,
  type AuthClaims,
  type ConfigAuditList,
  type DeviceCreate,
  type ReadingsQuery,
  type SensorReadings,
  type SensorView,
} from '@ioc/contracts'
import { ChangedBy } from '../audit/changed-by.decorator.js'
import { ConfigAuditService, type ChangeBy } from '../audit/config-audit.service.js'
import { CurrentUser, Roles } from '../auth/auth.decorators.js'
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { SensorsService } from './sensors.service.js'

/**
 * Reading is for everybody signed in (wall, tablets), district staff their district's devices
 * (others answer 404 like unknown ids); registering a device is for admins.
 */
@Controller('sensors')
export class SensorsController {
  constructor(
    private readonly sensors: SensorsService,
    private readonly audit: ConfigAuditService,
  ) {}

  @Get()
  @ApiZodResponse(sensorViewSchema.array())
  list(@CurrentUser() user: AuthClaims): Promise<SensorView[]> {
    return this.sensors.list(user)
  }

  @Roles(...rolesThat.configure)
  @Post()
  @ApiZodBody(deviceCreateSchema, 'password is the device MQTT password: stored hashed, never returned')
  @ApiZodResponse(sensorViewSchema, 201)
  create(
    @ChangedBy() by: ChangeBy,
    @Body(new ZodPipe(deviceCreateSchema)) body: DeviceCreate,
  ): Promise<SensorView> {
    return this.sensors.create(by, body)
  }

  // The trail outlives the device: an unknown id answers an empty list.
  @Roles(...rolesThat.configure)
  @Get(':id/audit')
  @ApiZodResponse(configAuditListSchema)
  trail(@Param('id', new ZodPipe(deviceIdSchema, 'id')) id: string): Promise<ConfigAuditList> {
    return this.audit.list('sensor', id)
  }

  @Get(':id')
  @ApiZodResponse(sensorViewSchema)
  get(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ZodPipe(deviceIdSchema, 'id')) id: string,
  ): Promise<SensorView> {
    return this.sensors.get(user, id)
  }

  @Get(':id/readings')
  @ApiZodQuery(readingsQuerySchema)
  @ApiZodResponse(sensorReadingsSchema)
  readings(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ZodPipe(deviceIdSchema, 'id')) id: string,
    @Query(new ZodPipe(readingsQuerySchema)) query: ReadingsQuery,
  ): Promise<SensorReadings> {
    return this.sensors.readings(user, id, query)
  }
}
