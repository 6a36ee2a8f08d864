"""On SQLite, an FTS5 trigram index serves the directory's LIKE '% word%' search.

The counterpart of 0002's pg_trgm index: without it SQLite scans all ~70,000 search keys twice
per list page and misses the 150 ms goal for rare words (docs/benchmarks.md). The SQL lives in
pobratym/directory/search_index.py, which post_migrate also runs: table rebuilds drop triggers.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from pobratym.directory.search_index import drop_sqlite_search_index, ensure_sqlite_search_index


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ensure_sqlite_search_index(schema_editor.connection)


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    drop_sqlite_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_trigram_index")]
    operations = [migrations.RunPython(create_index, drop_index)]
