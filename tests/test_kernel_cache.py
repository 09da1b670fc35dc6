"""numba's cache never serves a kernel compiled against an older version of a function it calls.

numba stamps a cached kernel with the source of its own file only; socialcredit stamps its
kernels with a digest of every kernel source (socialcredit.kernel_cache). Here a copy of the
package is run in fresh processes: a kernel in one module (population.traits.sensitivities)
calls a function in another (randomness.draws); after an edit of the callee alone, the kernel
must be compiled afresh and give the new values, where numba's own stamp (the control, when
numba lets its locators be chosen) serves the stale ones.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numba

from socialcredit import kernel_cache

PACKAGE = Path(kernel_cache.__file__).parent
PROBE = """
import json
import numpy as np
from socialcredit.population.traits import sensitivities
from socialcredit.randomness.streams import Stream

values = sensitivities(7, np.arange(4, dtype=np.int64), Stream.WATCH_SENSITIVITY, 0.5)
print(json.dumps({"values": values.tolist(), "hits": sum(sensitivities.stats.cache_hits.values())}))
"""
CALLEE = "randomness/draws.py"
BEFORE, AFTER = "1.0 / 9007199254740992.0", "0.5 / 9007199254740992.0"  # halves every uniform


def _probe(root: Path, cache: Path, **env: str) -> dict[str, Any]:
    environment = {**os.environ, "PYTHONPATH": str(root), "NUMBA_CACHE_DIR": str(cache), **env}
    environment.pop("NUMBA_DISABLE_JIT", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_an_edited_callee_is_compiled_afresh(tmp_path: Path) -> None:
    root = tmp_path / "src"
    shutil.copytree(PACKAGE, root / "socialcredit", ignore=shutil.ignore_patterns("__pycache__"))
    ours, numbas = tmp_path / "cache-ours", tmp_path / "cache-numba"
    control = hasattr(numba.config, "CACHE_LOCATOR_CLASSES")  # numba's own locators, alone
    numba_only = {"NUMBA_CACHE_LOCATOR_CLASSES": "UserProvidedCacheLocator"}

    first = _probe(root, ours)
    again = _probe(root, ours)
    assert first["hits"] == 0
    assert again == {"values": first["values"], "hits": 1}  # the cache works
    if control:
        assert _probe(root, numbas, **numba_only)["values"] == first["values"]

    callee = root / "socialcredit" / CALLEE
    text = callee.read_text()
    assert BEFORE in text
    callee.write_text(text.replace(BEFORE, AFTER))

    edited = _probe(root, ours)
    assert edited["hits"] == 0  # compiled afresh
    assert edited["values"] != first["values"]
    if control:  # what numba's stamp alone does: the stale kernel, from the cache
        assert _probe(root, numbas, **numba_only) == {"values": first["values"], "hits": 1}


def _imports_numba(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "numba" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "numba":
            return True
    return False


def test_every_module_that_compiles_kernels_is_in_the_digest() -> None:
    numba_modules = [p for p in PACKAGE.rglob("*.py") if _imports_numba(p)]
    assert numba_modules
    covered = set(kernel_cache.source_files())
    outside = [str(p.relative_to(PACKAGE)) for p in numba_modules if p not in covered]
    assert outside == []


def test_the_kernels_of_every_package_are_stamped_with_the_digest() -> None:
    from socialcredit.engine.acts import act
    from socialcredit.population.traits import sensitivities
    from socialcredit.randomness.arrays import uniform

    stamp = kernel_cache.sources_digest()
    caches = (act._cache, sensitivities._cache, uniform._dispatcher.cache)
    for cache in caches:
        locator = cache._impl.locator
        assert isinstance(locator, kernel_cache.KernelSourcesLocator), cache
        assert locator.get_source_stamp() == stamp
