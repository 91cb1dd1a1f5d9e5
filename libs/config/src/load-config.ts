import { z } from 'zod'

/** One line per problem: the variable, what was given, what is expected. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

/**
 * Parses the environment against a zod object whose keys are the variable names.
 * Throws ConfigError listing every problem at once, so an operator fixes them in one go.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  const result = schema.safeParse(env)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.')
    const given = env[name]
    const shown = given === undefined ? 'nothing' : JSON.stringify(redact(name, given))
    return `${name}: got ${shown}, expected ${issue.message}`
  })
  throw new ConfigError(problems)
}

/** For entry points: print the problems plainly (no stack trace) and exit. */
export function loadConfigOrExit<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  try {
    return parseEnv(schema, env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
}

/** Secrets in URLs never reach a log line, not even in an error message. */
export function redact(name: string, value: string): string {
  if (/PASSWORD|SECRET|TOKEN/i.test(name)) return '***'
  return maskUrlPassword(value)
}

export function maskUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/\s]+)@/i, (_m, scheme: string, cred: string) =>
    cred.includes(':') ? `${scheme}${cred.split(':')[0]}:***@` : `${scheme}${cred}@`,
  )
}
