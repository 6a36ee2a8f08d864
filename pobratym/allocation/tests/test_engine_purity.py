"""The engine runs without Django: the bench and any worker import it on its own."""

import subprocess
import sys


def test_the_engine_imports_without_django():
    code = (
        "import sys, pobratym.allocation.engine as engine;"
        "assert engine.population_band(61_496) == '50k-250k';"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "[]"
