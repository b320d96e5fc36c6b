import gc

from loket.core.bulkwork import rare_collections


def test_collections_are_rarer_inside_and_as_before_after():
    before = gc.get_threshold()
    with rare_collections(40_000):
        assert gc.get_threshold()[0] == 40_000
    assert gc.get_threshold() == before


def test_the_setting_comes_back_after_an_error():
    before = gc.get_threshold()
    try:
        with rare_collections():
            raise RuntimeError("the import failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
