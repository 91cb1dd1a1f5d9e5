import { z } from 'zod'
import { alertIdSchema } from './alerts.js'
import { usernameSchema } from './common.js'
import { userSchema } from './roles.js'

// GET /api/users?canActOn=<alertId>: who an alert may be assigned to (canBeAssignedTo). The
// answer names people and nothing else: roles and districts are the admins' business.
export const userListQuerySchema = z.object({ canActOn: alertIdSchema })
export type UserListQuery = z.infer<typeof userListQuerySchema>

export const assignableUserSchema = z.object({
  id: userSchema.shape.id,
  // What POST /api/alerts/{id}/assign takes as `assignee`, and the name the console shows (users
  // have no other display name).
  username: usernameSchema,
})
export type AssignableUser = z.infer<typeof assignableUserSchema>

export const assignableUserListSchema = z.object({ items: z.array(assignableUserSchema) })
export type AssignableUserList = z.infer<typeof assignableUserListSchema>
