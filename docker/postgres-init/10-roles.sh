#!/bin/sh
# The two database roles KONEPS runs as (README, "Database roles"), created once by a superuser:
# - the owner (KONEPS_OWNER_ROLE, default koneps_owner) owns the database and everything in it; it
#   runs migrations and provisioning (the compose "migrate" service, the tenants CLI);
# - the application role (KONEPS_APP_ROLE, default koneps_app) is what web and worker connect as:
#   no superuser, no CREATE anywhere, no ownership. The owner grants it its rows at every migration
#   run; on audit tables only INSERT and SELECT.
#
# The postgres image runs this on a new data volume (/docker-entrypoint-initdb.d). Elsewhere, as a
# superuser, with the database created:
#   PGHOST=db.example.internal POSTGRES_USER=postgres POSTGRES_DB=koneps \
#   KONEPS_OWNER_PASSWORD=... KONEPS_APP_PASSWORD=... sh docker/postgres-init/10-roles.sh
# Running it again changes only the passwords.
set -e
: "${POSTGRES_USER:?}" "${POSTGRES_DB:?}" "${KONEPS_OWNER_PASSWORD:?set KONEPS_OWNER_PASSWORD}" "${KONEPS_APP_PASSWORD:?set KONEPS_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" \
  -v owner_role="${KONEPS_OWNER_ROLE:-koneps_owner}" -v owner_password="$KONEPS_OWNER_PASSWORD" \
  -v app_role="${KONEPS_APP_ROLE:-koneps_app}" -v app_password="$KONEPS_APP_PASSWORD" <<'SQL'
select format('create role %I', :'owner_role') where not exists (select from pg_roles where rolname = :'owner_role') \gexec
select format('create role %I', :'app_role') where not exists (select from pg_roles where rolname = :'app_role') \gexec
select format('alter role %I login nosuperuser nocreatedb nocreaterole noreplication password %L', :'owner_role', :'owner_password') \gexec
select format('alter role %I login nosuperuser nocreatedb nocreaterole noreplication password %L', :'app_role', :'app_password') \gexec
-- The owner may create schemas (platform, one per tenant, bullmq); the application role only connects.
select format('alter database %I owner to %I', :'db', :'owner_role') \gexec
-- PostgreSQL 14 and older let every role create in public; 15 already does not.
revoke create on schema public from public;
SQL
