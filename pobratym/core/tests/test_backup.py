"""manage.py backup and restore: a world backed up, the database emptied and the uploads
deleted, restored: everything is back. A refusal changes nothing."""

import io
import json
import shutil
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pobratym.accounts.tests.factories import PASSWORD, editor_of, facilitator_of
from pobratym.core.backup import travelling_models
from pobratym.core.models import AuditRecord
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    municipality,
)
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need
from pobratym.partnerships import services
from pobratym.partnerships.models import Agreement

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 40


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"
    return tmp_path / "media"


@pytest.fixture
def small_world(transactional_db, media) -> dict:
    """Korosten and Bourges in a partnership with a signed memorandum (a PDF), Korosten's
    need for generators, an association's facilitator with a second factor."""
    korosten = AuthorityFactory()
    bourges = municipality(
        "Bourges", country="FR", country_en="France", country_uk="Франція", population=67_987
    )
    auc = AssociationFactory(slug="auc", kind="national_association", name="AUC", name_uk="")
    MembershipFactory(association=auc, authority=korosten)
    olena = editor_of(korosten, email="olena@korosten.example")
    claire = editor_of(bourges, email="claire@bourges.example")
    facilitator = facilitator_of(auc, email="taras@auc.example")
    TOTPDevice.objects.create(user=facilitator, name="Phone", confirmed=True)
    publish_need(
        korosten, olena, items=[ItemIn(name="Генератор 30 кВт", quantity="4", unit="pieces")]
    )
    partnership = services.partnership_express_interest(
        from_organisation=korosten, to_organisation=bourges, actor=olena
    ).partnership
    partnership = services.partnership_transition(
        partnership=partnership, to_state="in_dialogue", actor=claire
    )
    agreement = services.agreement_add(
        partnership=partnership,
        kind="memorandum",
        title="Меморандум про співпрацю",
        signed_on=date(2024, 2, 11),
        document=SimpleUploadedFile("memorandum.pdf", PDF),
        actor=olena,
    )
    return {"agreement": agreement}


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in travelling_models()}


def _nothing_but_what_migrate_makes() -> bool:
    return not any(count for label, count in _counts().items() if label != "exchange.sector")


def _empty_database_and_media(media: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)


def test_a_world_backed_up_and_restored_into_an_empty_database_is_all_back(
    small_world, media, tmp_path, client, capsys
):
    before = _counts()
    document_name = small_world["agreement"].document.name
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))
    _empty_database_and_media(media)
    assert _nothing_but_what_migrate_makes()
    call_command("restore", str(archive))

    assert _counts() == before
    assert sum(before.values()) > 20 and before["partnerships.agreement"] == 1
    agreement = Agreement.objects.get()
    assert agreement.document.name == document_name
    with default_storage.open(document_name, "rb") as restored:
        assert restored.read() == PDF
    assert client.login(email="olena@korosten.example", password=PASSWORD)
    assert TOTPDevice.objects.get(user__email="taras@auc.example").confirmed
    # The audit still says which kind of record each write touched.
    assert {record.target_type.model for record in AuditRecord.objects.all()} >= {
        "partnership",
        "agreement",
    }
    output = capsys.readouterr().out
    assert f"Restored {sum(before.values())} rows and 1 files" in output
    assert "partnerships.agreement: 1" in output


def test_new_rows_after_a_restore_get_new_numbers(small_world, media, tmp_path):
    """The database's counters continue after the restored rows (PostgreSQL's sequences)."""
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    _empty_database_and_media(media)
    call_command("restore", str(archive))

    newcomer = editor_of(AuthorityFactory(name="Нова громада"))

    assert newcomer.pk > max(
        pk for pk in type(newcomer).objects.exclude(pk=newcomer.pk).values_list("pk", flat=True)
    )


def test_the_archive_says_what_it_holds(small_world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    with tarfile.open(archive, "r:gz") as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile("manifest.json"))

    assert names[:2] == ["manifest.json", "data.jsonl"]
    assert names[2:] == ["files/" + small_world["agreement"].document.name]
    assert (manifest["format"], manifest["version"]) == ("pobratym-backup", 1)
    assert manifest["counts"]["accounts.user"] == 3
    assert ["partnerships", "0001_initial"] in manifest["migrations"]
    assert manifest["files"] == [
        {
            "field": "partnerships.agreement.document",
            "name": small_world["agreement"].document.name,
            "size": len(PDF),
        }
    ]


