"""`pip install --no-build-isolation .` in a venv made with --system-site-packages, offline
(--no-index): the package installs, imports from the venv and fits. The module is built in the
test build's own tree (LINREG_BUILD_DIR), so this takes seconds; a build from nothing goes
through the same setup.py, configuring its own Release build."""
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif("LINREG_BUILD_DIR" not in os.environ,
                    reason="needs LINREG_BUILD_DIR, a configured build (CTest sets it)")
def test_pip_installs_the_package_offline_into_a_venv(tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # The venv has no pip of its own (with_pip needs ensurepip's wheels): the system's pip,
    # run by the venv's interpreter, installs into the venv.
    subprocess.run([str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index",
                    "--quiet", str(ROOT)], check=True, cwd=tmp_path)
    probe = ("import linreg, numpy as np; X = np.arange(12.0).reshape(6, 2) ** 1.5; "
             "y = X @ [2.0, -1.0] + 3.0; m = linreg.LinearRegression().fit(X, y); "
             "print(linreg.__file__); print(m.rank_, round(m.intercept_, 9))")
    out = subprocess.run([str(python), "-c", probe], check=True, capture_output=True, text=True,
                         cwd=tmp_path, env={k: v for k, v in os.environ.items()
                                            if k != "PYTHONPATH"}).stdout.split("\n")
    assert out[0].startswith(str(env_dir)), out
    assert out[1] == "2 3.0"
