import { z } from 'zod'

export const errorDetailSchema = z.object({
  path: z.string(),
  message: z.string(),
})
export type ErrorDetail = z.infer<typeof errorDetailSchema>

// One body for every failed request and socket ack, so clients need a single error path.
export const errorBodySchema = z.object({
  code: z.string().min(1).max(100),
  message: z.string(),
  details: z.array(errorDetailSchema).optional(),
})
export type ErrorBody = z.infer<typeof errorBodySchema>

// Codes shared by every module; modules add their own (e.g. `camera_unreachable`).
export const commonErrorCodes = {
  validation: 'validation_failed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  tooLarge: 'payload_too_large',
  unavailable: 'service_unavailable',
  internal: 'internal_error',
} as const

// How many issues the one-line message names; `details` always holds all of them.
const MESSAGE_ISSUES = 3

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'symbol' ? (key.description ?? 'symbol') : String(key))).join('.')
}

function issueDetails(issue: z.core.$ZodIssue, parent: readonly PropertyKey[]): ErrorDetail[] {
  const path = [...parent, ...issue.path]
  // A record key's own issue says what is wrong with it; "Invalid key in record" does not.
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    return issue.issues.flatMap((inner) => issueDetails(inner, path))
  }
  if (issue.code === 'invalid_element' && issue.issues.length > 0) {
    return issue.issues.flatMap((inner) => issueDetails(inner, path))
  }
  return [{ path: formatPath(path), message: issue.message }]
}

/**
 * Turns a zod error into the API's error body. The message names the offending fields so that a
 * log line or a toast is useful without the details.
 */
export function formatZodError(err: z.core.$ZodError): ErrorBody & { details: ErrorDetail[] } {
  const details = err.issues.flatMap((issue) => issueDetails(issue, []))
  const named = details
    .slice(0, MESSAGE_ISSUES)
    .map((d) => `${d.path === '' ? '(root)' : d.path}: ${d.message}`)
    .join('; ')
  const more = details.length > MESSAGE_ISSUES ? ` (and ${details.length - MESSAGE_ISSUES} more)` : ''
  return {
    code: commonErrorCodes.validation,
    message: details.length === 0 ? 'Validation failed' : `Validation failed: ${named}${more}`,
    details,
  }
}
