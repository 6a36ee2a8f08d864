"""SQLite's full-text indexes for word search, kept alive across table rebuilds.

SQLite answers LIKE '% word%' over a folded search key from an FTS5 trigram index per table
(PostgreSQL uses pg_trgm: directory migration 0002, exchange migration 0003): the directory's
authorities, and the exchange's needs and offers. Triggers keep each index in step with every
write; but SQLite migrations rebuild a table to alter it, which silently drops its triggers, so
this runs after every migrate (post_migrate) as well as in the migrations, and rebuilds an
index when it was stale. A table that does not exist yet is skipped.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

SOURCES = ("directory_authority", "exchange_need", "exchange_offer")


def fts_table(source: str) -> str:
    """The FTS5 index of a table's search_key."""
    return f"{source}_fts"


def _triggers(source: str) -> dict[str, str]:
    fts = fts_table(source)
    return {
        f"{fts}_insert": f"""
            CREATE TRIGGER {fts}_insert AFTER INSERT ON {source} BEGIN
                INSERT INTO {fts}(rowid, search_key) VALUES (new.id, new.search_key);
            END""",
        f"{fts}_delete": f"""
            CREATE TRIGGER {fts}_delete AFTER DELETE ON {source} BEGIN
                INSERT INTO {fts}({fts}, rowid, search_key)
                VALUES ('delete', old.id, old.search_key);
            END""",
        f"{fts}_update": f"""
            CREATE TRIGGER {fts}_update AFTER UPDATE OF search_key ON {source} BEGIN
                INSERT INTO {fts}({fts}, rowid, search_key)
                VALUES ('delete', old.id, old.search_key);
                INSERT INTO {fts}(rowid, search_key) VALUES (new.id, new.search_key);
            END""",
    }


def ensure_sqlite_search_index(connection: BaseDatabaseWrapper) -> bool:
    """Create the indexes and their triggers where missing; True when one had to be rebuilt."""
    if connection.vendor != "sqlite":
        return False
    rebuilt = False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        for source in SOURCES:
            if source not in existing:
                continue
            fts, triggers = fts_table(source), _triggers(source)
            missing = [name for name in triggers if name not in existing]
            if fts in existing and not missing:
                continue
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_key, "
                f"tokenize='trigram', content='{source}', content_rowid='id')"
            )
            for name in missing:
                cursor.execute(triggers[name])
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            rebuilt = True
    return rebuilt


def drop_sqlite_search_index(
    connection: BaseDatabaseWrapper, sources: tuple[str, ...] = SOURCES
) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for source in sources:
            for name in _triggers(source):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {fts_table(source)}")
