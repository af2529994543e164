# ruff: noqa: E501
"""Chapter 3 feedback strings (Korean 합니다체 / plain English)."""

from __future__ import annotations

from .. import i18n

STRINGS = {
    "task.03.bias_grad": {"ko": "BN 앞 편향의 기울기", "en": "the gradient of a bias before BN"},
    "task.03.adam": {"ko": "γ와 β의 Adam 갱신", "en": "Adam steps for γ and β"},
    "task.03.shape_coursera": {"ko": "(n^[l], 1) 표기에서 γ의 모양", "en": "shape of γ in the (n^[l], 1) notation"},
    "task.03.shape_book": {"ko": "이 책의 층에서 γ의 모양", "en": "shape of γ in this book's layers"},
    "task.03.adam_beta": {"ko": "Adam의 β₁과 BN의 β", "en": "Adam's β₁ and BN's β"},
    "task.03.why_no_bias": {"ko": "편향을 없애도 되는 이유", "en": "why the bias can go"},
    "task.03.layer_params": {"ko": "BN 층의 학습 가능한 파라미터 수", "en": "learnable parameters of a BN layer"},
    "fb.lp.bias": {
        "ko": "{got}에는 편향 b가 들어 있습니다. BN 앞의 b는 평균을 빼는 단계에서 사라지므로 층에서 뺍니다. 그 역할은 β가 맡습니다.",
        "en": "{got} counts the bias b. Before BN, b is cancelled by the mean subtraction, so the layer drops it; β takes over its role."},
    "fb.lp.no_gamma_beta": {
        "ko": "{got}은(는) W만 센 값입니다. 스케일 γ와 시프트 β도 은닉 유닛마다 하나씩 있는 학습 가능한 파라미터입니다.",
        "en": "{got} counts W only. The scale γ and the shift β are learnable too, one of each per hidden unit."},
    "fb.lp.running": {
        "ko": "{got}에는 이동 평균과 이동 분산이 들어 있습니다. 이들은 학습되지 않고 통계로 추정됩니다.",
        "en": "{got} counts the running mean and variance. They are estimated statistics, not learned."},
    "fb.lp.one": {
        "ko": "{got}은(는) γ와 β 중 하나만 센 값입니다. 은닉 유닛마다 γ와 β가 하나씩 있습니다.",
        "en": "{got} counts only one of γ and β. Each hidden unit has one γ and one β."},
    "fb.lp.generic": {
        "ko": "{got}은(는) 아닙니다. W는 n^[l−1]·n^[l]개, γ와 β는 n^[l]개씩이고 편향 b는 없습니다.",
        "en": "Not {got}. W has n^[l−1]·n^[l] entries, γ and β n^[l] each, and there is no bias b."},
    "t.db": {"ko": "∂L/∂b", "en": "∂L/∂b"},
    "t.dW": {"ko": "∂L/∂W (수치 기울기 검사)", "en": "∂L/∂W (numerical gradient check)"},
    "t.one_step": {"ko": "첫 번째 갱신", "en": "first step"},
    "t.many_steps": {"ko": "여러 번의 갱신", "en": "several steps"},
    "fb.bias.zero": {
        "ko": "∂L/∂b가 0입니다(부동소수점 오차 범위 안): 통과했습니다.",
        "en": "∂L/∂b is 0 (up to rounding): passed."},
    "fb.bias.not_summed": {
        "ko": "db의 모양이 (N, D_out)입니다. 편향의 기울기는 배치 축 0으로 합한 (D_out,)입니다.",
        "en": "db has shape (N, D_out). A bias gradient is summed over the batch axis 0: (D_out,)."},
    "fb.bias.dbeta": {
        "ko": "db = Σ dout은 ∂L/∂β입니다. b의 기울기는 BN을 거쳐야 합니다: z = xW + b의 기울기 dz = BN 역전파의 dx이고 db = Σ dz인데, 평균을 빼는 단계 때문에 Σ dz = 0입니다.",
        "en": "db = Σ dout is ∂L/∂β. b's gradient must pass through BN: dz = the dx of BN's backward pass for z = xW + b, and db = Σ dz, which is 0 because of the mean subtraction."},
    "fb.bias.generic": {
        "ko": "db = {got}은(는) 0이 아닙니다. z = xW + b에 BN을 적용하면 b는 평균을 빼는 단계에서 사라지므로 ∂L/∂b = Σ_i dz_i = 0이어야 합니다. BN 역전파의 dx를 배치 축으로 합해 보세요.",
        "en": "db = {got} is not 0. With BN applied to z = xW + b, the mean subtraction cancels b, so ∂L/∂b = Σ_i dz_i = 0. Sum the dx of BN's backward pass over the batch axis."},
    "fb.bias.dw_ok": {
        "ko": "수치 기울기와의 상대 오차가 1e-6보다 작습니다: 통과했습니다.",
        "en": "Relative error to the numerical gradient below 1e-6: passed."},
    "fb.bias.dw_no_bn": {
        "ko": "dW = xᵀ·dout입니다(상대 오차 {err:.1e}). BN의 역전파를 건너뛰었습니다: dW = xᵀ·dz, dz는 BN 역전파의 dx입니다.",
        "en": "dW = xᵀ·dout (relative error {err:.1e}): you skipped BN's backward pass. dW = xᵀ·dz with dz the dx of BN's backward pass."},
    "fb.bias.dw_generic": {
        "ko": "dW가 수치 기울기와 다릅니다(상대 오차 {err:.1e}). 순서: BN 역전파로 dz를 구하고, dW = xᵀ·dz입니다.",
        "en": "dW differs from the numerical gradient (relative error {err:.1e}). Order: BN's backward pass gives dz, then dW = xᵀ·dz."},
    "fb.adam.no_correction": {
        "ko": "편향 보정이 빠졌습니다. m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)로 나눈 뒤 갱신하세요. m과 v가 0에서 시작하므로 처음 몇 스텝에서 특히 중요합니다.",
        "en": "The bias correction is missing. Divide m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ) before the update; it matters most in the first steps, because m and v start at 0."},
    "fb.adam.swapped": {
        "ko": "β₁과 β₂가 바뀌었습니다. β₁(0.9)은 기울기의 평균 m, β₂(0.999)는 기울기 제곱의 평균 v에 씁니다.",
        "en": "β₁ and β₂ are swapped. β₁ (0.9) averages the gradient into m, β₂ (0.999) the squared gradient into v."},
    "fb.adam.eps_inside": {
        "ko": "ε을 제곱근 안에 넣었습니다. Adam은 p ← p − lr · m̂ / (√v̂ + ε)입니다(BN과 달리 제곱근 밖).",
        "en": "ε is inside the square root. Adam is p ← p − lr · m̂ / (√v̂ + ε) (outside, unlike BN)."},
    "fb.adam.t_shift": {
        "ko": "스텝 번호가 하나 어긋났습니다. t는 1부터 시작하는 현재 스텝 번호이고, 함수에 넘어온 값을 그대로 씁니다.",
        "en": "The step count is off by one. t is the current step number, starting at 1, as passed to the function."},
    "fb.adam.ascent": {
        "ko": "파라미터를 기울기 방향으로 움직였습니다(경사 상승). 빼세요: p ← p − lr · m̂ / (√v̂ + ε).",
        "en": "You moved the parameters along the gradient (ascent). Subtract: p ← p − lr · m̂ / (√v̂ + ε)."},
    "fb.adam.abs_v": {
        "ko": "v에 |g|를 평균했습니다. v는 기울기 제곱 g²의 지수 가중 이동 평균입니다.",
        "en": "v averages |g|. v is the exponentially weighted moving average of the squared gradient g²."},
    "fb.adam.generic": {
        "ko": "갱신된 γ, β가 Adam과 다릅니다. m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², 편향 보정 후 p ← p − lr · m̂ / (√v̂ + ε)이며 (p, m, v)를 반환합니다.",
        "en": "The updated γ and β differ from Adam. m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², bias correction, then p ← p − lr · m̂ / (√v̂ + ε); return (p, m, v)."},
    "fb.shape_type": {
        "ko": "모양은 정수의 튜플로 답하세요(예: (3, 1)). 받은 값: {got}",
        "en": "Answer a shape as a tuple of integers (e.g. (3, 1)). Got: {got}"},
    "fb.shp.transposed": {
        "ko": "{got}은(는) 행 벡터입니다. 이 표기(Coursera)에서는 층 l의 파라미터가 은닉 유닛마다 한 행인 열 벡터 (n^[l], 1)입니다. b^[l]과 같은 모양입니다.",
        "en": "{got} is a row vector. In this notation (Coursera) a layer-l parameter is a column vector with one row per hidden unit, (n^[l], 1), the same shape as b^[l]."},
    "fb.shp.flat": {
        "ko": "{got}은(는) 이 책의 층(CS231n 규약)에서의 모양입니다. (n^[l], 1) 표기에서는 열 벡터 (64, 1)입니다.",
        "en": "{got} is the shape in this book's layers (CS231n convention). In the (n^[l], 1) notation it is the column vector (64, 1)."},
    "fb.shp.int": {
        "ko": "{got}은(는) 원소 수입니다. 모양을 튜플로 답하세요.",
        "en": "{got} is the number of elements. Answer the shape as a tuple."},
    "fb.shp.batch": {
        "ko": "{got}에는 미니배치 크기가 들어 있습니다. γ는 예제마다가 아니라 은닉 유닛마다 하나입니다.",
        "en": "{got} includes the mini-batch size. γ has one entry per hidden unit, not per example."},
    "fb.shp.coursera_generic": {
        "ko": "{got}은(는) 아닙니다. 층 l의 γ^[l]은 은닉 유닛마다 하나이고 이 표기에서는 열 벡터 (n^[l], 1)입니다.",
        "en": "Not {got}. Layer l's γ^[l] has one entry per hidden unit and is a column vector (n^[l], 1) in this notation."},
    "fb.shp.column": {
        "ko": "{got}은(는) (n^[l], 1) 표기의 모양입니다. 이 책의 층에서 x는 (N, D)이고 γ는 마지막 축에 브로드캐스트되는 (D,)입니다.",
        "en": "{got} is the (n^[l], 1) notation's shape. In this book's layers x is (N, D) and γ is (D,), broadcast along the last axis."},
    "fb.shp.row": {
        "ko": "{got}도 브로드캐스트는 되지만 이 책의 층은 1차원 (D,)를 씁니다.",
        "en": "{got} broadcasts too, but this book's layers use the 1-D shape (D,)."},
    "fb.shp.book_generic": {
        "ko": "{got}은(는) 아닙니다. x가 (N, D)일 때 γ는 특성마다 하나인 (D,)입니다.",
        "en": "Not {got}. With x of shape (N, D), γ has one entry per feature: (D,)."},
    "fb.ab.a": {
        "ko": "({got})는 이름이 같아서 생기는 혼동입니다. Ng의 강의에서 β는 지수 가중 평균의 계수이기도 하지만, BN의 β는 층마다 학습하는 시프트이고 이동 평균과 관계가 없습니다. Adam의 β₁만 기울기 이동 평균의 감쇠율(하이퍼파라미터)입니다.",
        "en": "({got}) is the confusion the shared name invites. In Ng's lectures β is also the coefficient of an exponentially weighted average, but BN's β is a shift learned per layer, unrelated to moving averages. Only Adam's β₁ is the decay rate of the gradients' moving average (a hyperparameter)."},
    "fb.ab.b": {
        "ko": "({got})는 틀렸습니다. β₁은 학습 전에 정하는 하이퍼파라미터(보통 0.9)이고 Adam이 갱신하지 않습니다. Adam이 갱신하는 것은 W, γ, β 같은 학습 가능한 파라미터입니다.",
        "en": "({got}) is wrong. β₁ is a hyperparameter chosen before training (typically 0.9) that Adam does not update. Adam updates the learnable parameters such as W, γ and β."},
    "fb.ab.d": {
        "ko": "({got})는 틀렸습니다. BN의 β는 학습 가능한 파라미터이며 W처럼 기울기 ∂L/∂β로 갱신됩니다.",
        "en": "({got}) is wrong. BN's β is a learnable parameter, updated with its gradient ∂L/∂β like W."},
    "fb.nb.b": {
        "ko": "({got})는 이유가 아닙니다. b를 0이 아닌 값으로 초기화해도 BN은 미니배치 평균을 빼므로 모든 예제에 더해진 상수 b를 지웁니다. b의 역할은 시프트 β가 맡습니다.",
        "en": "({got}) is not the reason. Even a non-zero b is removed: BN subtracts the mini-batch mean, which cancels a constant b added to every example. The shift β takes over b's role."},
    "fb.nb.c": {
        "ko": "({got})는 틀렸습니다. ε은 0으로 나누지 않게 하는 작은 상수일 뿐입니다. b를 대신하는 것은 시프트 β입니다.",
        "en": "({got}) is wrong. ε is only a small constant against division by zero. The shift β takes over b's role."},
    "fb.nb.d": {
        "ko": "({got})는 틀렸습니다. 오히려 b의 기울기는 정확히 0입니다(∂L/∂b = 0). 평균을 빼는 단계가 b를 지우기 때문입니다.",
        "en": "({got}) is wrong. On the contrary, b's gradient is exactly 0 (∂L/∂b = 0), because the mean subtraction cancels b."},
    "fb.adam.returns_hat": {
        "ko": "편향 보정한 m̂, v̂를 m, v로 반환했습니다. 보정은 스텝마다 새로 하는 것이므로 보정하지 않은 m, v를 반환하세요. 첫 스텝은 통과하지만 둘째 스텝부터 어긋납니다.",
        "en": "You returned the bias-corrected m̂, v̂ as m, v. The correction is applied afresh at every step: return the uncorrected m and v. The first step passes, the later ones drift."},
    "fb.adam.stale_m_v": {
        "ko": "p는 맞게 갱신했지만 m, v는 갱신 전의 값을 반환했습니다. 새 m, v를 반환해야 다음 스텝이 이어집니다.",
        "en": "p is updated correctly, but you returned m and v from before the update. Return the new m and v so that the next step builds on them."},
    "fb.nb.sigma": {
        "ko": "({got})는 이유가 아닙니다. σ_B로 나눠도 b는 작아질 뿐 사라지지 않습니다. b가 사라지는 것은 평균을 빼기 때문입니다: (Wu + b) − mean(Wu + b) = Wu − mean(Wu). 그래서 ∂L/∂b = 0이 정확히 성립합니다.",
        "en": "({got}) is not the reason. Dividing by σ_B would only shrink b, not remove it. b disappears because the mean is subtracted: (Wu + b) − mean(Wu + b) = Wu − mean(Wu), so ∂L/∂b = 0 exactly."},
    "fb.nb.inference": {
        "ko": "({got})는 틀렸습니다. 학습 모드에서도 미니배치 평균을 빼므로 b는 출력에 아무 영향이 없고 ∂L/∂b = 0입니다. 그 역할은 β가 맡습니다.",
        "en": "({got}) is wrong. Training mode subtracts the mini-batch mean too, so b has no effect on the output and ∂L/∂b = 0; β takes over its role."},
    "task.03.first_moment": {
        "ko": "유도: 일정한 기울기에서 Adam의 1차 모멘트",
        "en": "derivation: Adam's first moment under a constant gradient"},
    "task.03.scale_ratio": {
        "ko": "실험: W를 10배로 키웠을 때의 기울기",
        "en": "experiment: the gradient when W is scaled by 10"},
    "fb.fm.corrected": {
        "ko": "g는 편향을 보정한 값 v̂_t = v_t/(1 − β₁ᵗ)입니다. 묻는 것은 보정 전의 v_t입니다. 0에서 시작했으므로 아직 g에 못 미칩니다.",
        "en": "g is the bias-corrected v̂_t = v_t/(1 − β₁ᵗ). The task asks for v_t before the correction, which starts at 0 and has not reached g yet."},
    "fb.fm.power": {
        "ko": "β₁ᵗ·g는 초기값 0이 남긴 몫과 g의 몫을 뒤바꾼 것입니다. v_t = β₁v_{t−1} + (1 − β₁)g를 펼치면 (1 − β₁)g(1 + β₁ + … + β₁^{t−1}) = (1 − β₁ᵗ)g입니다.",
        "en": "β₁ᵗ·g swaps the share the zero start leaves with the share of g. Unrolling v_t = β₁v_{t−1} + (1 − β₁)g gives (1 − β₁)g(1 + β₁ + … + β₁^{t−1}) = (1 − β₁ᵗ)g."},
    "fb.fm.one_step": {
        "ko": "(1 − β₁)g는 첫 스텝(t = 1)의 값입니다. t 스텝 동안 쌓인 등비급수를 모두 더하세요: (1 − β₁)Σ_{k<t} β₁ᵏ g.",
        "en": "(1 − β₁)g is the first step's value (t = 1). Add up the geometric series over all t steps: (1 − β₁)Σ_{k<t} β₁ᵏ g."},
    "fb.fm.t_minus_1": {
        "ko": "지수가 하나 모자랍니다. v_1 = (1 − β₁)g이므로 t = 1에서 1 − β₁¹이 되어야 합니다: v_t = (1 − β₁ᵗ)g.",
        "en": "The exponent is off by one. v_1 = (1 − β₁)g, so at t = 1 the factor must be 1 − β₁¹: v_t = (1 − β₁ᵗ)g."},
    "fb.fm.generic": {
        "ko": "{at}에서 {got}을(를) 얻었는데 {want}이어야 합니다. v_0 = 0에서 v_t = β₁v_{{t−1}} + (1 − β₁)g를 t번 펼쳐 등비급수로 더하세요.",
        "en": "At {at} you got {got}; it should be {want}. Unroll v_t = β₁v_{{t−1}} + (1 − β₁)g t times from v_0 = 0 and sum the geometric series."},
    "fb.sr.same": {
        "ko": "{got}은(는) 입력에 대한 기울기 ∂L/∂u의 비율입니다(§3.3: 바뀌지 않습니다). W에 대한 기울기는 1/a배가 됩니다: ∂BN((aW)u)/∂(aW) = (1/a)·∂BN(Wu)/∂W.",
        "en": "{got} is the ratio for the gradient with respect to the input, ∂L/∂u (§3.3: unchanged). The gradient with respect to W is multiplied by 1/a: ∂BN((aW)u)/∂(aW) = (1/a)·∂BN(Wu)/∂W."},
    "fb.sr.inverse": {
        "ko": "비율이 뒤집혔습니다: ‖∂L/∂W‖ at 10W를 ‖∂L/∂W‖ at W로 나누세요. 가중치가 클수록 기울기는 작아집니다.",
        "en": "The ratio is upside down: divide ‖∂L/∂W‖ at 10W by ‖∂L/∂W‖ at W. Larger weights get smaller gradients."},
    "fb.sr.square": {
        "ko": "{got}은(는) 1/a²입니다. 기울기는 1/a배입니다(§3.3). 노름을 제곱하지 않았는지 확인하세요.",
        "en": "{got} is 1/a². The gradient scales by 1/a (§3.3); check that you did not square the norm."},
    "fb.sr.generic": {
        "ko": "{got}은(는) 아닙니다. z = xW, y = BN(z), L = Σ y·dout인 층에서 ‖∂L/∂W‖를 W와 10W에서 구해 (10W에서의 값)/(W에서의 값)을 답하세요.",
        "en": "Not {got}. For the layer z = xW, y = BN(z), L = Σ y·dout, compute ‖∂L/∂W‖ at W and at 10W, and answer (value at 10W)/(value at W)."},
}

i18n.register(STRINGS)
