"""SQL of the server-side functions and row-level security policies.

Every function that looks up "who am I" is SECURITY DEFINER with a fixed
search_path: it reads ``app_user`` as the owner (no row-level security) and
matches ``session_user`` -- the login role the desk connected with, which
``SET ROLE`` cannot change -- against ``app_user.db_role``.
"""

from __future__ import annotations

from collections.abc import Iterable

from hvdesk.model.changelog import KEEP_HOURS
from hvdesk.security import pg_grants, pg_roles
from hvdesk.security.roles import Role

#: Row-level security: how each table's rows reach a branch.
#: Tables whose rows belong to one user (saved filters, login sessions).
OWN_ROWS: tuple[str, ...] = ("saved_filter", "cli_session")
BRANCH_TABLES = ("customer", "visit", "customer_search", "map_cell")
VIA_CUSTOMER = ("loan_account", "customer_note", "repayment", "promise_to_pay", "complaint_case",
                "visit_consent", "correction_request")
VIA_VISIT = ("feedback", "notice", "visit_booking", "visit_cost", "visit_member", "visit_report")
VIA_REPORT = ("report_attachment", "report_event", "report_revision", "visit_flag")
#: Shared by every branch, or not personal: no row-level security.
UNRESTRICTED = ("branch", "geocode_cache", "audit_event", "alembic_version")
#: Names tables and ids only, for every desk to follow: readable and insertable by
#: all, deletable only once older than ``KEEP_HOURS`` (pruning, never hiding news).
CHANGE_LOG = "change_log"

_ME = "app_user WHERE db_role = session_user::text AND active"
_BRANCH = "branch_id = (SELECT hvdesk_current_branch()) OR (SELECT hvdesk_sees_all())"


def _roles(predicate: object) -> str:
    names = [r.value for r in Role if callable(predicate) and predicate(r)]
    return ", ".join(f"'{n}'" for n in names) or "NULL"


