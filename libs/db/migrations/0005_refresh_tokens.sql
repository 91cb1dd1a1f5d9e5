-- Refresh tokens keep a session (a wall display, a tablet) alive past its access token. Only a
-- hash is stored: the table leaks no usable token. Each use rotates the token within its family
-- (one login); a used token presented again means it was copied, and the whole family is revoked.
create table if not exists refresh_tokens (
  token_hash  text primary key,
  family_id   text not null,
  user_id     text not null references users (id) on delete cascade,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  used_at     timestamptz,
  revoked_at  timestamptz
);
create index if not exists refresh_tokens_family on refresh_tokens (family_id);
create index if not exists refresh_tokens_expiry on refresh_tokens (expires_at);

-- An administrator disables a user instead of deleting them (alerts and audit keep naming them):
-- a disabled user can neither log in nor refresh.
alter table users add column if not exists disabled_at timestamptz;
