# ruff: noqa: E501
"""Feedback strings of the grader (Korean 합니다체 / plain English), registered in bnbook.i18n."""

from __future__ import annotations

from .. import i18n

ENGINE = {
    "result.header": {"ko": "[{task}] {title}: {score}/{max_score}점",
                      "en": "[{task}] {title}: {score}/{max_score} points"},
    "result.header_one": {"ko": "[{task}] {title}: {score}/{max_score}점",
                          "en": "[{task}] {title}: {score}/{max_score} point"},
    "result.all_passed": {"ko": "모든 검사를 통과했습니다. 잘했습니다!",
                          "en": "All tests passed. Well done!"},
    "result.other_language": {"ko": "English", "en": "한국어"},
    "note.not_done": {
        "ko": "아직 작성하지 않았습니다. 위 셀의 빈칸을 채우고 다시 실행하세요.",
        "en": "Not done yet. Fill in the cell above and run it again."},
    "note.unknown_task": {
        "ko": "'{task}'라는 과제는 없습니다. 과제 목록은 tasks()로 볼 수 있습니다.",
        "en": "There is no task '{task}'. tasks() lists every task."},
    "note.unknown_task_close": {
        "ko": "'{task}'라는 과제는 없습니다. '{close}'을(를) 말한 것인가요? 과제 목록은 tasks()로 볼 수 있습니다.",
        "en": "There is no task '{task}'. Did you mean '{close}'? tasks() lists every task."},
    "note.missing": {
        "ko": "제출물에서 '{names}'을(를) 찾지 못했습니다. 셀을 지우거나 이름을 바꾸지 않았는지 확인하세요.",
        "en": "'{names}' was not found in the submission. Check that the cell was not deleted "
              "or renamed."},
    "note.grader_bug": {
        "ko": "채점기 내부 오류입니다(답의 문제가 아닙니다): {err}",
        "en": "Internal grader error (not your fault): {err}"},
    "result.unknown_title": {"ko": "알 수 없는 과제", "en": "unknown task"},
    "progress.header": {"ko": "지금까지 점수: {score}/{max_score}점",
                        "en": "Score so far: {score}/{max_score} points"},
    "progress.not_checked": {"ko": "아직 확인 안 함 (0/{max_score})",
                             "en": "not checked yet (0/{max_score})"},
    "tasks.chapter": {"ko": "{n}장 과제: 모두 {points}점", "en": "Chapter {n} tasks: {points} points in all"},
    "tasks.points": {"ko": "{points}점", "en": "{points} points"},
    "tasks.point": {"ko": "{points}점", "en": "{points} point"},
    "tasks.level.check": {"ko": "[확인]", "en": "[check]"},
    "tasks.level.build": {"ko": "[구현]", "en": "[build]"},
    "tasks.level.explore": {"ko": "[탐구]", "en": "[explore]"},
    "fb.uses_library": {
        "ko": "답이 라이브러리의 완성된 풀이 {name}을(를) 호출합니다. 이 과제는 직접 구현해야 합니다.",
        "en": "Your answer calls {name}, the library's finished solution. Write it yourself for this task."},
    "fb.pass": {"ko": "통과했습니다.", "en": "Passed."},
    "fb.skipped": {"ko": "위의 '{test}' 검사를 통과하면 채점합니다. 그 검사부터 고치세요.",
                   "en": "Graded once '{test}' above passes; fix that first."},
    "fb.exception": {
        "ko": "함수가 예외를 일으켰습니다: {exc}. 오류 메시지를 읽고 고치세요.",
        "en": "Your function raised an exception: {exc}. Read the message and fix it."},
    "fb.exception_broadcast": {
        "ko": "함수가 예외를 일으켰습니다: {exc}. 배열 모양이 맞지 않습니다: 평균과 분산(표준편차)을 "
              "어느 축으로 구했는지, 그리고 x와 함께 계산하는 배열(통계, γ, β)의 모양이 "
              "({shape_hint})인지 확인하세요.",
        "en": "Your function raised an exception: {exc}. The array shapes do not match: check the "
              "axis of your mean and variance (or standard deviation), and that the arrays you "
              "combine with x (statistics, γ, β) have shape ({shape_hint})."},
    "fb.timeout": {
        "ko": "CPU 시간 {seconds}초 안에 끝나지 않았습니다. 무한 루프나 너무 느린 반복문이 없는지 확인하세요. 멈추지 않은 계산이 뒤에서 계속 돌 수 있으니, 노트북이 느려지면 커널을 다시 시작하세요.",
        "en": "Did not finish within {seconds} s of CPU time. Look for an infinite loop or a very slow loop. The unfinished call may keep running in the background: restart the kernel if the notebook gets slow."},
    "fb.timeout_wall": {
        "ko": "CPU를 거의 쓰지 않은 채 {seconds}초 제한보다 훨씬 오래 멈춰 있어 중단했습니다(sleep, input(), 잠금 대기 등). 그런 호출이 없는지 확인하세요.",
        "en": "Stopped: it sat far longer than the {seconds} s limit while using almost no CPU (sleep, input(), waiting on a lock, ...). Look for such a call."},
    "fb.none": {
        "ko": "None을 반환했습니다. 함수 끝에 return 문이 있는지 확인하세요.",
        "en": "Your function returned None. Check that it ends with a return statement."},
    "fb.not_callable": {
        "ko": "함수를 넘겨야 하는데 {typ} 값을 받았습니다. 함수를 호출한 결과가 아니라 함수 자체를 넘기세요: check(\"…\", f(…))가 아니라 check(\"…\", f)입니다.",
        "en": "Expected a function, got a value of type {typ}. Pass the function itself, not the result of calling it: check(\"…\", f), not check(\"…\", f(…))."},
    "fb.not_tuple": {
        "ko": "{n}개 값의 튜플 {what}을(를) 반환해야 하는데 {typ}을(를) 반환했습니다.",
        "en": "Must return a tuple {what} of {n} values; got {typ}."},
    "fb.not_tuple_handed_in": {
        "ko": "check()에는 {n}개짜리 튜플 {what}을(를) 넘겨야 하는데 {typ}을(를) 넘겼습니다. 예: check(\"…\", {what})",
        "en": "Hand check() the tuple {what} ({n} items); got {typ}. For example: check(\"…\", {what})"},
    "fb.none_handed_in": {
        "ko": "check()에 None을 넘겼습니다. 작성한 함수를 넘기세요.",
        "en": "You handed check() None. Hand in the functions you wrote."},
    "fb.not_array": {
        "ko": "{name}은(는) numpy 배열이어야 하는데 {typ}입니다.",
        "en": "{name} must be a numpy array; got {typ}."},
    "fb.shape": {
        "ko": "{name}의 모양이 {got}입니다. {want}이어야 합니다.",
        "en": "{name} has shape {got}; it must be {want}."},
    "fb.dtype": {
        "ko": "{name}의 자료형이 {got}입니다. 실수(float) 배열이어야 합니다.",
        "en": "{name} has dtype {got}; it must be a floating-point array."},
    "fb.nan": {
        "ko": "{name}에 NaN 또는 무한대가 있습니다. 0으로 나누거나 음수의 제곱근을 구하지 않았는지 "
              "확인하세요.",
        "en": "{name} contains NaN or infinity. Look for a division by zero or the square root "
              "of a negative number."},
    "fb.mismatch": {
        "ko": "{name}이(가) 기대한 값과 다릅니다(최대 절대 오차 {err:.2e}).",
        "en": "{name} differs from the expected values (max abs error {err:.2e})."},
    "fb.mutated": {
        "ko": "입력 {name}을(를) 제자리에서(in place) 바꿨습니다. 호출한 쪽은 원래 값이 계속 필요합니다. "
              "x -= mu나 x *= mask 대신 y = x - mu, y = x * mask처럼 새 배열에 계산하세요.",
        "en": "You modified the input {name} in place, but the caller still needs it. Compute into a "
              "new array (y = x - mu or y = x * mask, not x -= mu or x *= mask)."},
    "fb.choice_type": {
        "ko": "{choices} 중 하나의 글자를 문자열로 답하세요. 받은 값: {got}",
        "en": "Answer with one letter out of {choices}, as a string. Got: {got}"},
    "fb.number_quoted": {
        "ko": "문자열 {got}을(를) 받았습니다. 따옴표 없이 숫자로 답하세요: {bare}",
        "en": "Got the string {got}. Answer with the number itself, without quotes: {bare}"},
    "fb.stub_called": {
        "ko": "함수가 부르는 {name}()을(를) 아직 작성하지 않았습니다(NotImplementedError). 위에서 {name}부터 채우고 그 셀을 실행하세요.",
        "en": "Your function calls {name}(), which is not written yet (it raises NotImplementedError). Fill in {name} above first and run its cell."},
    "fb.number_type": {
        "ko": "숫자로 답하세요. 받은 값: {got}",
        "en": "Answer with a number. Got: {got}"},
    "fb.wrong_number": {
        "ko": "{got}은(는) 정답이 아닙니다.",
        "en": "{got} is not the answer."},
}


def register() -> None:
    i18n.register(ENGINE)


def msg(key: str, lang: str | None = None, **fmt) -> str:
    """``bnbook.i18n.t`` that never raises: a missing key or bad format shows the key itself."""
    try:
        return i18n.t(key, lang, **fmt)
    except (KeyError, IndexError, ValueError):
        return f"{key} {fmt}"


register()
