import { createHash } from 'node:crypto'

/**
 * One id for all api replicas of a deployment, named after the database they share, so that two
 * deployments (or test runs) on one broker never take each other's messages. Replicas must reach
 * the database by the same host, port and name to get the same id.
 */
export function deploymentId(databaseUrl: string): string {
  const url = new URL(databaseUrl)
  const identity = `${url.hostname}:${url.port || '5432'}${url.pathname}`
  return createHash('sha256').update(identity).digest('hex').slice(0, 12)
}