def test_a_backup_never_writes_over_a_file(small_world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(b"yesterday's backup")

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(archive))

    assert archive.read_bytes() == b"yesterday's backup"


def _snapshot(media: Path) -> tuple[dict[str, int], dict[str, bytes]]:
    files = {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    return _counts(), files


def test_restore_refuses_a_database_with_data_and_changes_nothing(small_world, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    editor_of(AuthorityFactory(name="Нова громада"))
    before = _snapshot(media)

    with pytest.raises(CommandError, match=r"holds data already .*--replace"):
        call_command("restore", str(archive))

    assert _snapshot(media) == before


def test_restore_with_replace_puts_the_archive_in_place_of_what_was_there(
    small_world, media, tmp_path
):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    backed_up = _counts()
    editor_of(AuthorityFactory(name="Нова громада"), email="new@example.org")

    call_command("restore", str(archive), "--replace")

    assert _counts() == backed_up
    assert (
        not type(small_world["agreement"].created_by)
        .objects.filter(email="new@example.org")
        .exists()
    )


def _rewritten(archive: Path, target: Path, change, member_name="manifest.json") -> Path:
    """A copy of the archive, one member's content changed: change(manifest) for the
    manifest, change(bytes) -> bytes for another."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == member_name == "manifest.json":
                manifest = json.loads(content)
                change(manifest)
                content = json.dumps(manifest).encode()
            elif member.name == member_name:
                content = change(content)
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    return target


def _a_row_of_a_stranger(rows: bytes) -> bytes:
    """One more row, a membership of a user the archive does not hold."""
    lines = rows.decode().splitlines()
    lines.append(
        json.dumps(
            {
                "model": "accounts.organisationmembership",
                "pk": 9999,
                "fields": {"user": 424242, "role": "editor", "state": "verified"},
            }
        )
    )
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("missing", "There is no file at"),
        ("not an archive", "is not a readable backup archive"),
        ("cut short", "is not a readable backup archive"),
        ("another tar", "has no manifest first"),
        ("wrong version", "version 2 of the backup format; this Pobratym reads version 1"),
        ("other migrations", "migrations are not the archive's. Not applied here: core.0099_later"),
        ("unsafe name", "unsafe file"),
        ("file of no field", "belong to partnerships.agreement.title, which holds no files"),
        ("rows that do not load", "The archive's rows do not load"),
    ],
)
def test_a_bad_archive_is_refused_and_changes_nothing(
    small_world, media, tmp_path, damage, message
):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    bad = tmp_path / "bad.tar.gz"
    if damage == "not an archive":
        bad.write_bytes(b"%PDF-1.4 not a backup at all")
    elif damage == "cut short":
        bad.write_bytes(archive.read_bytes()[:-300])
    elif damage == "another tar":
        with tarfile.open(bad, "w:gz") as other:
            other.add(__file__, arcname="notes.txt")
    elif damage == "wrong version":
        _rewritten(archive, bad, lambda m: m.update(version=2))
    elif damage == "other migrations":
        _rewritten(archive, bad, lambda m: m["migrations"].append(["core", "0099_later"]))
    elif damage == "unsafe name":
        _rewritten(archive, bad, lambda m: m["files"][0].update(name="../../etc/passwd"))
    elif damage == "file of no field":
        _rewritten(
            archive, bad, lambda m: m["files"][0].update(field="partnerships.agreement.title")
        )
    elif damage == "rows that do not load":
        _rewritten(archive, bad, _a_row_of_a_stranger, member_name="data.jsonl")
    _empty_database_and_media(media)
    media.mkdir()
    before = _snapshot(media)

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad))

    assert _snapshot(media) == before
    assert _nothing_but_what_migrate_makes()


def test_an_archive_whose_file_was_replaced_is_refused(small_world, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(bad, "w:gz") as copy:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.startswith("files/"):
                content = content[:100]
                member.size = 100
            copy.addfile(member, io.BytesIO(content))
    _empty_database_and_media(media)

    with pytest.raises(CommandError, match="which it should not"):
        call_command("restore", str(bad))

    assert _nothing_but_what_migrate_makes()
    assert not (media / "partnerships").exists()
