// Credentials hide in three places of a camera or broker URL: the user name and password before
// `@`, and query parameters that some vendors use instead. All of them go before a URL is shown.
const SECRET_KEYS = 'user|username|usr|pass|passwd|password|pwd|token|auth|key|secret'
const SECRET_QUERY = new RegExp(`([?&;](?:${SECRET_KEYS})=)[^&;#]*`, 'gi')
const UNMASKED_SECRET = new RegExp(`[?&;](?:${SECRET_KEYS})=(?!\\*\\*\\*(?:[&;#]|$))[^&;#]`, 'i')
// Used only when the URL does not parse: an unencoded `/`, `?` or `#` inside a password is the
// usual cause, so everything up to the first `@` followed by a plausible host is user info.
const LOOSE_USERINFO = /^((?:[a-zA-Z][a-zA-Z0-9+.-]*:)?\/\/)?(.*?)@([^@/?#]*(?:[/?#].*)?)$/s

const MASK = '***'

/**
 * Returns `url` without user name, password or secret query parameters. A URL that does not parse
 * may lose more than its credentials (its host, if a path holds an `@`): a display string missing
 * its host is better than a leaked password.
 */
export function redactUrlCredentials(url: string): string {
  let out: string
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    out = parsed.href
  } catch {
    const m = LOOSE_USERINFO.exec(url)
    out = m ? `${m[1] ?? ''}${m[3] ?? ''}` : url
  }
  return out.replace(SECRET_QUERY, `$1${MASK}`)
}

/** True when `url` still carries something `redactUrlCredentials` would remove. */
export function hasUrlCredentials(url: string): boolean {
  if (UNMASKED_SECRET.test(url)) return true
  try {
    const parsed = new URL(url)
    return parsed.username !== '' || parsed.password !== ''
  } catch {
    return LOOSE_USERINFO.test(url)
  }
}

const URL_IN_TEXT = /\b(?:rtsps?|rtmps?|https?):\/\/[^\s'"]+/gi

/** A line fit for a log or an answer: every URL in it without user info, secrets or publish signatures. */
export function redactUrlsInText(line: string): string {
  return line.replace(URL_IN_TEXT, (url) => redactUrlCredentials(url).replace(/([?&]sign=)[^&\s]*/i, '$1***'))
}
