"""On SQLite, an FTS5 trigram index serves the directory's LIKE '% word%' search.

The counterpart of 0002's pg_trgm index: without it SQLite scans all ~70,000 search keys twice
per list page (count and page) and misses the 150 ms goal for rare words (docs/benchmarks.md).
External content keeps one copy of the text; triggers keep the index in step with every write.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS directory_authority_fts USING fts5(
        search_key, tokenize='trigram', content='directory_authority', content_rowid='id')""",
    """CREATE TRIGGER IF NOT EXISTS directory_authority_fts_insert
        AFTER INSERT ON directory_authority BEGIN
        INSERT INTO directory_authority_fts(rowid, search_key) VALUES (new.id, new.search_key);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_authority_fts_delete
        AFTER DELETE ON directory_authority BEGIN
        INSERT INTO directory_authority_fts(directory_authority_fts, rowid, search_key)
        VALUES ('delete', old.id, old.search_key);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_authority_fts_update
        AFTER UPDATE OF search_key ON directory_authority BEGIN
        INSERT INTO directory_authority_fts(directory_authority_fts, rowid, search_key)
        VALUES ('delete', old.id, old.search_key);
        INSERT INTO directory_authority_fts(rowid, search_key) VALUES (new.id, new.search_key);
    END""",
    "INSERT INTO directory_authority_fts(directory_authority_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS directory_authority_fts_update",
    "DROP TRIGGER IF EXISTS directory_authority_fts_delete",
    "DROP TRIGGER IF EXISTS directory_authority_fts_insert",
    "DROP TABLE IF EXISTS directory_authority_fts",
]


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_trigram_index")]
    operations = [migrations.RunPython(create_index, drop_index)]
