"""The store a web process keeps values in for all its requests (``core.kept``)."""

from motcua.core.kept import Kept


def test_the_least_recently_used_entry_goes_first_when_full():
    kept = Kept(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" used: "b" is now the oldest
    kept.put("c", 3)
    assert kept.get("b") is Kept.MISSING
    assert (kept.get("a"), kept.get("c")) == (1, 3)


def test_none_is_a_value_kept_like_any_other():
    """ "Not open online" is an answer worth keeping, not a miss."""
    kept = Kept(4)
    kept.put("closed", None)
    assert kept.get("closed") is None
    assert kept.get("never asked") is Kept.MISSING
    assert kept.get("never asked", "fallback") == "fallback"


def test_a_newer_state_replaces_the_older_ones_it_names():
    kept = Kept(10)
    kept.put(("1.001193", "old"), "old page")
    kept.put(("1.000894", "x"), "other page")
    kept.put(("1.001193", "new"), "new page", replaces=lambda key: key[0] == "1.001193")
    assert kept.get(("1.001193", "old")) is Kept.MISSING
    assert kept.get(("1.001193", "new")) == "new page"
    assert kept.get(("1.000894", "x")) == "other page"
