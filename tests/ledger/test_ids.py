import uuid

import pytest

from ledger.ids import KEY_PATTERN, new_id, slugify


def test_new_id_is_a_random_uuid_with_rfc_variant() -> None:
    for _ in range(200):
        value = uuid.UUID(new_id())
        assert value.version == 4
        assert value.variant == uuid.RFC_4122


def test_ids_made_together_differ_in_their_first_eight_characters() -> None:
    # People type short prefixes; ids made in one burst must not share them.
    ids = [new_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert len({i[:8] for i in ids}) > 990


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Will X sign the deal?", "x-sign-deal"),
        ("Sberbank and China: joint AI R&D centre by 2025", "sberbank-china-joint-ai"),
        ("The", "the"),
        ("!!!", "item"),
        ("Ünïcode — Tïtle 2026", "unicode-title-2026"),
    ],
)
def test_slugify(title: str, key: str) -> None:
    assert slugify(title) == key
    assert KEY_PATTERN.match(slugify(title))


def test_slugify_respects_the_key_length_limit() -> None:
    slug = slugify("word" * 40 + " another")
    assert len(slug) <= 32
    assert KEY_PATTERN.match(slug)


def test_a_russian_title_gives_a_latin_key() -> None:
    from ledger.ids import slugify

    assert slugify("Правительству России обеспечить финансирование") == "pravitelstvu-rossii-obespechit"
