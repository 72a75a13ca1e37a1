"""여러 프로세스가 한 Optuna 탐색을 나눠 돌릴 때 쓰는 도구(비공개): 시도의 주인 표시, 죽은 주인의 시도 되살리기, 일꾼 프로세스 관리.

시도마다 그 시도를 돌리는 프로세스를 ``"<호스트>:<PID>"``로 적어 둡니다(사용자 속성 ``worker``). 탐색을 여는
쪽은 '진행 중'인 시도의 주인이 같은 컴퓨터에서 아직 살아 있는지 PID로 확인하고, 죽었을 때만 실패로 적고 같은
하이퍼파라미터로 다시 넣습니다. 다른 컴퓨터의 시도는 여기서 알 수 없으므로 그대로 둡니다(데이터베이스 저장소에서는
Optuna의 하트비트가 맡습니다). PID는 재사용될 수 있지만, 죽은 일꾼의 PID를 몇 초 안에 다른 프로세스가 받는 일은
드뭅니다.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import socket
import time
import warnings
from datetime import datetime
from pathlib import Path

import optuna
from optuna.exceptions import UpdateFinishedTrialError
from optuna.trial import TrialState

OWNER_ATTR = "worker"
OWNERLESS_GRACE_S = 30.0  # 시도를 만들고 주인을 적기까지는 수 밀리초입니다


def owner_tag() -> str:
    """이 프로세스를 가리키는 주인 표시 ``"<호스트>:<PID>"``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # 다른 사용자의 프로세스: 살아 있음
        return True
    try:  # 죽었지만 부모가 아직 거두지 않은 프로세스(좀비)도 신호는 받습니다: 상태로 가립니다 (Linux)
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def owner_alive(tag) -> bool:
    """주인 표시의 프로세스가 아직 그 시도를 돌리고 있을 수 있으면 True. 다른 컴퓨터의 주인은 알 수 없으니 True."""
    host, _, pid = str(tag).rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    pid = int(pid)
    if pid == os.getpid():  # 이 프로세스는 지금 그 시도를 돌리고 있지 않음(여는 중이거나 시도 사이)
        return False
    return _pid_alive(pid)


def recover_stale(study: optuna.Study, *, ownerless_stale: bool) -> list[int]:
    """주인이 죽은 '진행 중' 시도를 실패로 적고 같은 하이퍼파라미터로 다시 넣습니다. 다시 넣은 시도 번호를 돌려줍니다.

    ``ownerless_stale``: 주인 표시가 없는 시도도 바로 죽은 것으로 볼지. 한 프로세스만 쓰던 기록(또는 일꾼을 띄우기
    전)에서는 True입니다. 일꾼끼리는 False입니다: 다른 일꾼이 시도를 막 만들고 주인을 적기 전일 수 있기 때문입니다.
    그때는 시작한 지 ``OWNERLESS_GRACE_S``초가 지나도 주인 표시가 없는 시도만 죽은 것으로 봅니다(만들고 주인을
    적기 전에 죽은 일꾼의 시도).
    두 프로세스가 같은 시도를 동시에 실패로 적으면 저장소가 하나만 받아들이므로, 다시 넣는 것도 한 번뿐입니다.
    """
    retried = []
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        tag = trial.user_attrs.get(OWNER_ATTR)
        if tag is None:
            started = trial.datetime_start or datetime.now()
            if not ownerless_stale and (datetime.now() - started).total_seconds() < OWNERLESS_GRACE_S:
                continue
        elif owner_alive(tag):
            continue
        try:
            study.tell(trial.number, state=TrialState.FAIL)
        except (ValueError, UpdateFinishedTrialError):  # 다른 프로세스가 먼저 적었음
            continue
        study.enqueue_trial(trial.params)
        retried.append(trial.number)
    return retried


