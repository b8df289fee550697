"""conduct rules in the database: quiet-hours consent, two visitors, caps, retention, corrections

* ``visit_consent``: evidence of the customer's agreement to a visit in the quiet
  hours; ``visit.consent_id`` points at it. A BEFORE trigger on ``visit`` refuses a
  visit whose local start/end (the branch's zone) lies outside 08:00–22:00 unless
  its consent covers that time, for the same customer. PostgreSQL converts with
  the branch's IANA zone (exact, DST-aware); SQLite has no zone database, so it
  adds ``branch.utc_offset_minutes`` (China has had no DST since 1991; the model
  keeps the offset in step with ``branch.timezone``). Stored times stay UTC:
  a local wall-clock copy on the visit could be written wrong by the same raw
  INSERT the trigger is meant to stop.
* At least two visitors per visit still to happen (planned … in progress), checked at
  COMMIT: on PostgreSQL a
  DEFERRABLE INITIALLY DEFERRED constraint trigger on ``visit`` and
  ``visit_member``; on SQLite (no deferred triggers) triggers keep
  ``visit.team_gap`` = ``-id`` (a row that never exists) while the visit has fewer
  than two members, and that column's DEFERRABLE INITIALLY DEFERRED foreign key
  makes SQLite refuse the COMMIT.
* ``branch.max_sms_per_day``, ``branch.retention_years``, ``notice.last_attempt_at``,
  ``customer.anonymised_at``, ``correction_request``; customer notes may be
  overwritten once, by the anonymisation marker, after the customer is anonymised.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Visits still to happen or under way: the two-visitor rule binds these (history
#: such as completed or no-show visits stays as recorded).
ACTIVE = "('planned', 'notified', 'confirmed', 'in_progress')"
QUIET_MESSAGE = (
    "visit quiet hours: a visit between 22:00 and 08:00 local time needs the customer's "
    "recorded consent (visit_consent) covering its time"
)
TEAM_MESSAGE = "visit team too small: a home visit needs at least two visitors"
#: The text anonymisation writes over a customer note (see hvdesk.rights.retention).
NOTE_MARKER = "[anonymised]"
UTC = hvdesk.model.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "visit_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column(
            "method",
            sa.Enum("sms_reply", "call_recording", "in_person", name="consentmethod",
                    native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("given_at", UTC, nullable=False),
        sa.Column("taken_by_id", sa.Integer(), nullable=False),
        sa.Column("agreed_start", UTC, nullable=False),
        sa.Column("agreed_end", UTC, nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTC, nullable=False),
        sa.CheckConstraint("agreed_end > agreed_start",
                           name=op.f("ck_visit_consent_end_after_start")),
        sa.CheckConstraint("given_at <= recorded_at",
                           name=op.f("ck_visit_consent_given_not_future")),
        sa.CheckConstraint(
            "method <> 'call_recording' OR length(trim(coalesce(reference, ''))) >= 3",
            name=op.f("ck_visit_consent_recording_has_reference"),
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"],
                                name=op.f("fk_visit_consent_customer_id_customer")),
        sa.ForeignKeyConstraint(["taken_by_id"], ["app_user.id"],
                                name=op.f("fk_visit_consent_taken_by_id_app_user")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["app_user.id"],
                                name=op.f("fk_visit_consent_recorded_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_consent")),
    )
    op.create_index(op.f("ix_visit_consent_customer_id"), "visit_consent", ["customer_id"])
    op.create_table(
        "correction_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=20), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTC, nullable=False),
        sa.CheckConstraint("requested_by IN ('customer', 'representative', 'staff')",
                           name=op.f("ck_correction_request_requester_known")),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"],
                                name=op.f("fk_correction_request_customer_id_customer")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["app_user.id"],
                                name=op.f("fk_correction_request_recorded_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction_request")),
    )
    op.create_index(op.f("ix_correction_request_customer_id"), "correction_request",
                    ["customer_id"])

    for name, default in (("max_sms_per_day", "3"), ("retention_years", "5"),
                          ("utc_offset_minutes", "480")):
        op.add_column("branch", sa.Column(name, sa.Integer(), nullable=False,
                                          server_default=default))
    op.add_column("customer", sa.Column("anonymised_at", UTC, nullable=True))
    op.add_column("notice", sa.Column("last_attempt_at", UTC, nullable=True))
    op.create_index(op.f("ix_notice_last_attempt_at"), "notice", ["last_attempt_at"])
    if dialect == "sqlite":
        # ADD COLUMN keeps the table (and everything pointing at it); a batch copy would not.
        op.execute("ALTER TABLE visit ADD COLUMN consent_id INTEGER CONSTRAINT "
                   "fk_visit_consent_id_visit_consent REFERENCES visit_consent (id)")
        op.execute("ALTER TABLE visit ADD COLUMN team_gap INTEGER CONSTRAINT "
                   "fk_visit_team_gap_visit REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED")
    else:
        op.add_column("visit", sa.Column("consent_id", sa.Integer(), nullable=True))
        op.add_column("visit", sa.Column("team_gap", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_visit_consent_id_visit_consent"), "visit",
                              "visit_consent", ["consent_id"], ["id"])
        # Unused here (a constraint trigger checks the team), kept so both schemas match.
        op.create_foreign_key(op.f("fk_visit_team_gap_visit"), "visit", "visit",
                              ["team_gap"], ["id"])
    op.create_index(op.f("ix_visit_consent_id"), "visit", ["consent_id"])
    if dialect == "postgresql":
        _postgres_up()
    else:
        _sqlite_up()


# --- PostgreSQL ----------------------------------------------------------------------


def _postgres_up() -> None:
    op.execute(
        "CREATE FUNCTION hv_visit_quiet_hours() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE zone text; ls timestamp; le timestamp; "
        "BEGIN "
        "  SELECT timezone INTO zone FROM branch WHERE id = NEW.branch_id; "
        "  ls := NEW.planned_start AT TIME ZONE zone; le := NEW.planned_end AT TIME ZONE zone; "
        "  IF (ls::date <> le::date OR ls::time < time '08:00' OR le::time > time '22:00') "
        "     AND NOT EXISTS (SELECT 1 FROM visit_consent c WHERE c.id = NEW.consent_id "
        "       AND c.customer_id = NEW.customer_id AND c.agreed_start <= NEW.planned_start "
        "       AND c.agreed_end >= NEW.planned_end) THEN "
        f"    RAISE EXCEPTION '{_sql(QUIET_MESSAGE)}' USING ERRCODE = 'check_violation'; "
        "  END IF; "
        "  RETURN NEW; "
        "END $$"
    )
    op.execute(
        "CREATE TRIGGER visit_quiet_hours BEFORE INSERT OR UPDATE OF planned_start, planned_end, "
        "consent_id, customer_id, branch_id ON visit FOR EACH ROW "
        "EXECUTE FUNCTION hv_visit_quiet_hours()"
    )
    op.execute(
        "CREATE FUNCTION hv_visit_team_check() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE vid integer; st text; n integer; "
        "BEGIN "
        "  IF TG_TABLE_NAME = 'visit' THEN vid := NEW.id; ELSE vid := OLD.visit_id; END IF; "
        "  SELECT status INTO st FROM visit WHERE id = vid; "
        f"  IF NOT FOUND OR st NOT IN {ACTIVE} THEN RETURN NULL; END IF; "
        "  SELECT count(*) INTO n FROM visit_member WHERE visit_id = vid; "
        "  IF n < 2 THEN "
        f"    RAISE EXCEPTION '{_sql(TEAM_MESSAGE)} (visit %, % visitors)', vid, n "
        "      USING ERRCODE = 'check_violation'; "
        "  END IF; "
        "  RETURN NULL; "
        "END $$"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER visit_team_min AFTER INSERT OR UPDATE OF status ON visit "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hv_visit_team_check()"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER visit_member_team_min AFTER DELETE OR UPDATE ON visit_member "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hv_visit_team_check()"
    )
    op.execute(
        "CREATE FUNCTION hv_visit_consent_fixed() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'visit_consent is evidence: it cannot be changed or deleted'; "
        "END $$"
    )
    op.execute(
        "CREATE TRIGGER visit_consent_fixed BEFORE UPDATE OF customer_id, method, given_at, "
        "taken_by_id, agreed_start, agreed_end, recorded_at OR DELETE ON visit_consent "
        "FOR EACH ROW EXECUTE FUNCTION hv_visit_consent_fixed()"
    )
    # Replace 0002's note guard: one overwrite by the marker once the customer is anonymised.
    op.execute(
        "CREATE OR REPLACE FUNCTION customer_note_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"  IF TG_OP = 'UPDATE' AND NEW.text = '{NOTE_MARKER}' AND NEW.id = OLD.id "
        "     AND NEW.customer_id = OLD.customer_id AND NEW.author_id = OLD.author_id "
        "     AND NEW.created_at = OLD.created_at AND EXISTS (SELECT 1 FROM customer c "
        "       WHERE c.id = NEW.customer_id AND c.anonymised_at IS NOT NULL) THEN "
        "    RETURN NEW; "
        "  END IF; "
        "  RAISE EXCEPTION 'customer_note is append-only'; "
        "END $$"
    )


def _sql(text: str) -> str:
    return text.replace("'", "''")


# --- SQLite --------------------------------------------------------------------------


def _local(column: str) -> str:
    offset = "(SELECT utc_offset_minutes FROM branch WHERE id = NEW.branch_id)"
    return f"strftime('%Y-%m-%d %H:%M:%f', NEW.{column}, {offset} || ' minutes')"


def _sqlite_up() -> None:
    ls, le = _local("planned_start"), _local("planned_end")
    quiet = (
        f"(substr({ls}, 1, 10) <> substr({le}, 1, 10) OR substr({ls}, 12) < '08:00:00.000' "
        f"OR substr({le}, 12) > '22:00:00.000')"
    )
    consented = (
        "EXISTS (SELECT 1 FROM visit_consent c WHERE c.id = NEW.consent_id "
        "AND c.customer_id = NEW.customer_id AND c.agreed_start <= NEW.planned_start "
        "AND c.agreed_end >= NEW.planned_end)"
    )
    raise_quiet = f"BEGIN SELECT RAISE(ABORT, '{_sql(QUIET_MESSAGE)}'); END"
    op.execute(
        f"CREATE TRIGGER visit_quiet_hours_insert BEFORE INSERT ON visit "
        f"WHEN {quiet} AND NOT {consented} {raise_quiet}"
    )
    op.execute(
        "CREATE TRIGGER visit_quiet_hours_update BEFORE UPDATE OF planned_start, planned_end, "
        f"consent_id, customer_id, branch_id ON visit WHEN {quiet} AND NOT {consented} "
        f"{raise_quiet}"
    )
    members = "(SELECT count(*) FROM visit_member m WHERE m.visit_id = {vid})"
    new_members, old_members = members.format(vid="NEW.id"), members.format(vid="OLD.visit_id")
    op.execute(
        f"CREATE TRIGGER visit_team_gap_insert AFTER INSERT ON visit "
        f"WHEN NEW.status IN {ACTIVE} AND {new_members} < 2 "
        "BEGIN UPDATE visit SET team_gap = -NEW.id WHERE id = NEW.id; END"
    )
    op.execute(
        "CREATE TRIGGER visit_team_gap_active AFTER UPDATE OF status ON visit "
        f"WHEN NEW.status IN {ACTIVE} AND {new_members} < 2 AND NEW.team_gap IS NULL "
        "BEGIN UPDATE visit SET team_gap = -NEW.id WHERE id = NEW.id; END"
    )
    op.execute(
        "CREATE TRIGGER visit_team_gap_freed AFTER UPDATE OF status ON visit "
        f"WHEN NEW.status NOT IN {ACTIVE} AND NEW.team_gap IS NOT NULL "
        "BEGIN UPDATE visit SET team_gap = NULL WHERE id = NEW.id; END"
    )
    op.execute(
        "CREATE TRIGGER visit_team_gap_guard BEFORE UPDATE OF team_gap ON visit "
        "WHEN NEW.team_gap IS NOT NULL AND NEW.team_gap <> -NEW.id "
        f"OR NEW.team_gap IS NULL AND NEW.status IN {ACTIVE} AND {new_members} < 2 "
        f"BEGIN SELECT RAISE(ABORT, '{TEAM_MESSAGE}'); END"
    )
    op.execute(
        "CREATE TRIGGER visit_member_team_insert AFTER INSERT ON visit_member "
        f"WHEN {members.format(vid='NEW.visit_id')} >= 2 "
        "BEGIN UPDATE visit SET team_gap = NULL WHERE id = NEW.visit_id "
        "AND team_gap IS NOT NULL; END"
    )
    op.execute(
        "CREATE TRIGGER visit_member_team_delete AFTER DELETE ON visit_member "
        f"WHEN {old_members} < 2 BEGIN UPDATE visit SET team_gap = -id WHERE id = OLD.visit_id "
        f"AND status IN {ACTIVE} AND team_gap IS NULL; END"
    )
    op.execute(
        "CREATE TRIGGER visit_member_no_move BEFORE UPDATE OF visit_id ON visit_member "
        "BEGIN SELECT RAISE(ABORT, 'a visit member cannot move to another visit'); END"
    )
    for verb in ("UPDATE OF customer_id, method, given_at, taken_by_id, agreed_start, "
                 "agreed_end, recorded_at", "DELETE"):
        name = "update" if verb.startswith("UPDATE") else "delete"
        op.execute(
            f"CREATE TRIGGER visit_consent_no_{name} BEFORE {verb} ON visit_consent BEGIN "
            "SELECT RAISE(ABORT, 'visit_consent is evidence: it cannot be changed or deleted'); "
            "END"
        )
    op.execute("DROP TRIGGER IF EXISTS customer_note_no_update")
    op.execute(
        "CREATE TRIGGER customer_note_no_update BEFORE UPDATE ON customer_note "
        f"WHEN NOT (NEW.text = '{NOTE_MARKER}' AND NEW.id = OLD.id "
        "AND NEW.customer_id = OLD.customer_id AND NEW.author_id = OLD.author_id "
        "AND NEW.created_at = OLD.created_at AND EXISTS (SELECT 1 FROM customer c "
        "WHERE c.id = NEW.customer_id AND c.anonymised_at IS NOT NULL)) "
        "BEGIN SELECT RAISE(ABORT, 'customer_note is append-only'); END"
    )


SQLITE_TRIGGERS = (
    "visit_quiet_hours_insert", "visit_quiet_hours_update", "visit_team_gap_insert",
    "visit_team_gap_active", "visit_team_gap_freed",
    "visit_team_gap_guard", "visit_member_team_insert",
    "visit_member_team_delete", "visit_member_no_move", "visit_consent_no_update",
    "visit_consent_no_delete",
)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS visit_quiet_hours ON visit")
        op.execute("DROP TRIGGER IF EXISTS visit_team_min ON visit")
        op.execute("DROP TRIGGER IF EXISTS visit_member_team_min ON visit_member")
        op.execute("DROP TRIGGER IF EXISTS visit_consent_fixed ON visit_consent")
        for fn in ("hv_visit_quiet_hours", "hv_visit_team_check", "hv_visit_consent_fixed"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}()")
        op.execute(
            "CREATE OR REPLACE FUNCTION customer_note_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'customer_note is append-only'; END $$"
        )
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TRIGGER IF EXISTS customer_note_no_update")
        op.execute(
            "CREATE TRIGGER customer_note_no_update BEFORE UPDATE ON customer_note "
            "BEGIN SELECT RAISE(ABORT, 'customer_note is append-only'); END"
        )
    op.drop_index(op.f("ix_visit_consent_id"), table_name="visit")
    with op.batch_alter_table("visit") as batch:
        if dialect == "postgresql":
            batch.drop_constraint(op.f("fk_visit_team_gap_visit"), type_="foreignkey")
            batch.drop_constraint(op.f("fk_visit_consent_id_visit_consent"), type_="foreignkey")
        batch.drop_column("team_gap")
        batch.drop_column("consent_id")
    op.drop_index(op.f("ix_notice_last_attempt_at"), table_name="notice")
    with op.batch_alter_table("notice") as batch:
        batch.drop_column("last_attempt_at")
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("anonymised_at")
    with op.batch_alter_table("branch") as batch:
        for name in ("utc_offset_minutes", "retention_years", "max_sms_per_day"):
            batch.drop_column(name)
    op.drop_index(op.f("ix_correction_request_customer_id"), table_name="correction_request")
    op.drop_table("correction_request")
    op.drop_index(op.f("ix_visit_consent_customer_id"), table_name="visit_consent")
    op.drop_table("visit_consent")
