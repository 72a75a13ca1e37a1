"""`make bench`: benchmarks/ 안의 bench_*.py를 차례로 한 프로세스씩 실행하고 결과를 그대로 보여 줍니다.

각 벤치마크는 목표를 못 맞추면 0이 아닌 종료 코드를 돌려줍니다. 하나라도 실패하면 여기서도 실패합니다.
"""

import pathlib
import subprocess
import sys

here = pathlib.Path(__file__).resolve().parent
failed = []
for script in sorted(here.glob("bench_*.py")):
    print(f"\n=== {script.name} ===", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=here.parent).returncode != 0:
        failed.append(script.name)
if failed:
    print("\n목표를 맞추지 못한 벤치마크:", ", ".join(failed))
    sys.exit(1)
print("\n모든 벤치마크가 목표를 맞췄습니다.")
