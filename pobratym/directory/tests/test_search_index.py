import pytest
from django.db import connection
from django.urls import reverse

from pobratym.directory.search_index import ensure_sqlite_search_index

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL searches with pg_trgm, not FTS5"
)


@sqlite_only
def test_search_index_comes_back_after_a_table_rebuild_drops_its_triggers(client, small_directory):
    assert ensure_sqlite_search_index(connection) is False  # intact after migrate
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER directory_authority_fts_update")

    rebuilt = ensure_sqlite_search_index(connection)
    bourges = small_directory["bourges"]
    bourges.search_key = " avaricum "
    bourges.save()

    assert rebuilt is True
    response = client.get(reverse("directory:list"), {"q": "avaricum"})
    assert f"/directory/authority/{bourges.pk}/" in response.content.decode()
