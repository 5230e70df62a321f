import importlib
import sys

import pytest
import whoosh


def test_a_different_whoosh_version_stops_with_a_plain_error(monkeypatch):
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 5))
    monkeypatch.delitem(sys.modules, "directory.search.whoosh_internals")
    with pytest.raises(RuntimeError, match=r"needs Whoosh 2\.7\.4.*Whoosh 2\.7\.5 is installed"):
        importlib.import_module("directory.search.whoosh_internals")


def test_the_pinned_whoosh_version_imports():
    module = importlib.import_module("directory.search.whoosh_internals")
    module.check_version((2, 7, 4))
    with pytest.raises(module.WhooshVersionError, match="whoosh==2.7.4"):
        module.check_version((3, 0, 0))
