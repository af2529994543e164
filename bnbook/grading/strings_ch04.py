# ruff: noqa: E501
"""Chapter 4 feedback strings (Korean 합니다체 / plain English)."""

from __future__ import annotations

from .. import i18n

STRINGS = {
    # -- titles and test names
    "task.04.noise_std": {"ko": "한 예제의 미니배치 잡음", "en": "one example's mini-batch noise"},
    "task.04.batch_x4": {"ko": "배치 크기를 4배로 늘리면", "en": "four times the batch size"},
    "task.04.dropout": {"ko": "역 드롭아웃의 순전파와 역전파", "en": "inverted dropout, forward and backward"},
    "task.04.dropout_var": {"ko": "드롭아웃 출력의 분산", "en": "the variance of dropout's output"},
    "task.04.test_mode": {"ko": "추론 모드의 BN 출력", "en": "BN's output in inference mode"},
    "task.04.paper_dropout": {"ko": "논문이 드롭아웃에 대해 말한 것", "en": "what the paper says about Dropout"},
    "task.04.gap": {"ko": "학습–테스트 간격", "en": "the train–test gap"},
    "t.noise_returns": {"ko": "반환값(0 이상의 실수 하나)", "en": "return value (one non-negative number)"},
    "t.noise_rng": {"ko": "넘겨받은 rng 사용", "en": "uses the rng it is given"},
    "t.noise_values": {"ko": "m = 2, 4, 16에서의 표준편차", "en": "std at m = 2, 4, 16"},
    "t.drop_returns": {"ko": "반환값의 형식과 모양", "en": "return type and shape"},
    "t.drop_train": {"ko": "학습 모드 출력 (p = 0.8, 0.3)", "en": "training-mode output (p = 0.8, 0.3)"},
    "t.drop_rng": {"ko": "넘겨받은 rng 사용", "en": "uses the rng it is given"},
    "t.drop_test": {"ko": "추론 모드 출력", "en": "inference-mode output"},
    "t.drop_backward": {"ko": "역전파 (수치 기울기 검사)", "en": "backward pass (numerical gradient check)"},
    "t.gap_returns": {"ko": "반환값(실수 하나)", "en": "return value (one number)"},
    "t.gap_values": {"ko": "간격의 값", "en": "value of the gap"},
    "fb.ch04.not_scalar": {
        "ko": "{name}은(는) 실수 하나를 반환해야 하는데 {typ}을(를) 반환했습니다.",
        "en": "{name} must return one number; got {typ}."},
    "fb.ch04.signature": {
        "ko": "함수가 예외를 일으켰습니다: {exc}. 셀에 주어진 함수 형식을 그대로 두세요: {signature}. 채점기는 인수를 이 순서와 이름으로 넘깁니다.",
        "en": "Your function raised an exception: {exc}. Keep the signature given in the cell, {signature}: the grader passes the arguments in this order and with these names."},
    # -- 04.noise_std
    "fb.noise.negative": {
        "ko": "표준편차가 음수({got})입니다. 표준편차는 0 이상입니다.",
        "en": "The standard deviation is negative ({got}); a standard deviation is ≥ 0."},
    "fb.noise.not_reproducible": {
        "ko": "같은 시드의 rng로 두 번 불렀는데 결과가 다릅니다({a}, {b}). 미니배치는 넘겨받은 rng로만 뽑으세요(rng.choice, rng.permutation 등). np.random.choice나 새 default_rng()는 쓰지 마세요.",
        "en": "Two calls with rngs of the same seed gave different results ({a}, {b}). Draw the mini-batches with the rng you are given only (rng.choice, rng.permutation, ...), not np.random.choice or a fresh default_rng()."},
    "fb.noise.ignores_rng": {
        "ko": "시드가 다른 rng를 넘겨도 결과가 똑같습니다({a}). 함수 안에서 시드를 고정한 rng를 새로 만들었거나 무작위 추출을 하지 않았습니다. 넘겨받은 rng로 미니배치를 뽑으세요.",
        "en": "rngs with different seeds give exactly the same result ({a}): your function makes its own seeded rng or draws nothing at random. Draw the mini-batches with the rng you are given."},
    "fb.noise.ok": {
        "ko": "세 배치 크기 모두 몬테카를로 기준값과 6% 안에서 일치합니다: 통과했습니다.",
        "en": "All three batch sizes agree with the Monte Carlo reference within 6%: passed."},
    "fb.noise.zero": {
        "ko": "m = {m}에서 표준편차가 0입니다: x̂_i가 미니배치마다 달라지지 않습니다. 고정된 통계량(데이터 전체의 평균과 분산, 곧 추론 모드)로 정규화했거나 미니배치를 한 번만 뽑았습니다. 미니배치마다 그 배치의 μ_B, σ²_B로 x_i를 정규화하세요.",
        "en": "At m = {m} the std is 0: x̂_i does not change from batch to batch. You normalized with fixed statistics (the whole data set's, as in inference mode) or drew only one mini-batch. Normalize x_i with each mini-batch's own μ_B and σ²_B."},
    "fb.noise.whole_batch": {
        "ko": "m = {m}에서 {got}, 곧 약 1입니다. 미니배치 전체의 x̂의 표준편차를 구했습니다. 이 값은 정규화 때문에 언제나 1에 가깝습니다. 구할 것은 예제 i 하나의 x̂_i가 여러 미니배치에 걸쳐 얼마나 흔들리는지, 곧 배치마다 x̂_i 하나씩을 모은 값들의 표준편차입니다.",
        "en": "At m = {m} you got {got}, about 1: that is the std of x̂ over a whole mini-batch, which normalization makes ≈ 1 always. The task asks how much one example's x̂_i moves across mini-batches: collect one x̂_i per batch, then take the std of those values."},
    "fb.noise.ddof": {
        "ko": "m = {m}에서 {got}(기준값 {want})입니다. 미니배치 분산을 m − 1로 나눴습니다(불편 분산, ddof=1). BN의 학습 모드는 1/m로 나누는 편향 분산을 씁니다(np.var의 기본값).",
        "en": "At m = {m} you got {got} (reference {want}). Your mini-batch variance divides by m − 1 (unbiased, ddof=1); BN's training mode uses the biased variance, divided by m (np.var's default)."},
    "fb.noise.without_self": {
        "ko": "m = {m}에서 {got}(기준값 {want})입니다. 예제 i를 빼고 m − 1개의 동반 예제만으로 μ_B와 σ²_B를 구했습니다. 예제 i도 자기 미니배치에 들어 있으므로, x_i와 동반 예제 m − 1개를 합친 m개로 통계량을 구하세요.",
        "en": "At m = {m} you got {got} (reference {want}). You computed μ_B and σ²_B from the m − 1 companions without example i. Example i is part of its own mini-batch: compute the statistics from all m values, x_i and its m − 1 companions."},
    "fb.noise.m_others": {
        "ko": "m = {m}에서 {got}(기준값 {want})입니다. 다른 예제 m개를 뽑아 그 통계량으로 x_i를 정규화했습니다. 미니배치는 예제 i와 동반 예제 m − 1개로 모두 m개이며, 통계량은 x_i를 포함해 구합니다.",
        "en": "At m = {m} you got {got} (reference {want}). You drew m other examples and normalized x_i with their statistics. The mini-batch is example i plus m − 1 companions, m values in all, and its statistics include x_i."},
    "fb.noise.variance": {
        "ko": "m = {m}에서 {got}(기준값 {want})입니다. x̂_i의 분산을 반환했습니다. 표준편차(분산의 제곱근)를 반환하세요.",
        "en": "At m = {m} you got {got} (reference {want}): the variance of x̂_i. Return its standard deviation (the square root)."},
    "fb.noise.not_scaled": {
        "ko": "m = {m}에서 {got}(기준값 {want})입니다. x_i − μ_B의 표준편차입니다(x_i가 고정되어 있으므로 μ_B의 표준편차와 같습니다). √(σ²_B + ε)로 나누는 단계가 빠졌습니다: x̂_i = (x_i − μ_B)/√(σ²_B + ε).",
        "en": "At m = {m} you got {got} (reference {want}): the std of x_i − μ_B (the same as the std of μ_B, since x_i is fixed). The division by √(σ²_B + ε) is missing: x̂_i = (x_i − μ_B)/√(σ²_B + ε)."},
    "fb.noise.sigma_std": {
        "ko": "m = {m}에서 {got}(기준값 {want})입니다. 미니배치 표준편차 σ_B의 표준편차입니다. 구할 것은 x̂_i = (x_i − μ_B)/√(σ²_B + ε)의 표준편차입니다.",
        "en": "At m = {m} you got {got} (reference {want}): the std of the batch standard deviation σ_B. The task asks for the std of x̂_i = (x_i − μ_B)/√(σ²_B + ε)."},
    "fb.noise.mean": {
        "ko": "m = {m}에서 {got}(기준값 {want})입니다. x̂_i의 평균을 반환했습니다. 미니배치에 따라 x̂_i가 흔들리는 정도, 곧 표준편차를 반환하세요.",
        "en": "At m = {m} you got {got} (reference {want}): the mean of x̂_i. Return how much x̂_i varies across mini-batches, its standard deviation."},
    "fb.noise.replacement": {
        "ko": "x가 값 6개뿐이고 m = 6이면 미니배치는 언제나 6개 전부여야 하므로 x̂_i가 바뀌지 않아 표준편차가 0이어야 하는데, {got}이(가) 나왔습니다. 동반 예제 m − 1개는 예제 i를 뺀 나머지 N − 1개에서 중복 없이 뽑으세요(예: rng.choice(np.delete(x, i), m - 1, replace=False)).",
        "en": "With only six values in x and m = 6, every mini-batch must be all six of them, so x̂_i never changes and its std must be 0; you got {got}. Draw the m − 1 companions without replacement from the other N − 1 examples, never example i itself (e.g. rng.choice(np.delete(x, i), m - 1, replace=False))."},
    "fb.noise.values_returned": {
        "ko": "미니배치마다 하나씩 모은 x̂_i 값 {n}개를 그대로 반환했습니다. 그 값들의 표준편차 하나를 반환하세요(float(np.std(...))).",
        "en": "You returned the {n} values of x̂_i, one per mini-batch. Return their standard deviation, one number (float(np.std(...)))."},
    "fb.noise.over_sqrt_m": {
        "ko": "m = {ms}에서 {gots}로, 기준값 {wants}을(를) √m으로 나눈 값입니다. 1/√m은 측정해서 확인할 결과이지 곱할 인수가 아닙니다. x̂_i의 표준편차를 그대로 반환하세요.",
        "en": "At m = {ms} you got {gots}: the reference {wants} divided by √m. The 1/√m is what the measurement shows, not a factor to apply. Return the std of x̂_i as it is."},
    "fb.noise.times_sqrt_m": {
        "ko": "m = {ms}에서 {gots}로, 기준값 {wants}에 √m을 곱한 값입니다. 그림에서 비교하려고 곱하는 √m은 빼고 x̂_i의 표준편차를 그대로 반환하세요.",
        "en": "At m = {ms} you got {gots}: the reference {wants} times √m. Leave out the √m (a scaling used to compare curves) and return the std of x̂_i as it is."},
    "fb.noise.generic": {
        "ko": "m = {ms}에서 {gots}인데 기준값은 {wants}입니다(허용 오차 6%). 순서: n_batches번 반복하며 rng로 다른 예제 N − 1개 중 m − 1개를 중복 없이 뽑고, x_i와 합친 m개의 평균 μ_B와 편향 분산 σ²_B로 x̂_i = (x_i − μ_B)/√(σ²_B + ε)를 구해 모은 뒤, 그 값들의 표준편차를 반환합니다.",
        "en": "At m = {ms} you got {gots}; the reference is {wants} (tolerance 6%). Steps: n_batches times, draw m − 1 of the other N − 1 examples without replacement with rng, compute the mean μ_B and the biased variance σ²_B of those and x_i (m values), and record x̂_i = (x_i − μ_B)/√(σ²_B + ε); return the std of the recorded values."},
    # -- 04.dropout
    "fb.drop.nothing_dropped": {
        "ko": "p = {p}인 학습 모드에서 아무 유닛도 버리지 않았습니다. mode가 \"train\"일 때 마스크를 적용하는지 확인하세요.",
        "en": "In training mode with p = {p} no unit was dropped. Check that you apply the mask when mode is \"train\"."},
    "fb.drop.all_dropped": {
        "ko": "p = {p}인 학습 모드에서 모든 유닛을 버렸습니다. 각 유닛을 유지 확률 p로 남기세요(예: rng.random(x.shape) < p).",
        "en": "In training mode with p = {p} every unit was dropped. Keep each unit with the keep probability p (e.g. rng.random(x.shape) < p)."},
    "fb.drop.drop_convention": {
        "ko": "p를 버릴 확률로 썼습니다(bnbook.layers와 PyTorch의 관례): 유닛을 확률 1 − p로 남기고 1 − p로 나눴습니다. 이 과제에서는 4장처럼 p가 유지 확률입니다(Srivastava 외 2014, CS231n). 확률 p로 남기고 p로 나누세요.",
        "en": "You used p as the drop probability (the convention of bnbook.layers and PyTorch): units kept with probability 1 − p and divided by 1 − p. In this task, as in chapter 4, p is the keep probability (Srivastava et al. 2014, CS231n): keep with probability p and divide by p."},
    "fb.drop.values": {
        "ko": "p = {p}일 때 남은 유닛의 값이 x/p가 아닙니다. 역 드롭아웃은 남은 유닛마다 x를 유지 확률 p로 나누고, 버린 유닛은 0으로 만듭니다.",
        "en": "With p = {p} the kept units are not x/p. Inverted dropout divides each kept unit by the keep probability p and sets the dropped ones to 0."},
    "fb.drop.no_rescale": {
        "ko": "남은 유닛을 p로 나눠 키우지 않았습니다. 그러면 학습 때 출력의 기댓값이 p·x로 줄어, 아무것도 하지 않는 추론 모드와 맞지 않습니다. 역 드롭아웃은 학습 때 1/p를 곱해 E[out] = x를 유지합니다.",
        "en": "The kept units are not scaled up by 1/p. The expected training output is then p·x, which does not match inference mode, where dropout does nothing. Inverted dropout multiplies by 1/p during training so that E[out] = x."},
    "fb.drop.rescale_drop": {
        "ko": "남은 유닛을 1 − p로 나눴습니다. 1 − p는 버릴 확률입니다. 유지 확률 p로 나눠야 E[out] = x가 됩니다.",
        "en": "You divided the kept units by 1 − p, the drop probability. Divide by the keep probability p to get E[out] = x."},
    "fb.drop.times_p": {
        "ko": "남은 유닛에 p를 곱했습니다(옛 드롭아웃이 추론 때 하는 축소). 역 드롭아웃은 학습 때 p로 나눠 키우고 추론 때는 아무것도 하지 않습니다.",
        "en": "You multiplied the kept units by p (what the original dropout does at test time). Inverted dropout divides by p during training and does nothing at inference."},
    "fb.drop.keep_is_drop": {
        "ko": "남은 유닛의 비율이 {frac}로 1 − p = {drop}에 가깝습니다. 유닛을 확률 1 − p로 남겼습니다. p는 유지 확률이므로 확률 p로 남기세요(mask = rng.random(x.shape) < p).",
        "en": "The kept fraction is {frac}, close to 1 − p = {drop}: you kept units with probability 1 − p. p is the keep probability, so keep with probability p (mask = rng.random(x.shape) < p)."},
    "fb.drop.fraction": {
        "ko": "p = {p}에서 남은 유닛의 비율이 {frac}인데 p여야 합니다. 각 유닛을 독립적으로 확률 p로 남기세요.",
        "en": "With p = {p} the kept fraction is {frac}; it should be p. Keep each unit independently with probability p."},
    "fb.drop.mask_per_example": {
        "ko": "한 예제(행)의 유닛을 모두 남기거나 모두 버립니다. 마스크는 x와 같은 모양으로 유닛마다 따로 뽑으세요(rng.random(x.shape)).",
        "en": "Each example (row) is kept or dropped as a whole. Draw the mask with x's shape, one draw per unit (rng.random(x.shape))."},
    "fb.drop.mask_per_feature": {
        "ko": "모든 예제가 같은 마스크를 씁니다(열 단위로 남기거나 버림). 마스크는 x와 같은 모양으로 예제와 유닛마다 따로 뽑으세요(rng.random(x.shape)).",
        "en": "Every example shares one mask (whole columns kept or dropped). Draw the mask with x's shape, one draw per example and unit (rng.random(x.shape))."},
    "fb.drop.train_ok": {
        "ko": "남은 유닛은 x/p이고 남은 비율은 p입니다: 통과했습니다.",
        "en": "Kept units are x/p and the kept fraction is p: passed."},
    "fb.drop.not_reproducible": {
        "ko": "같은 시드의 rng로 두 번 불렀는데 마스크가 다릅니다. 마스크는 넘겨받은 rng로만 뽑으세요(rng.random(x.shape)). np.random.rand나 새 default_rng()는 쓰지 마세요.",
        "en": "Two calls with rngs of the same seed gave different masks. Draw the mask with the rng you are given only (rng.random(x.shape)), not np.random.rand or a fresh default_rng()."},
    "fb.drop.ignores_rng": {
        "ko": "시드가 다른 rng를 넘겨도 마스크가 똑같습니다. 함수 안에서 시드를 고정한 rng를 새로 만들지 말고 넘겨받은 rng를 쓰세요.",
        "en": "rngs with different seeds give the same mask. Use the rng you are given instead of making a seeded one inside the function."},
    "fb.drop.test_dropped": {
        "ko": "추론 모드(p = {p})에서도 유닛을 버렸습니다. 드롭아웃은 학습 때만 적용합니다. 추론 모드에서는 x를 그대로 반환하세요.",
        "en": "Units are dropped in inference mode too (p = {p}). Dropout is applied only during training; in inference mode return x unchanged."},
    "fb.drop.test_scaled": {
        "ko": "추론 모드(p = {p})에서 x에 배율을 곱했습니다. 이것은 옛(역이 아닌) 드롭아웃의 방식입니다. 역 드롭아웃은 학습 때 이미 p로 나눴으므로 추론 모드는 x를 그대로 반환합니다.",
        "en": "Inference mode (p = {p}) scales x: that is the original, non-inverted dropout. Inverted dropout has already divided by p during training, so inference mode returns x unchanged."},
    "fb.drop.test_scaled_up": {
        "ko": "추론 모드(p = {p})에서 x를 p로 나눴습니다. 이 배율은 학습 때만 씁니다. 추론 모드는 x를 그대로 반환합니다.",
        "en": "Inference mode (p = {p}) divides x by p. That factor belongs to training only; inference mode returns x unchanged."},
    "fb.drop.test_generic": {
        "ko": "추론 모드(p = {p})의 출력이 x와 다릅니다. 역 드롭아웃의 추론 모드는 항등 함수입니다: out = x.",
        "en": "The inference-mode output (p = {p}) differs from x. Inverted dropout is the identity in inference mode: out = x."},
    "fb.drop.bwd_no_mask": {
        "ko": "학습 모드에서 dx = dout입니다. 순전파에서 버린 유닛에는 기울기가 흐르지 않습니다: dx = dout · mask / p. 마스크를 cache에 넣어 두었다가 쓰세요.",
        "en": "In training mode dx = dout. Dropped units pass no gradient: dx = dout · mask / p. Keep the mask in the cache and use it."},
    "fb.drop.bwd_no_scale": {
        "ko": "dx = dout · mask로 1/p가 빠졌습니다. 순전파가 남은 유닛을 p로 나눴으므로 역전파도 같은 배율을 씁니다: dx = dout · mask / p.",
        "en": "dx = dout · mask: the 1/p is missing. The forward pass divided the kept units by p, so the backward pass uses the same factor: dx = dout · mask / p."},
    "fb.drop.bwd_times_out": {
        "ko": "dx = dout · out입니다. 곱할 것은 출력이 아니라 순전파가 x에 곱한 값, 곧 mask / p입니다.",
        "en": "dx = dout · out. Multiply by what the forward pass multiplied x by, mask / p, not by the output."},
    "fb.drop.bwd_times_x": {
        "ko": "dx = dout · x입니다. out = x · mask / p이므로 ∂out/∂x = mask / p이고 dx = dout · mask / p입니다.",
        "en": "dx = dout · x. Since out = x · mask / p, ∂out/∂x = mask / p and dx = dout · mask / p."},
    "fb.drop.bwd_by_drop": {
        "ko": "역전파에서 1 − p로 나눴습니다. p가 유지 확률이므로 p로 나누세요: dx = dout · mask / p.",
        "en": "The backward pass divides by 1 − p. p is the keep probability; divide by p: dx = dout · mask / p."},
    "fb.drop.bwd_test_mask": {
        "ko": "추론 모드의 역전파에서 기울기 일부를 0으로 만들었습니다. 추론 모드의 드롭아웃은 항등 함수이므로 dx = dout입니다. 추론 모드의 순전파가 cache로 마스크 대신 아무것도 버리지 않았다는 표시(예: None)를 넘기게 하세요.",
        "en": "In inference mode your backward pass zeroes part of the gradient. Dropout is the identity in inference mode, so dx = dout. Let the inference-mode forward pass hand over, as its cache, a sign that nothing was dropped (e.g. None) instead of a mask."},
    "fb.drop.bwd_other_mask": {
        "ko": "역전파가 0과 1/p로 이루어진 마스크를 쓰지만, 순전파에서 버린 유닛과 다른 유닛을 버립니다. 마스크를 두 번 뽑았을 것입니다. 마스크는 한 번만 뽑고, 그 배열을 출력에 적용한 뒤 cache에 넣으세요.",
        "en": "Your backward pass uses a mask of 0s and 1/p, but not on the units your forward pass dropped: the mask was probably drawn twice. Draw it once, apply that array to the output and put the same array in the cache."},
    "fb.drop.random_star": {
        "ko": "함수가 예외를 일으켰습니다: {exc}. Generator.random은 모양을 튜플 하나로 받습니다: rng.random(x.shape). rng.random(*x.shape)는 np.random.rand의 방식입니다.",
        "en": "Your function raised an exception: {exc}. Generator.random takes the shape as one tuple: rng.random(x.shape). rng.random(*x.shape) is np.random.rand's style."},
    "t.mode.train": {"ko": "학습", "en": "training"},
    "t.mode.test": {"ko": "추론", "en": "inference"},
    "fb.drop.bwd_generic": {
        "ko": "{mode} 모드에서 dx가 틀렸습니다(기준과의 상대 오차 {err:.1e}). 학습 모드는 dx = dout · mask / p(여러분의 순전파의 수치 기울기와 비교), 추론 모드는 dx = dout입니다.",
        "en": "In {mode} mode dx is wrong (relative error {err:.1e}). Training mode: dx = dout · mask / p (compared with the numerical gradient of your forward pass); inference mode: dx = dout."},
    "fb.drop.bwd_ok": {
        "ko": "학습 모드의 dx는 수치 기울기와, 추론 모드의 dx는 dout과 상대 오차 1e-7 안에서 일치합니다: 통과했습니다.",
        "en": "dx matches the numerical gradient in training mode and dout in inference mode (relative error below 1e-7): passed."},
    # -- 04.gap
    "fb.gap.sign": {
        "ko": "{got}은(는) 부호가 반대입니다. 간격은 학습 정확도 − 테스트 정확도입니다(과적합하면 양수).",
        "en": "{got} has the wrong sign. The gap is training accuracy − test accuracy (positive when the model overfits)."},
    "fb.gap.percent": {
        "ko": "{got}은(는) 퍼센트 포인트입니다. 정확도가 0~1의 비율로 주어졌으니 간격도 같은 단위로 반환하세요(기준값 {want}).",
        "en": "{got} is in percentage points. The accuracies are fractions in [0, 1]; return the gap in the same unit (reference {want})."},
    "fb.gap.abs": {
        "ko": "{got}은(는) |학습 − 테스트|의 평균입니다. 절댓값을 취하면 테스트 정확도가 더 높은 평가 시점이 간격을 줄이지 않고 키웁니다. 부호 있는 차이의 평균을 구하세요.",
        "en": "{got} is the mean of |train − test|. With the absolute value, an evaluation where the test accuracy is higher adds to the gap instead of reducing it. Average the signed difference."},
    "fb.gap.first_k": {
        "ko": "{got}은(는) 처음 k = {k}개 평가의 평균입니다. 학습이 끝날 무렵의 간격이므로 마지막 k개를 쓰세요(train_acc[-k:]).",
        "en": "{got} averages the first k = {k} evaluations. The gap at the end of training uses the last k (train_acc[-k:])."},
    "fb.gap.array": {
        "ko": "간격 {n}개를 배열로 반환했습니다. 마지막 k개 평가의 간격을 평균한 실수 하나를 반환하세요(float(np.mean(...))).",
        "en": "You returned {n} gaps as an array. Return one number, the mean gap over the last k evaluations (float(np.mean(...)))."},
    "fb.gap.from_k": {
        "ko": "{got}은(는) 인덱스 k부터 끝까지(train_acc[k:])의 평균입니다. 마지막 k = {k}개는 음수 인덱스로 고릅니다: train_acc[-k:].",
        "en": "{got} averages from index k to the end (train_acc[k:]). The last k = {k} are picked with a negative index: train_acc[-k:]."},
    "fb.gap.rounded": {
        "ko": "{got}은(는) 반올림한 값입니다(기준값 {want}). 채점은 반올림하지 않은 값으로 합니다. 출력할 때만 반올림하세요.",
        "en": "{got} is rounded (reference {want}). Return the unrounded value; round only when you print."},
    "fb.gap.all": {
        "ko": "{got}은(는) 모든 평가 시점의 평균입니다. 마지막 k = {k}개만 평균하세요.",
        "en": "{got} averages every evaluation. Average the last k = {k} only."},
    "fb.gap.last_only": {
        "ko": "{got}은(는) 마지막 평가 하나의 간격입니다. 잡음을 줄이려고 마지막 k = {k}개의 평균을 씁니다.",
        "en": "{got} is the gap at the last evaluation only. Average the last k = {k} evaluations, which smooths the noise."},
    "fb.gap.off_by_one": {
        "ko": "{got}은(는) 마지막 k + 1개의 평균입니다. 슬라이스 [-k:]는 정확히 k = {k}개를 고릅니다.",
        "en": "{got} averages the last k + 1 evaluations. The slice [-k:] picks exactly k = {k}."},
    "fb.gap.off_by_one_short": {
        "ko": "{got}은(는) 마지막 k − 1개의 평균입니다. 슬라이스 [-k:]는 정확히 k = {k}개를 고릅니다.",
        "en": "{got} averages the last k − 1 evaluations. The slice [-k:] picks exactly k = {k}."},
    "fb.gap.ratio": {
        "ko": "{got}은(는) 학습/테스트의 비율입니다. 간격은 차이(학습 − 테스트)입니다.",
        "en": "{got} is the ratio train/test. The gap is the difference train − test."},
    "fb.gap.ratio_of_means": {
        "ko": "{got}은(는) 두 평균의 비율입니다. 간격은 차이(학습 − 테스트)입니다.",
        "en": "{got} is a ratio of the two means. The gap is the difference train − test."},
    "fb.gap.max": {
        "ko": "{got}은(는) 마지막 k = {k}개 중 가장 큰 간격입니다. 평균을 구하세요.",
        "en": "{got} is the largest gap among the last k = {k}. Take the mean."},
    "fb.gap.sum": {
        "ko": "{got}은(는) 마지막 k = {k}개 간격의 합입니다. k로 나눠 평균을 구하세요.",
        "en": "{got} is the sum of the last k = {k} gaps. Divide by k: take the mean."},
    "fb.gap.generic": {
        "ko": "{got}인데 기준값은 {want}입니다(k = {k}). 간격 = mean(train_acc[-k:] − test_acc[-k:])입니다.",
        "en": "Got {got}; the reference is {want} (k = {k}). gap = mean(train_acc[-k:] − test_acc[-k:])."},
    # -- 04.batch_x4
    "fb.x4.variance": {
        "ko": "{got}은(는) 분산의 배율입니다. 분산은 대략 1/m에 비례하므로 1/4배가 되지만, 표준편차는 그 제곱근인 1/√m에 비례해 1/√4 = 1/2배가 됩니다.",
        "en": "{got} is the factor for the variance. The variance goes roughly as 1/m, so it is divided by 4; the standard deviation, its square root, goes as 1/√m and is multiplied by 1/√4 = 1/2."},
    "fb.x4.inverse": {
        "ko": "{got}은(는) 방향이 반대입니다. 배치가 커지면 μ_B와 σ²_B가 모집단의 값에 가까워져 잡음이 줄어듭니다. 표준편차는 1/√m에 비례하므로 1/√4 = 1/2배가 됩니다.",
        "en": "{got} goes the wrong way. A larger batch brings μ_B and σ²_B closer to the population values, so the noise shrinks. The std goes as 1/√m: it is multiplied by 1/√4 = 1/2."},
    "fb.x4.linear": {
        "ko": "{got}은(는) 잡음이 배치 크기에 비례해 커진다는 답입니다. 실제로는 배치가 커질수록 μ_B와 σ²_B의 추정이 정확해져 잡음이 줄어들며, 표준편차는 1/√m에 비례합니다(1/2배).",
        "en": "{got} says the noise grows with the batch size. A larger batch estimates μ_B and σ²_B more precisely, so the noise shrinks; the std goes as 1/√m (times 1/2)."},
    "fb.x4.none": {
        "ko": "{got}은(는) 잡음이 배치 크기와 무관하다는 답입니다. μ_B와 σ²_B는 m개 예제로 구한 추정값이라 m이 클수록 덜 흔들립니다. 표준편차는 1/√m에 비례하므로 1/2배가 됩니다.",
        "en": "{got} says the noise does not depend on the batch size. μ_B and σ²_B are estimates from m samples and fluctuate less as m grows; the std goes as 1/√m, so it is multiplied by 1/2."},
    "fb.x4.zero": {
        "ko": "{got}은(는) 잡음이 사라진다는 답입니다. 배치가 유한한 한 μ_B와 σ²_B는 흔들리며, 표준편차는 1/√m에 비례해 1/2배가 됩니다. 잡음이 없어지는 것은 고정된 통계량을 쓰는 추론 모드입니다.",
        "en": "{got} says the noise disappears. As long as the batch is finite, μ_B and σ²_B fluctuate; the std goes as 1/√m and is multiplied by 1/2. The noise is gone only in inference mode, which uses fixed statistics."},
    "fb.x4.sqrt2": {
        "ko": "{got} = 1/√2는 배치를 2배로 늘렸을 때의 배율입니다. 4배이면 1/√4 = 1/2입니다.",
        "en": "{got} = 1/√2 is the factor for twice the batch size. For four times, it is 1/√4 = 1/2."},
    "fb.x4.generic": {
        "ko": "{got}은(는) 아닙니다. 한 예제의 정규화 값이 흔들리는 정도(표준편차)는 μ_B, σ²_B의 추정 오차에서 오고, 이는 대략 1/√m에 비례합니다. m이 4배가 되면?",
        "en": "Not {got}. How much one example's normalized value moves (its std) comes from the estimation error of μ_B and σ²_B, which goes roughly as 1/√m. What happens when m is four times larger?"},
    # -- 04.dropout_var
    "fb.dv.drop_formula": {
        "ko": "{got}은(는) p/(1 − p) · x²로, p를 버릴 확률로 본 공식입니다. 여기서 p = 0.8은 유지 확률이므로 Var = (1 − p)/p · x²입니다.",
        "en": "{got} is p/(1 − p) · x², the formula with p as the drop probability. Here p = 0.8 is the keep probability, and Var = (1 − p)/p · x²."},
    "fb.dv.drop_formula_no_x": {
        "ko": "{got}은(는) p/(1 − p)로, p를 버릴 확률로 보고 x²도 빠뜨렸습니다. 여기서 p = 0.8은 유지 확률이고 Var = (1 − p)/p · x²입니다.",
        "en": "{got} is p/(1 − p): p taken as the drop probability, and x² left out. Here p = 0.8 is the keep probability, and Var = (1 − p)/p · x²."},
    "fb.dv.no_x": {
        "ko": "{got}은(는) (1 − p)/p로 x² 배가 빠졌습니다. 출력은 x · mask/p이므로 분산에 x²가 곱해집니다.",
        "en": "{got} is (1 − p)/p: the factor x² is missing. The output is x · mask/p, so its variance carries x²."},
    "fb.dv.x_not_squared": {
        "ko": "{got}은(는) (1 − p)/p · x입니다. 상수를 곱하면 분산은 그 제곱만큼 커지므로 x²를 곱합니다.",
        "en": "{got} is (1 − p)/p · x. Multiplying by a constant scales the variance by its square: use x²."},
    "fb.dv.no_rescale": {
        "ko": "{got}은(는) p(1 − p) · x²로, 1/p로 키우지 않은 드롭아웃의 분산입니다. 역 드롭아웃의 출력 x · mask/p의 분산은 x²/p² · p(1 − p) = (1 − p)/p · x²입니다.",
        "en": "{got} is p(1 − p) · x², the variance without the 1/p scaling. Inverted dropout's output x · mask/p has variance x²/p² · p(1 − p) = (1 − p)/p · x²."},
    "fb.dv.std": {
        "ko": "{got}은(는) 표준편차입니다. 분산을 답하세요(표준편차의 제곱).",
        "en": "{got} is the standard deviation. Give the variance (its square)."},
    "fb.dv.second_moment": {
        "ko": "{got}은(는) E[out²] = x²/p입니다. 분산은 여기서 평균의 제곱 E[out]² = x²을 뺀 값입니다.",
        "en": "{got} is E[out²] = x²/p. The variance subtracts the squared mean E[out]² = x²."},
    "fb.dv.x_squared": {
        "ko": "{got}은(는) x²입니다. 분산은 (1 − p)/p · x²로, 유지 확률에 따라 달라집니다.",
        "en": "{got} is x². The variance is (1 − p)/p · x², which depends on the keep probability."},
    "fb.dv.generic": {
        "ko": "{got}은(는) 아닙니다. 마스크 값은 확률 p로 1, 확률 1 − p로 0이므로 Var[mask] = p(1 − p)이고, out = x · mask/p이면 Var[out] = x²/p² · p(1 − p)입니다.",
        "en": "Not {got}. The mask is 1 with probability p and 0 with probability 1 − p, so Var[mask] = p(1 − p); with out = x · mask/p, Var[out] = x²/p² · p(1 − p)."},
    # -- 04.test_mode
    "fb.tm.a": {
        "ko": "({got})는 학습 모드에 대한 설명입니다. 추론 모드의 BN은 미니배치 통계량 대신 고정된 평균과 분산(모집단 통계량의 추정값, 5장 참고)을 씁니다. 그러면 BN은 예제마다 같은 선형 변환이 되어, 같은 입력은 배치에 누가 함께 있든 언제나 같은 출력을 냅니다.",
        "en": "({got}) describes training mode. In inference mode BN uses a fixed mean and variance (estimates of the population statistics, see chapter 5) instead of the mini-batch statistics. BN is then the same linear map for every example, so the same input always gives the same output, whoever else is in the batch."},
    "fb.tm.c": {
        "ko": "({got})는 틀렸습니다. BN은 일부러 잡음을 더하지 않습니다. 잡음은 학습 모드에서 μ_B, σ²_B를 m개 예제로 추정하는 데서 생기는 부수 효과일 뿐이며, 추론 모드는 고정된 통계량을 써서 이를 없앱니다.",
        "en": "({got}) is wrong. BN never adds noise on purpose. The noise is a side effect of estimating μ_B and σ²_B from m samples in training mode, and inference mode removes it by using fixed statistics."},
    "fb.tm.d": {
        "ko": "({got})는 틀렸습니다. 추론 모드의 통계량은 고정되어 있어 배치 크기와 무관합니다. 예제 하나(배치 크기 1)도 같은 출력을 얻습니다.",
        "en": "({got}) is wrong. The inference statistics are fixed and do not depend on the batch size; even a single example (batch size 1) gets the same output."},
    # -- 04.paper_dropout
    "fb.pd.a": {
        "ko": "({got})는 논문보다 더 많이 말합니다. 논문은 '어떤 경우에는'(초록), '빼거나 줄일 수 있다'(§3.4)고 조심스럽게 말합니다. 기록을 세운 앙상블의 각 신경망은 5% 또는 10% 드롭아웃을 포함한 변경 목록 가운데 일부를 적용한 것이고(§4.2.3), 어느 신경망이 드롭아웃을 썼는지는 적혀 있지 않습니다.",
        "en": "({got}) claims more than the paper. It hedges: 'in some cases' (abstract), Dropout may be 'removed or reduced' (§3.4). Each member of the record ensemble was modified via some of a list of changes that includes Dropout at 5% or 10% (§4.2.3); the text does not say which members used it."},
    "fb.pd.b": {
        "ko": "({got})는 이 논문의 주장이 아닙니다. BN과 드롭아웃을 함께 쓸 때의 문제는 뒤의 다른 논문들이 다룹니다. Ioffe와 Szegedy(2015)의 앙상블 변경 목록에는 5% 또는 10% 드롭아웃이 들어 있습니다(§4.2.3).",
        "en": "({got}) is not this paper's claim; trouble with combining BN and Dropout is the subject of later papers. Ioffe & Szegedy's (2015) list of ensemble changes includes Dropout at 5% or 10% (§4.2.3)."},
    "fb.pd.d": {
        "ko": "({got})는 틀렸습니다. 논문은 §3.4에서 BN의 규제 효과 때문에 드롭아웃을 없애거나 줄일 수 있다고 말하고, §4.2.1에서 BN-Inception의 드롭아웃을 없앴으며, §4.2.3의 앙상블에서는 5% 또는 10%로 썼습니다.",
        "en": "({got}) is wrong. In §3.4 the paper says Dropout can be removed or reduced because BN regularizes; §4.2.1 removes Dropout from BN-Inception, and the §4.2.3 ensemble used it at 5% or 10%."},
    "fb.pd.order": {
        "ko": "({got})는 틀렸습니다. 논문은 드롭아웃과 BN의 순서를 정하지 않으며, BN-Inception에서는 드롭아웃을 뺐습니다(§4.2.1). §3.4는 BN이 규제 효과를 내므로 드롭아웃을 빼거나 줄일 수 있다고 말합니다.",
        "en": "({got}) is wrong. The paper sets no order for Dropout and BN, and BN-Inception removed Dropout (§4.2.1). §3.4 says Dropout can be removed or reduced because BN regularizes."},
    "task.04.noise_exponential": {
        "ko": "유도: 지수분포 특성에서 BN 잡음의 분산",
        "en": "derivation: BN's noise variance for an exponential feature"},
    "task.04.samuelson": {
        "ko": "실험: m = 4에서 |x̂|의 최댓값",
        "en": "experiment: the largest |x̂| at m = 4"},
    "fb.ne.gaussian": {
        "ko": "이것은 가우스 분포의 결과 (1 + x̃²/2)/m입니다. 지수분포는 왜도 Skew[x] = 2, 첨도 Kurt[x] = 9이므로 일반식 (1 + Skew[x]·x̃ + (Kurt[x] − 1)x̃²/4)/m에 이 값을 넣어야 합니다.",
        "en": "That is the Gaussian result (1 + x̃²/2)/m. The exponential distribution has skewness Skew[x] = 2 and kurtosis Kurt[x] = 9; put these into the general (1 + Skew[x]·x̃ + (Kurt[x] − 1)x̃²/4)/m."},
    "fb.ne.no_skew": {
        "ko": "왜도 항 Skew[x]·x̃가 빠졌습니다. 지수분포는 대칭이 아니어서(Skew[x] = 2) 평균의 오차와 분산의 오차가 상관됩니다: Cov[δ_μ, δ_v] ≈ Skew[x]·σ³/m.",
        "en": "The skewness term Skew[x]·x̃ is missing. The exponential distribution is not symmetric (Skew[x] = 2), so the errors of the mean and of the variance are correlated: Cov[δ_μ, δ_v] ≈ Skew[x]·σ³/m."},
    "fb.ne.skew_sign": {
        "ko": "왜도 항의 부호가 반대입니다. x̂ ≈ x̃ − δ_μ/σ − (x̃/2)δ_v/σ²에서 두 항 모두 음수이므로 교차항은 +2·(x̃/2)·Cov/σ³ = +sx̃/m입니다.",
        "en": "The skewness term has the wrong sign. In x̂ ≈ x̃ − δ_μ/σ − (x̃/2)δ_v/σ² both terms are negative, so the cross term is +2·(x̃/2)·Cov/σ³ = +sx̃/m."},
    "fb.ne.excess": {
        "ko": "초과 첨도(Kurt[x] − 3 = 6)를 Kurt[x] 자리에 넣었습니다. 식의 Kurt[x]는 E[(x − μ)⁴]/σ⁴ 자체이고, 지수분포에서 9입니다.",
        "en": "You used the excess kurtosis (Kurt[x] − 3 = 6) for Kurt[x]. The formula's Kurt[x] is E[(x − μ)⁴]/σ⁴ itself, 9 for the exponential distribution."},
    "fb.ne.std": {
        "ko": "표준편차를 구했습니다. 묻는 것은 분산 Var[x̂]입니다.",
        "en": "That is the standard deviation. The task asks for the variance Var[x̂]."},
    "fb.ne.generic": {
        "ko": "{at}에서 {got}을(를) 얻었는데 {want}이어야 합니다. 지수분포의 왜도(Skew[x] = 2)와 첨도(Kurt[x] = 9)를 구해 4장의 델타 방법 결과 Var[x̂] ≈ (1 + Skew[x]·x̃ + (Kurt[x] − 1)x̃²/4)/m에 넣으세요.",
        "en": "At {at} you got {got}; it should be {want}. Work out the exponential distribution's skewness (Skew[x] = 2) and kurtosis (Kurt[x] = 9) and put them into chapter 4's delta-method result Var[x̂] ≈ (1 + Skew[x]·x̃ + (Kurt[x] − 1)x̃²/4)/m."},
    "fb.sam.unbiased": {
        "ko": "{got}은(는) 불편 분산(ddof=1)으로 정규화했을 때의 한계 (m − 1)/√m입니다. BN은 학습 모드에서 편향 분산(1/m)을 씁니다.",
        "en": "{got} is the bound (m − 1)/√m for the unbiased variance (ddof=1). BN uses the biased variance (1/m) in training mode."},
    "fb.sam.one": {
        "ko": "{got}은(는) 아닙니다. 표준화한 값이 1을 넘지 못한다는 뜻이 아닙니다: 한 값이 나머지 셋과 멀리 떨어지면 |x̂|는 1보다 훨씬 커집니다. 10만 개의 미니배치를 직접 돌려 보세요.",
        "en": "Not {got}: standardized values can exceed 1. When one value is far from the other three, its |x̂| is well above 1. Run the 100,000 mini-batches yourself."},
    "fb.sam.sqrt_m": {
        "ko": "{got}은(는) √m입니다. 미니배치 안에서 표준화한 값은 √(m − 1)을 넘지 못합니다(Samuelson 1968). 측정한 최댓값이 2에 닿았다면 분산을 어떻게 구했는지 확인하세요.",
        "en": "{got} is √m. A value standardized within its mini-batch cannot exceed √(m − 1) (Samuelson 1968). If your largest value reached 2, check how you computed the variance."},
    "fb.sam.m_minus_1": {
        "ko": "{got}은(는) m − 1입니다. 한계는 그 제곱근 √(m − 1)입니다(Samuelson 1968).",
        "en": "{got} is m − 1. The bound is its square root, √(m − 1) (Samuelson 1968)."},
    "fb.sam.generic": {
        "ko": "{got}은(는) 측정값과 다릅니다. 크기 4인 미니배치 10만 개를 뽑아 각 미니배치 안에서 x̂ = (x − μ_B)/√(σ²_B + ε)(편향 분산, ε = 1e-5)를 구하고 |x̂|의 최댓값을 소수점 셋째 자리까지 답하세요. 꼬리가 두꺼운 분포(np.random.standard_cauchy)로도 해 보세요.",
        "en": "{got} is not what the measurement gives. Draw 100,000 mini-batches of size 4, compute x̂ = (x − μ_B)/√(σ²_B + ε) within each (biased variance, ε = 1e-5), and answer the largest |x̂| to three decimals. Try a heavy-tailed distribution too (np.random.standard_cauchy)."},
}

i18n.register(STRINGS)
