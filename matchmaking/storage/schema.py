"""Versioned schema migrations. Each migration is a list of statements, applied in order
inside one ``BEGIN IMMEDIATE`` transaction, and recorded in ``schema_migrations``.

Rules the schema itself enforces (so no code path, and no second process, can break them):
- a person is in at most one live meeting per slot (``meeting_seats`` + partial unique index,
  kept in step with ``meetings`` by triggers);
- a table hosts at most one live meeting per slot; a pair meets at most once;
- the audit log is append-only.
"""

from __future__ import annotations

from matchmaking.domain.vocabulary import LIVE_MEETING_STATUSES

LIVE_SQL = "(" + ", ".join(f"'{s}'" for s in LIVE_MEETING_STATUSES) + ")"  # for SQL

MIGRATIONS: list[tuple[str, list[str]]] = [
    ("initial schema", [
        """CREATE TABLE event (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            venue TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            timezone TEXT NOT NULL DEFAULT 'Africa/Casablanca',
            slot_minutes INTEGER NOT NULL DEFAULT 20,
            days TEXT NOT NULL DEFAULT '[]',        -- JSON: dates, opening hours, breaks
            settings TEXT NOT NULL DEFAULT '{}',    -- JSON: allowed pairs, limits, ...
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL)""",
        """CREATE TABLE slots (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,                      -- local date of the event day
            start_utc TEXT NOT NULL UNIQUE,
            end_utc TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('meeting', 'break')),
            label TEXT NOT NULL DEFAULT '',
            CHECK (end_utc > start_utc))""",
        """CREATE TABLE meeting_tables (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            capacity INTEGER NOT NULL DEFAULT 2 CHECK (capacity >= 2),
            location TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)))""",
        """CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('startup', 'investor', 'partner')),
            organisation TEXT NOT NULL,
            email TEXT NOT NULL UNIQUE,             -- trimmed and case-folded
            contact_name TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '[]',     -- JSON list of ISO codes / regions
            city TEXT NOT NULL DEFAULT '',
            languages TEXT NOT NULL DEFAULT '[]',   -- JSON list of ISO 639-1 codes
            sectors TEXT NOT NULL DEFAULT '[]',     -- JSON list of taxonomy codes or free tags
            stages TEXT NOT NULL DEFAULT '[]',      -- JSON list of stage codes
            ticket_min INTEGER CHECK (ticket_min IS NULL OR ticket_min >= 0),
            ticket_max INTEGER CHECK (ticket_max IS NULL OR ticket_max >= 0),
            about TEXT NOT NULL DEFAULT '',
            looking_for TEXT NOT NULL DEFAULT '',
            offering TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            booth TEXT NOT NULL DEFAULT '',
            max_meetings INTEGER CHECK (max_meetings IS NULL OR max_meetings >= 0),
            consent INTEGER NOT NULL DEFAULT 1 CHECK (consent IN (0, 1)),  -- may be listed
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            access_code_hash TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (ticket_min IS NULL OR ticket_max IS NULL OR ticket_min <= ticket_max))""",
        "CREATE INDEX participants_kind ON participants(kind)",
        """CREATE TABLE availability (              -- no row: available
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            slot_id INTEGER NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
            available INTEGER NOT NULL CHECK (available IN (0, 1)),
            PRIMARY KEY (participant_id, slot_id))""",
        """CREATE TABLE preferences (
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            mark TEXT NOT NULL CHECK (mark IN ('shortlist', 'must_meet', 'no_thanks')),
            created_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, target_id),
            CHECK (participant_id <> target_id))""",
        """CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            slot_id INTEGER NOT NULL REFERENCES slots(id),
            table_id INTEGER NOT NULL REFERENCES meeting_tables(id),
            participant_a INTEGER NOT NULL REFERENCES participants(id),
            participant_b INTEGER NOT NULL REFERENCES participants(id),
            status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'completed',
                                                   'cancelled', 'declined', 'no_show')),
            source TEXT NOT NULL DEFAULT 'organiser'
                CHECK (source IN ('request', 'scheduler', 'organiser', 'walk_in')),
            locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
            reason TEXT NOT NULL DEFAULT '',        -- why it was cancelled / declined
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (participant_a <> participant_b))""",
        f"""CREATE UNIQUE INDEX one_live_meeting_per_table_and_slot
            ON meetings(slot_id, table_id) WHERE status IN {LIVE_SQL}""",
        f"""CREATE UNIQUE INDEX one_live_meeting_per_pair
            ON meetings(min(participant_a, participant_b), max(participant_a, participant_b))
            WHERE status IN {LIVE_SQL}""",
        """CREATE TABLE meeting_seats (              -- one row per person per meeting
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            slot_id INTEGER NOT NULL REFERENCES slots(id),
            live INTEGER NOT NULL CHECK (live IN (0, 1)),
            PRIMARY KEY (meeting_id, participant_id))""",
        """CREATE UNIQUE INDEX one_live_meeting_per_person_and_slot
            ON meeting_seats(slot_id, participant_id) WHERE live = 1""",
        f"""CREATE TRIGGER meetings_seat_insert AFTER INSERT ON meetings BEGIN
            INSERT INTO meeting_seats VALUES
                (NEW.id, NEW.participant_a, NEW.slot_id, NEW.status IN {LIVE_SQL}),
                (NEW.id, NEW.participant_b, NEW.slot_id, NEW.status IN {LIVE_SQL});
        END""",
        f"""CREATE TRIGGER meetings_seat_update
            AFTER UPDATE OF slot_id, status, participant_a, participant_b ON meetings BEGIN
            DELETE FROM meeting_seats WHERE meeting_id = OLD.id;
            INSERT INTO meeting_seats VALUES
                (NEW.id, NEW.participant_a, NEW.slot_id, NEW.status IN {LIVE_SQL}),
                (NEW.id, NEW.participant_b, NEW.slot_id, NEW.status IN {LIVE_SQL});
        END""",
        """CREATE TABLE meeting_requests (
            id INTEGER PRIMARY KEY,
            requester_id INTEGER NOT NULL REFERENCES participants(id),
            recipient_id INTEGER NOT NULL REFERENCES participants(id),
            note TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled', 'expired')),
            meeting_id INTEGER REFERENCES meetings(id),
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            expires_at TEXT,
            CHECK (requester_id <> recipient_id))""",
        """CREATE UNIQUE INDEX one_pending_request_per_pair
            ON meeting_requests(requester_id, recipient_id) WHERE status = 'pending'""",
        """CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
            took_place INTEGER CHECK (took_place IS NULL OR took_place IN (0, 1)),
            follow_up TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (meeting_id, participant_id))""",
        """CREATE TABLE embeddings (
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            model TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,                   -- float32, normalised
            created_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, field, model))""",
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL DEFAULT '',
            details TEXT NOT NULL DEFAULT '{}')""",
        """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END""",
        """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END""",
    ]),
]

MIGRATIONS.append(("requests: who takes them, scheduler runs", [
    # An investor may stop taking requests, or take them only above a fit score.
    "ALTER TABLE participants ADD COLUMN accepting_requests INTEGER NOT NULL DEFAULT 1 "
    "CHECK (accepting_requests IN (0, 1))",
    "ALTER TABLE participants ADD COLUMN min_request_score REAL "
    "CHECK (min_request_score IS NULL OR min_request_score BETWEEN 0 AND 1)",
    "CREATE INDEX meeting_requests_recipient ON meeting_requests(recipient_id, status)",
    "CREATE INDEX meeting_seats_participant ON meeting_seats(participant_id, live)",
    """CREATE TABLE scheduler_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('schedule', 'replan')),
        report TEXT NOT NULL)              -- JSON: objective, bound, gap, fairness, ...""",
    "ALTER TABLE meetings ADD COLUMN run_id INTEGER REFERENCES scheduler_runs(id)",
    # Double opt-in of the scheduler's proposals: each side's yes.
    "ALTER TABLE meetings ADD COLUMN a_accepted INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE meetings ADD COLUMN b_accepted INTEGER NOT NULL DEFAULT 0",
]))

MIGRATIONS.append(("access codes: revocable versions, sign-in attempts", [
    "ALTER TABLE participants ADD COLUMN code_version INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX participants_access_code ON participants(access_code_hash)",
    """CREATE TABLE login_attempts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        client TEXT NOT NULL,              -- where it came from (address or session)
        success INTEGER NOT NULL CHECK (success IN (0, 1)))""",
    "CREATE INDEX login_attempts_client ON login_attempts(client, at)",
]))

MIGRATIONS.append(("portfolios", [
    # Organisations a participant has backed or worked with, one per line (matching reads it).
    "ALTER TABLE participants ADD COLUMN portfolio TEXT NOT NULL DEFAULT ''",
]))

MIGRATIONS.append(("the event's own random id", [
    # Calendar UIDs are made from it (and meeting ids), so renaming the event changes none.
    "ALTER TABLE event ADD COLUMN uid TEXT NOT NULL DEFAULT ''",
    "UPDATE event SET uid = lower(hex(randomblob(16))) WHERE uid = ''",
]))

MIGRATIONS.append(("browser sessions", [
    # A signed-in browser: the cookie holds the token, this table only its hash. Revoked on
    # sign-out, expired at the end of the event.
    """CREATE TABLE browser_sessions (
        token_hash TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('participant', 'organiser')),
        participant_id INTEGER REFERENCES participants(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT)""",
]))

MIGRATIONS.append(("requests for a given time, new times for a meeting", [
    # A request may ask for one slot (a free-slot suggestion): accepting books that slot.
    "ALTER TABLE meeting_requests ADD COLUMN slot_id INTEGER REFERENCES slots(id)",
    # Either side of a confirmed meeting may propose another slot; nothing moves until the
    # other side accepts.
    """CREATE TABLE meeting_changes (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        proposer_id INTEGER NOT NULL REFERENCES participants(id),
        slot_id INTEGER NOT NULL REFERENCES slots(id),
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled', 'expired')),
        reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE UNIQUE INDEX one_pending_change_per_meeting
        ON meeting_changes(meeting_id) WHERE status = 'pending'""",
]))

MIGRATIONS.append(("background jobs", [
    # Long runs (matching, scheduling, re-planning, exports) run in the server process; their
    # state lives here, so any organiser session sees them and a restart finds them.
    """CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('matching', 'schedule', 'replan', 'export')),
        status TEXT NOT NULL DEFAULT 'queued'
            CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        params TEXT NOT NULL DEFAULT '{}',     -- JSON: what the job was asked to do
        progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        message TEXT NOT NULL DEFAULT '',      -- what it is doing now, in words
        result TEXT NOT NULL DEFAULT '{}',     -- JSON: its report once done
        error TEXT NOT NULL DEFAULT '',        -- why it failed or was cancelled
        cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        actor TEXT NOT NULL,
        worker TEXT NOT NULL DEFAULT '',       -- the server process running it
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT)""",
    """CREATE UNIQUE INDEX one_active_job_per_kind
        ON jobs(kind) WHERE status IN ('queued', 'running')""",
]))

MIGRATIONS.append(("meetings ended by the rules, not by anyone's no", [
    # A proposal replaced by a newer run, or cancelled because someone became fully booked,
    # was nobody's decision about the pair: a later run may propose the pair again. Any other
    # ended meeting (declined, called off, missed) keeps the pair from being proposed again.
    "ALTER TABLE meetings ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0 "
    "CHECK (superseded IN (0, 1))",
    "UPDATE meetings SET superseded = 1 WHERE status = 'cancelled' AND "
    "(reason LIKE 'replaced by scheduler run %' OR reason LIKE '% is fully booked')",
]))

MIGRATIONS.append(("e-mail outbox and in-app notifications", [
    # What happened for a participant (a request, an answer, a change, a reminder), shown in
    # the app; one row per happening and person (``key``), read or not.
    """CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        participant_id INTEGER NOT NULL REFERENCES participants(id),
        kind TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',    -- JSON: the ids and facts it is about
        created_at TEXT NOT NULL,
        read_at TEXT)""",
    "CREATE INDEX notifications_unread ON notifications(participant_id, read_at)",
    # E-mails waiting to go out, and what became of them. ``key`` makes enqueuing the same
    # happening twice one message; the Message-ID is derived from it. A sender claims one
    # row at a time (status 'sending' until ``lease_until``); a dead sender's row is retried
    # once its lease has ended.
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        participant_id INTEGER REFERENCES participants(id),
        to_address TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        message_id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'queued'
            CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_until TEXT,
        sender TEXT NOT NULL DEFAULT '',
        last_error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        sent_at TEXT)""",
    "CREATE INDEX outbox_due ON outbox(status, next_attempt_at)",
    # The mail server set in the console (the environment's MATCHMAKING_SMTP_URL comes
    # first). Its own table, not the event settings: their changes are audited with their
    # values, and a password must never reach the audit log.
    """CREATE TABLE mail_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        smtp_url TEXT NOT NULL DEFAULT '',
        mail_from TEXT NOT NULL DEFAULT '',
        base_url TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL)""",
    # How far the audit log has been turned into notifications and e-mails: what happened
    # before this version is not announced.
    """CREATE TABLE notification_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        audit_id INTEGER NOT NULL)""",
    "INSERT INTO notification_cursor SELECT 1, coalesce(max(id), 0) FROM audit_log",
    # A participant who turned notification e-mails off (the essential ones still go).
    "ALTER TABLE participants ADD COLUMN mail_opt_out INTEGER NOT NULL DEFAULT 0 "
    "CHECK (mail_opt_out IN (0, 1))",
]))

MIGRATIONS.append(("participants' logos and photos", [
    # Already checked and re-encoded (PNG, at most 256 px): small enough to keep in the event
    # file with everything else, so a backup carries them.
    """CREATE TABLE participant_images (
        participant_id INTEGER NOT NULL REFERENCES participants(id),
        kind TEXT NOT NULL CHECK (kind IN ('logo', 'photo')),
        media_type TEXT NOT NULL,
        data BLOB NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (participant_id, kind))""",
]))

LATEST_VERSION = len(MIGRATIONS)
