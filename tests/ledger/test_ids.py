import time
import uuid

import pytest

from ledger.ids import KEY_PATTERN, new_id, slugify


def test_new_id_is_uuid_version_7_with_rfc_variant() -> None:
    for _ in range(200):
        value = uuid.UUID(new_id())
        assert value.version == 7
        assert value.variant == uuid.RFC_4122


def test_new_id_carries_the_current_unix_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    value = uuid.UUID(new_id())
    after = time.time_ns() // 1_000_000
    assert before <= value.int >> 80 <= after


def test_new_ids_are_unique_and_ordered_by_time() -> None:
    first = [new_id() for _ in range(1000)]
    time.sleep(0.002)
    later = new_id()
    assert len(set(first)) == 1000
    assert all(later > i for i in first)
    assert sorted(first, key=lambda s: uuid.UUID(s).int >> 80) == sorted(first, key=lambda s: s[:13])


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Will X sign the deal?", "x-sign-deal"),
        ("Sberbank and China: joint AI R&D centre by 2025", "sberbank-china-joint-ai-r"),
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
    assert len(slug) <= 48
    assert KEY_PATTERN.match(slug)
