"""Word search over needs and offers from an index: pg_trgm on PostgreSQL, FTS5 on SQLite.

Without one, each search scans every search key (25–125 ms per kind at national scale,
docs/benchmarks.md "Search"). The SQLite SQL lives in pobratym/directory/search_index.py,
which post_migrate also runs: table rebuilds drop triggers.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from pobratym.directory.search_index import drop_sqlite_search_index, ensure_sqlite_search_index

TRIGRAM_INDEXES = {
    "exchange_need_search_trgm": "exchange_need",
    "exchange_offer_search_trgm": "exchange_offer",
}


def create_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for index, table in TRIGRAM_INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
                "USING gin (search_key gin_trgm_ops)"
            )
    ensure_sqlite_search_index(connection)


def drop_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for index in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    drop_sqlite_search_index(connection, ("exchange_need", "exchange_offer"))


class Migration(migrations.Migration):
    dependencies = [("exchange", "0002_change_detection_indexes")]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
