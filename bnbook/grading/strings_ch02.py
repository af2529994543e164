# ruff: noqa: E501
"""Chapter 2 feedback strings (Korean 합니다체 / plain English)."""

from __future__ import annotations

from .. import i18n

STRINGS = {
    "task.02.forward": {"ko": "배치 정규화 순전파", "en": "batch normalization forward pass"},
    "task.02.backward": {"ko": "배치 정규화 역전파", "en": "batch normalization backward pass"},
    "task.02.spatial": {"ko": "공간 배치 정규화 순전파", "en": "spatial batch normalization forward"},
    "task.02.undo": {"ko": "배치 정규화를 되돌리는 γ, β", "en": "γ and β that undo BN"},
    "task.02.eps": {"ko": "ε의 위치", "en": "where ε goes"},
    "task.02.mprime": {"ko": "합성곱 층의 유효 배치 크기", "en": "effective batch size of a conv layer"},
    "task.02.params": {"ko": "공간 배치 정규화의 학습 가능한 파라미터 수",
                       "en": "learnable parameters of spatial BN"},
    "t.returns": {"ko": "반환값의 형식과 모양", "en": "return type and shapes"},
    "t.train_output": {"ko": "학습 모드 출력", "en": "training-mode output"},
    "t.no_mutation": {"ko": "입력을 바꾸지 않음", "en": "inputs left unchanged"},
    "t.running": {"ko": "이동 평균 갱신", "en": "running averages"},
    "t.test_mode": {"ko": "추론 모드", "en": "inference (test) mode"},
    "t.dgamma_dbeta": {"ko": "dγ와 dβ", "en": "dγ and dβ"},
    "t.dx": {"ko": "dx (수치 기울기 검사)", "en": "dx (numerical gradient check)"},
    "t.spatial_output": {"ko": "채널별 정규화", "en": "per-channel normalization"},
    "t.identity": {"ko": "BN(x) = x가 되는가", "en": "does BN(x) give back x"},
    "fb.fwd.axis1": {
        "ko": "평균과 분산을 축 1(특성 축)로 구했습니다. 배치 정규화는 배치 축 0으로 평균을 냅니다: "
              "x.mean(axis=0), x.var(axis=0).",
        "en": "Your mean and variance are over axis 1 (the features). BN averages over the batch "
              "axis 0: x.mean(axis=0), x.var(axis=0)."},
    "fb.fwd.unbiased": {
        "ko": "불편 분산(1/(m−1), ddof=1)을 썼습니다. 학습 모드의 순전파는 편향 분산 1/m을 씁니다"
              "(Ioffe & Szegedy 2015, 알고리즘 1): np.var의 기본값 ddof=0입니다.",
        "en": "You used the unbiased variance (1/(m−1), ddof=1). The training-mode forward pass "
              "uses the biased variance 1/m (Ioffe & Szegedy 2015, Alg. 1): np.var's default "
              "ddof=0."},
    "fb.fwd.no_eps": {
        "ko": "ε을 빠뜨렸습니다. 분산이 아주 작은 특성에서 차이가 납니다: "
              "x̂ = (x − μ_B) / √(σ²_B + ε), ε은 bn_param['eps']입니다.",
        "en": "ε is missing; it shows on a feature with tiny variance. Use "
              "x̂ = (x − μ_B) / √(σ²_B + ε) with ε = bn_param['eps']."},
    "fb.fwd.eps_outside": {
        "ko": "ε을 제곱근 밖에서 표준편차에 더했습니다(σ_B + ε). ε은 분산에 더한 뒤 제곱근을 구합니다: √(σ²_B + ε).",
        "en": "ε is outside the square root (σ_B + ε). Add ε to the variance, then take the "
              "square root: √(σ²_B + ε)."},
    "fb.fwd.eps_ignored": {
        "ko": "ε을 bn_param['eps']에서 읽지 않고 1e-5로 고정했습니다.",
        "en": "You fixed ε at 1e-5 instead of reading bn_param['eps']."},
    "fb.fwd.swapped": {
        "ko": "γ와 β가 바뀌었습니다. 출력은 γ·x̂ + β입니다(γ는 스케일, β는 시프트).",
        "en": "γ and β are swapped. The output is γ·x̂ + β (γ scales, β shifts)."},
    "fb.fwd.no_affine": {
        "ko": "x̂만 반환했습니다. 마지막에 스케일과 시프트를 적용하세요: out = γ·x̂ + β.",
        "en": "You returned x̂ itself. Apply the scale and shift last: out = γ·x̂ + β."},
    "fb.fwd.uncentred_var": {
        "ko": "분산을 평균을 빼지 않고 mean(x²)로 구했습니다. σ²_B = mean((x − μ_B)²)입니다.",
        "en": "Your variance is mean(x²) without subtracting the mean. σ²_B = mean((x − μ_B)²)."},
    "fb.fwd.generic": {
        "ko": "출력이 배치 정규화와 다릅니다(최대 절대 오차 {err:.2e}). 확인할 것: 축 0에 대한 평균과 "
              "편향 분산, 제곱근 안의 ε, out = γ·x̂ + β.",
        "en": "The output differs from BN (max abs error {err:.2e}). Check: mean and biased "
              "variance over axis 0, ε inside the square root, out = γ·x̂ + β."},
    "fb.run.missing": {
        "ko": "학습 모드 호출 뒤 bn_param['{name}']이(가) 모양 (D,)의 배열이 아닙니다. 새 값을 "
              "bn_param['{name}']에 저장하세요.",
        "en": "After a training call, bn_param['{name}'] is not an array of shape (D,). Store the "
              "new value in bn_param['{name}']."},
    "fb.run.not_updated": {
        "ko": "bn_param['{name}']이(가) 갱신되지 않았습니다. 학습 모드에서는 이동 평균을 갱신해 "
              "bn_param에 다시 저장해야 합니다.",
        "en": "bn_param['{name}'] was not updated. In training mode, update the running average "
              "and store it back in bn_param."},
    "fb.run.reversed": {
        "ko": "{name}의 모멘텀 규약이 반대입니다. 이 책(Keras 규약)에서는 momentum이 이전 값의 "
              "가중치입니다: r ← momentum·r + (1 − momentum)·배치 통계.",
        "en": "The momentum convention of {name} is reversed. In this book (Keras convention) "
              "momentum weighs the old value: r ← momentum·r + (1 − momentum)·batch_stat."},
    "fb.run.reversed_biased": {
        "ko": "{name}: 모멘텀 규약이 반대이고, 편향 분산을 썼습니다. r ← momentum·r + "
              "(1 − momentum)·(m/(m−1))·σ²_B입니다.",
        "en": "{name}: the momentum convention is reversed and the variance is biased. Use "
              "r ← momentum·r + (1 − momentum)·(m/(m−1))·σ²_B."},
    "fb.run.momentum_ignored": {
        "ko": "{name}: 모멘텀을 bn_param['momentum']에서 읽지 않고 0.9로 고정했습니다.",
        "en": "{name}: you fixed the momentum at 0.9 instead of reading bn_param['momentum']."},
    "fb.run.no_average": {
        "ko": "{name}에 이번 배치의 통계를 그대로 저장했습니다. 지수 가중 이동 평균을 쓰세요: "
              "r ← momentum·r + (1 − momentum)·배치 통계.",
        "en": "You stored this batch's statistic in {name} as is. Use the exponentially weighted "
              "moving average r ← momentum·r + (1 − momentum)·batch_stat."},
    "fb.run.biased": {
        "ko": "running_var를 편향 분산으로 갱신했습니다. 추론용 분산은 불편 분산 (m/(m−1))·σ²_B로 "
              "추정합니다(Ioffe & Szegedy 2015, 알고리즘 2).",
        "en": "You updated running_var with the biased variance. The inference variance is "
              "estimated with the unbiased (m/(m−1))·σ²_B (Ioffe & Szegedy 2015, Alg. 2)."},
    "fb.run.generic": {
        "ko": "bn_param['{name}']의 값이 틀렸습니다. r ← momentum·r + (1 − momentum)·배치 통계 "
              "(분산은 불편 분산)입니다.",
        "en": "bn_param['{name}'] has wrong values. Use r ← momentum·r + (1 − momentum)·batch_stat "
              "(the unbiased variance for running_var)."},
    "fb.test.updated": {
        "ko": "추론 모드에서 이동 평균을 바꿨습니다. mode='test'에서는 아무것도 갱신하지 않습니다.",
        "en": "You changed the running averages in test mode. mode='test' updates nothing."},
    "fb.test.batch_stats": {
        "ko": "추론 모드에서 배치 통계를 썼습니다. mode='test'에서는 bn_param의 running_mean과 "
              "running_var로 정규화합니다.",
        "en": "You used the batch statistics in test mode. mode='test' normalizes with "
              "bn_param's running_mean and running_var."},
    "fb.test.generic": {
        "ko": "추론 모드 출력이 틀렸습니다(최대 절대 오차 {err:.2e}). γ·(x − running_mean) / "
              "√(running_var + ε) + β입니다.",
        "en": "The test-mode output is wrong (max abs error {err:.2e}). It is "
              "γ·(x − running_mean) / √(running_var + ε) + β."},
    "fb.bwd.fwd_first": {
        "ko": "batchnorm_forward가 아직 맞지 않습니다. 역전파는 순전파의 cache를 쓰므로 먼저 "
              "02.forward를 통과하세요. 답은 이 순서의 튜플입니다: (batchnorm_forward, "
              "batchnorm_backward).",
        "en": "batchnorm_forward is not right yet. The backward pass uses its cache, so pass "
              "02.forward first. The answer is a tuple in this order: (batchnorm_forward, "
              "batchnorm_backward)."},
    "fb.bwd.pair": {
        "ko": "이 과제에는 두 함수를 튜플로 넘기세요: check(\"02.backward\", (batchnorm_forward, "
              "batchnorm_backward)). 역전파는 여러분의 순전파가 만든 cache를 씁니다.",
        "en": "Hand in both functions as a tuple: check(\"02.backward\", (batchnorm_forward, "
              "batchnorm_backward)). The backward pass uses the cache of your forward pass."},
    "fb.bwd.not_summed": {
        "ko": "{name}의 모양이 (N, D)입니다. 파라미터의 기울기는 배치 축 0으로 합해야 합니다: "
              ".sum(axis=0).",
        "en": "{name} has shape (N, D). A parameter's gradient is summed over the batch axis 0: "
              ".sum(axis=0)."},
    "fb.bwd.axis1": {
        "ko": "{name}을(를) 축 1로 합했습니다. 배치 축 0으로 합하세요.",
        "en": "{name} is summed over axis 1. Sum over the batch axis 0."},
    "fb.bwd.swapped": {
        "ko": "dγ와 dβ가 바뀌었습니다. dβ = Σ dout, dγ = Σ dout·x̂ 입니다(배치 축 0으로 합).",
        "en": "dγ and dβ are swapped. dβ = Σ dout and dγ = Σ dout·x̂ (sums over the batch axis 0)."},
    "fb.bwd.dbeta": {
        "ko": "dβ가 틀렸습니다. out = γ·x̂ + β이므로 dβ = dout.sum(axis=0)입니다.",
        "en": "dβ is wrong. out = γ·x̂ + β, so dβ = dout.sum(axis=0)."},
    "fb.bwd.dgamma_xmu": {
        "ko": "dγ에 x̂ 대신 x − μ_B를 곱했습니다. dγ = (dout·x̂).sum(axis=0)입니다.",
        "en": "dγ uses x − μ_B instead of x̂. dγ = (dout·x̂).sum(axis=0)."},
    "fb.bwd.dgamma": {
        "ko": "dγ가 틀렸습니다. dγ = (dout·x̂).sum(axis=0)입니다.",
        "en": "dγ is wrong. dγ = (dout·x̂).sum(axis=0)."},
    "fb.bwd.dx_ok": {
        "ko": "수치 기울기와의 상대 오차가 1e-6보다 작습니다: 통과했습니다.",
        "en": "Relative error to the numerical gradient below 1e-6: passed."},
    "fb.bwd.dx_direct_only": {
        "ko": "dx에 직접 경로 dx̂/σ_B만 있습니다(상대 오차 {err:.1e}). x는 평균 μ_B와 분산 σ²_B를 통해서도 "
              "출력에 영향을 주므로 두 항이 더 필요합니다.",
        "en": "dx has only the direct path dx̂/σ_B (relative error {err:.1e}). x also reaches the "
              "output through the mean μ_B and the variance σ²_B: two terms are missing."},
    "fb.bwd.dx_no_var": {
        "ko": "dx에 분산 σ²_B를 거치는 항이 빠졌습니다(상대 오차 {err:.1e}): "
              "− x̂·mean(dx̂·x̂)를 더하세요.",
        "en": "dx misses the term through the variance σ²_B (relative error {err:.1e}): add "
              "− x̂·mean(dx̂·x̂)."},
    "fb.bwd.dx_no_mean": {
        "ko": "dx에 평균 μ_B를 거치는 항이 빠졌습니다(상대 오차 {err:.1e}): − mean(dx̂)를 더하세요.",
        "en": "dx misses the term through the mean μ_B (relative error {err:.1e}): add − mean(dx̂)."},
    "fb.bwd.dx_no_gamma": {
        "ko": "dx̂ = dout·γ인데 γ를 곱하지 않았습니다(상대 오차 {err:.1e}).",
        "en": "dx̂ = dout·γ, but you did not multiply by γ (relative error {err:.1e})."},
    "fb.bwd.dx_generic": {
        "ko": "dx가 수치 기울기와 다릅니다(상대 오차 {err:.1e}, 1e-6보다 작아야 함). 계산 그래프를 "
              "거꾸로 따라가며 x → μ_B, x → σ²_B, x → x̂ 세 경로를 모두 더했는지 확인하세요.",
        "en": "dx differs from the numerical gradient (relative error {err:.1e}; must be below "
              "1e-6). Walk the graph backwards and add all three paths x → μ_B, x → σ²_B, x → x̂."},
    "fb.sp.per_position": {
        "ko": "통계를 배치 축 0으로만 구해서 위치(h, w)마다 따로 정규화했습니다. 합성곱 층에서는 한 채널의 "
              "N·p·q개 값 전체로 평균을 냅니다: axis=(0, 2, 3).",
        "en": "Your statistics are over the batch axis 0 only, one per position (h, w). In a conv "
              "layer a channel's statistics cover all its N·p·q values: axis=(0, 2, 3)."},
    "fb.sp.per_sample": {
        "ko": "통계를 축 (2, 3)으로 구해서 예제마다 따로 정규화했습니다(인스턴스 정규화). 배치 축 0도 "
              "포함하세요: axis=(0, 2, 3).",
        "en": "Your statistics are over axes (2, 3), one per sample (that is instance "
              "normalization). Include the batch axis 0: axis=(0, 2, 3)."},
    "fb.sp.channel_axis": {
        "ko": "통계를 채널 축 1로 구했습니다. 채널마다 따로, 나머지 축 (0, 2, 3)으로 구하세요.",
        "en": "Your statistics are over the channel axis 1. Take one per channel, over the other "
              "axes (0, 2, 3)."},
    "fb.sp.all_axes": {
        "ko": "모든 축으로 통계를 하나만 구했습니다. 채널마다 하나씩(모양 (C,)) 구하세요.",
        "en": "You took one statistic over all axes. Take one per channel (shape (C,))."},
    "fb.sp.reshape": {
        "ko": "x.reshape(-1, C)를 채널 축을 옮기지 않고 했습니다. 먼저 x.transpose(0, 2, 3, 1)로 "
              "채널을 마지막 축으로 옮긴 뒤 reshape하세요(출력도 반대로 되돌립니다).",
        "en": "You called x.reshape(-1, C) without moving the channel axis. Transpose first, "
              "x.transpose(0, 2, 3, 1), then reshape (and undo both for the output)."},
    "fb.sp.generic": {
        "ko": "출력이 공간 배치 정규화와 다릅니다(최대 절대 오차 {err:.2e}). 채널 c의 통계는 그 채널의 "
              "N·p·q개 값으로 구하고, γ와 β는 모양 (1, C, 1, 1)로 브로드캐스트합니다.",
        "en": "The output differs from spatial BN (max abs error {err:.2e}). Channel c's "
              "statistics come from its N·p·q values; γ and β broadcast as (1, C, 1, 1)."},
    "fb.sp.running_shape": {
        "ko": "bn_param['{name}']이(가) 모양 ({C},)의 배열이 아닙니다. 채널마다 하나씩 저장하세요.",
        "en": "bn_param['{name}'] is not an array of shape ({C},). Keep one value per channel."},
    "fb.sp.running": {
        "ko": "bn_param['{name}']의 값이 틀렸습니다. 채널별 통계(N·p·q개 값, 분산은 불편 분산)로 "
              "r ← momentum·r + (1 − momentum)·배치 통계를 계산하세요.",
        "en": "bn_param['{name}'] has wrong values. Use per-channel statistics (N·p·q values, the "
              "unbiased variance) in r ← momentum·r + (1 − momentum)·batch_stat."},
    "fb.undo.swapped": {
        "ko": "γ와 β가 바뀌었습니다. x̂에 곱해지는 γ가 표준편차를 되돌리고, 더해지는 β가 평균을 "
              "되돌립니다.",
        "en": "γ and β are swapped. γ multiplies x̂, so it restores the standard deviation; β is "
              "added, so it restores the mean."},
    "fb.undo.var": {
        "ko": "γ에 분산을 썼습니다. x̂는 표준편차 √(σ²_B + ε)로 나눈 값이므로 γ = √(σ²_B + ε)입니다.",
        "en": "You set γ to the variance. x̂ was divided by the standard deviation √(σ²_B + ε), so "
              "γ = √(σ²_B + ε)."},
    "fb.undo.inverse": {
        "ko": "γ를 1/σ_B로 두었습니다. 정규화에서 σ_B로 나눴으니 되돌리려면 σ_B를 곱해야 합니다: γ = √(σ²_B + ε).",
        "en": "You set γ = 1/σ_B. Normalizing divided by σ_B, so undoing it multiplies by σ_B: γ = √(σ²_B + ε)."},
    "fb.undo.unbiased": {
        "ko": "불편 표준편차를 썼습니다. 학습 모드의 BN은 편향 분산(1/m)으로 나누므로 그 값을 쓰세요.",
        "en": "You used the unbiased standard deviation. Training-mode BN divides by the biased "
              "(1/m) one, so use that."},
    "fb.undo.beta_zero": {
        "ko": "β = 0이면 평균이 0으로 남습니다. β = μ_B로 평균을 되돌리세요.",
        "en": "With β = 0 the mean stays 0. Set β = μ_B to restore the mean."},
    "fb.undo.generic": {
        "ko": "그 γ, β로는 BN(x)가 x가 되지 않습니다. y = γ·(x − μ_B)/√(σ²_B + ε) + β가 x와 같으려면 "
              "γ = √(σ²_B + ε), β = μ_B입니다(μ_B, σ²_B는 배치 축 0의 평균과 편향 분산).",
        "en": "With that γ and β, BN(x) is not x. For γ·(x − μ_B)/√(σ²_B + ε) + β to equal x you "
              "need γ = √(σ²_B + ε) and β = μ_B (batch mean and biased variance over axis 0)."},
    "fb.eps.outside": {
        "ko": "({got})는 ε을 표준편차에 더합니다. 논문의 알고리즘 1은 ε을 분산에 더한 뒤 제곱근을 "
              "구합니다: x̂ = (x − μ_B)/√(σ²_B + ε). 그래야 σ²_B = 0이어도 √ε로 나눌 수 있습니다.",
        "en": "({got}) adds ε to the standard deviation. Alg. 1 of the paper adds ε to the "
              "variance, then takes the square root: x̂ = (x − μ_B)/√(σ²_B + ε), so that even "
              "σ²_B = 0 divides by √ε."},
    "fb.eps.var": {
        "ko": "({got})는 분산으로 나눕니다. 그러면 x̂의 분산이 1이 아니라 1/σ²_B가 됩니다. 표준편차로 나누고 ε은 제곱근 안의 분산에 더합니다: x̂ = (x − μ_B)/√(σ²_B + ε).",
        "en": "({got}) divides by the variance, so x̂ gets variance 1/σ²_B, not 1. Divide by the standard deviation, with ε added to the variance inside the square root: x̂ = (x − μ_B)/√(σ²_B + ε)."},
    "fb.eps.after": {
        "ko": "({got})에서는 나눈 다음에 ε을 더하므로 σ_B = 0이면 여전히 0으로 나눕니다. ε은 분산에 "
              "더합니다: √(σ²_B + ε).",
        "en": "({got}) adds ε after the division, so σ_B = 0 still divides by zero. ε is added "
              "to the variance: √(σ²_B + ε)."},
    "fb.mprime.batch_only": {
        "ko": "{got}은(는) 미니배치의 예제 수뿐입니다. 합성곱 층에서는 한 특성 맵의 모든 위치도 함께 "
              "정규화하므로 유효 배치 크기는 m′ = m·p·q입니다(Ioffe & Szegedy 2015, §3.2).",
        "en": "{got} counts only the examples. A conv layer normalizes all positions of a "
              "feature map together, so the effective batch size is m′ = m·p·q (Ioffe & Szegedy "
              "2015, §3.2)."},
    "fb.mprime.positions_only": {
        "ko": "{got}은(는) 한 예제의 위치 수(p·q)뿐입니다. 미니배치의 모든 예제도 곱하세요: m′ = m·p·q.",
        "en": "{got} counts only the positions of one example (p·q). Multiply by the examples "
              "too: m′ = m·p·q."},
    "fb.mprime.all_channels": {
        "ko": "{got}에는 채널 수가 들어 있습니다. 통계는 채널마다 따로 구하므로 채널 수는 곱하지 "
              "않습니다: m′ = m·p·q.",
        "en": "{got} includes the number of channels. Each channel has its own statistics, so "
              "channels are not multiplied in: m′ = m·p·q."},
    "fb.mprime.batch_channels": {
        "ko": "{got}은(는) 예제 수 × 채널 수(m·C)입니다. 예제마다 채널마다 값을 하나씩 센 것입니다. 그러나 "
              "한 채널의 평균에는 예제마다 특성 맵의 모든 위치(p×q)가 들어가고, 다른 채널의 값은 "
              "들어가지 않습니다: m′ = m·p·q.",
        "en": "{got} is examples × channels (m·C): one value per example per channel. But one "
              "channel's mean takes every position (p×q) of each example's feature map, and no "
              "value of the other channels: m′ = m·p·q."},
    "fb.mprime.channels_only": {
        "ko": "{got}은(는) 채널 수입니다. 채널마다 평균이 하나씩 있을 뿐, 한 평균에 들어가는 값의 수는 "
              "미니배치의 모든 예제(m)의 모든 위치(p×q)입니다: m′ = m·p·q.",
        "en": "{got} is the number of channels. There is one mean per channel; the values in one "
              "mean are every position (p×q) of every example (m): m′ = m·p·q."},
    "fb.mprime.one_example": {
        "ko": "{got}은(는) 한 예제의 모든 채널의 모든 위치(C·p·q)입니다. 통계는 채널마다 따로 구하고, "
              "미니배치의 모든 예제에 걸쳐 구합니다: m′ = m·p·q.",
        "en": "{got} is every position of every channel of one example (C·p·q). The statistics are "
              "per channel and over all examples of the mini-batch: m′ = m·p·q."},
    "fb.mprime.generic": {
        "ko": "{got}은(는) 아닙니다. 한 채널의 평균에 들어가는 값은 미니배치의 모든 예제(m)의 모든 "
              "위치(p×q)입니다: m′ = m·p·q.",
        "en": "Not {got}. One channel's mean covers every position (p×q) of every example (m) "
              "in the mini-batch: m′ = m·p·q."},
    "fb.params.one": {
        "ko": "{got}은(는) γ와 β 중 하나만 센 값입니다. 채널마다 γ와 β가 하나씩 있습니다.",
        "en": "{got} counts only one of γ and β. Each channel has one γ and one β."},
    "fb.params.running": {
        "ko": "{got}에는 이동 평균과 이동 분산이 들어 있습니다. 이들은 통계로 추정할 뿐 학습되지 "
              "않습니다. 학습 가능한 것은 채널마다 γ와 β입니다.",
        "en": "{got} counts the running mean and variance. They are estimated statistics, not "
              "learned. The learnable ones are one γ and one β per channel."},
    "fb.params.per_position": {
        "ko": "{got}은(는) 위치마다 γ, β를 둔 경우입니다. 합성곱 층에서는 한 특성 맵의 모든 위치가 같은 "
              "γ, β를 씁니다(Ioffe & Szegedy 2015, §3.2).",
        "en": "{got} puts a γ and β at every position. In a conv layer all positions of a "
              "feature map share one γ and β (Ioffe & Szegedy 2015, §3.2)."},
    "fb.params.generic": {
        "ko": "{got}은(는) 아닙니다. 채널마다 학습 가능한 파라미터는 γ와 β 두 개입니다.",
        "en": "Not {got}. Each channel has two learnable parameters, γ and β."},
    "fb.test.no_eps": {
        "ko": "추론 모드에서 ε을 빠뜨렸습니다. 학습 모드와 같이 √(running_var + ε)로 나누세요.",
        "en": "ε is missing in test mode. Divide by √(running_var + ε), as in training mode."},
    "fb.test.var": {
        "ko": "추론 모드에서 running_var + ε로 나눴습니다. 분산이므로 제곱근을 구해 √(running_var + ε)로 나누세요.",
        "en": "In test mode you divided by running_var + ε. It is a variance: divide by its square root, √(running_var + ε)."},
    "fb.bwd.dx_var_sign": {
        "ko": "dx에서 분산 σ²_B를 거치는 항의 부호가 반대입니다(상대 오차 {err:.1e}). ∂(σ²_B + ε)^(−1/2)/∂σ²_B = −½(σ²_B + ε)^(−3/2)이므로 그 항은 − x̂·mean(dx̂·x̂)입니다.",
        "en": "The term of dx through the variance σ²_B has the wrong sign (relative error {err:.1e}). ∂(σ²_B + ε)^(−1/2)/∂σ²_B = −½(σ²_B + ε)^(−3/2), so the term is − x̂·mean(dx̂·x̂)."},
    "fb.sp.no_transpose_back": {
        "ko": "채널 축을 마지막으로 옮겨 정규화한 것은 맞지만, 출력을 (N, C, p, q)로 되돌릴 때 transpose 없이 reshape만 했습니다. out.reshape(N, p, q, C).transpose(0, 3, 1, 2)처럼 축 순서도 되돌리세요.",
        "en": "You moved the channel axis last and normalized correctly, but turned the output back into (N, C, p, q) with a reshape alone. Undo the axis order too: out.reshape(N, p, q, C).transpose(0, 3, 1, 2)."},
    "fb.sp.running_m": {
        "ko": "running_var를 N/(N − 1)로 보정했습니다. 한 채널의 통계는 m′ = N·p·q개 값으로 구하므로 불편 분산의 보정은 m′/(m′ − 1)입니다.",
        "en": "You corrected running_var with N/(N − 1). A channel's statistics come from m′ = N·p·q values, so the unbiased correction is m′/(m′ − 1)."},
    "fb.sp.forward_mistake": {
        "ko": "채널 축은 옳게 다뤘지만 정규화 자체에 02.forward와 같은 실수가 있습니다: {detail} 위의 batchnorm_forward를 불러 쓴다면 그것부터 고치세요.",
        "en": "You handled the channel axis right, but the normalization itself has a 02.forward mistake: {detail} If you call your batchnorm_forward above, fix that first."},
    "task.02.placement": {
        "ko": "BN의 자리",
        "en": "where BN goes"},
    "task.02.lr": {
        "ko": "논문이 쓴 학습률",
        "en": "the paper's learning rates"},
    "fb.pl.after": {
        "ko": "({got})는 흔한 오해입니다. Ioffe와 Szegedy(2015) §3.2는 BN을 비선형 함수 앞, x = Wu + b에 넣습니다. 이유는 Wu + b가 더 대칭적이고 '가우스 분포에 더 가까워서'입니다. 활성화 다음에 넣는 배치도 실험에서 쓰이지만 논문의 배치는 아닙니다(2장).",
        "en": "({got}) is a common misreading. Ioffe & Szegedy (2015, §3.2) put BN before the nonlinearity, on x = Wu + b, because Wu + b is more symmetric and 'more Gaussian'. BN after the activation is used in experiments too, but it is not the paper's placement (chapter 2)."},
    "fb.pl.input": {
        "ko": "({got})는 논문이 일부러 피한 자리입니다. §3.2는 층 입력 u도 정규화할 수 있지만, u는 다른 비선형 함수의 출력이라 분포의 모양이 학습 중에 바뀌기 쉬우므로 Wu + b를 정규화한다고 말합니다.",
        "en": "({got}) is the place the paper chose against. §3.2 says the layer input u could be normalized too, but u is the output of another nonlinearity, whose shape is likely to change during training, so BN normalizes Wu + b instead."},
    "fb.pl.weights": {
        "ko": "({got})는 가중치 정규화(weight normalization, Salimans와 Kingma 2016)에 가깝습니다. BN은 가중치가 아니라 미니배치에 걸친 활성값 x = Wu의 통계로 정규화합니다.",
        "en": "({got}) is closer to weight normalization (Salimans & Kingma 2016). BN normalizes the activations x = Wu with their statistics over the mini-batch, not the weights."},
    "fb.lr.ten": {
        "ko": "({got})은(는) 논문이 돌린 값이 아닙니다. §4.2.1과 그림 3에는 5배(BN-x5, 0.0075)와 30배(BN-x30, 0.045)만 있습니다. '10배'는 입문 자료가 옮기면서 생긴 숫자입니다.",
        "en": "({got}) is not a rate the paper ran. §4.2.1 and Fig. 3 have only 5 times (BN-x5, 0.0075) and 30 times (BN-x30, 0.045). The 'ten-fold' is a number tutorials made up in retelling."},
    "fb.lr.fourteen": {
        "ko": "({got})은(는) 학습률이 아니라 스텝 수의 비율입니다. BN-x5가 Inception의 최고 정확도(72.2%)에 닿는 데 든 스텝 수가 Inception의 14분의 1이었습니다(그림 3). 학습률은 5배와 30배였습니다.",
        "en": "({got}) is a ratio of steps, not of learning rates: BN-x5 reached Inception's best accuracy (72.2%) in 14 times fewer steps (Fig. 3). The learning rates were 5 and 30 times."},
    "fb.lr.same": {
        "ko": "({got})는 틀렸습니다. §4.2.1의 첫 번째 변경이 '학습률을 키운다'입니다. 드롭아웃 제거와 가중치 감쇠 감소는 그 다음 변경들입니다. 학습률은 5배와 30배를 썼습니다.",
        "en": "({got}) is wrong. The first change of §4.2.1 is 'increase the learning rate'; removing Dropout and reducing the weight decay come after it. The rates were 5 and 30 times."},
    "task.02.xhat_var": {
        "ko": "유도: ε이 있을 때 x̂의 배치 분산",
        "en": "derivation: the batch variance of x̂ with ε"},
    "fb.xv.one": {
        "ko": "1은 ε = 0일 때의 값입니다. ε > 0이면 x̂ = (x − μ_B)/√(σ²_B + ε)의 배치 분산은 σ²_B를 σ²_B + ε로 나눈 값이라 1보다 작습니다. σ²_B가 ε에 가까운 특성에서는 차이가 큽니다.",
        "en": "1 is the value for ε = 0. With ε > 0, the batch variance of x̂ = (x − μ_B)/√(σ²_B + ε) is σ²_B divided by σ²_B + ε, below 1; for a feature whose σ²_B is close to ε the difference is large."},
    "fb.xv.std": {
        "ko": "표준편차를 구했습니다. 묻는 것은 분산입니다: x̂의 각 값은 x − μ_B를 √(σ²_B + ε)로 나눈 것이므로 분산은 그 제곱으로 나뉩니다.",
        "en": "That is the standard deviation. The task asks for the variance: each x̂ is x − μ_B divided by √(σ²_B + ε), so the variance is divided by its square."},
    "fb.xv.outside": {
        "ko": "ε을 표준편차에 더했습니다(√σ²_B + ε). 알고리즘 1은 ε을 분산에 더한 뒤 제곱근을 구합니다: √(σ²_B + ε).",
        "en": "You added ε to the standard deviation (√σ²_B + ε). Algorithm 1 adds ε to the variance, inside the square root: √(σ²_B + ε)."},
    "fb.xv.inverse": {
        "ko": "분수가 뒤집혔습니다. 분산은 나누는 값의 제곱, σ²_B + ε로 나뉩니다: Var(x̂) = σ²_B/(σ²_B + ε) ≤ 1.",
        "en": "The fraction is upside down. The variance is divided by the square of the divisor, σ²_B + ε: Var(x̂) = σ²_B/(σ²_B + ε) ≤ 1."},
    "fb.xv.generic": {
        "ko": "{at}에서 {got}을(를) 얻었는데 {want}이어야 합니다. (1/m)Σ(x_i − μ_B)² = σ²_B를 이용해 (1/m)Σ x̂_i²을 σ²_B와 ε으로 쓰세요(x̂의 배치 평균은 0입니다).",
        "en": "At {at} you got {got}; it should be {want}. Use (1/m)Σ(x_i − μ_B)² = σ²_B to write (1/m)Σ x̂_i² in terms of σ²_B and ε (the batch mean of x̂ is 0)."},
    "task.02.spatial_backward": {
        "ko": "공간 배치 정규화의 역전파",
        "en": "spatial batch normalization backward pass"},
    "fb.spb.pair": {
        "ko": "check()에 두 함수의 튜플 (spatial_batchnorm_forward, spatial_batchnorm_backward)를 넘기세요.",
        "en": "Hand check() the pair of functions (spatial_batchnorm_forward, spatial_batchnorm_backward)."},
    "fb.spb.not_summed": {
        "ko": "{name}을(를) 미니배치 축으로만 더했습니다. 채널마다 하나의 γ, β를 모든 위치에서 함께 쓰므로 축 0, 2, 3으로 더해 모양 (C,)로 만드세요.",
        "en": "{name} is summed over the batch axis only. Each channel's γ and β are shared by every position, so sum over axes 0, 2 and 3, to shape (C,)."},
    "fb.spb.mean_positions": {
        "ko": "dbeta를 위치에 대해 평균했습니다. 같은 β가 p·q개의 위치마다 쓰이므로 그 기울기를 모두 더해야 합니다: dout.sum(axis=(0, 2, 3)).",
        "en": "You averaged dbeta over the positions. The same β is used at all p·q positions, so their gradients add up: dout.sum(axis=(0, 2, 3))."},
    "fb.spb.params_generic": {
        "ko": "dgamma나 dbeta가 다릅니다. 채널마다 dbeta = Σ dout, dgamma = Σ dout·x̂이며, 합은 미니배치와 모든 위치(축 0, 2, 3)에 걸칩니다.",
        "en": "dgamma or dbeta differs. Per channel, dbeta = Σ dout and dgamma = Σ dout·x̂, summed over the mini-batch and all positions (axes 0, 2, 3)."},
    "fb.spb.per_position": {
        "ko": "dx가 위치마다 따로 정규화한 BN의 역전파와 같습니다. 순전파는 채널마다 N·p·q개의 값을 함께 정규화하므로, 역전파도 (N·p·q, C) 배열에서 2차원 역전파를 한 뒤 모양을 되돌려야 합니다(상대 오차 {err:.1e}).",
        "en": "dx matches the backward pass of a BN that normalizes each position separately. The forward pass normalizes each channel's N·p·q values together, so run the 2-D backward pass on the (N·p·q, C) array and reshape back (relative error {err:.1e})."},
    "fb.spb.dx_generic": {
        "ko": "dx가 수치 기울기와 다릅니다(상대 오차 {err:.1e}). dout를 순전파와 같은 방식으로 (N·p·q, C)로 바꾸고, 02.backward의 식을 적용한 뒤, 모양과 축 순서를 (N, C, p, q)로 되돌리세요.",
        "en": "dx differs from the numerical gradient (relative error {err:.1e}). Reshape dout to (N·p·q, C) the way the forward pass did, apply 02.backward's formula, and restore the shape and axis order (N, C, p, q)."},
    "task.02.noise_m4": {
        "ko": "실험: m = 4에서 x̂의 잡음",
        "en": "experiment: the noise of x̂ at m = 4"},
    "fb.nm4.unbiased": {
        "ko": "{got}은(는) 불편 분산(ddof=1)으로 정규화했을 때의 값입니다. 알고리즘 1의 학습 모드는 편향 분산(1/m)을 씁니다.",
        "en": "{got} is what the unbiased variance (ddof=1) gives. Algorithm 1's training mode uses the biased variance (1/m)."},
    "fb.nm4.delta": {
        "ko": "{got}은(는) 4장의 델타 방법 근사 √((1 + ẑ²/2)/m)입니다. 큰 m에서 맞는 선도 항이고, m = 4에서는 실제 잡음이 이보다 작습니다: 미니배치 안에서 표준화한 값은 |x̂| ≤ √(m − 1)을 넘지 못합니다. 직접 재어 보세요.",
        "en": "{got} is chapter 4's delta-method approximation √((1 + ẑ²/2)/m), the leading term for large m. At m = 4 the real noise is smaller: a value standardized within its mini-batch cannot exceed √(m − 1). Measure it."},
    "fb.nm4.variance": {
        "ko": "{got}은(는) 분산입니다. 묻는 것은 표준편차입니다.",
        "en": "{got} is the variance. The task asks for the standard deviation."},
    "fb.nm4.zero": {
        "ko": "0은 추론 모드의 답입니다. 학습 모드에서는 동료가 바뀔 때마다 μ_B와 σ²_B가 바뀌므로 같은 x의 x̂도 흔들립니다.",
        "en": "0 is the answer in inference mode. In training mode μ_B and σ²_B change with the companions, so the same x gets a different x̂ each time."},
    "fb.nm4.generic": {
        "ko": "{got}은(는) 측정값과 다릅니다. x = 1에 N(0, 1)에서 뽑은 동료 3개를 붙인 미니배치를 100,000개 만들어, 각 미니배치에서 x의 x̂ = (x − μ_B)/√(σ²_B + ε)(편향 분산, ε = 1e-5)를 구하고, 그 표준편차를 답하세요.",
        "en": "{got} is not what the measurement gives. Make 100,000 mini-batches of x = 1 and 3 companions drawn from N(0, 1), compute x's x̂ = (x − μ_B)/√(σ²_B + ε) in each (biased variance, ε = 1e-5), and answer the standard deviation of these values."},
}

i18n.register(STRINGS)
