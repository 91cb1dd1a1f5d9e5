import { readFile } from 'node:fs/promises'
import { deviceCreateSchema, formatZodError } from '@ioc/contracts'
import { hashSecret, type DevicesRepository } from '@ioc/db'

/**
 * Registers devices from a JSON file (an array of `DeviceCreate`, passwords in clear), as a
 * province does when a batch of sensors is installed; the demo registers its simulated sensors so.
 * Every entry is checked first: one bad entry registers nothing.
 */
export async function provisionDevices(file: string, devices: DevicesRepository): Promise<number> {
  const parsed = deviceCreateSchema.array().safeParse(JSON.parse(await readFile(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file}: ${formatZodError(parsed.error).message}`)
  for (const { password, ...device } of parsed.data) {
    await devices.upsert(device, await hashSecret(password))
  }
  return parsed.data.length
}
