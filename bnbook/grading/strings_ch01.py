# ruff: noqa: E501
"""Chapter 1 feedback strings (Korean 합니다체 / plain English)."""

from __future__ import annotations

from .. import i18n

STRINGS = {
    "task.01.standardize": {"ko": "입력 표준화", "en": "standardizing the inputs"},
    "task.01.shift": {"ko": "분포 이동 측정", "en": "measuring the shift"},
    "task.01.sigmoid_grad": {"ko": "시그모이드의 기울기", "en": "the sigmoid's gradient"},
    "task.01.max_grad": {"ko": "시그모이드 기울기의 최댓값", "en": "largest sigmoid gradient"},
    "task.01.covariate_shift": {"ko": "공변량 변화의 뜻", "en": "what covariate shift means"},
    "task.01.ics": {"ko": "내부 공변량 변화에 대한 반론", "en": "the case against ICS"},
    "t.values": {"ko": "값", "en": "values"},
    "fb.std.test_stats": {
        "ko": "테스트 데이터를 테스트 데이터 자신의 평균과 표준편차로 표준화했습니다. 모델은 학습 데이터의 통계로 학습되므로 테스트 데이터에도 학습 데이터의 μ와 σ를 써야 합니다. 그래야 공변량 변화가 사라지지 않고 보입니다.",
        "en": "You standardized the test data with its own mean and standard deviation. The model was fitted with the training statistics, so the test data must use the training μ and σ too; only then does the covariate shift stay visible."},
    "fb.std.axis1": {
        "ko": "평균과 표준편차를 축 1(특성 축)로 구했습니다. 특성마다 예제 축 0으로 구하세요: X_train.mean(axis=0).",
        "en": "Your mean and standard deviation are over axis 1 (the features). Take them per feature, over the sample axis 0: X_train.mean(axis=0)."},
    "fb.std.ddof": {
        "ko": "표준편차에 ddof=1(불편 분산)을 썼습니다. 이 과제는 np.std의 기본값(1/N)을 씁니다.",
        "en": "You used ddof=1 (the unbiased variance). This task uses np.std's default (1/N)."},
    "fb.std.center_only": {
        "ko": "평균만 뺐습니다. 표준편차로도 나누세요: (X − μ) / σ.",
        "en": "You only subtracted the mean. Divide by the standard deviation too: (X − μ) / σ."},
    "fb.std.var": {
        "ko": "분산으로 나눴습니다. 표준편차(분산의 제곱근)로 나누세요.",
        "en": "You divided by the variance. Divide by the standard deviation (its square root)."},
    "fb.std.generic": {
        "ko": "값이 다릅니다. 학습 데이터의 특성별 평균 μ와 표준편차 σ(축 0)를 구해 두 데이터 모두 (X − μ) / σ로 바꾸세요.",
        "en": "The values differ. Take the training data's per-feature mean μ and standard deviation σ (axis 0) and map both sets to (X − μ) / σ."},
    "fb.shift.sign": {
        "ko": "부호가 반대입니다. 이동은 (μ_b − μ_a) / σ_a, 곧 a에서 b로 간 거리입니다.",
        "en": "The sign is reversed. The shift is (μ_b − μ_a) / σ_a, from a to b."},
    "fb.shift.unscaled": {
        "ko": "평균의 차이를 σ_a로 나누지 않았습니다. 특성마다 단위가 다르므로 a의 표준편차 단위로 재세요.",
        "en": "You did not divide the difference of means by σ_a. Features have different units, so measure in units of a's standard deviation."},
    "fb.shift.abs": {
        "ko": "절댓값을 취했습니다. 방향도 정보이므로 부호를 남기세요.",
        "en": "You took the absolute value. The direction is information too: keep the sign."},
    "fb.shift.sd_b": {
        "ko": "b의 표준편차로 나눴습니다. 기준 분포 a의 표준편차 σ_a로 나누세요.",
        "en": "You divided by b's standard deviation. Divide by σ_a, the reference distribution's."},
    "fb.shift.generic": {
        "ko": "값이 다릅니다. 특성마다 (μ_b − μ_a) / σ_a를 모양 (D,)로 반환하세요(평균과 표준편차는 축 0).",
        "en": "The values differ. Return (μ_b − μ_a) / σ_a per feature, shape (D,) (means and standard deviations over axis 0)."},
    "fb.sg.overflow": {
        "ko": "큰 |y|(예: ±800)에서 NaN이나 무한대가 나옵니다. exp가 넘치지 않게 σ(y)를 먼저 안정적으로 구한 뒤 σ(y)(1 − σ(y))를 계산하세요(예: np.exp(-np.logaddexp(0, -t))).",
        "en": "Large |y| (e.g. ±800) gives NaN or infinity. Compute σ(y) stably first so that exp cannot overflow (e.g. np.exp(-np.logaddexp(0, -t))), then σ(y)(1 − σ(y))."},
    "fb.sg.sigmoid": {
        "ko": "σ(y) 자체를 반환했습니다. 기울기는 σ′(y) = σ(y)(1 − σ(y))입니다.",
        "en": "You returned σ(y) itself. The gradient is σ′(y) = σ(y)(1 − σ(y))."},
    "fb.sg.tanh": {
        "ko": "계산한 것은 tanh의 도함수 1 − tanh²(y)입니다. 시그모이드의 도함수는 σ(y)(1 − σ(y))입니다.",
        "en": "That is tanh's derivative 1 − tanh²(y). The sigmoid's is σ(y)(1 − σ(y))."},
    "fb.sg.plus": {
        "ko": "σ(y)(1 + σ(y))를 계산했습니다. 부호를 확인하세요: σ(y)(1 − σ(y)).",
        "en": "You computed σ(y)(1 + σ(y)). Check the sign: σ(y)(1 − σ(y))."},
    "fb.sg.square": {
        "ko": "1 − σ(y)²를 계산했습니다. 도함수는 σ(y)·(1 − σ(y))입니다.",
        "en": "You computed 1 − σ(y)². The derivative is σ(y)·(1 − σ(y))."},
    "fb.sg.generic": {
        "ko": "값이 다릅니다. σ′(y) = σ(y)(1 − σ(y))를 원소별로 계산하세요.",
        "en": "The values differ. Compute σ′(y) = σ(y)(1 − σ(y)) elementwise."},
    "fb.maxg.one": {
        "ko": "{got}은(는) σ(y)가 다가가는 값입니다. 기울기 σ(y)(1 − σ(y))는 σ = 1/2일 때 가장 큽니다.",
        "en": "{got} is the value σ(y) approaches. The gradient σ(y)(1 − σ(y)) is largest at σ = 1/2."},
    "fb.maxg.half": {
        "ko": "{got}은(는) σ(0)입니다. 기울기는 σ(0)(1 − σ(0))입니다.",
        "en": "{got} is σ(0). The gradient there is σ(0)(1 − σ(0))."},
    "fb.maxg.generic": {
        "ko": "{got}은(는) 아닙니다. σ(y)(1 − σ(y))는 σ(y) = 1/2, 곧 y = 0에서 가장 큽니다. 그래서 입력이 0에서 멀어지면(포화되면) 기울기가 작아집니다.",
        "en": "Not {got}. σ(y)(1 − σ(y)) is largest where σ(y) = 1/2, at y = 0; inputs far from 0 (saturated) get small gradients."},
    "fb.cs.label": {
        "ko": "({got})는 레이블 변화(label shift, 사전 확률 변화)입니다. 공변량 변화는 레이블이 아니라 입력의 분포 P(u)가 학습 때와 테스트 때 달라지고, 입력과 레이블의 관계 P(ℓ|u)는 그대로인 경우입니다(Shimodaira 2000).",
        "en": "({got}) is label shift (prior shift). Covariate shift is a change of the input distribution P(u), not of the labels, between training and test, while the relation P(ℓ|u) stays the same (Shimodaira 2000)."},
    "fb.cs.covariance": {
        "ko": "({got})는 이름의 함정입니다. '공변량(covariate)'은 입력 변수를 뜻하며 공분산(covariance)과는 다른 말입니다. 공변량 변화는 입력 분포 P(u) 전체가 바뀌는 것이고, 평균이 옮겨 가는 것도 포함합니다.",
        "en": "({got}) is the trap in the name: a covariate is an input variable, not a covariance. Covariate shift is a change of the whole input distribution P(u), a moved mean included."},
    "fb.cs.concept": {
        "ko": "({got})는 개념 변화(concept drift)입니다. 같은 입력에 대한 정답이 바뀌는 경우로, 공변량 변화와 정반대입니다: 공변량 변화에서는 P(ℓ|u)가 그대로이고 P(u)가 바뀝니다.",
        "en": "({got}) is concept drift: the right answer for the same input changes. It is the opposite of covariate shift, where P(ℓ|u) stays and P(u) changes."},
    "fb.ics.a": {
        "ko": "({got})는 Ioffe와 Szegedy(2015)의 원래 설명입니다. Santurkar 외(2018)은 초록에서 바로 이 통념에 반대해, 층 입력 분포의 안정성은 BN의 성공과 거의 관계가 없다고 주장합니다.",
        "en": "({got}) is the original explanation of Ioffe & Szegedy (2015). Santurkar et al. (2018) argue in their abstract against exactly this belief: the stability of layer-input distributions has little to do with BN's success."},
    "fb.ics.noise": {
        "ko": "({got})는 Santurkar 외(2018)의 주장이 아닙니다. 잡음이 규제로 작용한다는 말은 Ioffe와 Szegedy(2015)의 §3.4에 있습니다. Santurkar 외는 초록에서 BN이 손실 지형을 훨씬 매끄럽게 만들어 기울기가 더 예측 가능하고 안정적이 된다고 주장합니다.",
        "en": "({got}) is not Santurkar et al.'s (2018) claim. Noise as a regularizer is Ioffe & Szegedy's (2015) §3.4. Santurkar et al. argue in their abstract that BN makes the loss landscape significantly smoother, so gradients are more predictive and stable."},
    "fb.std.no_axis": {
        "ko": "평균과 표준편차를 배열 전체에서 하나씩만 구했습니다(axis를 주지 않음). 특성마다 따로, 예제 축 0으로 구하세요: X_train.mean(axis=0), X_train.std(axis=0).",
        "en": "You took one mean and one standard deviation over the whole array (no axis). Take them per feature, over the sample axis 0: X_train.mean(axis=0), X_train.std(axis=0)."},
    "fb.std.pooled": {
        "ko": "학습 데이터와 테스트 데이터를 합친 통계로 표준화했습니다. μ와 σ는 학습 데이터에서만 구하세요. 테스트 데이터는 학습 때 볼 수 없고, 합친 통계를 쓰면 공변량 변화가 일부 가려집니다.",
        "en": "You standardized with the statistics of training and test data together. Take μ and σ from the training data only: the test data is not seen during training, and pooled statistics partly hide the covariate shift."},
    "fb.shift.ddof": {
        "ko": "σ_a에 ddof=1(불편 분산)을 썼습니다. 이 과제는 np.std의 기본값(1/N)을 씁니다.",
        "en": "You used ddof=1 (the unbiased variance) for σ_a. This task uses np.std's default (1/N)."},
    "fb.shift.var": {
        "ko": "분산으로 나눴습니다. 표준편차 σ_a(분산의 제곱근)로 나누세요.",
        "en": "You divided by the variance. Divide by the standard deviation σ_a (its square root)."},
    "fb.ics.weights": {
        "ko": "({got})는 논문의 주장이 아닙니다. BN은 가중치의 크기를 고정하지 않습니다(출력이 가중치의 크기에 무관할 뿐입니다, 3장). Santurkar 외(2018)는 층 입력 분포의 안정성이 BN의 성공과 거의 관계가 없고, BN이 손실 지형을 매끄럽게 만든다고 주장합니다.",
        "en": "({got}) is not the paper's claim. BN does not fix the size of the weights (its output merely ignores that size, chapter 3). Santurkar et al. (2018) argue that the stability of layer-input distributions has little to do with BN's success, and that BN smooths the loss landscape."},
    "task.01.log_weight": {
        "ko": "유도: 가우스 공변량 변화의 로그 중요도 가중치",
        "en": "derivation: the log importance weight of a Gaussian shift"},
    "task.01.gd_steps": {
        "ko": "실험: 조건수와 경사 하강법의 스텝 수",
        "en": "experiment: condition number and the steps of gradient descent"},
    "fb.lw.reversed": {
        "ko": "부호가 반대입니다. 가중치는 ω(u) = P_test(u)/P_train(u)이므로 log ω = log P_b(u) − log P_a(u)입니다. 뒤집으면 P_train/P_test가 됩니다.",
        "en": "The sign is reversed. The weight is ω(u) = P_test(u)/P_train(u), so log ω = log P_b(u) − log P_a(u); you computed log(P_train/P_test)."},
    "fb.lw.no_sigma": {
        "ko": "σ²로 나누지 않았습니다. 정규분포의 지수는 −(u − μ)²/(2σ²)이므로 두 지수의 차이도 σ²로 나뉩니다. 장의 식 exp(μ·u₁ − μ²/2)는 σ = 1인 경우입니다.",
        "en": "You did not divide by σ². The normal density's exponent is −(u − μ)²/(2σ²), so the difference of the two exponents is divided by σ² too. The chapter's exp(μ·u₁ − μ²/2) is the case σ = 1."},
    "fb.lw.sigma_once": {
        "ko": "σ²가 아니라 σ로 나눴습니다. 지수에는 분산 σ²가 들어갑니다: −(u − μ)²/(2σ²).",
        "en": "You divided by σ, not σ². The exponent has the variance: −(u − μ)²/(2σ²)."},
    "fb.lw.no_half": {
        "ko": "상수항에서 1/2을 빠뜨렸습니다. (u − μ_a)² − (u − μ_b)²를 전개하면 2(μ_b − μ_a)u − (μ_b² − μ_a²)이고, 여기에 1/(2σ²)을 곱합니다.",
        "en": "The constant term lost its 1/2. Expanding (u − μ_a)² − (u − μ_b)² gives 2(μ_b − μ_a)u − (μ_b² − μ_a²), which is then multiplied by 1/(2σ²)."},
    "fb.lw.no_constant": {
        "ko": "u에 비례하는 항만 있고 상수항 −(μ_b² − μ_a²)/(2σ²)이 없습니다. 이 항이 없으면 가중치의 평균이 1이 되지 않습니다.",
        "en": "Only the term proportional to u is there; the constant −(μ_b² − μ_a²)/(2σ²) is missing. Without it the weights do not average to 1."},
    "fb.lw.weight": {
        "ko": "가중치 ω(u) 자체를 반환했습니다. 이 과제는 그 로그 log ω(u)를 묻습니다.",
        "en": "You returned the weight ω(u) itself. The task asks for its logarithm, log ω(u)."},
    "fb.lw.generic": {
        "ko": "{at}에서 {got}을(를) 얻었는데 {want}이어야 합니다. log ω(u) = log N(u; μ_b, σ²) − log N(u; μ_a, σ²)를 쓰고, 정규화 상수가 같아서 지워진다는 점을 이용해 전개하세요.",
        "en": "At {at} you got {got}; it should be {want}. Write log ω(u) = log N(u; μ_b, σ²) − log N(u; μ_a, σ²), note that the normalizing constants cancel, and expand."},
    "fb.gd.kappa_c": {
        "ko": "{got}은(는) κ = c일 때의 스텝 수입니다. 헤세 행렬은 diag(1, c²)이므로 κ = c² = 100이고, 느린 방향은 스텝마다 1 − 1/κ = 0.99배가 됩니다.",
        "en": "{got} is the step count for κ = c. The Hessian is diag(1, c²), so κ = c² = 100, and the slow direction shrinks by 1 − 1/κ = 0.99 per step."},
    "fb.gd.standardized": {
        "ko": "{got}은(는) 표준화된 입력(c = 1)의 스텝 수입니다. c = 10으로 다시 돌려 보세요: η = 1/c²로는 θ₁ 방향이 스텝마다 1%만 줄어듭니다.",
        "en": "{got} is the count for standardized inputs (c = 1). Run it again with c = 10: with η = 1/c² the θ₁ direction shrinks by only 1% per step."},
    "fb.gd.generic": {
        "ko": "{got}은(는) 아닙니다. θ = (1, 1)에서 시작해 θ ← θ − η·H·θ (H = diag(1, c²), η = 1/c², c = 10)를 ‖θ‖ < 10⁻³이 될 때까지 반복하고 그 횟수를 세세요.",
        "en": "Not {got}. From θ = (1, 1), repeat θ ← θ − η·H·θ (H = diag(1, c²), η = 1/c², c = 10) until ‖θ‖ < 10⁻³, and count the steps."},
}

i18n.register(STRINGS)
