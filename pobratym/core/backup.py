"""Backups: the whole database and every uploaded file in one .tar.gz archive, and back.

An archive holds, in this order:

- `manifest.json`: the format and its version, when it was made, the migrations the database
  had, the number of rows of each model, and each uploaded file (its field, name and size);
- `data.jsonl`: every row, one JSON object a line (Django's JSON Lines serialisation);
- `files/<name>`: each uploaded file a row refers to, read through its field's storage (a
  folder or S3) and written back through it.

What does not travel: content types and permissions, which `migrate` creates in the target
(rows name them by natural key, never by number, because the target numbers them its own
way), and sessions (everyone signs in again). Rows an app's own post_migrate makes from a file
shipped with the code (the exchange's sectors: `made_by_migrate`) do travel, because other
rows refer to them by number: the target's are replaced by the archive's. Whatever travels
is secret: password hashes, two-step keys, contacts, signed documents (docs/deploy.md says how
to keep archives).

Both directions stream: rows are read in chunks and written a line at a time, files copied
in blocks; a restore reads the archive twice (first to check it whole, then to write the
files) and loads the rows from one temporary file. Nothing is held in memory whole but the
manifest.
"""

import gzip
import io
import json
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage
from django.core.management import call_command
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "pobratym-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
FILES = "files/"
# Made again by migrate, or not worth keeping.
NOT_TRAVELLING = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
BY_NATURAL_KEY = (ContentType, Permission)
CHUNK_ROWS = 2000
COPY_BYTES = 1024 * 1024


_made_by_migrate: set[str] = set()


def made_by_migrate(model: type[models.Model]) -> None:
    """Register a model whose rows migrate makes (AppConfig.ready): a database holding only
    those counts as empty, and a restore replaces them with the archive's."""
    _made_by_migrate.add(model._meta.label_lower)


class BackupRefused(Exception):
    """The backup or restore cannot go ahead; nothing was changed. The message says why."""


@dataclass(frozen=True)
class Report:
    counts: dict[str, int]  # model label -> rows
    files: int
    missing_files: list[str]  # names rows refer to that the storage did not have


def travelling_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, in the registry's order."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_TRAVELLING
    ]


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


class _Serializer(jsonl.Serializer):
    """Django's JSON Lines, naming content types and permissions by natural key and every
    other related row by its primary key, which travels with it."""

    def handle_fk_field(self, obj: models.Model, field: models.ForeignKey[Any, Any]) -> None:
        self.use_natural_foreign_keys = field.related_model in BY_NATURAL_KEY
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: models.ManyToManyField[Any, Any]) -> None:
        self.use_natural_foreign_keys = field.related_model in BY_NATURAL_KEY
        super().handle_m2m_field(obj, field)


def _rows(model: type[models.Model]) -> models.QuerySet[Any]:
    """The model's rows in chunks, with what the serializer reads of their relations fetched
    alongside (one query per chunk, not one per row)."""
    queryset = model._base_manager.order_by("pk")
    by_natural_key = [
        field.name
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model in BY_NATURAL_KEY
    ]
    if by_natural_key:
        queryset = queryset.select_related(*by_natural_key)
    related: list[models.Prefetch[Any]] = []
    for field in model._meta.local_many_to_many:
        if not field.remote_field.through._meta.auto_created:  # type: ignore[union-attr]
            continue  # an explicit through model travels as a model of its own
        target: Any = field.related_model
        if target is Permission:
            rows = Permission.objects.select_related("content_type")
        else:
            rows = target._base_manager.only("pk")
        related.append(models.Prefetch(field.name, queryset=rows))
    return queryset.prefetch_related(*related)


@dataclass(frozen=True)
class _Upload:
    field: models.FileField
    name: str

    @property
    def label(self) -> str:
        return f"{self.field.model._meta.label_lower}.{self.field.name}"


def _dump(out: IO[str]) -> tuple[dict[str, int], dict[str, _Upload]]:
    counts: dict[str, int] = {}
    uploads: dict[str, _Upload] = {}
    for model in travelling_models():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        label = model._meta.label_lower
        counts[label] = 0

        def counted(
            rows: Iterator[models.Model], label: str = label, file_fields: Any = file_fields
        ) -> Iterator[models.Model]:
            for row in rows:
                counts[label] += 1
                for field in file_fields:
                    name = getattr(row, field.name).name
                    if name:
                        uploads.setdefault(name, _Upload(field, name))
                yield row

        _Serializer().serialize(counted(_rows(model).iterator(chunk_size=CHUNK_ROWS)), stream=out)
    return counts, uploads


