# ruff: noqa: E501
"""Chapter 6 feedback strings (Korean 합니다체 / plain English)."""

from __future__ import annotations

from .. import i18n

STRINGS = {
    # -- task titles and test names ------------------------------------------------------------
    "task.06.softmax": {"ko": "안정적인 소프트맥스", "en": "a stable softmax"},
    "task.06.log_softmax": {"ko": "안정적인 로그 소프트맥스", "en": "a stable log-softmax"},
    "task.06.cross_entropy": {"ko": "배치 평균 교차 엔트로피", "en": "the mean cross-entropy of a batch"},
    "task.06.ce_backward": {"ko": "교차 엔트로피의 로짓 기울기", "en": "the cross-entropy's gradient in the logits"},
    "task.06.init_loss": {"ko": "초기화 직후의 손실", "en": "the loss at initialization"},
    "task.06.overflow": {"ko": "float32에서 exp가 오버플로되는 곳", "en": "where exp overflows in float32"},
    "task.06.two_class": {"ko": "클래스가 둘일 때의 소프트맥스", "en": "softmax with two classes"},
    "t.sm.returns": {"ko": "반환값의 형식과 모양", "en": "return type and shape"},
    "t.sm.values": {"ko": "보통 크기의 로짓에서 값", "en": "values on ordinary logits"},
    "t.sm.stable": {"ko": "로짓 ±1e4에서 안정성", "en": "stability at logits of ±1e4"},
    "t.sm.no_mutation": {"ko": "입력을 바꾸지 않음", "en": "inputs left unchanged"},
    "t.ls.stable": {"ko": "로짓 차이가 1000 이상일 때 안정성", "en": "stability when logits differ by 1000 or more"},
    "t.ce.returns": {"ko": "스칼라 하나를 반환", "en": "returns one scalar"},
    "t.ce.values": {"ko": "손실 값", "en": "loss values"},
    "t.ce.stable": {"ko": "로짓 ±1000에서 안정성", "en": "stability at logits of ±1000"},
    "t.ceb.returns": {"ko": "반환값의 형식과 모양", "en": "return type and shape"},
    "t.ceb.values": {"ko": "dlogits (수치 기울기와 비교)", "en": "dlogits (compared with the numerical gradient)"},
    "t.ceb.stable": {"ko": "로짓 ±1000에서 안정성", "en": "stability at logits of ±1000"},

    "fb.helper_broadcast": {
        "ko": "배열 모양이 맞지 않아 예외가 났는데, 이 예외는 답이 부르는 함수 {helper}() 안에서 났습니다: {exc}. 먼저 {helper}를 고치세요(그 과제의 check가 무엇이 틀렸는지 알려 줍니다). 그다음 이 셀을 다시 실행하세요.",
        "en": "The array shapes do not match, and the error comes from {helper}(), a function your answer calls: {exc}. Fix {helper} first (the check of its own task says what is wrong), then run this cell again."},


    # -- 06.softmax ------------------------------------------------------------------------------
    "fb.sm.broadcast": {
        "ko": "배열 모양이 맞지 않아 예외가 났습니다: {exc}. z.max(axis=1)과 sum(axis=1)은 (N,) 모양이라 (N, K)와 브로드캐스트되지 않습니다. keepdims=True를 주어 (N, 1) 모양으로 남기세요.",
        "en": "The array shapes do not match: {exc}. z.max(axis=1) and sum(axis=1) have shape (N,), which does not broadcast against (N, K). Pass keepdims=True to keep the shape (N, 1)."},
    "fb.sm.nan_small": {
        "ko": "{name}에 보통 크기의 로짓(|z| < 10)에서도 NaN 또는 무한대가 나옵니다. 0으로 나누거나 음수의 로그를 구하지 않았는지 확인하세요.",
        "en": "{name} contains NaN or infinity even for ordinary logits (|z| < 10). Look for a division by zero or the log of a negative number."},
    "fb.sm.axis0": {
        "ko": "소프트맥스를 축 0(배치 축)으로 구했습니다. 각 열의 합이 1이 됩니다. 확률은 예제마다, 즉 각 행의 C개 클래스에 대해 구합니다: axis=1(또는 axis=-1), keepdims=True.",
        "en": "You took the softmax over axis 0 (the batch), so each column sums to 1. The probabilities are per example, over the K classes of each row: axis=1 (or axis=-1), keepdims=True."},
    "fb.sm.not_normalized": {
        "ko": "exp를 구한 뒤 행의 합으로 나누지 않았습니다. 소프트맥스는 e^(z_k) / Σ_j e^(z_j)이므로 각 행의 합이 1이어야 합니다.",
        "en": "You took exp but did not divide by the row sum. Softmax is e^(z_k) / Σ_j e^(z_j), so every row sums to 1."},
    "fb.sm.global": {
        "ko": "배열 전체의 합으로 나눴습니다(axis 없이 sum). 그러면 N·K개 값 전체의 합이 1이 됩니다. 행마다 나누세요: sum(axis=1, keepdims=True).",
        "en": "You divided by the sum of the whole array (sum without axis), so all N·K values together sum to 1. Divide each row by its own sum: sum(axis=1, keepdims=True)."},
    "fb.sm.hardmax": {
        "ko": "가장 큰 로짓에 1, 나머지에 0을 주는 하드맥스(원-핫 argmax)를 반환했습니다. 소프트맥스는 모든 클래스에 양의 확률을 줍니다: e^(z_k) / Σ_j e^(z_j).",
        "en": "You returned the hardmax (a one-hot argmax): 1 for the largest logit, 0 elsewhere. Softmax gives every class a positive probability: e^(z_k) / Σ_j e^(z_j)."},
    "fb.sm.no_exp": {
        "ko": "exp를 빠뜨리고 z를 행의 합으로 나눴습니다. 로짓은 음수일 수 있으므로 먼저 e^z로 양수로 만든 뒤 정규화합니다.",
        "en": "You divided z by its row sum without taking exp. Logits can be negative; softmax first makes them positive with e^z, then normalizes."},
    "fb.sm.sign": {
        "ko": "e^(−z)를 썼습니다. 이것은 가장 작은 로짓에 가장 큰 확률을 주는 소프트민(softmin)입니다. e^(z − max_j z_j)를 쓰세요.",
        "en": "You used e^(−z): that is the softmin, which gives the smallest logit the largest probability. Use e^(z − max_j z_j)."},
    "fb.sm.divide_max": {
        "ko": "행의 최댓값 e^(max z)로 나눴습니다. 나누는 값은 합 Σ_j e^(z_j)입니다. 최댓값은 exp를 구하기 전에 z에서 빼는 값입니다.",
        "en": "You divided by the row maximum e^(max z). The divisor is the sum Σ_j e^(z_j); the maximum is what you subtract from z before exp."},
    "fb.sm.shift_once": {
        "ko": "최댓값을 분자와 분모 중 한쪽에서만 뺐습니다. 이동 불변성은 분자와 분모의 모든 지수에서 같은 m을 뺄 때만 성립합니다: e^(z_k − z_max) / Σ_j e^(z_j − z_max).",
        "en": "You subtracted the maximum in the numerator or the denominator only. Shift invariance holds only when every exponent, above and below, loses the same m: e^(z_k − z_max) / Σ_j e^(z_j − z_max)."},
    "fb.sm.keepdims": {
        "ko": "axis=1로 줄인 최댓값이나 합이 (N,) 모양인 채로 (N, K)와 계산되었습니다. N = K인 입력에서는 오류 없이 열 방향으로 브로드캐스트되어 값이 틀립니다. keepdims=True를 주어 (N, 1)로 남기세요.",
        "en": "A maximum or sum reduced over axis=1 kept shape (N,) and was combined with (N, K). With N = K it broadcasts along the wrong axis without an error, and the values are wrong. Pass keepdims=True to keep shape (N, 1)."},
    "fb.sm.rows_not_one": {
        "ko": "각 행의 합이 1이 아닙니다(행의 합: {sums}). 소프트맥스의 출력은 행마다 합이 1인 확률 분포입니다.",
        "en": "The rows do not sum to 1 (row sums: {sums}). Each row of a softmax is a probability distribution that sums to 1."},
    "fb.sm.generic": {
        "ko": "행의 합은 1이지만 값이 소프트맥스와 다릅니다(최대 절대 오차 {err:.2e}). 각 행에서 ŷ_k = e^(z_k − z_max) / Σ_j e^(z_j − z_max), z_max = max_j z_j입니다.",
        "en": "The rows sum to 1, but the values differ from the softmax (max abs error {err:.2e}). In each row ŷ_k = e^(z_k − z_max) / Σ_j e^(z_j − z_max) with z_max = max_j z_j."},
    "fb.sm.stable_shape": {
        "ko": "큰 로짓을 넣었더니 입력과 같은 모양의 배열이 아닌 {got}이(가) 나왔습니다.",
        "en": "On large logits the result is {got}, not an array of the input's shape."},
    "fb.sm.stable_ok": {
        "ko": "로짓이 ±1e4여도 유한하고 정확합니다: 통과했습니다.",
        "en": "Finite and exact even at logits of ±1e4: passed."},
    "fb.sm.overflow": {
        "ko": "로짓이 ±1e4일 때 NaN이 나옵니다. e^(10000)은 float64에서도 inf(z ≈ 710부터)이고 inf/inf = NaN입니다. 소프트맥스는 z에 상수를 더해도 변하지 않으므로(softmax(z + α) = softmax(z)) 먼저 각 행의 최댓값을 빼세요: z − z.max(axis=1, keepdims=True). 그러면 지수가 모두 0 이하라 오버플로(overflow)가 일어나지 않습니다.",
        "en": "Logits of ±1e4 give NaN: e^10000 is inf even in float64 (from z ≈ 710 on), and inf/inf = NaN. Softmax does not change when you add a constant to z (softmax(z + α) = softmax(z)), so subtract each row's maximum first: z − z.max(axis=1, keepdims=True). Then every exponent is ≤ 0 and nothing overflows."},
    "fb.sm.global_max": {
        "ko": "배열 전체의 최댓값을 뺐습니다(z − z.max()). 최댓값이 작은 행(모든 로짓이 −1e4 근처)에서는 e^(z − max)가 모두 0이 되어 0/0 = NaN입니다. 행마다 그 행의 최댓값을 빼세요: z.max(axis=1, keepdims=True).",
        "en": "You subtracted the maximum of the whole array (z − z.max()). In a row whose logits are all near −1e4, every e^(z − max) underflows to 0 and 0/0 = NaN. Subtract each row's own maximum: z.max(axis=1, keepdims=True)."},
    "fb.sm.overflow_other": {
        "ko": "로짓이 ±1e4일 때 NaN 또는 무한대가 나옵니다. exp 전에 각 행의 최댓값을 빼서(z − z.max(axis=1, keepdims=True)) 지수가 0 이하가 되게 하세요. 합은 최댓값의 항 e^0 = 1 덕분에 1 이상이므로 0으로 나누는 일도 없습니다.",
        "en": "Logits of ±1e4 give NaN or infinity. Subtract each row's maximum before exp (z − z.max(axis=1, keepdims=True)) so every exponent is ≤ 0. The sum is then at least 1 (the maximum contributes e^0 = 1), so there is no division by zero either."},
    "fb.sm.stable_generic": {
        "ko": "로짓이 ±1e4일 때 결과가 유한하지만 소프트맥스와 다릅니다(최대 절대 오차 {err:.2e}). 행마다 최댓값을 빼고 exp를 구한 뒤 행의 합으로 나누세요.",
        "en": "At logits of ±1e4 the result is finite but differs from the softmax (max abs error {err:.2e}). Subtract each row's maximum, take exp, divide by the row sum."},
    "fb.sm.mutated": {
        "ko": "입력 z를 제자리에서(in place) 바꿨습니다(예: z -= z.max(...)). 호출한 쪽의 로짓이 바뀝니다. 새 배열을 만드세요: shifted = z - z.max(axis=1, keepdims=True).",
        "en": "You changed the input z in place (e.g. z -= z.max(...)), which changes the caller's logits. Make a new array: shifted = z - z.max(axis=1, keepdims=True)."},

    # -- 06.log_softmax --------------------------------------------------------------------------
    "fb.ls.broadcast": {
        "ko": "배열 모양이 맞지 않아 예외가 났습니다: {exc}. axis=1로 줄인 최댓값과 로그-합-지수(log-sum-exp)는 keepdims=True로 (N, 1) 모양을 유지해야 (N, K)에서 뺄 수 있습니다.",
        "en": "The array shapes do not match: {exc}. The maximum and the log-sum-exp reduced over axis=1 need keepdims=True (shape (N, 1)) to be subtracted from (N, K)."},
    "fb.ls.nan_small": {
        "ko": "{name}에 보통 크기의 로짓(|z| < 10)에서도 NaN 또는 무한대가 나옵니다. 로그 안의 값이 양수인지 확인하세요.",
        "en": "{name} contains NaN or infinity even for ordinary logits (|z| < 10). Check that what you take the log of is positive."},
    "fb.ls.axis0": {
        "ko": "로그-합-지수를 축 0(배치 축)으로 구했습니다. 클래스 축인 axis=1(keepdims=True)로 구하세요.",
        "en": "Your log-sum-exp is over axis 0 (the batch). Take it over the class axis: axis=1 (keepdims=True)."},
    "fb.ls.softmax": {
        "ko": "소프트맥스(확률)를 반환했습니다. 로그 소프트맥스는 그 로그입니다: log ŷ_k = z_k − log Σ_j e^(z_j). 값은 모두 0 이하입니다.",
        "en": "You returned the softmax (the probabilities). Log-softmax is its log: log ŷ_k = z_k − log Σ_j e^(z_j); all values are ≤ 0."},
    "fb.ls.no_lse": {
        "ko": "z − max_j z_j만 반환했습니다. 로그-합-지수 log Σ_j e^(z_j − z_max)도 빼야 합니다: z − z_max − log Σ_j e^(z_j − z_max).",
        "en": "You returned only z − max_j z_j. Subtract the log-sum-exp too: z − z_max − log Σ_j e^(z_j − z_max)."},
    "fb.ls.forgot_m": {
        "ko": "log Σ_j e^(z_j − z_max)을 빼면서 m을 다시 더하지 않았습니다. log Σ_j e^(z_j) = z_max + log Σ_j e^(z_j − z_max)이므로 결과는 z − z_max − log Σ_j e^(z_j − z_max)입니다.",
        "en": "You subtracted log Σ_j e^(z_j − z_max) but forgot m. log Σ_j e^(z_j) = z_max + log Σ_j e^(z_j − z_max), so the result is z − z_max − log Σ_j e^(z_j − z_max)."},
    "fb.ls.sign": {
        "ko": "부호가 반대입니다. log ŷ_k = z_k − log Σ_j e^(z_j)이고 모든 값이 0 이하입니다. 손실(−log ŷ)과 헷갈리지 마세요.",
        "en": "The sign is flipped. log ŷ_k = z_k − log Σ_j e^(z_j), and every value is ≤ 0; do not confuse it with the loss −log ŷ."},
    "fb.ls.log_base": {
        "ko": "밑이 2나 10인 로그를 썼습니다. 교차 엔트로피와 로그 소프트맥스는 자연로그(np.log)를 씁니다.",
        "en": "You used a base-2 or base-10 log. Log-softmax and the cross-entropy use the natural log (np.log)."},
    "fb.ls.global": {
        "ko": "배열 전체에 대한 로그-합-지수 하나를 뺐습니다. 행마다 따로 구하세요: axis=1, keepdims=True.",
        "en": "You subtracted one log-sum-exp of the whole array. Take one per row: axis=1, keepdims=True."},
    "fb.ls.keepdims": {
        "ko": "axis=1로 줄인 값이 (N,) 모양인 채로 (N, K)에서 빠졌습니다. N = K이면 오류 없이 열 방향으로 브로드캐스트되어 값이 틀립니다. keepdims=True를 주세요.",
        "en": "A value reduced over axis=1 kept shape (N,) and was subtracted from (N, K). With N = K it broadcasts along the wrong axis without an error. Pass keepdims=True."},
    "fb.ls.generic": {
        "ko": "값이 로그 소프트맥스와 다릅니다(최대 절대 오차 {err:.2e}). 행마다 z_max = max_j z_j로 z − z_max − log Σ_j e^(z_j − z_max)입니다.",
        "en": "The values differ from log-softmax (max abs error {err:.2e}). In each row, with z_max = max_j z_j: z − z_max − log Σ_j e^(z_j − z_max)."},
    "fb.ls.log_of_softmax": {
        "ko": "결과에 −inf가 있습니다. 소프트맥스를 구한 뒤 로그를 취했군요. 로짓이 최댓값보다 1000쯤 작으면 e^(−1000)이 0으로 언더플로(underflow)되어 log 0 = −inf가 됩니다. 정확한 값은 약 −1000인 유한한 수입니다. 로그를 먼저 풀어 쓰세요: log ŷ_k = (z_k − z_max) − log Σ_j e^(z_j − z_max). 이 합은 1 이상이라 로그가 안전합니다.",
        "en": "The result contains −inf: you took the log of the softmax. For a logit about 1000 below the maximum, e^(−1000) underflows to 0 and log 0 = −inf, while the exact value is a finite number near −1000. Write the log out first: log ŷ_k = (z_k − z_max) − log Σ_j e^(z_j − z_max); that sum is at least 1, so its log is safe."},
    "fb.ls.clipped": {
        "ko": "정확한 값이 약 −1000인 곳에서 결과가 {floor}쯤에서 멈춥니다. log(softmax(z) + ε)이나 np.clip으로 log 0을 피했군요. −inf는 사라지지만 값이 log ε에서 잘립니다. 로그를 먼저 풀어 쓰세요: log ŷ_k = (z_k − z_max) − log Σ_j e^(z_j − z_max).",
        "en": "Where the exact value is near −1000, your result stops near {floor}: you avoided log 0 with log(softmax(z) + ε) or np.clip. That removes the −inf but cuts the value off at log ε. Write the log out first: log ŷ_k = (z_k − z_max) − log Σ_j e^(z_j − z_max)."},
    "fb.ls.overflow": {
        "ko": "큰 로짓에서 NaN이나 무한대가 나옵니다. 최댓값을 빼지 않고 e^z를 구해서 e^(1000) = inf가 되었습니다. log Σ_j e^(z_j) = z_max + log Σ_j e^(z_j − z_max) (z_max = max_j z_j)로 계산하세요. np.log(softmax(z))를 쓰고 있다면 소프트맥스를 안정적으로 고쳐도 충분하지 않습니다. 아주 작은 확률이 0으로 언더플로되어 log 0 = −inf가 되기 때문입니다.",
        "en": "Large logits give NaN or infinity: e^z without subtracting the maximum gives e^1000 = inf. Compute log Σ_j e^(z_j) as z_max + log Σ_j e^(z_j − z_max) with z_max = max_j z_j. If you take np.log(softmax(z)), a stable softmax is not enough: tiny probabilities still underflow to 0, and log 0 = −inf."},
    "fb.ls.global_max": {
        "ko": "배열 전체의 최댓값을 뺐습니다. 최댓값이 작은 행에서는 모든 e^(z − max)가 0이 되어 log 0 = −inf입니다. 행마다 그 행의 최댓값을 빼세요(axis=1, keepdims=True).",
        "en": "You subtracted the maximum of the whole array. In a row with a small maximum every e^(z − max) becomes 0 and log 0 = −inf. Subtract each row's own maximum (axis=1, keepdims=True)."},
    "fb.ls.stable_generic": {
        "ko": "로짓 차이가 클 때 결과가 유한하지만 로그 소프트맥스와 다릅니다(최대 절대 오차 {err:.2e}). 행마다 (z − m) − log Σ_j e^(z_j − z_max)입니다.",
        "en": "With far-apart logits the result is finite but differs from log-softmax (max abs error {err:.2e}). In each row: (z − m) − log Σ_j e^(z_j − z_max)."},
    "fb.ls.stable_ok": {
        "ko": "로짓 차이가 1000 이상이어도 −inf 없이 정확합니다: 통과했습니다.",
        "en": "Exact and without −inf even when logits differ by 1000 or more: passed."},

    # -- 06.cross_entropy ------------------------------------------------------------------------
    "fb.ce.broadcast": {
        "ko": "배열 모양이 맞지 않아 예외가 났습니다: {exc}. y는 원-핫 벡터가 아니라 (N,) 모양의 정수 레이블입니다. 정답 클래스의 값은 logp[np.arange(N), y]로 고르거나, 원-핫이 필요하면 np.eye(K)[y]로 만드세요. 최댓값과 합에는 keepdims=True를 주세요.",
        "en": "The array shapes do not match: {exc}. y holds integer labels of shape (N,), not one-hot vectors. Pick the true class with logp[np.arange(N), y], or build the one-hot matrix with np.eye(K)[y]. Give the maximum and the sum keepdims=True."},
    "fb.ce.per_example": {
        "ko": "예제별 손실 {n}개를 배열로 반환했습니다. 배치의 평균 하나를 반환하세요: L = −(1/N) Σ_i log ŷ_(i, y_i).",
        "en": "You returned the {n} per-example losses. Return their mean over the batch, one number: L = −(1/N) Σ_i log ŷ_(i, y_i)."},
    "fb.ce.tuple": {
        "ko": "(손실, 기울기) 튜플을 반환했습니다(bnbook.layers.softmax_cross_entropy처럼). 이 과제에서는 손실 하나만 반환하세요. 기울기는 다음 과제 06.ce_backward에서 구합니다.",
        "en": "You returned a (loss, gradient) tuple, like bnbook.layers.softmax_cross_entropy. This task wants the loss alone; the gradient is the next task, 06.ce_backward."},
    "fb.ce.not_scalar": {
        "ko": "손실은 숫자 하나(float)여야 하는데 {typ}을(를) 반환했습니다. 배치 평균을 하나의 값으로 구하세요. 원소가 하나인 배열은 float(...)로 숫자로 바꿀 수 있습니다.",
        "en": "The loss must be one number (a float); got {typ}. Average over the batch to one value; float(...) turns a one-element array into a number."},
    "fb.ce.nan_small": {
        "ko": "보통 크기의 로짓(|z| < 10)에서도 손실이 {got}입니다. 음수의 로그를 구하지 않았는지(로짓은 확률이 아닙니다) 확인하세요.",
        "en": "The loss is {got} even for ordinary logits (|z| < 10). Check that you do not take the log of a negative number (logits are not probabilities)."},
    "fb.ce.sum": {
        "ko": "손실이 {got}로 정답 {want}의 N배입니다. 배치에 대해 합하고 N으로 나누지 않았습니다. 평균을 쓰면 손실과 기울기의 크기가 배치 크기와 무관해집니다.",
        "en": "Your loss {got} is N times the right {want}: you summed over the batch without dividing by N. The mean keeps the loss and its gradient independent of the batch size."},
    "fb.ce.mean_all": {
        "ko": "손실이 {got}로 정답 {want}의 1/K입니다. 원-핫 y와 log ŷ의 곱을 N·K개 원소 전체로 평균 냈습니다. 클래스에 대해서는 합하고(−Σ_k y_k log ŷ_k) 예제 N개에 대해서만 평균하세요.",
        "en": "Your loss {got} is 1/K of the right {want}: you averaged one-hot y times log ŷ over all N·K entries. Sum over the classes (−Σ_k y_k log ŷ_k), then average over the N examples only."},
    "fb.ce.sign": {
        "ko": "손실이 음수({got})입니다. 부호가 빠졌습니다: L = −log ŷ_정답. 확률이 1 이하이므로 log ŷ ≤ 0이고 손실은 0 이상입니다.",
        "en": "Your loss is negative ({got}): the minus sign is missing. L = −log ŷ_true; probabilities are at most 1, so log ŷ ≤ 0 and the loss is ≥ 0."},
    "fb.ce.logits_as_probs": {
        "ko": "로짓을 확률처럼 다뤘습니다: −log z_정답. 로짓은 아무 실수나 될 수 있고(음수면 log가 NaN) 합이 1도 아닙니다. 먼저 로그 소프트맥스로 log ŷ를 구하세요.",
        "en": "You treated the logits as probabilities: −log z_true. Logits are any real numbers (the log of a negative one is NaN) and do not sum to 1. Compute log ŷ with log-softmax first."},
    "fb.ce.no_softmax": {
        "ko": "로짓을 그대로 로그 확률로 썼습니다: −z_정답. 소프트맥스의 정규화가 빠졌습니다: log ŷ_k = z_k − log Σ_j e^(z_j).",
        "en": "You used the logits as log-probabilities: −z_true. The softmax normalization is missing: log ŷ_k = z_k − log Σ_j e^(z_j)."},
    "fb.ce.no_log": {
        "ko": "정답 클래스의 확률 ŷ_정답 자체를 썼습니다. 교차 엔트로피는 그 음의 로그입니다: −log ŷ_정답(음의 로그 가능도).",
        "en": "You used the probability ŷ_true itself. The cross-entropy is its negative log: −log ŷ_true (the negative log-likelihood)."},
    "fb.ce.index_cols": {
        "ko": "logp[:, y]는 행마다 정답 하나를 고르지 않고 모든 행에서 y의 열들을 골라 N×N 블록을 만듭니다. 정답 클래스는 logp[np.arange(N), y]로 고르세요.",
        "en": "logp[:, y] does not pick one entry per row: it takes the columns y from every row, an N×N block. Pick the true class with logp[np.arange(N), y]."},
    "fb.ce.index_rows": {
        "ko": "logp[y]는 레이블 y를 행 번호로 써서 행을 고릅니다. 행 i에서 열 y_i를 고르세요: logp[np.arange(N), y].",
        "en": "logp[y] uses the labels y as row numbers. Pick column y_i in row i: logp[np.arange(N), y]."},
    "fb.ce.all_classes": {
        "ko": "모든 클래스의 log ŷ를 더했습니다(원-핫을 잊었습니다). 원-핫 y는 정답 클래스만 남기므로 예제마다 −log ŷ_정답 하나입니다.",
        "en": "You added log ŷ over all classes (the one-hot is missing). A one-hot y keeps only the true class: one −log ŷ_true per example."},
    "fb.ce.axis0": {
        "ko": "소프트맥스(로그 소프트맥스)를 축 0(배치 축)으로 구했습니다. 확률은 각 행의 C개 클래스에 대해 구합니다: axis=1.",
        "en": "Your softmax (log-softmax) is over axis 0 (the batch). The probabilities are over the K classes of each row: axis=1."},
    "fb.ce.log_base": {
        "ko": "손실 {got}은(는) 밑이 2나 10인 로그로 구한 값입니다. 자연로그(np.log)를 쓰세요. 정답은 {want}입니다.",
        "en": "Your loss {got} uses a base-2 or base-10 log. Use the natural log (np.log); the right value is {want}."},
    "fb.ce.onehot_mixup": {
        "ko": "정수 레이블 y를 원-핫 벡터처럼 곱했습니다(y * logp). y의 모양은 (N,)이라 N = K이면 오류 없이 열 방향으로 브로드캐스트됩니다. 원-핫이 필요하면 np.eye(K)[y]로 만들고, 아니면 logp[np.arange(N), y]로 고르세요.",
        "en": "You multiplied the integer labels y as if they were one-hot vectors (y * logp). y has shape (N,), so with N = K it broadcasts along the columns without an error. Build the one-hot matrix with np.eye(K)[y], or pick logp[np.arange(N), y]."},
    "fb.ce.negative": {
        "ko": "손실이 음수({got})인데 {want}이어야 합니다. ŷ ≤ 1이므로 −log ŷ ≥ 0이고, 교차 엔트로피는 음수가 될 수 없습니다. 부호와, log ŷ가 정말 로그 확률(모두 0 이하)인지 확인하세요. 위에서 만든 log_softmax를 쓴다면 06.log_softmax부터 통과시키세요.",
        "en": "Your loss is negative ({got}); it should be {want}. ŷ ≤ 1, so −log ŷ ≥ 0 and a cross-entropy is never negative. Check the sign, and that your log ŷ really are log-probabilities (all ≤ 0); if you use your log_softmax from above, make it pass 06.log_softmax first."},
    "fb.ce.generic": {
        "ko": "손실이 {got}인데 {want}이어야 합니다. L = −(1/N) Σ_i log ŷ_(i, y_i)이고 log ŷ는 행마다의 로그 소프트맥스입니다. 위에서 만든 softmax나 log_softmax를 쓴다면 그 과제부터 통과시키세요.",
        "en": "Your loss is {got}; it should be {want}. L = −(1/N) Σ_i log ŷ_(i, y_i), with log ŷ the row-wise log-softmax. If you use your softmax or log_softmax from above, make that task pass first."},
    "fb.ce.stable_ok": {
        "ko": "로짓이 ±1000이어도 유한한 손실 {want}을(를) 정확히 냅니다: 통과했습니다.",
        "en": "Gives the exact, finite loss {want} even at logits of ±1000: passed."},
    "fb.ce.unstable": {
        "ko": "로짓이 ±1000일 때 손실이 {got}입니다. 정답 클래스의 확률이 e^(−1000)쯤이면 softmax는 0으로 언더플로되어 −log 0 = inf가 되고, 최댓값을 빼지 않은 e^(1000)은 inf/inf = NaN이 됩니다. 안정적인 로그 소프트맥스로 log ŷ를 직접 구하세요. 정확한 손실은 유한합니다.",
        "en": "At logits of ±1000 your loss is {got}. When the true class has a probability near e^(−1000), the softmax underflows to 0 and −log 0 = inf; e^1000 without the maximum subtracted gives inf/inf = NaN. Compute log ŷ directly with a stable log-softmax: the exact loss is finite."},
    "fb.ce.precision": {
        "ko": "로짓이 ±1000일 때 손실이 {got}인데 정확한 값은 {want}입니다. 유효 숫자 7자리 정도까지만 맞는데, 이것은 float32의 정밀도입니다. 로짓은 float64로 들어오니 float32로 바꾸지 말고 float64 그대로 계산하세요.",
        "en": "At logits of ±1000 your loss is {got}, the exact value {want}: right to about 7 significant digits, which is float32's precision. The logits come in as float64; compute in float64 and do not convert them to float32."},
    "fb.ce.clipped": {
        "ko": "로짓이 ±1000일 때 손실이 {got}인데 정확한 값은 {want}입니다. −log(ŷ + ε)이나 np.clip으로 log 0을 피하면 예제마다 손실이 −log ε에서 잘려 너무 작아집니다. log ŷ를 안정적인 로그 소프트맥스로 직접 구하세요.",
        "en": "At logits of ±1000 your loss is {got}, but the exact value is {want}. Avoiding log 0 with −log(ŷ + ε) or np.clip caps each example's loss at −log ε, which is too small. Compute log ŷ directly with a stable log-softmax."},
    "fb.ce.stable_generic": {
        "ko": "로짓이 ±1000일 때 손실이 {got}인데 {want}이어야 합니다. 행마다 최댓값을 빼는 로그 소프트맥스를 쓰세요.",
        "en": "At logits of ±1000 your loss is {got}; it should be {want}. Use a log-softmax that subtracts each row's maximum."},

    # -- 06.ce_backward --------------------------------------------------------------------------
    "fb.ceb.broadcast": {
        "ko": "배열 모양이 맞지 않아 예외가 났습니다: {exc}. y는 원-핫 벡터가 아니라 (N,) 모양의 정수 레이블입니다. 원-핫 행렬 np.eye(K)[y]를 빼거나(ŷ − Y), ŷ를 복사한 뒤 dz[np.arange(N), y] -= 1로 정답 클래스에서만 1을 빼세요.",
        "en": "The array shapes do not match: {exc}. y holds integer labels of shape (N,), not one-hot vectors. Subtract the one-hot matrix np.eye(K)[y] (ŷ − Y), or subtract 1 at the true class only: dz[np.arange(N), y] -= 1 on a copy of ŷ."},
    "fb.ceb.nan_small": {
        "ko": "{name}에 보통 크기의 로짓에서도 NaN 또는 무한대가 있습니다. ŷ로 나누고 있지 않은지 확인하세요. 로짓에 대한 기울기는 (ŷ − y)/N이라 나눗셈이 필요 없습니다.",
        "en": "{name} contains NaN or infinity even for ordinary logits. Check that you do not divide by ŷ: the gradient with respect to the logits is (ŷ − y)/N, no division needed."},
    "fb.ceb.ok": {
        "ko": "(ŷ − y)/N과 같고 수치 기울기와도 맞습니다: 통과했습니다.",
        "en": "Equals (ŷ − y)/N and matches the numerical gradient: passed."},
    "fb.ceb.no_mean": {
        "ko": "1/N이 빠졌습니다(수치 기울기와의 상대 오차 {err:.1e}). 손실이 배치 평균이므로 기울기도 N으로 나눕니다: (ŷ − y)/N.",
        "en": "The 1/N is missing (relative error to the numerical gradient {err:.1e}). The loss is a mean over the batch, so its gradient is divided by N: (ŷ − y)/N."},
    "fb.ceb.sign": {
        "ko": "부호가 반대입니다: ∂L/∂z = ŷ − y이지 y − ŷ가 아닙니다. 정답 클래스의 로짓을 키우면 손실이 줄어야 하므로 그 성분은 음수(ŷ − 1 < 0)입니다.",
        "en": "The sign is flipped: ∂L/∂z = ŷ − y, not y − ŷ. Raising the true class's logit must lower the loss, so that entry is negative (ŷ − 1 < 0)."},
    "fb.ceb.no_onehot": {
        "ko": "원-핫 y를 빼지 않았습니다: ŷ만 반환했습니다. 정답 클래스의 성분에서 1을 빼세요: dz = ŷ; dz[np.arange(N), y] -= 1; dz /= N.",
        "en": "You did not subtract the one-hot y; you returned ŷ alone. Subtract 1 at the true class: dz = ŷ; dz[np.arange(N), y] -= 1; dz /= N."},
    "fb.ceb.only_onehot": {
        "ko": "−y/N만 반환했습니다. 소프트맥스의 정규화 항 때문에 ŷ도 들어갑니다: (ŷ − y)/N. 정답이 아닌 클래스의 로짓도 기울기를 받습니다.",
        "en": "You returned −y/N only. The softmax normalization adds ŷ: (ŷ − y)/N. The logits of the wrong classes get a gradient too."},
    "fb.ceb.dp": {
        "ko": "−y/ŷ(/N)는 확률 ŷ에 대한 기울기 ∂L/∂ŷ입니다. 과제는 로짓 z에 대한 기울기입니다. 소프트맥스의 야코비안을 거치면 간단해집니다: ∂L/∂z = (ŷ − y)/N.",
        "en": "−y/ŷ (/N) is the gradient with respect to the probabilities, ∂L/∂ŷ. The task asks for the gradient with respect to the logits z; through the softmax Jacobian it simplifies to ∂L/∂z = (ŷ − y)/N."},
    "fb.ceb.index_cols": {
        "ko": "dz[:, y] -= 1은 모든 행에서 y에 나오는 열마다 1을 뺍니다. 행 i의 열 y_i에서만 빼세요: dz[np.arange(N), y] -= 1.",
        "en": "dz[:, y] -= 1 subtracts 1 in every row at every column that appears in y. Subtract it only at column y_i of row i: dz[np.arange(N), y] -= 1."},
    "fb.ceb.axis0": {
        "ko": "소프트맥스를 축 0(배치 축)으로 구했습니다. ŷ는 각 행의 클래스에 대한 확률입니다: axis=1, keepdims=True.",
        "en": "Your softmax is over axis 0 (the batch). ŷ holds each row's class probabilities: axis=1, keepdims=True."},
    "fb.ceb.div_c": {
        "ko": "N(배치 크기) 대신 K(클래스 수)로 나눴습니다. 평균은 예제 N개에 대한 것입니다: (ŷ − y)/N.",
        "en": "You divided by K (the number of classes) instead of N (the batch size). The mean is over the N examples: (ŷ − y)/N."},
    "fb.ceb.twice_n": {
        "ko": "N으로 두 번 나눴습니다. (ŷ − y)/N에서 한 번이면 됩니다(수치 기울기와의 상대 오차 {err:.1e}).",
        "en": "You divided by N twice; (ŷ − y)/N divides once (relative error to the numerical gradient {err:.1e})."},
    "fb.ceb.tuple": {
        "ko": "(손실, 기울기) 튜플을 반환했습니다. 이 과제에서는 dlogits 배열 하나만 반환하세요.",
        "en": "You returned a (loss, gradient) tuple. This task wants the dlogits array alone."},
    "fb.ceb.onehot_mixup": {
        "ko": "정수 레이블 y를 원-핫처럼 ŷ에서 뺐습니다(ŷ − y). y는 (N,) 모양이라 N = K이면 열 방향으로 브로드캐스트됩니다. 원-핫은 np.eye(K)[y]로 만드세요.",
        "en": "You subtracted the integer labels y from ŷ as if they were one-hot (ŷ − y). y has shape (N,), so with N = K it broadcasts along the columns. Build the one-hot with np.eye(K)[y]."},
    "fb.ceb.float32": {
        "ko": "공식은 맞지만 dlogits가 float32입니다(수치 기울기와의 상대 오차 {err:.1e}). float32의 유효 숫자는 7자리 정도라서, 기울기 검사는 float64로 합니다. 로짓은 float64로 들어오니 float32로 바꾸지 마세요.",
        "en": "The formula is right, but dlogits is float32 (relative error to the numerical gradient {err:.1e}). float32 keeps only about 7 significant digits, so gradient checks are done in float64. The logits come in as float64; do not convert them to float32."},
    "fb.ceb.generic_rows": {
        "ko": "각 행의 합은 0이지만(소프트맥스 기울기의 성질) 값이 다릅니다(수치 기울기와의 상대 오차 {err:.1e}). ∂L/∂z = (ŷ − y)/N입니다.",
        "en": "Each row sums to 0 (as a softmax gradient should), but the values differ (relative error to the numerical gradient {err:.1e}). ∂L/∂z = (ŷ − y)/N."},
    "fb.ceb.generic": {
        "ko": "수치 기울기와 다릅니다(상대 오차 {err:.1e}). 배치 평균 교차 엔트로피의 로짓 기울기는 (ŷ − y)/N이고, 원-핫 y 때문에 각 행의 합이 0입니다. 위에서 만든 softmax를 쓴다면 06.softmax부터 통과시키세요.",
        "en": "Differs from the numerical gradient (relative error {err:.1e}). The gradient of the mean cross-entropy with respect to the logits is (ŷ − y)/N, and each row sums to 0 because y is one-hot. If you use your softmax from above, make 06.softmax pass first."},
    "fb.ceb.stable_ok": {
        "ko": "로짓이 ±1000이어도 유한하고 정확합니다: 통과했습니다.",
        "en": "Finite and exact even at logits of ±1000: passed."},
    "fb.ceb.unstable": {
        "ko": "로짓이 ±1000일 때 NaN이나 무한대가 나옵니다. ŷ를 행마다 최댓값을 빼는 안정적인 소프트맥스로 구하세요. (ŷ − y)/N에는 로그도 나눗셈도 없으므로 ŷ만 안정적이면 됩니다.",
        "en": "Logits of ±1000 give NaN or infinity. Compute ŷ with a stable softmax that subtracts each row's maximum; (ŷ − y)/N has no log and no division, so a stable ŷ is all it needs."},
    "fb.ceb.stable_generic": {
        "ko": "로짓이 ±1000일 때 값이 (ŷ − y)/N과 다릅니다. 안정적인 소프트맥스로 ŷ를 구하세요.",
        "en": "At logits of ±1000 the values differ from (ŷ − y)/N. Compute ŷ with a stable softmax."},
    "fb.ceb.mutated": {
        "ko": "입력 {name}이(가) 제자리에서(in place) 바뀌었습니다(직접, 또는 위에서 만든 softmax 같은 보조 함수 안에서). 로짓이나 레이블을 고치지 말고 새 배열을 만드세요(예: 소프트맥스 결과를 복사한 뒤 -= 1).",
        "en": "The input {name} was changed in place (by your function or by a helper it calls, such as your softmax). Leave the logits and labels alone and build a new array (e.g. subtract 1 from a copy of the softmax)."},

    # -- 06.init_loss ----------------------------------------------------------------------------
    "fb.il.log10": {
        "ko": "{got}은(는) 상용로그 log₁₀ 10입니다. 교차 엔트로피는 자연로그를 씁니다: −ln(1/10) = ln 10 ≈ 2.303.",
        "en": "{got} is log₁₀ 10. The cross-entropy uses the natural log: −ln(1/10) = ln 10 ≈ 2.303."},
    "fb.il.log2": {
        "ko": "{got}은(는) 밑이 2인 로그(비트)입니다. 교차 엔트로피 손실은 자연로그를 씁니다: ln 10 ≈ 2.303.",
        "en": "{got} is the base-2 log (bits). The cross-entropy loss uses the natural log: ln 10 ≈ 2.303."},
    "fb.il.prob": {
        "ko": "{got}은(는) 확률입니다. 로짓이 모두 0에 가까우면 소프트맥스는 균등 분포라 ŷ_정답 = 1/10이고, 손실은 그 음의 로그 −ln(1/10) = ln 10입니다.",
        "en": "{got} is a probability. With all logits near 0 the softmax is uniform, so ŷ_true = 1/10, and the loss is its negative log −ln(1/10) = ln 10."},
    "fb.il.classes": {
        "ko": "{got}은(는) 클래스 수 C입니다. 손실은 −ln(1/K) = ln C입니다.",
        "en": "{got} is the number of classes K. The loss is −ln(1/K) = ln K."},
    "fb.il.sign": {
        "ko": "{got}은(는) 음수입니다. 교차 엔트로피는 −ln ŷ이므로 0 이상입니다.",
        "en": "{got} is negative. The cross-entropy is −ln ŷ, which is ≥ 0."},
    "fb.il.sum": {
        "ko": "{got}은(는) 배치 64개의 손실을 더한 값입니다. 손실은 배치 평균이므로 예제마다 같은 값 ln 10이 평균입니다.",
        "en": "{got} is the sum over the 64 examples. The loss is the mean over the batch; every example has the same ln 10, so that is the mean."},
    "fb.il.generic": {
        "ko": "{got}은(는) 아닙니다. 로짓이 모두 아주 작으면 softmax(z) ≈ softmax(0)으로 10개 클래스에 균등하게 1/10씩이고, 예제마다 손실은 −ln(1/10)입니다. 초기 손실이 이보다 훨씬 크면 로짓의 크기가 잘못되었거나 버그가 있다는 신호입니다.",
        "en": "Not {got}. With tiny logits softmax(z) ≈ softmax(0) gives each of the 10 classes 1/10, so every example's loss is −ln(1/10). An initial loss much larger than that signals badly scaled logits or a bug."},

    # -- 06.overflow -----------------------------------------------------------------------------
    "fb.of.float64": {
        "ko": "{got}은(는) float64의 한계(ln(1.8e308) ≈ 709.8)입니다. float32의 최댓값은 약 3.4e38이므로 ln(3.4e38) ≈ 88.7입니다.",
        "en": "{got} is float64's limit (ln(1.8e308) ≈ 709.8). The largest float32 is about 3.4e38, and ln(3.4e38) ≈ 88.7."},
    "fb.of.max_itself": {
        "ko": "{got}은(는) float32의 최댓값 자체입니다. 묻는 것은 e^z가 그 값에 이르는 z, 즉 ln(3.4e38)입니다.",
        "en": "{got} is the largest float32 itself. The question asks for the z at which e^z reaches it: ln(3.4e38)."},
    "fb.of.base2": {
        "ko": "{got}은(는) 2의 지수입니다(float32의 최댓값 ≈ 2^128). exp는 밑이 e이므로 z = 128 · ln 2 ≈ 88.7입니다.",
        "en": "{got} is a power of 2 (the largest float32 is ≈ 2^128). exp has base e, so z = 128 · ln 2 ≈ 88.7."},
    "fb.of.underflow": {
        "ko": "{got}은(는) 언더플로(underflow) 쪽(가장 작은 정규 float32, e^(−87.3) ≈ 1.2e−38)입니다. 오버플로(overflow)는 위쪽, ln(3.4e38) ≈ 88.7입니다.",
        "en": "{got} is the underflow side (the smallest normal float32, e^(−87.3) ≈ 1.2e−38). Overflow is at the top: ln(3.4e38) ≈ 88.7."},
    "fb.of.generic": {
        "ko": "{got}은(는) 아닙니다. np.finfo(np.float32).max ≈ 3.4e38이고, e^z가 이 값을 넘으면 inf입니다. 경계는 z = ln(3.4e38)입니다. 직접 np.exp(np.float32(88.0))과 np.exp(np.float32(89.0))을 비교해 보세요.",
        "en": "Not {got}. np.finfo(np.float32).max ≈ 3.4e38, and e^z beyond it is inf; the boundary is z = ln(3.4e38). Try np.exp(np.float32(88.0)) against np.exp(np.float32(89.0))."},

    # -- 06.two_class ----------------------------------------------------------------------------
    "fb.tc.a": {
        "ko": "({got})는 틀렸습니다. e^(z₁)/(e^(z₁) + e^(z₂))의 분자와 분모를 e^(z₁)로 나누면 1/(1 + e^(−(z₁ − z₂)))입니다. σ(z₁)은 z₂ = 0일 때만 맞습니다. 소프트맥스는 로짓의 차이만 봅니다(이동 불변성).",
        "en": "({got}) is wrong. Divide e^(z₁)/(e^(z₁) + e^(z₂)) above and below by e^(z₁): 1/(1 + e^(−(z₁ − z₂))). σ(z₁) holds only when z₂ = 0; softmax sees only the difference of the logits (shift invariance)."},
    "fb.tc.c": {
        "ko": "({got})는 틀렸습니다. 두 로짓에 같은 c를 더하면 z₁ + z₂는 바뀌지만 소프트맥스는 바뀌지 않습니다. 남는 것은 차이 z₁ − z₂입니다: e^(z₁)/(e^(z₁) + e^(z₂)) = 1/(1 + e^(−(z₁ − z₂))).",
        "en": "({got}) is wrong. Adding the same c to both logits changes z₁ + z₂ but not the softmax; what remains is the difference z₁ − z₂: e^(z₁)/(e^(z₁) + e^(z₂)) = 1/(1 + e^(−(z₁ − z₂)))."},
    "fb.tc.d": {
        "ko": "({got})는 틀렸습니다. σ(z₂ − z₁)은 클래스 2의 확률입니다. 두 확률의 합이 1이므로 σ(z₁ − z₂) + σ(z₂ − z₁) = 1입니다.",
        "en": "({got}) is wrong. σ(z₂ − z₁) is the probability of class 2; the two add up to 1: σ(z₁ − z₂) + σ(z₂ − z₁) = 1."},
    "task.06.two_class_grad": {
        "ko": "유도: 두 클래스 교차 엔트로피의 기울기",
        "en": "derivation: the gradient of two-class cross-entropy"},
    "task.06.init_loss_spread": {
        "ko": "실험: 로짓이 퍼져 있을 때의 초기 손실",
        "en": "experiment: the initial loss with spread-out logits"},
    "fb.tcg.no_label": {
        "ko": "정답 레이블의 몫 −y₁ = −1이 빠졌습니다. ∂L/∂z₁ = ŷ₁ − y₁이고, 정답이 클래스 1이므로 y₁ = 1입니다.",
        "en": "The label's share −y₁ = −1 is missing. ∂L/∂z₁ = ŷ₁ − y₁, and the true class is 1, so y₁ = 1."},
    "fb.tcg.sign": {
        "ko": "부호가 반대입니다. z₁을 키우면 정답 클래스의 확률이 올라 손실이 줄어야 하므로 ∂L/∂z₁ < 0입니다: σ(z₁ − z₂) − 1.",
        "en": "The sign is reversed. Raising z₁ raises the true class's probability, so the loss must fall: ∂L/∂z₁ < 0, that is σ(z₁ − z₂) − 1."},
    "fb.tcg.ignores_z2": {
        "ko": "z₂가 빠졌습니다. 클래스 1의 확률은 σ(z₁)이 아니라 σ(z₁ − z₂)입니다(06.two_class). 소프트맥스는 로짓의 차이만 봅니다.",
        "en": "z₂ is missing. Class 1's probability is σ(z₁ − z₂), not σ(z₁) (06.two_class): softmax sees only the difference of the logits."},
    "fb.tcg.other_class": {
        "ko": "σ(z₂ − z₁)은 클래스 2의 확률 ŷ₂이고, 크기는 맞지만 부호가 반대입니다. ∂L/∂z₁ = ŷ₁ − 1 = −ŷ₂입니다.",
        "en": "σ(z₂ − z₁) is class 2's probability ŷ₂: the right size with the wrong sign. ∂L/∂z₁ = ŷ₁ − 1 = −ŷ₂."},
    "fb.tcg.generic": {
        "ko": "{at}에서 {got}을(를) 얻었는데 {want}이어야 합니다. L = −log σ(z₁ − z₂)를 z₁로 미분하세요. σ′ = σ(1 − σ)를 쓰면 됩니다.",
        "en": "At {at} you got {got}; it should be {want}. Differentiate L = −log σ(z₁ − z₂) with respect to z₁, using σ′ = σ(1 − σ)."},
    "fb.ils.approx": {
        "ko": "{got}은(는) 근사식 log K + ½Var = log 10 + 2입니다. 이 근사는 로짓이 작을 때(분산이 1보다 훨씬 작을 때) 맞고, 표준편차 2에서는 실제보다 큽니다. 직접 측정해 보세요.",
        "en": "{got} is the approximation log K + ½Var = log 10 + 2. It holds for small logits (variance well below 1) and overshoots at standard deviation 2. Measure it."},
    "fb.ils.log10": {
        "ko": "{got}은(는) 로짓이 모두 0일 때의 손실 log 10입니다. 로짓이 퍼지면 잘못 맞힌 클래스에 높은 확률을 주는 예제가 생겨 손실이 커집니다.",
        "en": "{got} is the loss for logits that are all 0, log 10. Spread-out logits give some examples high probability on a wrong class, and the loss rises."},
    "fb.ils.var_not_half": {
        "ko": "{got}은(는) log 10 + Var입니다. 근사식의 계수는 ½이고, 그마저 표준편차 2에서는 맞지 않습니다. 직접 측정해 보세요.",
        "en": "{got} is log 10 + Var. The approximation's coefficient is ½, and even that does not hold at standard deviation 2. Measure it."},
    "fb.ils.generic": {
        "ko": "{got}은(는) 측정값과 다릅니다. 10만 개의 예제에 대해 로짓 (N, 10)을 N(0, 2²)에서, 레이블을 0–9에서 고르게 뽑아 평균 교차 엔트로피를 구하세요(log_softmax로 안정적으로).",
        "en": "{got} is not what the measurement gives. For 100,000 examples draw logits (N, 10) from N(0, 2²) and labels uniformly from 0–9, and compute the mean cross-entropy (stably, with log_softmax)."},
}

i18n.register(STRINGS)
