"""SQLite's full-text index for directory search, kept alive across table rebuilds.

SQLite answers the directory's LIKE '% word%' from an FTS5 trigram index (PostgreSQL uses
pg_trgm, migration 0002). Triggers keep it in step with every write; but SQLite migrations
rebuild a table to alter it, which silently drops its triggers, so this runs after every
migrate (post_migrate) as well as in migration 0003, and rebuilds the index when it was stale.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "directory_authority_fts"
TRIGGERS = {
    "directory_authority_fts_insert": """
        CREATE TRIGGER directory_authority_fts_insert AFTER INSERT ON directory_authority BEGIN
            INSERT INTO directory_authority_fts(rowid, search_key)
            VALUES (new.id, new.search_key);
        END""",
    "directory_authority_fts_delete": """
        CREATE TRIGGER directory_authority_fts_delete AFTER DELETE ON directory_authority BEGIN
            INSERT INTO directory_authority_fts(directory_authority_fts, rowid, search_key)
            VALUES ('delete', old.id, old.search_key);
        END""",
    "directory_authority_fts_update": """
        CREATE TRIGGER directory_authority_fts_update
        AFTER UPDATE OF search_key ON directory_authority BEGIN
            INSERT INTO directory_authority_fts(directory_authority_fts, rowid, search_key)
            VALUES ('delete', old.id, old.search_key);
            INSERT INTO directory_authority_fts(rowid, search_key)
            VALUES (new.id, new.search_key);
        END""",
}


def ensure_sqlite_search_index(connection: BaseDatabaseWrapper) -> bool:
    """Create the index and its triggers where missing; True when it had to be rebuilt."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        if "directory_authority" not in existing:
            return False
        missing = [name for name in TRIGGERS if name not in existing]
        if TABLE in existing and not missing:
            return False
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(search_key, "
            "tokenize='trigram', content='directory_authority', content_rowid='id')"
        )
        for name in missing:
            cursor.execute(TRIGGERS[name])
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")  # noqa: S608 (constant)
    return True


def drop_sqlite_search_index(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
