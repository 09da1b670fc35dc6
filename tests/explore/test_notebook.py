"""The notebook path: examples/explore.ipynb runs in a real kernel and shows the explorer."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import socialcredit
from socialcredit.problems import InvalidInput

NOTEBOOK = Path(__file__).parents[2] / "examples" / "explore.ipynb"
WIDGET = "application/vnd.jupyter.widget-view+json"


def test_the_example_notebook_shows_the_explorer(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    shown = [o for o in code[0].outputs if o.output_type in ("display_data", "execute_result")]
    assert any(WIDGET in o.get("data", {}) for o in shown), code[0].outputs
    assert "with_policy" in str(code[1].outputs)
    assert list(tmp_path.iterdir()) == []  # the explorer wrote nothing where it ran


def test_explore_refuses_bad_input_before_showing_anything() -> None:
    with pytest.raises(InvalidInput, match=r"behaviour\.awareness: expected less than or equal"):
        socialcredit.explore("village", overrides={"behaviour.awareness": 2})
    with pytest.raises(InvalidInput, match="no built-in scenario 'atlantis'"):
        socialcredit.explore("atlantis")
    shown = socialcredit.explore("national", replicates=2)
    initial = shown.args[0]  # a Solara element of the Explorer, which Jupyter displays
    assert initial.overrides() == {"population.size": 20_000}
    assert initial.replicates == 2
