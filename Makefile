# 설정은 두 명령이면 됩니다: `make lab` (JupyterLab), `make test` (모든 테스트).
# 가상 환경 .venv가 없으면 만들고, 패키지와 의존성을 설치합니다.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.lrcourse-installed
# torch를 먼저 설치합니다. 이 버전은 이 저장소의 CI 머신 디스크에 CPU 빌드로 있습니다.
# 다른 컴퓨터에서 CPU 빌드를 원하면: make lab TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
# root로 실행할 때(컨테이너) JupyterLab은 --allow-root가 있어야 시작합니다.
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PORT ?= 8888

.PHONY: setup lab test test-fast bench student notebooks clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install --quiet "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	$(PY) -m pip install --quiet -e ".[lab,test]"
	touch $(STAMP)

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 --port=$(PORT) $(ALLOW_ROOT)

# LRCOURSE_PROGRESS=0: 진행 막대를 끄고, LRCOURSE_PROGRESS_FILE: 강사용 노트북(풀이 포함)을 돌려도
# 학습자의 연습 문제 진행 기록(~/.lrcourse_progress.json)이 바뀌지 않게 합니다.
test: setup
	LRCOURSE_PROGRESS=0 LRCOURSE_PROGRESS_FILE=$(CURDIR)/artifacts/test-progress.json $(PY) -m pytest tests notebooks --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env

test-fast: setup
	$(PY) -m pytest tests -m "not browser and not slow"

bench: setup
	$(PY) benchmarks/run_all.py

# 학생용 판: 풀이를 빈칸으로 바꾼 노트북을 student/에 씁니다.
student: setup
	$(PY) tools/build_notebooks.py --student

# 강사용 노트북을 notebooks/src/*.py에서 다시 만들고 실행해 출력과 함께 저장합니다.
notebooks: setup
	$(PY) tools/build_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts student
