"""스케줄의 하이퍼파라미터 찾기: Optuna(TPE + 가지치기)로, 멈췄다가 그 자리에서 이어 가는 탐색.

찾는 스케줄은 **워밍업-유지-감쇠**(:func:`lrcourse.schedules.warmup_stable_decay`, 선형 감쇠, 끝에서 0) 한
가족입니다. 하이퍼파라미터 세 개로 정해집니다(T = 전체 스텝 수).

- ``lr``: 최고 학습률. 로그 균등으로 ``LR_RANGE`` 안에서 찾습니다(여러 자릿수에 걸치므로).
- ``warmup_share``: 워밍업 길이의 비율. W = round(warmup_share · T).
- ``decay_share``: 워밍업 뒤 남은 스텝 중 감쇠하는 비율. D = round(decay_share · (T − W)).
  1이면 유지 구간 없이 워밍업 + 선형 감쇠, 작으면 오래 유지하다가 끝에서 짧게 내립니다.

학습은 숫자(digits) MLP를 SGD(모멘텀 0.9)로 ``epochs`` 에포크, CPU 스레드 1개로 합니다. 에포크마다 검증 손실을
``trial.report``로 알리고, :class:`optuna.pruners.MedianPruner`가 같은 에포크의 중앙값보다 나쁜 시도를 멈춥니다
(가지치기). 목표는 마지막 에포크의 검증 손실입니다.

탐색 기록(study)은 학습자 홈 폴더의 파일 ``~/.lrcourse/optuna/<이름>.log``에 둡니다(환경 변수
``LRCOURSE_OPTUNA_DIR``로 폴더를 바꿈). 저장소 안에는 두지 않습니다. 같은 이름으로 :func:`schedule_study`를 다시
부르면 파일에 있는 시도를 그대로 읽어 이어 갑니다. 실행 중에 죽어서 '진행 중'으로 남은 시도는 실패로 적고 같은
하이퍼파라미터로 다시 돌립니다. 다른 일꾼 프로세스가 지금 돌리고 있는 시도는 건드리지 않습니다(아래).

Optuna 로그(표준 오류)는 이 모듈의 함수가 도는 동안 경고 이상만 나오게 했다가 되돌립니다.

명령 줄에서도 돌릴 수 있습니다(멈췄다가 같은 명령으로 이어 감)::

    python -m lrcourse.search --name my_search --trials 40

**여러 일꾼**: ``--workers N``은 일꾼 프로세스 N개를 띄워 한 탐색을 나눠 돌립니다. 일꾼마다 같은 이름으로 탐색을
열고, 끝난 시도가 ``--trials``개가 될 때까지 시도를 하나씩 돌립니다::

    python -m lrcourse.search --name my_search --trials 40 --workers 4

한 컴퓨터에서는 일꾼들이 기록 파일 하나(Optuna의 JournalStorage)에 함께 씁니다. SQLite는 여러 프로세스가 동시에
쓰기에 안전하지 않아 받지 않습니다. 여러 컴퓨터에서는 ``--storage``에 데이터베이스 URL(``postgresql://…``,
``mysql+pymysql://…``)을 주고 컴퓨터마다 같은 명령을 실행합니다. 죽은 일꾼의 시도를 다루는 방법은
:mod:`._workers`에 있습니다(같은 컴퓨터는 PID로, 다른 컴퓨터는 데이터베이스 저장소의 하트비트로).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import time
import warnings
from pathlib import Path

import numpy as np
import optuna
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend, JournalFileOpenLock
from optuna.trial import TrialState

from ._checks import check_int, fail
from ._workers import OWNER_ATTR, database_storage, owner_tag, recover_stale, report, run_processes
from .batched import fit_batched
from .data import load_digits
from .models import mlp
from .schedules import cosine_annealing, linear_warmup, warmup_stable_decay
from .train import fit, steps_per_epoch

__all__ = [
    "STUDY_DIR_ENV",
    "LR_RANGE",
    "study_path",
    "shown_path",
    "wsd_from_params",
    "default_schedule",
    "objective",
    "schedule_study",
    "run",
    "finished_trials",
    "best_schedule",
    "param_importances",
    "final_val_losses",
    "main",
]

STUDY_DIR_ENV = "LRCOURSE_OPTUNA_DIR"
DEFAULT_STUDY_DIR = "~/.lrcourse/optuna"
LR_RANGE = (0.003, 1.0)  # 0.003은 6 에포크에 거의 배우지 못하고, 1.0은 모멘텀 0.9와 함께 자주 발산합니다
WARMUP_RANGE = (0.0, 0.3)
DECAY_RANGE = (0.05, 1.0)
BATCH_SIZE = 64
MOMENTUM = 0.9
HEARTBEAT_S = 60  # 데이터베이스 저장소에서 일꾼이 살아 있다고 알리는 간격(초)
_FINISHED = (TrialState.COMPLETE, TrialState.PRUNED)
_NAME = re.compile(r"[A-Za-z0-9_.-]+")


@contextlib.contextmanager
def _quiet_optuna():
    """Optuna의 INFO 로그("Trial 3 finished …")를 잠시 끕니다. 노트북 출력이 실행마다 같게 하려는 것입니다."""
    before = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        yield
    finally:
        optuna.logging.set_verbosity(before)


def _check_study(study) -> optuna.Study:
    if not isinstance(study, optuna.Study):
        fail("study", type(study).__name__, "schedule_study()가 돌려준 optuna.Study", TypeError)
    return study


def study_path(study_name: str = "06_wsd", storage_path=None) -> Path:
    """탐색 기록 파일의 경로: ``storage_path``, 없으면 ``$LRCOURSE_OPTUNA_DIR/<이름>.log``, 없으면 ``~/.lrcourse/optuna/<이름>.log``."""
    if not isinstance(study_name, str) or not _NAME.fullmatch(study_name):
        fail("study_name", study_name, "영문자·숫자·'_'·'.'·'-'로 된 비어 있지 않은 이름 (파일 이름이 됩니다)",
             TypeError if not isinstance(study_name, str) else ValueError)
    if storage_path is not None:
        if not isinstance(storage_path, (str, os.PathLike)) or not str(storage_path):
            fail("storage_path", storage_path, "파일 경로(문자열 또는 pathlib.Path) 또는 None", TypeError)
        return Path(os.path.expanduser(storage_path))
    folder = os.environ.get(STUDY_DIR_ENV) or DEFAULT_STUDY_DIR
    return Path(os.path.expanduser(folder)) / f"{study_name}.log"


def shown_path(path) -> str:
    """홈 폴더 아래의 경로는 ``~/…``로 줄여 보여 줍니다(노트북 출력에 사용자 이름이 남지 않도록)."""
    path = Path(path)
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except ValueError:
        return str(path)


def wsd_from_params(params: dict, total_steps: int):
    """하이퍼파라미터 ``{'lr', 'warmup_share', 'decay_share'}``로 워밍업-유지-감쇠 스케줄을 만듭니다.

    W = round(warmup_share · T)(T − 1 이하), D = round(decay_share · (T − W))이고 감쇠는 선형으로 0까지입니다.
    """
    T = check_int("total_steps", total_steps, low=2, allowed="2 이상의 정수")
    keys = ("lr", "warmup_share", "decay_share")
    if not isinstance(params, dict) or any(k not in params for k in keys):
        fail("params", params, "'lr', 'warmup_share', 'decay_share'가 든 사전 (study.best_params)", TypeError)
    for key, (low, high) in (("warmup_share", (0.0, 1.0)), ("decay_share", (0.0, 1.0))):
        value = params[key]
        if not isinstance(value, (int, float)) or not low <= value <= high:
            fail(f"params['{key}']", value, f"{low} 이상 {high} 이하의 실수")
    W = min(int(round(params["warmup_share"] * T)), T - 1)
    D = int(round(params["decay_share"] * (T - W)))
    return warmup_stable_decay(params["lr"], total_steps=T, warmup_steps=W, decay_steps=D)


def default_schedule(total_steps: int, lr: float = 0.1, warmup_share: float = 0.1):
    """손으로 고른 기본값: 학습률 0.1, 전체의 10 % 선형 워밍업 + 나머지 스텝의 코사인 감쇠(0까지)."""
    T = check_int("total_steps", total_steps, low=2, allowed="2 이상의 정수")
    W = int(round(warmup_share * T))
    return linear_warmup(cosine_annealing(lr, T_max=T - W), W)


def objective(trial, *, epochs: int = 6, seed: int = 0) -> float:
    """시도 하나: 하이퍼파라미터를 뽑아 학습하고 마지막 검증 손실을 돌려줍니다.

    ``seed``는 검증 세트 분할, 초기 가중치, 데이터 순서를 모두 정합니다. 에포크마다 검증 손실을 알리고,
    마지막 에포크 전에 가지치기 대상이 되면(또는 발산하면) :class:`optuna.TrialPruned`로 멈춥니다. 에포크 단위로 끊어 학습해도
    :func:`lrcourse.train.fit`의 체크포인트 재개 덕분에 한 번에 학습한 것과 손실이 똑같습니다.
    """
    epochs = check_int("epochs", epochs, low=1, allowed="1 이상의 정수")
    seed = check_int("seed", seed, low=0, allowed="0 이상의 정수")
    params = {
        "lr": trial.suggest_float("lr", *LR_RANGE, log=True),
        "warmup_share": trial.suggest_float("warmup_share", *WARMUP_RANGE),
        "decay_share": trial.suggest_float("decay_share", *DECAY_RANGE),
    }
    data = load_digits(seed=seed)
    per_epoch = steps_per_epoch(data, BATCH_SIZE)
    total = epochs * per_epoch
    schedule = wsd_from_params(params, total)
    model = mlp(seed=seed)
    checkpoint = None
    for epoch in range(1, epochs + 1):
        history = fit(model, data, "sgd", schedule, steps=total, batch_size=BATCH_SIZE, seed=seed, device="cpu",
                      progress=False, momentum=MOMENTUM, num_threads=1, resume=checkpoint,
                      checkpoint_at=epoch * per_epoch if epoch < epochs else None)
        if history.diverged:
            trial.set_user_attr("diverged", True)
            raise optuna.TrialPruned(f"에포크 {epoch}에서 발산")
        checkpoint = history.checkpoint
        val_loss = float(history.val_loss[-1])
        trial.report(val_loss, epoch)
        if epoch < epochs and trial.should_prune():  # 마지막 에포크는 이미 다 학습했으니 결과를 씁니다
            raise optuna.TrialPruned(f"에포크 {epoch}의 검증 손실 {val_loss:.3f}이 중앙값보다 나쁨")
    return val_loss


def schedule_study(study_name: str = "06_wsd", *, storage_path=None, seed: int = 0, epochs: int = 6,
                   n_startup_trials: int = 8) -> optuna.Study:
    """탐색 기록 파일을 열거나 만들어 :class:`optuna.Study`를 돌려줍니다. 파일에 시도가 있으면 그대로 이어 갑니다.

    Args:
        study_name: 탐색 이름(파일 이름 ``<이름>.log``가 됩니다).
        storage_path: 기록 파일 경로. None이면 :func:`study_path`의 기본 위치(홈 폴더 아래).
        seed: TPE 샘플러의 시드이자 :func:`objective`의 시드. 이어 갈 때 샘플러는 ``seed + (파일에 있는 시도 수)``로
            시드를 정합니다. 같은 시드로 다시 만들면 처음 시도들과 똑같은 하이퍼파라미터를 다시 뽑기 때문입니다.
        epochs: 시도마다 학습할 에포크 수.
        n_startup_trials: TPE가 모형을 쓰기 전에 무작위로 뽑는 시도 수이자, 가지치기를 시작하기 전에 끝까지 돌릴 시도 수.

    파일의 탐색이 다른 ``seed``·``epochs``로 만들어졌으면 섞지 않도록 ``ValueError``를 냅니다.
    """
    seed = check_int("seed", seed, low=0, allowed="0 이상의 정수")
    epochs = check_int("epochs", epochs, low=1, allowed="1 이상의 정수")
    n_startup_trials = check_int("n_startup_trials", n_startup_trials, low=1, allowed="1 이상의 정수")
    path = study_path(study_name, storage_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _open_study(study_name, _journal(path), shown_path(path), seed=seed, epochs=epochs,
                       n_startup_trials=n_startup_trials)


def _journal(path) -> JournalStorage:
    # 열기 잠금(open lock)은 심볼릭 링크 잠금과 달리 Windows에서도 권한 없이 동작합니다. 같은 컴퓨터의 여러
    # 프로세스가 한 파일에 함께 쓸 때도 이 잠금이 기록 한 줄씩을 차례로 쓰게 합니다.
    return JournalStorage(JournalFileBackend(str(path), lock_obj=JournalFileOpenLock(str(path))))


def _open_study(study_name, storage, label, *, seed, epochs, n_startup_trials, worker_index=None) -> optuna.Study:
    """탐색을 열거나 만들고, 주인이 죽은 '진행 중' 시도를 실패로 적고 다시 넣습니다.

    ``worker_index``가 None이면 한 프로세스가 쓰는 경우입니다(주인 표시가 없는 '진행 중' 시도도 죽은 것으로 봄).
    일꾼 i는 샘플러 시드에 ``10000·(i + 1)``을 더합니다: 같은 순간에 연 일꾼들이 같은 시드로 같은 시도를 뽑지 않도록.
    """
    try:
        existing = len(storage.get_all_trials(storage.get_study_id_from_name(study_name), deepcopy=False))
    except KeyError:  # 이 이름의 탐색이 아직 없음
        existing = 0
    offset = 0 if worker_index is None else 10000 * (worker_index + 1)
    sampler = optuna.samplers.TPESampler(seed=seed + existing + offset, n_startup_trials=n_startup_trials)
    # 워밍업 중이거나 아직 감쇠하지 않은 스케줄은 중간 손실이 높습니다: 앞 절반의 에포크를 마칠 때까지는 멈추지 않습니다.
    pruner = optuna.pruners.MedianPruner(n_startup_trials=n_startup_trials, n_warmup_steps=max(epochs // 2, 1))
    with _quiet_optuna():
        study = optuna.create_study(study_name=study_name, storage=storage, sampler=sampler, pruner=pruner,
                                    direction="minimize", load_if_exists=True)
        settings = {"seed": seed, "epochs": epochs}
        saved = study.user_attrs.get("settings")
        if saved is None:
            study.set_user_attr("settings", settings)
        else:
            for key, value in settings.items():
                if saved.get(key) != value:
                    fail(key, value, f"이 탐색 파일({label})을 만들 때의 값 {saved.get(key)!r} "
                                     "(다른 설정의 시도를 섞지 않으려면 study_name이나 storage_path를 바꾸세요)")
        recover_stale(study, ownerless_stale=worker_index is None)  # 이전 실행이 끝내지 못한 시도는 같은 값으로 다시
    return study


def finished_trials(study) -> list:
    """끝까지 돌았거나(COMPLETE) 가지치기된(PRUNED) 시도들."""
    return _check_study(study).get_trials(deepcopy=False, states=_FINISHED)


def _owned(objective_fn, **settings):
    tag = owner_tag()

    def tagged(trial):
        trial.set_user_attr(OWNER_ATTR, tag)  # 다른 프로세스가 이 시도의 주인이 살아 있는지 확인할 수 있도록
        return objective_fn(trial, **settings)
    return tagged


def run(study, total_trials: int) -> optuna.Study:
    """끝난 시도(완료 + 가지치기)가 ``total_trials``개가 될 때까지 시도를 더 돌립니다. 이미 그만큼 있으면 돌리지 않습니다."""
    study = _check_study(study)
    total_trials = check_int("total_trials", total_trials, low=1, allowed="1 이상의 정수")
    settings = study.user_attrs.get("settings")
    if not isinstance(settings, dict):
        fail("study", study.study_name, "schedule_study()가 만든 탐색 (설정 seed·epochs가 기록된 것)")
    remaining = total_trials - len(finished_trials(study))
    if remaining > 0:
        with _quiet_optuna():
            study.optimize(_owned(objective, **settings), n_trials=remaining)
    return study


def best_schedule(study, total_steps: int):
    """가장 좋은 시도의 하이퍼파라미터로 만든 워밍업-유지-감쇠 스케줄 (:func:`wsd_from_params`)."""
    study = _check_study(study)
    if not any(t.state == TrialState.COMPLETE for t in study.get_trials(deepcopy=False)):
        fail("study", study.study_name, "끝까지 돈(COMPLETE) 시도가 하나 이상 있는 탐색 (run()을 먼저 부르세요)")
    return wsd_from_params(study.best_params, total_steps)


def param_importances(study) -> dict:
    """하이퍼파라미터마다 중요도(합이 1)를 큰 것부터. PED-ANOVA(Watanabe et al. 2023)로 계산합니다.

    PED-ANOVA는 "상위 10 % 시도에서 이 하이퍼파라미터의 분포가 전체와 얼마나 다른가"를 잽니다. scikit-learn이
    필요 없고(기본값인 fANOVA는 필요), 무작위성이 없어 같은 시도에서 늘 같은 값을 줍니다.
    """
    study = _check_study(study)
    # Optuna 4.x는 이 평가기를 실험 기능으로 표시해 만들 때 ExperimentalWarning을 냅니다(5.0부터 정식). 그 경고만 끕니다.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
        evaluator = optuna.importance.PedAnovaImportanceEvaluator()
    with _quiet_optuna():
        importances = optuna.importance.get_param_importances(study, evaluator=evaluator)
    return {name: float(value) for name, value in importances.items()}


def final_val_losses(schedules: dict, seeds, *, epochs: int = 6) -> dict:
    """스케줄마다 시드별 마지막 검증 손실 ``{이름: 배열}``. :func:`objective`와 같은 설정으로 학습합니다.

    시드 s는 검증 세트 분할(``load_digits(seed=s)``), 초기 가중치(``mlp(seed=s)``), 데이터 순서를 모두 바꿉니다.
    한 시드 안에서 스케줄들은 같은 초기화·순서로 한꺼번에 학습합니다(:func:`lrcourse.batched.fit_batched`).
    """
    if not isinstance(schedules, dict) or not schedules:
        fail("schedules", schedules, "{이름: 스케줄} 사전 (비어 있지 않게)", TypeError)
    seeds = [check_int("seeds", s, low=0, allowed="0 이상의 정수들") for s in seeds]
    if not seeds:
        fail("seeds", seeds, "시드 하나 이상")
    epochs = check_int("epochs", epochs, low=1, allowed="1 이상의 정수")
    losses = {name: [] for name in schedules}
    for s in seeds:
        data = load_digits(seed=s)
        histories = fit_batched(mlp(seed=s), data, dict(schedules), "sgd", epochs=epochs, batch_size=BATCH_SIZE,
                                seed=s, device="cpu", progress=False, momentum=MOMENTUM, num_threads=1)
        for name, history in zip(schedules, histories.values()):  # fit_batched는 이름을 str로 바꿉니다
            losses[name].append(np.inf if history.diverged else float(history.val_loss[-1]))
    return {name: np.asarray(values) for name, values in losses.items()}


def _storage(spec, study_name):
    """``--storage`` 값을 저장소로: ``postgresql://…``·``mysql://…`` 같은 URL이면 RDBStorage, 아니면 기록 파일 경로.

    경로가 없으면(None) :func:`study_path`의 기본 위치입니다. 데이터베이스 저장소에서는 일꾼마다 ``HEARTBEAT_S``초마다
    하트비트를 적고, 그 세 배 동안 소식이 없는 '진행 중' 시도는 실패로 적고 같은 값으로 다시 돌립니다(다른 컴퓨터의
    일꾼이 죽은 경우). 돌려주는 값은 (저장소, 메시지에 보일 이름: 비밀번호는 가림)입니다.
    """
    if spec is not None and "://" in str(spec):
        if str(spec).startswith("sqlite"):
            fail("storage", spec, "PostgreSQL·MySQL URL 또는 기록 파일 경로 (SQLite는 여러 프로세스가 함께 쓰기에 안전하지 않습니다)")
        return database_storage(str(spec), HEARTBEAT_S)
    path = study_path(study_name, spec)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _journal(path), shown_path(path)


def _work(study_name, storage_spec, seed, epochs, total_trials, worker_index):
    """일꾼 프로세스 하나: 끝난 시도가 ``total_trials``개가 될 때까지 시도를 하나씩 돌립니다.

    끝난 시도와 다른 일꾼이 돌리는 시도가 합쳐 ``total_trials``개면 새 시도를 시작하지 않고 기다립니다. 그 일꾼이
    죽으면 그 시도를 같은 값으로 이어받습니다.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C는 부모가 받아 일꾼을 정리합니다
    storage, label = _storage(storage_spec, study_name)
    study = _open_study(study_name, storage, label, seed=seed, epochs=epochs, n_startup_trials=8,
                        worker_index=worker_index)
    tagged_objective = _owned(objective, seed=seed, epochs=epochs)
    with _quiet_optuna(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
        while True:
            recover_stale(study, ownerless_stale=False)  # 죽은 일꾼의 시도는 같은 값으로 다시 (다음 시도가 그것)
            optuna.storages.fail_stale_trials(study)  # 데이터베이스 저장소: 하트비트가 끊긴 다른 컴퓨터의 시도
            finished = len(finished_trials(study))
            if finished >= total_trials:
                return
            if finished + len(study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))) >= total_trials:
                time.sleep(0.5)  # 남은 시도는 다른 일꾼들이 돌리는 중: 그 일꾼이 죽으면 이어받으려고 기다립니다
                continue
            study.optimize(tagged_objective, n_trials=1)