def function_sql(schema: str) -> list[str]:
    path = f'SET search_path = "{schema}", pg_temp'
    definer = f"SECURITY DEFINER {path}"
    reveal_roles = _roles(pg_grants.may_reveal)
    all_branch_roles = _roles(pg_grants.sees_all_branches)
    manage_roles = _roles(pg_grants.manages_users)
    groups = ", ".join(f"'{r.value}'" for r in Role)
    infix = pg_roles.LOGIN_INFIX
    return [
        f"""CREATE OR REPLACE FUNCTION hvdesk_login_role_name(p_login text) RETURNS text
        LANGUAGE sql STABLE {definer} AS $$
          SELECT CASE WHEN octet_length(p || '{infix}' || p_login) <= {pg_roles.MAX_NAME}
                 THEN p || '{infix}' || p_login
                 ELSE p || '{infix}' || left(p_login, 30) || '_' || left(md5(p_login), 8)
                 END
          FROM (SELECT value AS p FROM db_meta WHERE key = '{pg_roles.META_ROLE_PREFIX}') m
        $$""",
        # The audit chain's trigger (migration 0009) names the actor of an event
        # written on a user's own login role: the app login behind that role.
        f"""CREATE OR REPLACE FUNCTION audit_actor(role_name name, OUT login text,
                                                   OUT user_id integer)
        LANGUAGE sql STABLE {definer} AS $$
          SELECT coalesce(u.login, role_name::text), u.id
          FROM (SELECT 1) one
          LEFT JOIN app_user u ON u.db_role = role_name::text
        $$""",
        f"""CREATE OR REPLACE FUNCTION hvdesk_current_user_id() RETURNS integer
        LANGUAGE sql STABLE {definer} AS $$ SELECT id FROM {_ME} $$""",
        f"""CREATE OR REPLACE FUNCTION hvdesk_current_branch() RETURNS integer
        LANGUAGE sql STABLE {definer} AS $$ SELECT branch_id FROM {_ME} $$""",
        f"""CREATE OR REPLACE FUNCTION hvdesk_own_password_hash() RETURNS text
        LANGUAGE sql STABLE {definer} AS $$ SELECT password_hash FROM {_ME} $$""",
        f"""CREATE OR REPLACE FUNCTION hvdesk_sees_all() RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
          SELECT coalesce((SELECT role IN ({all_branch_roles}) FROM {_ME}), false)
        $$""",
        f"""CREATE OR REPLACE FUNCTION hvdesk_is_owner() RETURNS boolean
        LANGUAGE sql STABLE {definer} AS $$
          SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
              OR pg_has_role(session_user, (SELECT datdba FROM pg_database
                                            WHERE datname = current_database()), 'MEMBER')
        $$""",
        # The full view for roles without SELECT on the ciphertexts: checks the
        # reason, the role and the branch, writes the audit event, and returns
        # the ciphertext (the desk holds the key and decrypts).
        f"""CREATE OR REPLACE FUNCTION hvdesk_reveal(
            p_customer_id integer, p_what text, p_reason text, p_desk text DEFAULT NULL)
        RETURNS bytea LANGUAGE plpgsql VOLATILE {definer} AS $$
        DECLARE
          me app_user%ROWTYPE;
          v_branch integer;
          v_value bytea;
        BEGIN
          IF p_reason IS NULL OR btrim(p_reason) = '' THEN
            RAISE EXCEPTION 'say why you need the full number' USING ERRCODE = '22023';
          END IF;
          SELECT * INTO me FROM {_ME};
          IF NOT FOUND OR me.role NOT IN ({reveal_roles}) THEN
            RAISE EXCEPTION '% may not see full numbers', session_user USING ERRCODE = '42501';
          END IF;
          IF p_what NOT IN ('id_number', 'phone') THEN
            RAISE EXCEPTION 'can reveal id_number or phone only' USING ERRCODE = '22023';
          END IF;
          SELECT c.branch_id, CASE WHEN p_what = 'id_number' THEN c.id_enc ELSE c.phone_enc END
            INTO v_branch, v_value FROM customer c WHERE c.id = p_customer_id;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'no customer with id %', p_customer_id USING ERRCODE = 'P0002';
          END IF;
          IF me.role NOT IN ({all_branch_roles}) AND v_branch IS DISTINCT FROM me.branch_id THEN
            RAISE EXCEPTION '% may not open customers of another branch', me.login
              USING ERRCODE = '42501';
          END IF;
          INSERT INTO audit_event
            (at, actor_id, actor_login, action, entity, entity_id, desk, detail)
          VALUES (now(), me.id, me.login, 'view_full', 'customer', p_customer_id::text,
                  left(coalesce(nullif(p_desk, ''), host(inet_client_addr()), 'server'), 100),
                  json_build_object('field', p_what, 'reason', btrim(p_reason), 'via', 'server'));
          RETURN v_value;
        END $$""",
        # Creates or updates a user's login role from app_user: LOGIN while
        # active, member of exactly the group of its app role, and (given a
        # SCRAM verifier, never a clear password) a new password. Admins for
        # anyone, a user for themselves, the owner for ``init-server``.
        f"""CREATE OR REPLACE FUNCTION hvdesk_sync_login(p_user_id integer, p_verifier text)
        RETURNS text LANGUAGE plpgsql VOLATILE {definer} AS $$
        DECLARE
          u app_user%ROWTYPE;
          me app_user%ROWTYPE;
          v_prefix text;
          v_name text;
          v_role text;
        BEGIN
          SELECT * INTO u FROM app_user WHERE id = p_user_id;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'no user with id %', p_user_id USING ERRCODE = 'P0002';
          END IF;
          IF NOT hvdesk_is_owner() THEN
            SELECT * INTO me FROM {_ME};
            IF NOT FOUND OR NOT (me.role IN ({manage_roles}) OR me.id = u.id) THEN
              RAISE EXCEPTION '% may not manage database logins', session_user
                USING ERRCODE = '42501';
            END IF;
          END IF;
          IF p_verifier IS NOT NULL AND p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
            RAISE EXCEPTION 'passwords reach the server as SCRAM verifiers only'
              USING ERRCODE = '22023';
          END IF;
          SELECT value INTO v_prefix FROM db_meta WHERE key = '{pg_roles.META_ROLE_PREFIX}';
          v_name := coalesce(u.db_role, hvdesk_login_role_name(u.login));
          IF left(v_name, length(v_prefix)) <> v_prefix THEN
            RAISE EXCEPTION 'role % is not one of this database', v_name USING ERRCODE = '42501';
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE '
                           'NOREPLICATION NOBYPASSRLS', v_name);
          END IF;
          EXECUTE format('ALTER ROLE %I %s', v_name,
                         CASE WHEN u.active THEN 'LOGIN' ELSE 'NOLOGIN' END);
          IF p_verifier IS NOT NULL THEN
            EXECUTE format('ALTER ROLE %I PASSWORD %L', v_name, p_verifier);
          END IF;
          IF NOT u.active THEN
            -- A disabled user's open sessions end now, not at their next sign-in
            -- (needs the owner to be in pg_signal_backend; else NOLOGIN alone).
            BEGIN
              PERFORM pg_terminate_backend(a.pid) FROM pg_stat_activity a
                WHERE a.usename = v_name AND a.pid <> pg_backend_pid();
            EXCEPTION WHEN insufficient_privilege THEN
              RAISE NOTICE 'open sessions of % stay until they end', v_name;
            END;
          END IF;
          FOREACH v_role IN ARRAY ARRAY[{groups}] LOOP
            IF v_role = u.role::text THEN
              EXECUTE format('GRANT %I TO %I', v_prefix || v_role, v_name);
            ELSIF pg_has_role(v_name, v_prefix || v_role, 'MEMBER') THEN
              EXECUTE format('REVOKE %I FROM %I', v_prefix || v_role, v_name);
            END IF;
          END LOOP;
          IF u.db_role IS DISTINCT FROM v_name THEN
            UPDATE app_user SET db_role = v_name WHERE id = u.id;
          END IF;
          RETURN v_name;
        END $$""",
        "REVOKE ALL ON FUNCTION hvdesk_login_role_name(text), hvdesk_current_user_id(), "
        "hvdesk_current_branch(), hvdesk_sees_all(), hvdesk_is_owner(), "
        "hvdesk_own_password_hash(), "
        "hvdesk_reveal(integer, text, text, text), hvdesk_sync_login(integer, text) FROM PUBLIC",
    ]