def database_storage(url: str, heartbeat_s: int):
    """(데이터베이스 저장소, 메시지에 보일 URL: 비밀번호는 가림). 일꾼은 ``heartbeat_s``초마다 하트비트를 적습니다.

    그 세 배 동안 소식이 없는 '진행 중' 시도는 다음 시도를 시작하는 일꾼이 실패로 적고 같은 값으로 다시 넣습니다
    (:class:`optuna.storages.RetryHeartbeatStaleTrialCallback`, 한 시도에 세 번까지). 다른 컴퓨터에서 죽은 일꾼을 위한 것입니다.
    """
    with warnings.catch_warnings():  # 하트비트 인자는 Optuna의 실험 기능 표시가 붙어 있습니다
        warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
        storage = optuna.storages.RDBStorage(
            url, heartbeat_interval=heartbeat_s, grace_period=3 * heartbeat_s,
            heartbeat_stale_trial_callback=optuna.storages.RetryHeartbeatStaleTrialCallback(max_retry=3))
    return storage, shown_url(url)


def shown_url(url: str) -> str:
    """메시지에 보일 데이터베이스 URL: ``//사용자:비밀번호@``를 ``//…@``로 가립니다."""
    return re.sub(r"//[^/@]*@", "//…@", url)


def run_processes(target, args_list, *, poll_s: float = 0.2, stop_s: float = 5.0) -> list[int]:
    """``target(*args)``를 args마다 새 프로세스(spawn)로 띄우고 모두 끝날 때까지 기다려 종료 코드들을 돌려줍니다.

    기다리는 동안 예외(Ctrl-C의 KeyboardInterrupt 포함)가 나면 남은 프로세스에 SIGTERM을 보내고 ``stop_s``초 안에
    끝나지 않으면 SIGKILL로 끝낸 뒤 예외를 다시 냅니다. 어떤 경우에도 고아 프로세스를 남기지 않습니다.
    """
    context = multiprocessing.get_context("spawn")  # fork는 부모의 스레드·잠금 상태를 물려받아 위험합니다
    processes = []
    try:
        for args in args_list:
            process = context.Process(target=target, args=tuple(args), daemon=False)
            process.start()
            processes.append(process)
        while sum(p.is_alive() for p in processes):  # is_alive()를 모두 불러 끝난 일꾼을 바로 거둡니다(좀비가 남지 않게)
            time.sleep(poll_s)
    except BaseException:
        for process in processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + stop_s
        for process in processes:
            process.join(max(deadline - time.monotonic(), 0.0))
            if process.is_alive():
                process.kill()
                process.join()
        raise
    for process in processes:
        process.join()
    return [p.exitcode for p in processes]


def report(study: optuna.Study, label: str, codes: list[int], total_trials: int, left: list[int]) -> int:
    """일꾼들이 끝난 뒤의 요약(완료·가지치기·실패 수, 비정상 종료한 일꾼, 가장 좋은 시도)을 찍고 종료 코드를 돌려줍니다."""
    counts = {state: len(study.get_trials(deepcopy=False, states=(state,)))
              for state in (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)}
    finished = counts[TrialState.COMPLETE] + counts[TrialState.PRUNED]
    print(f"기록: {label}, 일꾼 {len(codes)}개: 완료 {counts[TrialState.COMPLETE]}개, 가지치기 "
          f"{counts[TrialState.PRUNED]}개, 실패 {counts[TrialState.FAIL]}개 (끝난 시도 {finished}개)")
    broken = [f"{i}번(종료 코드 {code})" for i, code in enumerate(codes) if code != 0]
    if broken:
        print("비정상 종료한 일꾼: " + ", ".join(broken) + ". 그 일꾼이 돌리던 시도는 실패로 적고 같은 값으로 다시 "
              + ("넣었습니다(다음 실행에서 돕니다)." if left else "돌렸습니다."))
    if counts[TrialState.COMPLETE]:
        best = study.best_trial
        print(f"가장 좋은 시도 {best.number}: 검증 손실 {best.value:.4f}, "
              + ", ".join(f"{k} {v:.4g}" for k, v in best.params.items()))
    return 0 if finished >= total_trials else 1
