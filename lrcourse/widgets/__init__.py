"""노트북용 대화형 탐색기: 슬라이더로 스케줄과 학습률을 직접 움직여 봅니다.

- :func:`schedule_explorer`: 스케줄을 고르고 매개변수를 움직이며 학습률 곡선, 수식, 주요 값을 봅니다.
- :func:`lr_explorer`: 이차(최소제곱) 문제에서 학습률이 너무 크면 발산하고 너무 작으면 기어가는 것을 봅니다.
- :func:`training_explorer`: 스케줄을 골라 버튼을 누르면 숫자 MLP를 학습하고 학습률·손실·정확도를 봅니다.

설계 (왜 이렇게 만들었는지):

- ipywidgets 7.7과 8에 모두 있는 기본 위젯만 씁니다. Colab은 ipywidgets 7.7.1을 쓰고 8을 그리지 못하며,
  ipympl 같은 확장은 Colab에서 깨집니다. ``make test-colab``이 Colab의 판(7.7.1)으로 테스트합니다.
- 그림은 matplotlib(Agg)으로 PNG 바이트를 만들어 ``ipywidgets.Image``에 넣습니다. ``Output`` 위젯과
  ``plt.show()``를 쓰지 않으므로 셀을 실행해도 위젯 말고는 다른 출력이 생기지 않고(nbval은 Output
  위젯을 흉내 내지 않습니다), pyplot의 전역 그림 목록에도 들어가지 않습니다. 탐색기마다 Figure
  하나를 만들어 두고 선의 데이터만 바꿉니다.
- 콜백 안에서 난 오류는 로그로 사라지지 않고 탐색기 안의 빨간 글씨로 한국어로 보입니다. 그림은 마지막으로
  성공한 것이 그대로 남습니다.
- 탐색기의 표시 출력에는 위젯과 ``text/plain`` 말고 지금 그림의 ``image/png``도 들어갑니다. 위젯을 그리지
  못하는 곳(nbconvert로 만든 HTML, GitHub)은 ``VBox(children=…)`` 글 대신 그 그림을 보여 줍니다.
- 각 함수는 맨 위 위젯(``VBox``) 하나를 돌려주므로 셀의 마지막 줄에 두면 바로 보입니다. 키워드 인자로
  처음 값을 정할 수 있습니다. 예: ``schedule_explorer("cosine_warm_restarts", T_0=50)``.

돌려주는 위젯에는 노트북과 테스트에서 쓰도록 ``control(이름)`` (매개변수 이름 → 입력 위젯), ``image``
(그림 ``Image`` 위젯), ``message`` (오류를 보여 주는 ``HTML`` 위젯) 속성을 붙여 둡니다.
예: ``ex = schedule_explorer(); ex.control("lr").value = 0.3``.

모듈 구성: ``_figure`` (그림·PNG·오류 표시), ``_specs`` (드롭다운의 스케줄 표와 수식),
``_picker`` (스케줄 하나의 매개변수 위젯), 그리고 탐색기마다 모듈 하나
(``_schedule_explorer``, ``_lr_explorer``, ``_training_explorer``).
"""

from ._lr_explorer import lr_explorer
from ._schedule_explorer import schedule_explorer
from ._training_explorer import training_explorer

__all__ = ["schedule_explorer", "lr_explorer", "training_explorer"]
