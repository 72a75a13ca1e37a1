"""lrcourse.torch_bridge: torch 스케줄러가 스케줄 값을 정확히 따르고, 끊김 없이 재개되는지."""

import io
import math
import warnings

import numpy as np
import pytest
import torch

import lrcourse
from lrcourse import schedules as S
from lrcourse.torch_bridge import torch_scheduler

STEPS = 300  # 계단이 여러 번 바뀌고(step_size 7) 재귀식이었다면 오차가 쌓일 만큼 긴 길이


def inverse_sqrt(lr, warmup):
    """테스트용으로 직접 만든 스케줄: 트랜스포머식 역제곱근 감쇠 lr·sqrt(w / max(t, w))."""
    return S._make("inverse_sqrt", lambda t: lr * np.sqrt(warmup / np.maximum(t, warmup)), lr=lr, warmup=warmup)


def make_optimizer(n_groups=1, lr=1.0, momentum=0.0, seed=0):
    """그룹마다 파라미터 하나씩 가진 SGD. 처음 lr은 일부러 스케줄 값과 다르게 둡니다."""
    gen = torch.Generator().manual_seed(seed)
    params = [torch.nn.Parameter(torch.randn(3, generator=gen)) for _ in range(n_groups)]
    return torch.optim.SGD([{"params": [p]} for p in params], lr=lr, momentum=momentum)


def train_step(optimizer):
    """손실 sum(p²)/2로 한 스텝. 기울기가 p이므로 학습률이 파라미터 값에 그대로 드러납니다."""
    optimizer.zero_grad()
    loss = sum((p**2).sum() / 2 for g in optimizer.param_groups for p in g["params"])
    loss.backward()
    optimizer.step()


def schedule_cases():
    return {
        "constant": S.constant(0.03),
        "step_decay": S.step_decay(0.1, step_size=7, gamma=0.5),
        "inverse_sqrt": inverse_sqrt(0.01, warmup=10),
        "cosine_annealing": S.cosine_annealing(0.1, T_max=200, eta_min=1e-4),  # STEPS를 넘어 eta_min 유지 구간까지
        "warmup_cosine": S.linear_warmup(S.cosine_annealing(0.1, T_max=250), 50, start_factor=0.01),
        "warm_restarts": S.cosine_warm_restarts(0.1, T_0=10, T_mult=2, eta_min=1e-3),
        "one_cycle": S.one_cycle(0.5, total_steps=250),  # 끝(250) 뒤에도 마지막 값
        "wsd": S.warmup_stable_decay(0.1, total_steps=300, warmup_steps=30, decay_steps=60, decay_shape="1-sqrt"),
        "by_epoch": S.by_epoch(S.step_decay(0.1, step_size=3, gamma=0.1), steps_per_epoch=20),
    }


CASES = schedule_cases()


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.filterwarnings("error")  # 보통 루프에서는 어떤 경고도 나오면 안 됩니다
def test_get_last_lr_after_k_steps_equals_schedule_k(name):
    schedule = CASES[name]
    optimizer = make_optimizer(lr=123.0)  # 옵티마이저의 lr은 덮어써져야 합니다
    scheduler = torch_scheduler(optimizer, schedule)
    assert isinstance(scheduler, torch.optim.lr_scheduler.LRScheduler)
    assert optimizer.param_groups[0]["lr"] == schedule(0)
    assert scheduler.get_last_lr() == [schedule(0)]
    for k in range(1, STEPS + 1):
        train_step(optimizer)
        scheduler.step()
        # 닫힌 식이므로 근사가 아니라 정확히 같아야 합니다
        assert scheduler.get_last_lr() == [schedule(k)], k
        assert optimizer.param_groups[0]["lr"] == schedule(k)


def test_cosine_schedule_is_followed_past_t_max_where_torch_would_rise():
    # torch의 CosineAnnealingLR은 T_max 뒤에 다시 오르지만, 다리는 스케줄(eta_min 유지)을 따라야 합니다
    schedule = S.cosine_annealing(0.1, T_max=20, eta_min=0.001)
    optimizer = make_optimizer()
    scheduler = torch_scheduler(optimizer, schedule)
    for _ in range(40):
        train_step(optimizer)
        scheduler.step()
    assert scheduler.get_last_lr() == [schedule(40)]
    assert math.isclose(scheduler.get_last_lr()[0], 0.001)


def test_optimizer_uses_the_scheduled_lr_at_each_step():
    # 기울기가 p인 SGD에서 p_{k+1} = p_k (1 − lr_k): 파라미터가 실제로 schedule(k)로 움직였는지 확인
    schedule = S.step_decay(0.1, step_size=3, gamma=0.5)
    optimizer = make_optimizer()
    (p,) = optimizer.param_groups[0]["params"]
    expected = p.detach().clone().double()
    scheduler = torch_scheduler(optimizer, schedule)
    for k in range(12):
        train_step(optimizer)
        scheduler.step()
        expected = expected * (1 - schedule(k))
    torch.testing.assert_close(p.detach().double(), expected, rtol=1e-6, atol=0)


