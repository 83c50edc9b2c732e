"""The one least-recently-used map behind the store's and the preview's caches."""

from app.lru import LruMap


def test_the_least_recently_read_entry_goes_first():
    cache: LruMap[str, int] = LruMap(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now the newest
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3


def test_pop_forgets_a_key_and_ignores_a_missing_one():
    cache: LruMap[str, int] = LruMap(2)
    cache.put("a", 1)
    cache.pop("a")
    cache.pop("x")
    assert cache.get("a") is None