def _policy(table: str, name: str, using: str, command: str = "ALL",
            check: str | None = None) -> list[str]:
    stmt = f"CREATE POLICY {name} ON {table} FOR {command}"
    if command != "INSERT":
        stmt += f" USING ({using})"
    if command in ("ALL", "INSERT", "UPDATE"):
        stmt += f" WITH CHECK ({check or using})"
    return [f"DROP POLICY IF EXISTS {name} ON {table}", stmt]


def policy_sql(tables: Iterable[str]) -> list[str]:
    present = set(tables)
    out: list[str] = []

    def add(table: str, *policies: list[str]) -> None:
        if table not in present:
            return
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for p in policies:
            out.extend(p)

    for table in BRANCH_TABLES:
        add(table, _policy(table, "hvdesk_branch", _BRANCH))
    for table in VIA_CUSTOMER:
        add(table, _policy(table, "hvdesk_branch",
                           f"EXISTS (SELECT 1 FROM customer p WHERE p.id = {table}.customer_id)"))
    for table in VIA_VISIT:
        add(table, _policy(table, "hvdesk_branch",
                           f"EXISTS (SELECT 1 FROM visit p WHERE p.id = {table}.visit_id)"))
    for table in VIA_REPORT:
        add(table, _policy(table, "hvdesk_branch",
                           f"EXISTS (SELECT 1 FROM visit_report p WHERE p.id = {table}.report_id)"))
    add("cost_setting", _policy("cost_setting", "hvdesk_branch", f"branch_id IS NULL OR {_BRANCH}"))
    for table in OWN_ROWS:
        add(table, _policy(table, "hvdesk_own", "user_id = (SELECT hvdesk_current_user_id())"))
    add("visitor_leave", _policy(
        "visitor_leave", "hvdesk_branch",
        "EXISTS (SELECT 1 FROM app_user p WHERE p.id = visitor_leave.user_id)"))
    owner_keys = ", ".join(f"'{k}'" for k in pg_grants.META_OWNER_KEYS)
    shared = " OR ".join(f"left(key, {len(p)}) = '{p}'" for p in pg_grants.META_SHARED_PREFIXES)
    meta_write = f"key NOT IN ({owner_keys}) AND ({shared} OR (SELECT hvdesk_sees_all()))"
    add(
        "db_meta",
        _policy("db_meta", "hvdesk_read", "true", "SELECT"),
        _policy("db_meta", "hvdesk_insert", "", "INSERT", meta_write),
        _policy("db_meta", "hvdesk_update", meta_write, "UPDATE"),
        _policy("db_meta", "hvdesk_delete", meta_write, "DELETE"),
    )
    add(
        CHANGE_LOG,
        _policy(CHANGE_LOG, "hvdesk_read", "true", "SELECT"),
        _policy(CHANGE_LOG, "hvdesk_insert", "", "INSERT", "true"),
        _policy(CHANGE_LOG, "hvdesk_prune", f"at < now() - interval '{KEEP_HOURS} hours'",
                "DELETE"),
    )
    me = "db_role = session_user::text"
    add(
        "app_user",
        _policy("app_user", "hvdesk_read", f"branch_id IS NULL OR {me} OR {_BRANCH}", "SELECT"),
        _policy("app_user", "hvdesk_update", f"{me} OR (SELECT hvdesk_sees_all())", "UPDATE"),
        _policy("app_user", "hvdesk_insert", "", "INSERT", "(SELECT hvdesk_sees_all())"),
    )
    return out