@pytest.mark.filterwarnings("error")
def test_one_schedule_per_param_group():
    group_schedules = [S.constant(0.5), S.step_decay(0.1, step_size=4, gamma=0.1), inverse_sqrt(0.02, warmup=3)]
    optimizer = make_optimizer(n_groups=3)
    scheduler = torch_scheduler(optimizer, group_schedules)
    assert [g["lr"] for g in optimizer.param_groups] == [s(0) for s in group_schedules]
    for k in range(1, 30):
        train_step(optimizer)
        scheduler.step()
        assert scheduler.get_last_lr() == [s(k) for s in group_schedules]


def test_single_schedule_applies_to_every_group():
    schedule = S.step_decay(0.2, step_size=2, gamma=0.5)
    optimizer = make_optimizer(n_groups=2)
    scheduler = torch_scheduler(optimizer, schedule)
    for k in range(1, 6):
        train_step(optimizer)
        scheduler.step()
        assert scheduler.get_last_lr() == [schedule(k), schedule(k)]


def test_lr_does_not_depend_on_previous_value():
    # 재귀식 스케줄러는 누가 lr을 바꾸면 그 뒤가 모두 어긋납니다. 여기서는 다음 스텝에서 바로 제자리입니다.
    schedule = S.step_decay(0.1, step_size=5, gamma=0.5)
    optimizer = make_optimizer()
    scheduler = torch_scheduler(optimizer, schedule)
    for _ in range(7):
        train_step(optimizer)
        scheduler.step()
    optimizer.param_groups[0]["lr"] = 99.0
    train_step(optimizer)
    scheduler.step()
    assert scheduler.get_last_lr() == [schedule(8)]


@pytest.mark.filterwarnings("error")
def test_get_lr_outside_step_is_quiet_and_equals_get_last_lr():
    schedule = S.step_decay(0.1, step_size=2, gamma=0.5)
    optimizer = make_optimizer()
    scheduler = torch_scheduler(optimizer, schedule)
    for _ in range(5):
        train_step(optimizer)
        scheduler.step()
    assert scheduler.get_lr() == scheduler.get_last_lr() == [schedule(5)]


def run(schedule_list, n_steps, momentum=0.9):
    """끊김 없이 n_steps 학습하고 스텝별 학습률과 마지막 파라미터를 돌려줍니다."""
    optimizer = make_optimizer(n_groups=len(schedule_list), momentum=momentum)
    scheduler = torch_scheduler(optimizer, schedule_list)
    lrs = [scheduler.get_last_lr()]
    for _ in range(n_steps):
        train_step(optimizer)
        scheduler.step()
        lrs.append(scheduler.get_last_lr())
    return lrs, [p.detach().clone() for g in optimizer.param_groups for p in g["params"]]


@pytest.mark.parametrize("optimizer_first", [True, False], ids=["optimizer_loaded_first", "scheduler_loaded_first"])
@pytest.mark.filterwarnings("error")
def test_resume_through_torch_save_continues_identically(optimizer_first):
    schedule_list = [S.step_decay(0.1, step_size=7, gamma=0.5), inverse_sqrt(0.05, warmup=4)]
    total, saved_at = 40, 17  # 저장 시점이 계단(7의 배수) 사이에 오도록
    reference_lrs, reference_params = run(schedule_list, total)

    optimizer = make_optimizer(n_groups=2, momentum=0.9)
    scheduler = torch_scheduler(optimizer, schedule_list)
    lrs = [scheduler.get_last_lr()]
    for _ in range(saved_at):
        train_step(optimizer)
        scheduler.step()
        lrs.append(scheduler.get_last_lr())
    buffer = io.BytesIO()
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}, buffer)
    buffer.seek(0)
    checkpoint = torch.load(buffer)  # 기본값 weights_only=True: 평범한 숫자만 있어야 읽힙니다

    # 새 프로세스처럼: 처음 파라미터 값은 같게(seed), 옵티마이저 lr은 엉뚱하게 만들고 파라미터는 복원
    fresh_optimizer = make_optimizer(n_groups=2, lr=7.0, momentum=0.9)
    for g_new, g_old in zip(fresh_optimizer.param_groups, optimizer.param_groups):
        with torch.no_grad():
            g_new["params"][0].copy_(g_old["params"][0])
    if optimizer_first:
        fresh_optimizer.load_state_dict(checkpoint["optimizer"])
        fresh_scheduler = torch_scheduler(fresh_optimizer, schedule_list)
        fresh_scheduler.load_state_dict(checkpoint["scheduler"])
    else:
        fresh_scheduler = torch_scheduler(fresh_optimizer, schedule_list)
        fresh_scheduler.load_state_dict(checkpoint["scheduler"])
        fresh_optimizer.load_state_dict(checkpoint["optimizer"])
    assert [g["lr"] for g in fresh_optimizer.param_groups] == reference_lrs[saved_at]
    assert fresh_scheduler.get_last_lr() == reference_lrs[saved_at]
    for _ in range(total - saved_at):
        train_step(fresh_optimizer)
        fresh_scheduler.step()
        lrs.append(fresh_scheduler.get_last_lr())

    assert lrs == reference_lrs
    params = [p.detach() for g in fresh_optimizer.param_groups for p in g["params"]]
    for p, ref in zip(params, reference_params):
        torch.testing.assert_close(p, ref, rtol=0, atol=0)