def _run_workers(args) -> int:
    """``--workers``·``--storage``: 탐색을 한 번 열어 만들고(설정 확인, 남은 시도 정리) 일꾼들을 띄워 기다립니다."""
    workers = check_int("workers", args.workers, low=1, allowed="1 이상의 정수")
    trials = check_int("trials", args.trials, low=1, allowed="1 이상의 정수")
    storage, label = _storage(args.storage, args.name)
    study = _open_study(args.name, storage, label, seed=args.seed, epochs=args.epochs, n_startup_trials=8)
    try:
        codes = run_processes(_work, [(args.name, args.storage, args.seed, args.epochs, trials, i)
                                      for i in range(workers)])
    except KeyboardInterrupt:
        print(f"중단했습니다: 일꾼 {workers}개를 모두 끝냈습니다. 같은 명령으로 이어 갈 수 있습니다"
              "(돌던 시도는 같은 값으로 다시 돕니다).")
        return 130
    with _quiet_optuna():
        left = recover_stale(study, ownerless_stale=False)  # 다른 일꾼이 다 끝난 뒤에 죽은 일꾼의 시도: 다음 실행에서
        return report(study, label, codes, trials, left)


def main(argv=None) -> int:
    """``python -m lrcourse.search``: 탐색을 만들거나 이어서 끝난 시도가 ``--trials``개가 될 때까지 돌립니다.

    ``--workers N``이면 일꾼 프로세스 N개가 한 탐색을 나눠 돌립니다(모듈 설명 참고). 끝난 시도는 ``--trials``개
    이상입니다: 마지막 시도들을 여러 일꾼이 함께 돌리다 보면 드물게 N − 1개까지 더 끝날 수 있습니다.
    """
    parser = argparse.ArgumentParser(prog="python -m lrcourse.search",
                                     description="워밍업-유지-감쇠 스케줄의 하이퍼파라미터를 Optuna로 찾습니다(이어 하기 가능).")
    parser.add_argument("--name", default="06_wsd", help="탐색 이름 (기록 파일 <이름>.log)")
    parser.add_argument("--trials", type=int, default=20, help="끝난 시도가 모두 몇 개가 될 때까지")
    parser.add_argument("--epochs", type=int, default=6, help="시도마다 학습할 에포크 수")
    parser.add_argument("--seed", type=int, default=0, help="TPE와 학습의 시드")
    parser.add_argument("--workers", type=int, default=1, help="함께 돌릴 일꾼 프로세스 수")
    parser.add_argument("--storage", default=None,
                        help="기록 파일 경로 또는 데이터베이스 URL(postgresql://…, mysql://…; 여러 컴퓨터용)")
    args = parser.parse_args(argv)
    if args.workers != 1 or args.storage is not None:
        return _run_workers(args)
    study = schedule_study(args.name, seed=args.seed, epochs=args.epochs)
    run(study, args.trials)
    best = study.best_trial
    print(f"기록 파일: {shown_path(study_path(args.name))}, 끝난 시도 {len(finished_trials(study))}개")
    print(f"가장 좋은 시도 {best.number}: 검증 손실 {best.value:.4f}, "
          + ", ".join(f"{k} {v:.4g}" for k, v in best.params.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
