import {
  canSeeCamera,
  roleSchema,
  roomSchema,
  seesCameraKind,
  socketErrorCodes,
  commonErrorCodes,
  type AuthClaims,
  type Role,
  type Room,
} from '@ioc/contracts'

/**
 * Rooms one connection may be in at once: a 4x4 wall joins 16 camera rooms plus a few domain and
 * district rooms; 64 leaves room for the largest screen and bounds what one client costs the api.
 */
export const MAX_ROOMS_PER_CLIENT = 64

export type RoomDecision = { ok: true; rooms: Room[] } | { ok: false; code: string; denied: Denial[] }

/** `unknown`: the room names a camera or district the directory does not know (yet). */
export interface Denial {
  room: string
  reason: string
  unknown?: boolean
}

/** What the policy needs to know of the site: which cameras and districts exist. */
export interface RoomDirectory {
  camera(id: string): { kind: string; district: string | null } | null
  hasDistrict(district: string): boolean
}

type Who = Pick<AuthClaims, 'role' | 'district'>

/**
 * Which rooms a user may join (the socket half of docs/permissions.md). A room must name what
 * exists: a domain, a district with registered cameras or devices (or the user's own), a
 * registered camera. Staff of one district join that district and its cameras only; domain rooms
 * carry the whole province, so they are closed to them. A camera room carries the camera's boxes:
 * only for roles that watch its kind. All or nothing: one refused room refuses the request.
 */
export function decideRooms(
  user: Who,
  requested: readonly string[],
  directory: RoomDirectory,
  joined: ReadonlySet<string> = new Set(),
): RoomDecision {
  const denied: Denial[] = []
  const rooms: Room[] = []
  for (const room of new Set(requested)) {
    const refused = roomSchema.safeParse(room).success
      ? refusal(user, room, directory)
      : { reason: 'not a room (domain:<name>, district:<name> or camera:<id>)' }
    if (refused) denied.push({ room, ...refused })
    else rooms.push(room as Room)
  }
  if (denied.length > 0) return { ok: false, code: commonErrorCodes.forbidden, denied }
  const added = rooms.filter((r) => !joined.has(r))
  if (joined.size + added.length > MAX_ROOMS_PER_CLIENT) {
    const reason = `this connection is in ${joined.size} rooms and may be in at most ${MAX_ROOMS_PER_CLIENT}: unsubscribe from some first`
    return { ok: false, code: socketErrorCodes.tooManyRooms, denied: added.map((room) => ({ room, reason })) }
  }
  return { ok: true, rooms }
}

/** Why `user` may not join the well-formed `room`, or null when they may. */
function refusal(user: Who, room: string, directory: RoomDirectory): Omit<Denial, 'room'> | null {
  const staff = user.district
  if (room.startsWith('district:')) {
    const district = room.slice('district:'.length)
    if (staff !== null)
      return district === staff ? null : { reason: `staff of ${staff} see that district only` }
    if (directory.hasDistrict(district)) return null
    return { reason: `no district ${district} (no camera or device is in it)`, unknown: true }
  }
  if (room.startsWith('camera:')) {
    const id = room.slice('camera:'.length)
    const camera = directory.camera(id)
    if (!camera) return { reason: `no camera ${id}`, unknown: true }
    if (!seesCameraKind(user, camera.kind))
      return { reason: `role ${user.role} watches no ${camera.kind} cameras` }
    return canSeeCamera(user, camera) ? null : { reason: `camera outside ${staff}` }
  }
  return staff === null
    ? null
    : { reason: `staff of ${staff} join district:${staff}, not province-wide rooms` }
}

/** The rooms an event about something in `district` goes to, besides its domain room. */
export function roomsFor(domainRoom: Room, district: string | null): Room[] {
  return district ? [domainRoom, `district:${district}` as Room] : [domainRoom]
}

/**
 * Every connection is put in the room of its role by the server. Clients cannot ask for it (it is
 * no Room), and pushes use it to skip the roles an event is not for (another kind's camera status).
 */
export const roleRoom = (role: Role): string => `role:${role}`

/** The role rooms to skip when pushing something about a camera of `kind`. */
export function rolesNotWatching(kind: string): string[] {
  return roleSchema.options.filter((role) => !seesCameraKind({ role }, kind)).map(roleRoom)
}