def _snapshot() -> None:
    """On PostgreSQL every query of the dump sees the database as it was at its first: rows
    written meanwhile do not half appear. (SQLite's transaction holds the write lock: writers
    wait for the dump, up to SQLITE_TIMEOUT_SECONDS.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _add(archive: tarfile.TarFile, name: str, size: int, content: IO[bytes]) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, content)


def write_backup(path: Path, *, warn: Callable[[str], None]) -> Report:
    """Write the database and the uploads to a new archive at path (never over a file).

    The archive appears whole or not at all: it is written beside, then renamed."""
    if path.exists():
        raise BackupRefused(f"{path} exists already: name a new file.")
    if not path.parent.is_dir():
        raise BackupRefused(f"{path.parent} is not a folder.")
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".pobratym-backup-") as work:
        data = Path(work) / DATA
        outermost = not connection.in_atomic_block
        with transaction.atomic(), data.open("w", encoding="utf-8") as out:
            if outermost:
                _snapshot()
            counts, uploads = _dump(out)
            migrations = applied_migrations()
        files: list[dict[str, Any]] = []
        missing: list[str] = []
        for upload in uploads.values():
            storage: Storage = upload.field.storage
            if storage.exists(upload.name):
                files.append(
                    {"field": upload.label, "name": upload.name, "size": storage.size(upload.name)}
                )
            else:
                missing.append(upload.name)
                warn(f"{upload.label} refers to {upload.name}, which the storage does not have.")
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "files": files,
            "missing_files": missing,
        }
        encoded = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        try:
            with tarfile.open(partial, "w:gz") as archive:
                _add(archive, MANIFEST, len(encoded), io.BytesIO(encoded))
                with data.open("rb") as rows:
                    _add(archive, DATA, data.stat().st_size, rows)
                for file in files:
                    field = uploads[file["name"]].field
                    with field.storage.open(file["name"], "rb") as content:
                        _add(archive, FILES + file["name"], file["size"], content)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return Report(counts=counts, files=len(files), missing_files=missing)


# What a damaged or foreign file raises while it is read as a gzipped tar.
_UNREADABLE = (tarfile.TarError, OSError, EOFError, zlib.error, gzip.BadGzipFile)


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    member = archive.next()
    if member is None or member.name != MANIFEST or not member.isfile():
        raise BackupRefused("This archive has no manifest first: it is not a Pobratym backup.")
    handle = archive.extractfile(member)
    assert handle is not None  # a regular file
    try:
        manifest = json.load(handle)
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupRefused(f"The archive's manifest is not JSON: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused("The archive's manifest is not a Pobratym backup's.")
    if manifest.get("version") != VERSION:
        raise BackupRefused(
            f"The archive is in version {manifest.get('version')!r} of the backup format; "
            f"this Pobratym reads version {VERSION}."
        )
    for key, kind in (("migrations", list), ("counts", dict), ("files", list)):
        if not isinstance(manifest.get(key), kind):
            raise BackupRefused(f"The archive's manifest has no valid {key!r}.")
    if not all(isinstance(count, int) for count in manifest["counts"].values()):
        raise BackupRefused("The archive's manifest has no valid 'counts'.")
    for file in manifest["files"]:
        if not (
            isinstance(file, dict)
            and isinstance(file.get("name"), str)
            and isinstance(file.get("field"), str)
            and isinstance(file.get("size"), int)
        ):
            raise BackupRefused(f"The archive's manifest lists a file wrongly: {file!r}.")
        name = PurePosixPath(file["name"])
        if not name.parts or name.is_absolute() or ".." in name.parts:
            raise BackupRefused(f"The archive names an unsafe file: {file['name']!r}.")
    return manifest


def _drain(handle: IO[bytes], into: IO[bytes] | None = None) -> None:
    while chunk := handle.read(COPY_BYTES):
        if into is not None:
            into.write(chunk)


def check_archive(path: Path, data: Path) -> dict[str, Any]:
    """Read the whole archive once: its manifest, every member in full (which proves the
    compressed stream whole), the rows copied to data. Returns the manifest; BackupRefused
    if anything is missing, extra or damaged."""
    if not path.is_file():
        raise BackupRefused(f"There is no file at {path}.")
    has_rows = False
    try:
        with tarfile.open(path, "r|gz") as archive:
            manifest = _manifest(archive)
            expected = {FILES + str(file["name"]): file for file in manifest["files"]}
            # Iterating a tar starts again from its first member, the manifest, read already.
            for member in islice(archive, 1, None):
                handle = archive.extractfile(member) if member.isfile() else None
                if handle is None:
                    raise BackupRefused(f"The archive holds {member.name!r}, not a file.")
                if member.name == DATA and not has_rows:
                    with data.open("wb") as out:
                        _drain(handle, out)
                    has_rows = True
                elif member.name in expected and member.size == expected[member.name]["size"]:
                    _drain(handle)
                    del expected[member.name]
                else:
                    raise BackupRefused(f"The archive holds {member.name!r}, which it should not.")
    except _UNREADABLE as error:
        raise BackupRefused(f"{path} is not a readable backup archive: {error}") from None
    if not has_rows:
        raise BackupRefused("The archive holds no rows (data.jsonl).")
    if expected:
        raise BackupRefused(f"The archive lacks files its manifest lists: {', '.join(expected)}.")
    return manifest


def _check_target(manifest: dict[str, Any], *, replace: bool) -> None:
    here = applied_migrations()
    there = [list(pair) for pair in manifest["migrations"]]
    if here != there:
        only_there = sorted(f"{a}.{n}" for a, n in there if [a, n] not in here)
        only_here = sorted(f"{a}.{n}" for a, n in here if [a, n] not in there)
        raise BackupRefused(
            "The database's migrations are not the archive's. "
            + (f"Not applied here: {', '.join(only_there[:10])}. " if only_there else "")
            + (f"Applied here only: {', '.join(only_here[:10])}. " if only_here else "")
            + "Restore with the release that made the archive, after `manage.py migrate`."
        )
    known = {model._meta.label_lower for model in travelling_models()}
    unknown = sorted(set(manifest["counts"]) - known)
    if unknown:
        raise BackupRefused(f"The archive holds models this code does not: {', '.join(unknown)}.")
    occupied = [
        model._meta.label_lower
        for model in travelling_models()
        if model._meta.label_lower not in _made_by_migrate and model._base_manager.exists()
    ]
    if occupied and not replace:
        raise BackupRefused(
            f"The database holds data already ({', '.join(occupied[:5])}"
            f"{', …' if len(occupied) > 5 else ''}): restore into an empty migrated database, "
            "or pass --replace to delete everything in it first."
        )


def _storage_of(label: str) -> Storage:
    try:
        app_label, model_name, field_name = label.rsplit(".", 2)
        field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    except (ValueError, LookupError):
        raise BackupRefused(f"The archive's files belong to {label}, which is unknown.") from None
    if not isinstance(field, models.FileField):
        raise BackupRefused(f"The archive's files belong to {label}, which holds no files.")
    return field.storage


def _write_files(
    path: Path, storages: dict[str, Storage], written: list[tuple[Storage, str]]
) -> None:
    with tarfile.open(path, "r|gz") as archive:
        for member in islice(archive, 1, None):  # after the manifest, read already
            name = member.name.removeprefix(FILES)
            if member.name == DATA or name not in storages:
                continue
            handle = archive.extractfile(member)
            assert handle is not None  # checked to be a file in the first pass
            storage = storages[name]
            if storage.exists(name):
                if storage.size(name) == member.size:
                    # The same file: names are random and a stored file never changes.
                    continue
                storage.delete(name)
            content = File(handle, name=name)
            content.size = member.size
            saved = storage.save(name, content)
            written.append((storage, saved))
            if saved != name:
                raise BackupRefused(f"The storage kept {name} as {saved}.")


def restore_backup(path: Path, *, replace: bool = False) -> Report:
    """Load an archive into this database and its files into their storage.

    Refused, with nothing changed, when the archive is damaged or foreign, when the
    database's migrations differ from the archive's, or when the database holds data and
    replace is not asked for (replace deletes every row first; files already in the storage
    stay). The rows load in one transaction; the files are written inside it, and removed
    again if any write fails, so that a failure leaves the database as it was."""
    with tempfile.TemporaryDirectory(prefix="pobratym-restore-") as work:
        data = Path(work) / DATA
        manifest = check_archive(path, data)
        _check_target(manifest, replace=replace)
        storages = {file["name"]: _storage_of(file["field"]) for file in manifest["files"]}
        written: list[tuple[Storage, str]] = []
        try:
            with transaction.atomic():
                if replace:
                    call_command("flush", interactive=False, verbosity=0)
                for model in travelling_models():
                    if model._meta.label_lower in _made_by_migrate:
                        # One DELETE of the whole table, nothing else refers to its rows yet:
                        # the row-by-row delete refuses to take a parent before its children.
                        model._base_manager.all()._raw_delete(connection.alias)
                try:
                    call_command("loaddata", str(data), verbosity=0)
                except (DeserializationError, DatabaseError) as error:
                    first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
                    raise BackupRefused(f"The archive's rows do not load: {first_line}") from None
                counts = {
                    model._meta.label_lower: model._base_manager.count()
                    for model in travelling_models()
                }
                if counts != {**dict.fromkeys(counts, 0), **manifest["counts"]}:
                    raise BackupRefused("The rows loaded are not those the manifest counts.")
                _write_files(path, storages, written)
        except BaseException:
            for storage, name in written:
                storage.delete(name)
            raise
    return Report(
        counts=manifest["counts"],
        files=len(manifest["files"]),
        missing_files=list(manifest.get("missing_files", [])),
    )
