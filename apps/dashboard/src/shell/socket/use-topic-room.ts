import type { Room, SocketDomain } from '@ioc/contracts'
import { useSession } from '../session/use-session.js'
import { roomFor } from './live-client.js'

/** The room carrying `domain` for the signed-in user (its district's room for district staff). */
export function useTopicRoom(domain: SocketDomain): Room[] {
  const { user } = useSession()
  return user ? [roomFor(user, domain)] : []
}
