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
# JupyterLab 화면 언어: 이 가상 환경의 앱 설정(overrides.json)에만 씁니다. 영어로: make lab LAB_LOCALE=en
LAB_LOCALE ?= ko_KR
# make site가 정적 HTML 사이트를 쓰는 폴더 (git이 무시)
SITE ?= site

.PHONY: setup lab lab-locale test test-fast test-min test-colab test-gpu bench claims student notebooks site clean links

setup: $(STAMP) lab-locale

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install --quiet "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	$(PY) -m pip install --quiet -e ".[lab,test,site]"
	touch $(STAMP)

# JupyterLab의 언어 기본값을 이 환경의 $(VENV)/share/jupyter/lab/settings/overrides.json에 씁니다 (~/.jupyter는 그대로).
lab-locale: $(STAMP)
	$(PY) tools/lab_locale.py $(LAB_LOCALE)

# localhost(127.0.0.1)에서만, 토큰과 함께 엽니다: 토큰이 든 주소는 터미널에 나옵니다.
lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=. --ServerApp.ip=127.0.0.1 --port=$(PORT) --LabApp.default_url=/lab/tree/student/00_start.ipynb $(ALLOW_ROOT)

# LRCOURSE_PROGRESS=0: 진행 막대를 끄고, LRCOURSE_PROGRESS_FILE: 강사용 노트북(풀이 포함)을 돌려도
# 학습자의 연습 문제 진행 기록(~/.lrcourse_progress.json)이 바뀌지 않게 합니다.
test: setup
	LRCOURSE_PROGRESS=0 LRCOURSE_PROGRESS_FILE=$(CURDIR)/artifacts/test-progress.json $(PY) -m pytest tests notebooks --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env

test-fast: setup
	$(PY) -m pytest tests -m "not browser and not slow"

