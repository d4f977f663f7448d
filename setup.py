"""Builds linreg._core with the repository's CMake project (pyproject.toml has the metadata)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    """Configures a Release build of the extension module only, for the interpreter running pip,
    and copies the module where setuptools expects it."""

    def build_extension(self, ext):
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        jobs = str(os.cpu_count() or 1)
        # LINREG_BUILD_DIR: a configured build of this tree with the Python package (the
        # release preset's build/): the module is built there, not configured afresh (the test
        # of this install uses it, to take seconds rather than a full build).
        existing = os.environ.get("LINREG_BUILD_DIR")
        build = Path(existing) if existing else Path(self.build_temp).resolve() / "cmake"
        if not existing:
            self._configure(build)
        subprocess.check_call(["cmake", "--build", str(build), "--target", "linreg_python",
                               "-j", jobs])
        built = next((build / "python" / "linreg").glob("_core*.so"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)

    @staticmethod
    def _configure(build):
        subprocess.check_call([
            "cmake", "-S", str(ROOT), "-B", str(build),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DLINREG_BUILD_TESTS=OFF", "-DLINREG_BUILD_BENCH=OFF", "-DLINREG_WITH_TORCH=OFF",
            "-DLINREG_BUILD_PYTHON=ON", f"-DPython_EXECUTABLE={sys.executable}",
        ])


setup(
    ext_modules=[Extension("linreg._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # Not build/: that is the CMake presets' release build.
    options={"build": {"build_base": "build-python"}},
)
