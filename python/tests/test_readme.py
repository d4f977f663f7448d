"""README's Python example prints what README shows (run from the repository root, where its
"../shared/data/insurance.csv" is the shared data)."""
import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("LINREG_SHARED_DATA", ROOT.parent / "shared" / "data"))


def readme_example():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Python\n"):]
    section = section[:section.index("\n## ", 1)]
    code, output = re.search(r"```python\n(.*?)```\n\n```\n(.*?)```", section, re.S).groups()
    return code, output


@pytest.mark.skipif(not (DATA / "insurance.csv").exists(), reason="../shared/data is absent")
def test_readme_python_example_prints_what_readme_shows(monkeypatch):
    code, expected = readme_example()
    code = code.replace("../shared/data", str(DATA))
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue() == expected
