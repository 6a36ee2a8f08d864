"""On PostgreSQL, the directory's largest-first order (unknown populations last) uses an index.

PostgreSQL sorts NULL first in a descending order unless told otherwise, so the plain
population index cannot serve ORDER BY population DESC NULLS LAST; SQLite cannot declare
NULLS LAST in an index and already sorts NULL last in that order.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "directory_authority_population_nulls_last"


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON directory_authority (population DESC NULLS LAST, name, id)"
        )


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_sqlite_search_fts")]
    operations = [migrations.RunPython(create_index, drop_index)]
