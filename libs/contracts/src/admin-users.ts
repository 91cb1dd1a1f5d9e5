import { z } from 'zod'
import { districtSchema, isoDateTimeSchema, usernameSchema } from './common.js'
import { roleSchema, userSchema } from './roles.js'

// The users screen (/admin/users) and its routes under /api/admin/users, admins only
// (rolesThat.configure). Passwords are write-only; one the server makes up is answered once.

export const userAdminViewSchema = userSchema.extend({
  disabled: z.boolean(),
  createdAt: isoDateTimeSchema,
})
export type UserAdminView = z.infer<typeof userAdminViewSchema>

export const userAdminListSchema = z.object({ items: z.array(userAdminViewSchema) })
export type UserAdminList = z.infer<typeof userAdminListSchema>

export const userPasswordSchema = z
  .string()
  .min(10, { error: 'at least 10 characters' })
  .max(128)
  .meta({ writeOnly: true })

// The username is also the user's id (what alerts name as assignee and actor).
export const userCreateSchema = z
  .object({
    username: usernameSchema.regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, {
      error: '2-64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
    }),
    role: roleSchema,
    // null or absent: the whole province
    district: districtSchema.nullable().default(null),
    // absent: the server makes one up and answers it once
    password: userPasswordSchema.optional(),
  })
  .strict()
export type UserCreate = z.infer<typeof userCreateSchema>
export type UserCreateInput = z.input<typeof userCreateSchema>

export const userPatchSchema = z
  .object({
    role: roleSchema,
    district: districtSchema.nullable(),
    // true signs the user out everywhere (their refresh tokens are revoked) and refuses logins
    disabled: z.boolean(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { error: 'give role, district or disabled' })
export type UserPatch = z.infer<typeof userPatchSchema>

export const userPasswordResetSchema = z.object({ password: userPasswordSchema.optional() }).strict()
export type UserPasswordReset = z.infer<typeof userPasswordResetSchema>

// POST /api/admin/users and POST /api/admin/users/{id}/password: the user, and the password the
// server made up (null when the admin gave one). It is shown once and stored only hashed.
export const userWithPasswordSchema = z.object({
  user: userAdminViewSchema,
  password: z.string().nullable(),
})
export type UserWithPassword = z.infer<typeof userWithPasswordSchema>
