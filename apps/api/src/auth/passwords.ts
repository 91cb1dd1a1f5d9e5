import bcrypt from 'bcryptjs'

// 2^10 rounds: ~70-100 ms per check in pure JS on this class of machine, slow enough for offline
// guessing, fast enough that logins and the rate limiter stay responsive.
const rounds = 10

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, rounds)
}

export function checkPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash)
}

/** Compared against when the user does not exist, so a wrong username takes as long as a wrong password. */
export const unknownUserHash = bcrypt.hashSync('unknown-user-placeholder', rounds)
