import { roomSchema, type AuthClaims, type Room } from '@ioc/contracts'

export type RoomDecision =
  { ok: true; rooms: Room[] } | { ok: false; denied: { room: string; reason: string }[] }

/**
 * Which rooms a user may join. Staff of one district see that district only: its own room and the
 * cameras the caller says are in it; province-wide users may join any room. Domain rooms carry the
 * whole province, so they are closed to district staff.
 */
export function decideRooms(
  user: Pick<AuthClaims, 'district'>,
  requested: readonly string[],
  cameraDistrict: (cameraId: string) => string | null | undefined,
): RoomDecision {
  const denied: { room: string; reason: string }[] = []
  const rooms: Room[] = []
  for (const room of requested) {
    if (!roomSchema.safeParse(room).success) {
      denied.push({ room, reason: 'not a room (domain:<name>, district:<name> or camera:<id>)' })
      continue
    }
    const reason = user.district === null ? null : districtReason(user.district, room, cameraDistrict)
    if (reason) denied.push({ room, reason })
    else rooms.push(room as Room)
  }
  return denied.length > 0 ? { ok: false, denied } : { ok: true, rooms }
}

function districtReason(
  district: string,
  room: string,
  cameraDistrict: (cameraId: string) => string | null | undefined,
): string | null {
  if (room.startsWith('district:')) {
    return room === `district:${district}` ? null : `staff of ${district} see that district only`
  }
  if (room.startsWith('camera:')) {
    return cameraDistrict(room.slice('camera:'.length)) === district ? null : `camera outside ${district}`
  }
  return `staff of ${district} join district:${district}, not province-wide rooms`
}

/** The rooms an event about something in `district` goes to, besides its domain room. */
export function roomsFor(domainRoom: Room, district: string | null): Room[] {
  return district ? [domainRoom, `district:${district}` as Room] : [domainRoom]
}
