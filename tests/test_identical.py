"""benchmarks/identical.py: the comparison of two run folders finds every kind of difference.

The git part of the script (a worktree per commit) is not run here; the comparison it makes is,
on small run folders: two runs of the same inputs compare as identical although their timings
differ, and a changed seed, a changed byte of the summary, a missing audit row or a changed
score each show up.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from benchmarks.identical import compare_folders, compare_tables, same_bytes

import socialcredit


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("identical")
    runs = {"a": 1, "again": 1, "other seed": 2}
    for name, seed in runs.items():
        socialcredit.run("village", population=300, days=60, seed=seed, out=root / name)
    return {name: root / name for name in runs}


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(folder, target)
    return target


def test_the_same_inputs_compare_identical(folders: dict[str, Path]) -> None:
    a, again = folders["a"], folders["again"]
    manifests = [json.loads((f / "manifest.json").read_text()) for f in (a, again)]
    assert manifests[0]["timings_seconds"] != manifests[1]["timings_seconds"]
    assert compare_folders(a, again) == []
    assert same_bytes(a, again) == ["daily.parquet", "scores.parquet", "audit.parquet"]


def test_another_seed_differs(folders: dict[str, Path]) -> None:
    problems = compare_folders(folders["a"], folders["other seed"])
    # the title names the seed it ran with (a change from the scenario), ahead of /seed
    assert any(p.startswith("summary.json: differs at /title") for p in problems), problems
    assert any(p.startswith("audit.parquet") for p in problems), problems


def test_one_byte_of_the_summary(folders: dict[str, Path], tmp_path: Path) -> None:
    b = _copy(folders["a"], tmp_path)
    text = (b / "summary.json").read_text()
    (b / "summary.json").write_text(text.replace("\n", "\n ", 1))  # formatting only
    assert compare_folders(folders["a"], b) == ["summary.json: differs at (formatting only)"]


def test_a_missing_audit_row(folders: dict[str, Path], tmp_path: Path) -> None:
    b = _copy(folders["a"], tmp_path)
    audit = pq.read_table(b / "audit.parquet")
    assert audit.num_rows > 10
    pq.write_table(audit.slice(0, audit.num_rows - 1), b / "audit.parquet")
    why = compare_tables(folders["a"] / "audit.parquet", b / "audit.parquet")
    assert why == f"{audit.num_rows} rows against {audit.num_rows - 1}"


def test_a_changed_score(folders: dict[str, Path], tmp_path: Path) -> None:
    b = _copy(folders["a"], tmp_path)
    scores = pq.read_table(b / "scores.parquet").to_pylist()
    scores[3]["citizens"] += 1
    schema = pq.read_schema(b / "scores.parquet")
    pq.write_table(pa.Table.from_pylist(scores, schema), b / "scores.parquet")
    assert compare_folders(folders["a"], b) == [
        "scores.parquet: column 'citizens' differs, first at row 3"
    ]


def test_a_changed_manifest(folders: dict[str, Path], tmp_path: Path) -> None:
    b = _copy(folders["a"], tmp_path)
    manifest = json.loads((b / "manifest.json").read_text())
    manifest["audit"]["rows"] += 1
    (b / "manifest.json").write_text(json.dumps(manifest))
    assert compare_folders(folders["a"], b) == [
        "manifest.json differs (timings and machine left out)"
    ]