def test_state_dict_holds_only_plain_python_values():
    scheduler = torch_scheduler(make_optimizer(), S.step_decay(0.1, step_size=3))

    def plain(x):
        if isinstance(x, dict):
            return all(isinstance(k, str) and plain(v) for k, v in x.items())
        if isinstance(x, list):
            return all(plain(v) for v in x)
        return isinstance(x, (bool, int, float, str))

    assert plain(scheduler.state_dict())
    buffer = io.BytesIO()
    torch.save(scheduler.state_dict(), buffer)
    buffer.seek(0)
    assert torch.load(buffer, weights_only=True) == scheduler.state_dict()


def test_loading_state_of_a_different_schedule_is_refused():
    optimizer = make_optimizer()
    scheduler = torch_scheduler(optimizer, S.step_decay(0.1, step_size=3))
    other = torch_scheduler(make_optimizer(), S.step_decay(0.1, step_size=4))
    with pytest.raises(ValueError, match="state_dict"):
        other.load_state_dict(scheduler.state_dict())
    with pytest.raises(TypeError, match="state_dict"):
        other.load_state_dict({"last_epoch": 3})


def test_step_with_epoch_jumps_deterministically():
    # torch에서 폐지 예정이지만, 쓰면 schedule(epoch)로 가고 다음 step()은 epoch + 1입니다
    schedule = S.step_decay(0.1, step_size=3, gamma=0.5)
    optimizer = make_optimizer()
    scheduler = torch_scheduler(optimizer, schedule)
    train_step(optimizer)
    with pytest.warns(UserWarning, match="deprecated"):
        scheduler.step(10)
    assert scheduler.get_last_lr() == [schedule(10)]
    train_step(optimizer)
    scheduler.step()
    assert scheduler.get_last_lr() == [schedule(11)]


@pytest.mark.parametrize("epoch, error", [(-1, ValueError), (2.5, ValueError), ("3", TypeError)])
def test_step_with_bad_epoch_is_rejected(epoch, error):
    scheduler = torch_scheduler(make_optimizer(), S.constant(0.1))
    with pytest.raises(error, match="epoch"):
        scheduler.step(epoch)


def test_schedule_list_length_must_match_param_groups():
    with pytest.raises(ValueError, match="파라미터 그룹 수\\(3\\)"):
        torch_scheduler(make_optimizer(n_groups=3), [S.constant(0.1), S.constant(0.2)])


@pytest.mark.parametrize(
    "schedule",
    [lambda t: 0.1, 0.1, [S.constant(0.1), "cosine"]],
    ids=["lambda", "number", "list_with_string"],
)
def test_non_schedule_is_a_type_error(schedule):
    optimizer = make_optimizer(n_groups=2)
    with pytest.raises(TypeError, match="스케줄"):
        torch_scheduler(optimizer, schedule)


def test_non_optimizer_is_a_type_error():
    model = torch.nn.Linear(2, 1)
    with pytest.raises(TypeError, match="optimizer"):
        torch_scheduler(model, S.constant(0.1))


def test_available_from_package_top_level():
    assert lrcourse.torch_scheduler is torch_scheduler


def test_scheduler_before_optimizer_step_still_warns():
    # 순서를 바꾸면 첫 학습률을 건너뛰는 실제 실수이므로, torch의 경고를 숨기지 않습니다
    scheduler = torch_scheduler(make_optimizer(), S.constant(0.1))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scheduler.step()
    assert any("optimizer.step()" in str(w.message) for w in caught)


# 다리가 기대는 torch의 이름. torch 2.2부터 지금까지 LRScheduler에 같은 뜻으로 있는 공개 API와, step(epoch)가
# 있으면 쓰는 훅 _get_closed_form_lr(2.2의 LRScheduler.step이 hasattr로 찾습니다)입니다. 비공개 메서드
# (_update_lr 등)는 버전마다 있거나 없으므로 쓰지 않습니다: docs/versions.md의 torch 하한이 이 목록에 기댑니다.
OWN_PRIVATE_NAMES = {"_schedules", "_get_closed_form_lr"}


def test_bridge_uses_no_private_torch_attribute():
    import ast
    import inspect

    from lrcourse import torch_bridge

    tree = ast.parse(inspect.getsource(torch_bridge))
    used = {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")}
    assigned = {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets
                if isinstance(t, ast.Name) and t.id.startswith("_") and not t.id.startswith("__")}
    assert used - OWN_PRIVATE_NAMES == set(), f"torch의 비공개 이름을 씁니다: {sorted(used - OWN_PRIVATE_NAMES)}"
    assert assigned <= OWN_PRIVATE_NAMES