# 하한 검사: pyproject.toml의 하한 버전(numpy, matplotlib, ipywidgets, tqdm와 테스트 도구를 ==하한으로)을
# 따로 만든 가상 환경 .venv-min에 설치하고 라이브러리 테스트(브라우저 테스트와 노트북 빼고)를 돌립니다.
# torch는 TORCH_SPEC 하나입니다: 이 저장소의 CI 머신에 있는 CPU 빌드가 그것뿐입니다. torch 하한의 근거는
# docs/versions.md에 있습니다. 이 패키지는 --no-deps로 설치해 pip가 하한보다 새 버전을 끌어오지 않게 합니다.
MIN_VENV ?= .venv-min
MIN_PY := $(MIN_VENV)/bin/python
test-min:
	test -x $(MIN_PY) || $(PYTHON) -m venv $(MIN_VENV)
	$(MIN_PY) -m pip install --quiet --upgrade pip
	$(MIN_PY) tools/min_requirements.py > $(MIN_VENV)/requirements-min.txt
	$(MIN_PY) -m pip install --quiet -r $(MIN_VENV)/requirements-min.txt "$(TORCH_SPEC)" $(TORCH_PIP_ARGS) "setuptools>=77" nbclient
	$(MIN_PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(MIN_PY) -m pip check
	$(MIN_PY) -m pip freeze --exclude-editable | grep -i -E "^(numpy|matplotlib|pyparsing|ipywidgets|ipykernel|tqdm|torch|optuna|pytest|hypothesis|nbformat|jupytext|pyyaml)=="
	LRCOURSE_PROGRESS=0 LRCOURSE_PROGRESS_FILE=$(CURDIR)/artifacts/test-min-progress.json $(MIN_PY) -m pytest tests -m "not browser" -p no:cacheprovider

# Colab 환경 검사: Colab의 버전(tools/colab-pins.txt: ipywidgets 7.7.1, ipykernel 6.17.1, IPython 7.34, numpy, matplotlib
# 등)을 따로 만든 가상 환경 .venv-colab에 ==로 설치하고, Colab의 설정 셀처럼 이 패키지를 (편집 불가로, 의존성과 함께)
# 설치한 뒤, 핀 버전이 하나도 바뀌지 않았는지 확인합니다. 그다음 라이브러리 테스트, 위젯 테스트, 모든 노트북을
# `make test`와 같은 옵션의 nbval로 돌립니다. 브라우저 테스트와, 이 저장소를 만드는 도구의 테스트(사이트 빌드와 그 위생 검사:
# tests/test_site.py, Binder의 Dockerfile: tests/test_binder.py)는 뺍니다: Colab에서 도는 것이 아닙니다.
# Colab에 없는 테스트 도구는 핀을 제약(-c)으로 두고 설치해 핀을 올리지 않습니다. Python은 이 머신의 것이고(Colab은 3.13), torch는 TORCH_SPEC입니다(Colab은 2.11).
COLAB_VENV ?= .venv-colab
COLAB_PY := $(COLAB_VENV)/bin/python
COLAB_PINS := tools/colab-pins.txt
COLAB_TEST_TOOLS := "nbval>=0.11" "hypothesis>=6.80" "nbconvert>=7.0"
test-colab:
	test -x $(COLAB_PY) || $(PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_PY) -m pip install --quiet -r $(COLAB_PINS) "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	$(COLAB_PY) tools/check_pins.py $(COLAB_PINS)
	$(COLAB_PY) -m pip install --quiet .
	$(COLAB_PY) tools/check_pins.py $(COLAB_PINS)
	$(COLAB_PY) -m pip install --quiet -c $(COLAB_PINS) $(COLAB_TEST_TOOLS)
	$(COLAB_PY) tools/check_pins.py $(COLAB_PINS)
	$(COLAB_PY) -m pip check
	LRCOURSE_PROGRESS=0 LRCOURSE_PROGRESS_FILE=$(CURDIR)/artifacts/test-colab-progress.json $(COLAB_PY) -m pytest tests notebooks --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env -m "not browser" --ignore=tests/browser --ignore=tests/test_site.py --ignore=tests/test_binder.py --deselect tests/test_hygiene.py::test_built_site_has_no_machine_paths_or_secrets -p no:cacheprovider

# GPU 검사: CUDA가 있으면 주장 테스트(tests/test_claims.py)와 모든 레슨을 LRCOURSE_DEVICE=cuda로 돌립니다.
# 레슨은 코드를 고치지 않고 설정 셀의 장치만 바뀝니다. 숫자는 CPU로 저장된 출력과 다르므로 출력은 비교하지 않고
# (--nbval-lax), 노트북 안의 assert(결론)만 검사합니다. CUDA가 없으면 아무것도 돌리지 않고 그렇다고 말합니다.
test-gpu: setup
	@if $(PY) -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)"; then \
		$(PY) -c "import torch; print('GPU:', torch.cuda.get_device_name(0), '/ torch', torch.__version__, '/ CUDA', torch.version.cuda)"; \
		LRCOURSE_DEVICE=cuda LRCOURSE_PROGRESS=0 LRCOURSE_PROGRESS_FILE=$(CURDIR)/artifacts/test-gpu-progress.json \
			$(PY) -m pytest tests/test_claims.py notebooks --nbval-lax --nbval-current-env -p no:cacheprovider; \
	else \
		echo "make test-gpu: CUDA를 쓸 수 있는 GPU가 없어 아무 테스트도 돌리지 않았습니다(건너뜀, 통과 아님)."; \
	fi

bench: setup
	$(PY) benchmarks/run_all.py

# tests/test_claims.py의 주장을 설명에 적힌 여러 시드로 다시 잽니다 (다른 일과 나눠 쓴 2코어 CPU에서 약 25분).
claims: setup
	LRCOURSE_PROGRESS=0 $(PY) benchmarks/claims_seeds.py

# 학생용 판: 풀이를 빈칸으로 바꾼 노트북을 student/에 씁니다(실행하지 않음). student/는 저장소에 커밋하고,
# 배지가 이 판을 엽니다. 소스를 고친 뒤 다시 만들어 함께 커밋하세요(tests/test_student_edition.py가 검사).
student: setup
	$(PY) tools/build_notebooks.py --student

# 배지와 링크(노트북 머리, Colab 설정 셀, README의 레슨 표, docs/instructor.md)를 pyproject.toml의
# [project.urls](저장소 주소와 태그)로 다시 쓰고 student/를 다시 만듭니다. 검사만: python tools/links.py --check
links: setup
	$(PY) tools/links.py

# 강사용 노트북을 notebooks/src/*.py에서 다시 만들고 실행해 출력과 함께 저장합니다.
notebooks: setup
	$(PY) tools/build_notebooks.py

# 실행된 강사용 노트북(notebooks/*.ipynb)을 정적 HTML 사이트로: $(SITE)/index.html을 브라우저로 엽니다.
site: setup
	$(PY) tools/build_site.py --out $(SITE)

clean:
	rm -rf $(VENV) $(MIN_VENV) $(COLAB_VENV) .pytest_cache .hypothesis artifacts $(SITE)
