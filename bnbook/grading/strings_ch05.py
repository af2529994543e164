# ruff: noqa: E501
"""Chapter 5 feedback strings (Korean 합니다체 / plain English)."""

from __future__ import annotations

from .. import i18n

STRINGS = {
    # -- task titles and test names ----------------------------------------------------------------
    "task.05.running_stats": {"ko": "이동 평균 한 번 갱신하기", "en": "one update of the running averages"},
    "task.05.population": {"ko": "알고리즘 2의 모집단 통계량", "en": "Algorithm 2's population statistics"},
    "task.05.test_forward": {"ko": "추론 모드의 배치 정규화", "en": "batch normalization in inference mode"},
    "task.05.fold": {"ko": "BN을 앞의 아핀 층에 접어 넣기", "en": "folding BN into the preceding affine layer"},
    "task.05.torch_momentum": {"ko": "PyTorch의 momentum 0.1", "en": "PyTorch's momentum 0.1"},
    "task.05.window": {"ko": "지수 가중 이동 평균의 유효 창 길이", "en": "the effective window of a moving average"},
    "task.05.one_example": {"ko": "학습 모드에서 예제 하나", "en": "one example in training mode"},
    "t05.returns": {"ko": "반환값의 형식과 모양", "en": "return type and shapes"},
    "t05.running_values": {"ko": "갱신된 값", "en": "updated values"},
    "t05.no_mutation": {"ko": "입력을 바꾸지 않음", "en": "inputs left unchanged"},
    "t05.pop_mean": {"ko": "E[x]", "en": "E[x]"},
    "t05.pop_var": {"ko": "Var[x]", "en": "Var[x]"},
    "t05.test_output": {"ko": "추론 모드 출력", "en": "inference-mode output"},
    "t05.alone": {"ko": "예제 하나의 출력이 배치와 무관한가", "en": "one example's output independent of its batch"},
    "t05.fold_equal": {"ko": "접어 넣은 층 = 아핀 층 + 추론 모드 BN", "en": "folded layer = affine layer + inference-mode BN"},
    "fb05.keepdims": {
        "ko": "{name}의 모양이 {got}입니다. {want}이어야 합니다. keepdims=True를 빼거나 결과를 1차원으로 만드세요.",
        "en": "{name} has shape {got}; it must be {want}. Drop keepdims=True or make the result 1-D."},
    "fb05.order": {
        "ko": "두 값의 순서가 바뀌었습니다. {order} 순서로 반환하세요.",
        "en": "The two values are in the wrong order. Return {order}."},
    # -- 05.running_stats ----------------------------------------------------------------------------
    "fb05.run.in_place_none": {
        "ko": "이동 평균을 제자리에서(in place) 갱신하고 아무것도 반환하지 않았습니다. 이 과제는 받은 배열을 바꾸지 않고 새 배열 두 개를 반환합니다: return new_mean, new_var.",
        "en": "You updated the running averages in place and returned nothing. This task leaves the given arrays alone and returns two new ones: return new_mean, new_var."},
    "fb05.run.axis1_shape": {
        "ko": "{name}의 모양이 ({N},)입니다. 통계를 축 1(특성 축)로 구했습니다. 미니배치의 통계는 배치 축 0으로 구해 모양이 (D,) = ({D},)입니다: x.mean(axis=0).",
        "en": "{name} has shape ({N},): your statistics are over axis 1 (the features). A mini-batch's statistics are over the batch axis 0, shape (D,) = ({D},): x.mean(axis=0)."},
    "fb05.run.axis1": {
        "ko": "통계를 축 1(특성 축)로 구했습니다. 미니배치의 평균과 분산은 배치 축 0으로 구합니다: x.mean(axis=0), x.var(axis=0, ddof=1).",
        "en": "Your statistics are over axis 1 (the features). A mini-batch's mean and variance are over the batch axis 0: x.mean(axis=0), x.var(axis=0, ddof=1)."},
    "fb05.run.reversed": {
        "ko": "모멘텀 규약이 반대입니다(momentum = {momentum}). 이 책(Keras 규약)에서 momentum은 옛 값의 가중치입니다: r ← momentum·r + (1 − momentum)·배치 통계. 새 값에 momentum을 곱하는 것은 PyTorch 규약이며, 그때 PyTorch의 momentum은 1 − (이 책의 momentum)입니다.",
        "en": "The momentum convention is reversed (momentum = {momentum}). In this book (the Keras convention) momentum weighs the old value: r ← momentum·r + (1 − momentum)·batch_stat. Weighing the new value by momentum is PyTorch's convention, where PyTorch's momentum = 1 − ours."},
    "fb05.run.reversed_biased": {
        "ko": "두 가지가 틀렸습니다. (1) 모멘텀 규약이 반대입니다: r ← momentum·r + (1 − momentum)·배치 통계(momentum은 옛 값의 가중치). (2) running_var를 편향 분산(1/N)으로 갱신했습니다: 불편 분산 x.var(axis=0, ddof=1)을 쓰세요.",
        "en": "Two mistakes. (1) The momentum convention is reversed: r ← momentum·r + (1 − momentum)·batch_stat (momentum weighs the old value). (2) running_var is updated with the biased variance (1/N): use the unbiased x.var(axis=0, ddof=1)."},
    "fb05.run.biased": {
        "ko": "running_var를 편향 분산(1/N, np.var의 기본값)으로 갱신했습니다. 추론에 쓸 분산은 불편 분산 N/(N − 1)·σ²_B로 추정합니다(Ioffe & Szegedy 2015, 알고리즘 2; PyTorch도 불편 분산을 저장합니다): x.var(axis=0, ddof=1). 이 검사의 N = {N}에서는 차이가 N/(N − 1)배입니다.",
        "en": "running_var is updated with the biased variance (1/N, np.var's default). The variance for inference is estimated with the unbiased N/(N − 1)·σ²_B (Ioffe & Szegedy 2015, Alg. 2; PyTorch stores the unbiased one too): x.var(axis=0, ddof=1). With this test's N = {N} that is a factor N/(N − 1)."},
    "fb05.run.no_average": {
        "ko": "이번 미니배치의 통계를 그대로 반환했습니다. 이동 평균은 옛 값과 섞습니다: r ← momentum·r + (1 − momentum)·배치 통계.",
        "en": "You returned this mini-batch's statistics as they are. A running average mixes them with the old value: r ← momentum·r + (1 − momentum)·batch_stat."},
    "fb05.run.not_updated": {
        "ko": "받은 이동 평균을 그대로 반환했습니다. 새 배치의 통계를 섞은 값을 반환하세요: r ← momentum·r + (1 − momentum)·배치 통계.",
        "en": "You returned the running averages unchanged. Return them mixed with the new batch's statistics: r ← momentum·r + (1 − momentum)·batch_stat."},
    "fb05.run.std": {
        "ko": "running_var에 표준편차를 섞었습니다. running_var는 분산의 이동 평균입니다: 제곱근을 구하지 말고 x.var(axis=0, ddof=1)을 쓰세요.",
        "en": "You mixed a standard deviation into running_var. It is a running average of the variance: use x.var(axis=0, ddof=1), no square root."},
    "fb05.run.inverted_factor": {
        "ko": "running_var의 보정이 거꾸로입니다: (N − 1)/N을 곱했습니다. 편향 분산은 너무 작으므로 N/(N − 1)을 곱해 키웁니다: x.var(axis=0, ddof=1)과 같습니다.",
        "en": "The running_var factor is upside down: you multiplied by (N − 1)/N. The biased variance is too small, so multiply by N/(N − 1) to make it larger; that equals x.var(axis=0, ddof=1)."},
    "fb05.run.double_factor": {
        "ko": "N/(N − 1) 보정을 두 번 했습니다. x.var(axis=0, ddof=1)이 이미 불편 분산 N/(N − 1)·σ²_B입니다. 둘 중 하나만 쓰세요.",
        "en": "You applied the N/(N − 1) factor twice. x.var(axis=0, ddof=1) already is the unbiased N/(N − 1)·σ²_B; use one or the other."},
    "fb05.run.factor_D": {
        "ko": "보정 N/(N − 1)의 N에 특성 수 D = x.shape[1]을 썼습니다. N은 미니배치 크기 x.shape[0]입니다.",
        "en": "Your N/(N − 1) factor uses the number of features D = x.shape[1]. N is the mini-batch size, x.shape[0]."},
    "fb05.run.momentum_fixed": {
        "ko": "momentum을 0.9로 고정했습니다. 인자로 받은 momentum(이 검사에서는 {momentum})을 쓰세요.",
        "en": "You fixed the momentum at 0.9. Use the momentum argument (here {momentum})."},
    "fb05.run.one_wrong": {
        "ko": "{name}만 틀렸습니다: {detail}",
        "en": "Only {name} is wrong: {detail}"},
    "fb05.run.generic_running_mean": {
        "ko": "running_mean ← momentum·running_mean + (1 − momentum)·x.mean(axis=0)입니다.",
        "en": "running_mean ← momentum·running_mean + (1 − momentum)·x.mean(axis=0)."},
    "fb05.run.generic_running_var": {
        "ko": "running_var ← momentum·running_var + (1 − momentum)·x.var(axis=0, ddof=1)입니다(불편 분산).",
        "en": "running_var ← momentum·running_var + (1 − momentum)·x.var(axis=0, ddof=1) (the unbiased variance)."},
    "fb05.run.generic": {
        "ko": "갱신된 값이 틀렸습니다(momentum = {momentum}). r ← momentum·r + (1 − momentum)·배치 통계이며, 평균은 x.mean(axis=0), 분산은 불편 분산 x.var(axis=0, ddof=1)입니다.",
        "en": "The updated values are wrong (momentum = {momentum}). r ← momentum·r + (1 − momentum)·batch_stat, with the mean x.mean(axis=0) and the unbiased variance x.var(axis=0, ddof=1)."},
    "fb05.run.mutated": {
        "ko": "입력 {name}을(를) 제자리에서(in place) 바꿨습니다(예: running_mean *= momentum). 이 과제는 받은 배열을 그대로 두고 새 배열을 반환합니다: new_mean = momentum * running_mean + ... 처럼 쓰세요. bnbook.layers도 그렇게 합니다.",
        "en": "You changed the input {name} in place (e.g. running_mean *= momentum). This task leaves the given arrays alone and returns new ones: write new_mean = momentum * running_mean + ... , as bnbook.layers does."},
    # -- 05.population --------------------------------------------------------------------------------
    "fb05.pop.no_factor": {
        "ko": "m/(m − 1) 보정이 빠졌습니다. 미니배치 분산 σ²_B는 1/m으로 나눈 편향 분산이라 평균을 내도 실제 분산보다 (m − 1)/m배 작습니다. 알고리즘 2는 Var[x] = m/(m − 1)·E_B[σ²_B]입니다(이 검사의 m = {m}에서 {factor}배). m // (m − 1)로 썼다면 정수 나눗셈이라 4 // 3 = 1입니다.",
        "en": "The m/(m − 1) factor is missing. A mini-batch variance σ²_B divides by m, so it is biased: even averaged, it is (m − 1)/m times the true variance. Algorithm 2 uses Var[x] = m/(m − 1)·E_B[σ²_B] (a factor {factor} for this test's m = {m}). If you wrote m // (m − 1): that is integer division, and 4 // 3 = 1."},
    "fb05.pop.inverted": {
        "ko": "보정이 거꾸로입니다: (m − 1)/m을 곱했습니다. 편향 분산은 너무 작으므로 키워야 합니다: Var[x] = m/(m − 1)·E_B[σ²_B].",
        "en": "The factor is upside down: you multiplied by (m − 1)/m. The biased variance is too small, so it must grow: Var[x] = m/(m − 1)·E_B[σ²_B]."},
    "fb05.pop.factor_K": {
        "ko": "보정에 미니배치 개수(K = {K})를 썼습니다. 편향은 각 미니배치 안의 예제 수 m에서 오므로 m/(m − 1)입니다(m = {m}).",
        "en": "Your factor uses the number of mini-batches K = {K}. The bias comes from the number of examples in each mini-batch, so the factor is m/(m − 1) (m = {m})."},
    "fb05.pop.total": {
        "ko": "E_B[σ²_B] + Var_B[μ_B](전체 분산 공식)를 계산했습니다. 이것도 Var[x]의 추정값이지만, 이 과제는 알고리즘 2의 공식 Var[x] = m/(m − 1)·E_B[σ²_B]를 구현하는 것입니다. 두 값은 미니배치가 많을수록 가까워집니다.",
        "en": "You computed E_B[σ²_B] + Var_B[μ_B] (the law of total variance). That estimates Var[x] too, but this task implements Algorithm 2's formula Var[x] = m/(m − 1)·E_B[σ²_B]; the two agree more closely the more mini-batches you average."},
    "fb05.pop.total_unbiased": {
        "ko": "m/(m − 1)·E_B[σ²_B]에 미니배치 평균들의 분산 Var_B[μ_B]를 더했습니다. 알고리즘 2는 그 항 없이 Var[x] = m/(m − 1)·E_B[σ²_B]입니다. m/(m − 1) 보정이 이미 평균의 흔들림을 채웁니다.",
        "en": "You added the variance of the batch means Var_B[μ_B] to m/(m − 1)·E_B[σ²_B]. Algorithm 2 has no such term: Var[x] = m/(m − 1)·E_B[σ²_B]; the m/(m − 1) factor already accounts for the scatter of the means."},
    "fb05.pop.var_of_means": {
        "ko": "미니배치 평균들의 분산을 반환했습니다. 그것은 평균 추정의 흔들림(약 Var[x]/m)일 뿐입니다. Var[x]는 미니배치 분산의 평균에서 구합니다: m/(m − 1)·batch_vars.mean(axis=0).",
        "en": "You returned the variance of the batch means. That is only the scatter of the mean estimate (about Var[x]/m). Var[x] comes from the average of the batch variances: m/(m − 1)·batch_vars.mean(axis=0)."},
    "fb05.pop.no_axis": {
        "ko": "{name}이(가) 숫자 하나입니다. 축을 지정하지 않아 모든 미니배치와 모든 특성을 한꺼번에 평균했습니다. 특성마다 하나씩 나오도록 미니배치 축 0으로 평균하세요: .mean(axis=0).",
        "en": "{name} is a single number: without an axis you averaged over all mini-batches and all features at once. Average over the mini-batch axis 0, to get one value per feature: .mean(axis=0)."},
    "fb05.pop.precedence": {
        "ko": "괄호가 빠졌습니다. m / m - 1은 (m / m) − 1 = 0으로 계산됩니다. m / (m - 1)로 쓰세요.",
        "en": "Parentheses are missing: m / m - 1 is (m / m) − 1 = 0. Write m / (m - 1)."},
    "fb05.pop.floor_division": {
        "ko": "//는 내림 나눗셈이라 소수점 아래를 버립니다. m / (m - 1)처럼 /로 나누세요.",
        "en": "// is floor division: it drops the fractional part. Divide with /, as in m / (m - 1)."},
    "fb05.pop.std": {
        "ko": "표준편차(제곱근)를 반환했습니다. 알고리즘 2의 Var[x]는 분산입니다. 제곱근은 추론 때 √(Var[x] + ε)에서 구합니다.",
        "en": "You returned a standard deviation (a square root). Algorithm 2's Var[x] is a variance; the square root comes later, in √(Var[x] + ε) at inference."},
    "fb05.pop.sum": {
        "ko": "미니배치에 대해 합했습니다. E_B는 평균입니다: .mean(axis=0).",
        "en": "You summed over the mini-batches. E_B is an average: .mean(axis=0)."},
    "fb05.pop.mean_factor": {
        "ko": "E[x]에도 m/(m − 1)을 곱했습니다. 표본 평균은 편향되지 않으므로 보정이 필요 없습니다: E[x] = E_B[μ_B] = batch_means.mean(axis=0). 보정은 분산에만 합니다.",
        "en": "You multiplied E[x] by m/(m − 1) too. The sample mean is unbiased, so it needs no factor: E[x] = E_B[μ_B] = batch_means.mean(axis=0). Only the variance is corrected."},
    "fb05.pop.axis1": {
        "ko": "축 1(특성 축)로 평균을 냈습니다. 입력의 모양은 (K, D)이고, 미니배치에 대한 평균은 축 0입니다: .mean(axis=0).",
        "en": "You averaged over axis 1 (the features). The inputs have shape (K, D); the average over the mini-batches is over axis 0: .mean(axis=0)."},
    "fb05.pop.generic_mean": {
        "ko": "E[x]가 틀렸습니다. E[x] = E_B[μ_B], 곧 미니배치 평균들의 평균입니다: batch_means.mean(axis=0).",
        "en": "E[x] is wrong. E[x] = E_B[μ_B], the average of the batch means: batch_means.mean(axis=0)."},
    "fb05.pop.generic_var": {
        "ko": "Var[x]가 틀렸습니다. Var[x] = m/(m − 1)·E_B[σ²_B]입니다: m / (m − 1) * batch_vars.mean(axis=0) (m = {m}).",
        "en": "Var[x] is wrong. Var[x] = m/(m − 1)·E_B[σ²_B]: m / (m - 1) * batch_vars.mean(axis=0) (m = {m})."},
    # -- 05.test_forward ------------------------------------------------------------------------------
    "fb05.test.tuple": {
        "ko": "튜플 (out, cache)를 반환했습니다. 이 함수는 출력 배열 out 하나만 반환합니다.",
        "en": "You returned a tuple (out, cache). This function returns the output array out only."},
    "fb05.test.batch_stats": {
        "ko": "이 배치의 평균과 분산으로 정규화했습니다(학습 모드). 추론 모드에서는 인자로 받은 모집단 통계량 mean, var로 정규화합니다. 그래야 한 예제의 출력이 함께 들어온 다른 예제에 좌우되지 않습니다.",
        "en": "You normalized with this batch's own mean and variance (training mode). Inference mode normalizes with the population statistics mean and var passed in, so that one example's output does not depend on the other examples in its batch."},
    "fb05.test.batch_stats_unbiased": {
        "ko": "이 배치의 평균과 불편 분산으로 정규화했습니다. 추론 모드에서는 배치의 통계를 구하지 않고, 인자로 받은 mean, var를 씁니다: γ·(x − mean)/√(var + ε) + β.",
        "en": "You normalized with this batch's mean and unbiased variance. Inference mode computes no batch statistics; it uses the mean and var passed in: γ·(x − mean)/√(var + ε) + β."},
    "fb05.test.batch_mean": {
        "ko": "분산은 인자 var를 썼지만 평균은 이 배치의 x.mean(axis=0)을 뺐습니다. 평균도 인자로 받은 mean을 쓰세요.",
        "en": "You used the var argument, but subtracted this batch's x.mean(axis=0). Subtract the mean argument too."},
    "fb05.test.eps_outside": {
        "ko": "ε을 제곱근 밖에 더했습니다(√var + ε). 학습 모드와 같이 분산에 더한 뒤 제곱근을 구합니다: √(var + ε).",
        "en": "ε is added outside the square root (√var + ε). As in training mode, add it to the variance first: √(var + ε)."},
    "fb05.test.no_eps": {
        "ko": "ε을 빠뜨렸습니다. 분산이 아주 작은 특성에서 차이가 납니다: √(var + ε)로 나누세요.",
        "en": "ε is missing; it shows on a feature with tiny variance. Divide by √(var + ε)."},
    "fb05.test.no_sqrt": {
        "ko": "var + ε로 나눴습니다. var는 분산이므로 제곱근으로 나눕니다: √(var + ε).",
        "en": "You divided by var + ε. var is a variance: divide by its square root, √(var + ε)."},
    "fb05.test.eps_after": {
        "ko": "ε을 나눗셈 뒤에 더했습니다((x − mean)/√var + ε). 괄호를 확인하세요: ε은 분산에 더한 뒤 제곱근을 구합니다: (x − mean)/√(var + ε).",
        "en": "ε is added after the division ((x − mean)/√var + ε). Check the parentheses: ε goes into the variance before the square root, (x − mean)/√(var + ε)."},
    "fb05.test.swapped": {
        "ko": "γ와 β가 바뀌었습니다. 출력은 γ·x̂ + β입니다(γ는 스케일, β는 시프트).",
        "en": "γ and β are swapped. The output is γ·x̂ + β (γ scales, β shifts)."},
    "fb05.test.no_affine": {
        "ko": "x̂만 반환했습니다. 추론 모드에서도 스케일과 시프트를 적용합니다: γ·x̂ + β.",
        "en": "You returned x̂ itself. Inference mode applies the scale and shift too: γ·x̂ + β."},
    "fb05.test.eps_fixed": {
        "ko": "ε을 1e-5로 고정했습니다. 인자로 받은 eps를 쓰세요.",
        "en": "You fixed ε at 1e-5. Use the eps argument."},
    "fb05.test.generic": {
        "ko": "출력이 틀렸습니다(최대 절대 오차 {err:.2e}). 추론 모드: γ·(x − mean)/√(var + ε) + β, 여기서 mean, var는 인자로 받은 모집단 통계량입니다.",
        "en": "The output is wrong (max abs error {err:.2e}). Inference mode: γ·(x − mean)/√(var + ε) + β, with mean and var the population statistics passed in."},
    "fb05.test.alone_fails": {
        "ko": "예제 하나만 넣으면 함수가 제대로 된 출력을 내지 못합니다: {detail} 배치 통계를 쓰면 N = 1일 때 분산이 0입니다. 추론 모드는 인자 mean, var만 쓰므로 N = 1에서도 동작해야 합니다.",
        "en": "With a single example, your function gives no proper output: {detail} With batch statistics, N = 1 means variance 0. Inference mode uses only the mean and var arguments, so it must work for N = 1."},
    "fb05.test.depends_on_batch": {
        "ko": "예제 {i}의 출력이 배치에 따라 달라집니다: 혼자 넣으면 {alone}, 크기 {N}인 배치 안에서는 {in_batch}입니다. 추론 모드의 출력은 그 예제에만 달려 있어야 합니다: 배치 통계 대신 인자 mean, var를 쓰세요.",
        "en": "Example {i}'s output depends on its batch: alone it gives {alone}, in its batch of {N} it gives {in_batch}. At inference, an example's output must depend on that example only: use the mean and var arguments, not batch statistics."},
    "fb05.test.alone_ok": {
        "ko": "예제를 혼자 넣어도 배치 안에서와 같은 출력을 냅니다: 통과했습니다.",
        "en": "An example alone gives the same output as in its batch: passed."},
    # -- 05.fold --------------------------------------------------------------------------------------
    "fb05.fold.transposed": {
        "ko": "W_folded의 모양이 ({D}, {D_in})입니다. 아핀 층 x = uW에서 W의 모양은 (D_in, D) = ({D_in}, {D})이고, 접은 가중치도 같은 모양입니다. 전치하지 말고 W의 열 k에 γ_k/√(Var_k + ε)를 곱하세요: W * scale.",
        "en": "W_folded has shape ({D}, {D_in}). In the affine layer x = uW, W has shape (D_in, D) = ({D_in}, {D}), and so does the folded weight. Do not transpose; multiply column k of W by γ_k/√(Var_k + ε): W * scale."},
    "fb05.fold.transposed_square": {
        "ko": "W_folded가 전치되어 있습니다. 아핀 층 x = uW에서 W의 모양은 (D_in, D)이고, 접은 가중치도 같은 모양입니다. 전치하지 말고 W의 열 k에 γ_k/√(Var_k + ε)를 곱하세요: W * scale. (정사각 행렬이라 모양만으로는 드러나지 않습니다.)",
        "en": "W_folded is transposed. In the affine layer x = uW, W has shape (D_in, D), and so does the folded weight. Do not transpose; multiply column k of W by γ_k/√(Var_k + ε): W * scale. (W is square here, so the shape alone does not show it.)"},
    "fb05.fold.b_2d": {
        "ko": "b_folded의 모양이 {got}입니다. 이 책의 층처럼 1차원 (D,) = ({D},)로 반환하세요.",
        "en": "b_folded has shape {got}. Return it 1-D, (D,) = ({D},), like this book's layers."},
    "fb05.fold.not_scaled": {
        "ko": "W를 바꾸지 않았습니다. BN은 특성 k를 γ_k/√(Var_k + ε)배 하므로 W의 열 k에도 그 값을 곱해야 합니다: W' = W·diag(γ/√(Var + ε)).",
        "en": "You left W unchanged. BN multiplies feature k by γ_k/√(Var_k + ε), so column k of W must be multiplied by it too: W' = W·diag(γ/√(Var + ε))."},
    "fb05.fold.inverted": {
        "ko": "W에 √(Var + ε)/γ를 곱했습니다(역수). BN은 γ/√(Var + ε)를 곱합니다: W' = W·diag(γ/√(Var + ε)).",
        "en": "You multiplied W by √(Var + ε)/γ, the reciprocal. BN multiplies by γ/√(Var + ε): W' = W·diag(γ/√(Var + ε))."},
    "fb05.fold.no_gamma": {
        "ko": "W를 √(Var + ε)로 나누기만 했습니다. 스케일 γ도 곱하세요: W' = W·diag(γ/√(Var + ε)).",
        "en": "You only divided W by √(Var + ε). Multiply by the scale γ too: W' = W·diag(γ/√(Var + ε))."},
    "fb05.fold.no_sqrt": {
        "ko": "Var + ε로 나눴습니다. 분산이므로 제곱근 √(Var + ε)로 나눕니다.",
        "en": "You divided by Var + ε. It is a variance: divide by its square root √(Var + ε)."},
    "fb05.fold.eps_outside": {
        "ko": "ε을 제곱근 밖에 더했습니다(√Var + ε). √(Var + ε)로 나누세요.",
        "en": "ε is outside the square root (√Var + ε). Divide by √(Var + ε)."},
    "fb05.fold.no_eps": {
        "ko": "ε을 빠뜨렸습니다. 추론 모드의 BN은 √(Var + ε)로 나누므로 접은 층도 그래야 합니다. 분산이 아주 작은 특성에서 차이가 납니다.",
        "en": "ε is missing. Inference-mode BN divides by √(Var + ε), and so must the folded layer; it shows on a feature with tiny variance."},
    "fb05.fold.rows": {
        "ko": "W의 행에 스케일을 곱했습니다(scale[:, None] * W 또는 np.diag(scale) @ W, 곧 강의의 열 규약에서 쓰는 diag(γ/√(Var + ε))·W). 행 규약 x = uW에서 출력 특성 k는 W의 열 k이므로 열에 곱합니다: W * scale (= W·diag(scale)). 정사각 행렬에서는 오류 없이 틀린 값이 나옵니다.",
        "en": "You scaled the rows of W (scale[:, None] * W or np.diag(scale) @ W, the fold diag(γ/√(Var + ε))·W of the lectures' column convention). In the row convention x = uW, output feature k is column k of W, so scale the columns: W * scale (= W·diag(scale)). For a square W the wrong version runs without an error."},
    "fb05.fold.b_sign": {
        "ko": "b'의 부호가 틀렸습니다. BN은 평균을 빼므로 b' = β − γ·E[z]/√(Var + ε)입니다.",
        "en": "b' has the wrong sign. BN subtracts the mean, so b' = β − γ·E[z]/√(Var + ε)."},
    "fb05.fold.b_no_gamma": {
        "ko": "b'에서 γ가 빠졌습니다. b' = β − γ·E[z]/√(Var + ε)입니다.",
        "en": "γ is missing from b'. b' = β − γ·E[z]/√(Var + ε)."},
    "fb05.fold.b_no_beta": {
        "ko": "b'에서 β가 빠졌습니다. 시프트 β도 상수항에 들어갑니다: b' = β − γ·E[z]/√(Var + ε).",
        "en": "β is missing from b'. The shift β belongs in the constant term too: b' = β − γ·E[z]/√(Var + ε)."},
    "fb05.fold.b_no_mean": {
        "ko": "b' = β로 두었습니다. BN이 빼는 평균 E[z]도 상수항이 됩니다: b' = β − γ·E[z]/√(Var + ε).",
        "en": "You set b' = β. The mean E[z] that BN subtracts becomes part of the constant term too: b' = β − γ·E[z]/√(Var + ε)."},
    "fb05.fold.b_no_std": {
        "ko": "b'에서 평균을 √(Var + ε)로 나누지 않았습니다. 평균도 정규화된 뒤에 γ가 곱해집니다: b' = β − γ·E[z]/√(Var + ε).",
        "en": "b' does not divide the mean by √(Var + ε). The mean is normalized before γ multiplies it: b' = β − γ·E[z]/√(Var + ε)."},
    "fb05.fold.b_mean_only": {
        "ko": "b' = β − E[z]입니다. 평균도 정규화되고 γ배 됩니다: b' = β − γ·E[z]/√(Var + ε).",
        "en": "b' = β − E[z]. The mean is normalized and scaled by γ too: b' = β − γ·E[z]/√(Var + ε)."},
    "fb05.fold.w_generic": {
        "ko": "W_folded가 틀렸습니다. 열 j에 γ_j/√(Var_j + ε)를 곱합니다: W * (gamma / np.sqrt(var + eps)).",
        "en": "W_folded is wrong. Multiply column j by γ_j/√(Var_j + ε): W * (gamma / np.sqrt(var + eps))."},
    "fb05.fold.b_generic": {
        "ko": "b_folded가 틀렸습니다. b' = β − γ·E[z]/√(Var + ε)입니다.",
        "en": "b_folded is wrong. b' = β − γ·E[z]/√(Var + ε)."},
    "fb05.fold.generic": {
        "ko": "접어 넣은 층의 출력이 아핀 층 + 추론 모드 BN과 다릅니다(최대 절대 오차 {err:.2e}).",
        "en": "The folded layer's output differs from the affine layer + inference-mode BN (max abs error {err:.2e})."},
    "fb05.fold.mutated": {
        "ko": "입력 {name}을(를) 제자리에서(in place) 바꿨습니다(예: W *= scale). 접은 뒤에도 원래 층은 그대로 남아야 합니다: W_folded = W * scale처럼 새 배열을 만드세요.",
        "en": "You changed the input {name} in place (e.g. W *= scale). The original layer must survive the folding: make a new array, W_folded = W * scale."},
    "fb05.fold.equal": {
        "ko": "x·W' + b'가 아핀 층 뒤 추론 모드 BN의 출력과 같습니다: 통과했습니다.",
        "en": "x·W' + b' equals the affine layer followed by inference-mode BN: passed."},
    # -- conceptual questions -------------------------------------------------------------------------
    "fb05.tm.same": {
        "ko": "{got}은(는) PyTorch의 숫자를 그대로 옮긴 것입니다. PyTorch의 momentum은 새 값(이번 배치 통계)의 가중치이고, 이 책(Keras 규약)의 momentum은 옛 값의 가중치입니다. 같은 갱신이 되려면 이 책의 momentum = 1 − 0.1입니다.",
        "en": "{got} copies PyTorch's number. PyTorch's momentum weighs the new value (this batch's statistic); this book's (the Keras convention) weighs the old value. For the same update, this book's momentum is 1 − 0.1."},
    "fb05.tm.keras": {
        "ko": "{got}은(는) Keras의 기본값으로, 더 긴 평균을 내는 다른 설정입니다. 같은 갱신을 이 책의 규약으로 옮겨 적기만 하면 됩니다: PyTorch의 r ← (1 − 0.1)·r + 0.1·배치 통계를 이 책의 r ← momentum·r + (1 − momentum)·배치 통계와 맞춰 보세요.",
        "en": "{got} is Keras' default, a different setting that averages over longer. Only the convention changes, not the update: match PyTorch's r ← (1 − 0.1)·r + 0.1·batch_stat with this book's r ← momentum·r + (1 − momentum)·batch_stat."},
    "fb05.tm.generic": {
        "ko": "{got}은(는) 아닙니다. PyTorch: r ← (1 − 0.1)·r + 0.1·배치 통계. 이 책: r ← momentum·r + (1 − momentum)·배치 통계. 두 식이 같아지는 momentum을 구하세요.",
        "en": "Not {got}. PyTorch: r ← (1 − 0.1)·r + 0.1·batch_stat. This book: r ← momentum·r + (1 − momentum)·batch_stat. Find the momentum that makes them the same."},
    "fb05.win.half_life": {
        "ko": "{got}은(는) 반감기(한 배치의 가중치가 절반으로 줄기까지의 스텝 수, ln 2/(1 − momentum) ≈ 69)나 최근 배치들이 차지하는 가중치의 비율(약 63%)에 가깝습니다. 유효 창 길이(effective window)는 약 1/(1 − momentum)입니다. 가중치 (1 − momentum)·momentumᵏ을 모두 더하면 1이고, 이 가중치로 평균한 배치의 나이는 momentum/(1 − momentum) ≈ 99스텝입니다.",
        "en": "{got} is close to the half-life (the number of steps until one batch's weight halves, ln 2/(1 − momentum) ≈ 69) or to the share of the weight on the most recent batches (about 63%). The effective window is about 1/(1 − momentum): the weights (1 − momentum)·momentumᵏ sum to 1, and the weighted mean age of the batches is momentum/(1 − momentum) ≈ 99 steps."},
    "fb05.win.ten": {
        "ko": "{got}은(는) momentum 0.9의 유효 창 길이입니다(1/(1 − 0.9) = 10). momentum 0.99이면 1/(1 − 0.99)입니다.",
        "en": "{got} is the window of momentum 0.9 (1/(1 − 0.9) = 10). For momentum 0.99 it is 1/(1 − 0.99)."},
    "fb05.win.thousand": {
        "ko": "{got}은(는) momentum 0.999의 유효 창 길이입니다. momentum 0.99이면 1/(1 − 0.99)입니다.",
        "en": "{got} is the window of momentum 0.999. For momentum 0.99 it is 1/(1 − 0.99)."},
    "fb05.win.one_percent": {
        "ko": "{got}은(는) 한 배치의 가중치가 처음의 1%로 줄기까지의 스텝 수입니다. 유효 창 길이는 그보다 짧은 약 1/(1 − momentum)입니다. 가중치 (1 − momentum)·momentumᵏ을 모두 더하면 1이고, 그중 1 − 0.99¹⁰⁰ ≈ 63%가 최근 1/(1 − 0.99) = 100개 배치에 있습니다.",
        "en": "{got} is the number of steps until one batch's weight falls to 1% of its start. The effective window is shorter, about 1/(1 − momentum): the weights (1 − momentum)·momentumᵏ sum to 1, and 1 − 0.99¹⁰⁰ ≈ 63% of that sits on the last 1/(1 − 0.99) = 100 batches."},
    "fb05.win.momentum": {
        "ko": "{got}은(는) 가중치이지 배치의 개수가 아닙니다. 유효 창 길이는 약 1/(1 − momentum)개 배치입니다.",
        "en": "{got} is a weight, not a number of mini-batches. The effective window is about 1/(1 − momentum) batches."},
    "fb05.win.generic": {
        "ko": "{got}은(는) 아닙니다. k 스텝 전 배치의 가중치는 (1 − momentum)·momentumᵏ이고, 유효 창 길이는 약 1/(1 − momentum)개 배치입니다.",
        "en": "Not {got}. The batch from k steps ago has weight (1 − momentum)·momentumᵏ; the effective window is about 1/(1 − momentum) batches."},
    "fb05.one.a": {
        "ko": "({got})는 틀렸습니다. 학습 모드는 이 배치의 통계로 정규화합니다. 예제가 하나면 μ_B가 그 예제 자신이므로 x − μ_B = 0이고, 추론 모드의 모집단 통계량과는 전혀 다른 결과가 나옵니다.",
        "en": "({got}) is wrong. Training mode normalizes with this batch's statistics. With one example, μ_B is the example itself, so x − μ_B = 0, nothing like inference mode with the population statistics."},
    "fb05.one.c": {
        "ko": "({got})는 틀렸습니다. 예제가 하나면 μ_B = x이므로 x̂ = (x − μ_B)/√(0 + ε) = 0이고, 출력은 γ·0 + β = β입니다. 입력이 무엇이든 같습니다.",
        "en": "({got}) is wrong. With one example μ_B = x, so x̂ = (x − μ_B)/√(0 + ε) = 0 and the output is γ·0 + β = β, whatever the input."},
    "fb05.one.d": {
        "ko": "({got})는 틀렸습니다. 분산은 0이지만 ε이 제곱근 안에 있어 0으로 나누지 않습니다: x̂ = 0/√ε = 0, 출력은 β입니다. 이런 쓸모없는 출력을 막으려고 bnbook과 PyTorch는 학습 모드에서 N = 1이면 오류를 냅니다.",
        "en": "({got}) is wrong. The variance is 0, but ε inside the square root prevents a division by zero: x̂ = 0/√ε = 0 and the output is β. bnbook and PyTorch raise an error for N = 1 in training mode rather than return this useless output."},
    "task.05.alg2": {
        "ko": "알고리즘 2의 추론 통계",
        "en": "Algorithm 2's inference statistics"},
    "fb05.alg2.ema": {
        "ko": "({got})는 프레임워크(PyTorch, Keras)의 방식입니다. 논문의 알고리즘 2는 학습이 끝난 뒤 가중치를 고정하고 학습 미니배치들의 통계를 평균합니다: E[x] ← E_B[μ_B], Var[x] ← m/(m−1)·E_B[σ²_B]. 이동 평균은 §3.1에서 학습 중 정확도를 지켜보는 대안으로만 언급됩니다.",
        "en": "({got}) is what frameworks (PyTorch, Keras) do. The paper's Algorithm 2 freezes the weights after training and averages the statistics of training mini-batches: E[x] ← E_B[μ_B], Var[x] ← m/(m−1)·E_B[σ²_B]. §3.1 mentions moving averages only as an alternative for tracking accuracy while training."},
    "fb05.alg2.batch": {
        "ko": "({got})는 §3.1이 피하려는 것입니다. 추론 때 미니배치에 의존하는 정규화는 '필요하지도 바람직하지도 않습니다'. 출력은 입력에만 결정적으로 의존해야 하므로, 알고리즘 2는 학습 미니배치들로 고정된 통계를 구합니다.",
        "en": "({got}) is what §3.1 rules out: normalization that depends on the mini-batch is 'neither necessary nor desirable during inference'. The output should depend only on the input, deterministically, so Algorithm 2 fixes statistics from training mini-batches."},
    "fb05.alg2.whole": {
        "ko": "({got})는 알고리즘 2가 아닙니다. 알고리즘 2는 크기 m인 학습 미니배치들의 μ_B와 σ²_B를 평균하고, 분산에는 불편 추정을 위해 m/(m−1)을 곱합니다. 미니배치의 편향 분산의 평균은 (m−1)/m·σ²이기 때문입니다.",
        "en": "({got}) is not Algorithm 2. It averages μ_B and σ²_B over training mini-batches of size m and multiplies the variance by m/(m−1) for an unbiased estimate, since the mean of the biased mini-batch variance is (m−1)/m·σ²."},
    "task.05.batch_var": {
        "ko": "유도: 미니배치 편향 분산의 기댓값",
        "en": "derivation: the expected biased mini-batch variance"},
    "task.05.ema_startup": {
        "ko": "실험: 0에서 시작한 이동 평균",
        "en": "experiment: a moving average started at 0"},
    "fb05.bv.unbiased": {
        "ko": "σ²는 불편 분산(1/(m − 1))의 기댓값입니다. 알고리즘 1의 σ²_B는 1/m로 나누므로 평균적으로 σ²보다 작습니다: Σ(x_i − μ_B)²의 기댓값은 (m − 1)σ²입니다.",
        "en": "σ² is the expectation of the unbiased variance (1/(m − 1)). Algorithm 1's σ²_B divides by m, so on average it is below σ²: the expectation of Σ(x_i − μ_B)² is (m − 1)σ²."},
    "fb05.bv.inverted": {
        "ko": "분수가 뒤집혔습니다. m/(m − 1)은 알고리즘 2가 곱하는 보정 인수이고, 그 이유가 E[σ²_B] = (m − 1)/m·σ²입니다.",
        "en": "The fraction is upside down. m/(m − 1) is the correction factor Algorithm 2 multiplies by, and the reason for it is E[σ²_B] = (m − 1)/m·σ²."},
    "fb05.bv.mean_var": {
        "ko": "σ²/m은 미니배치 평균 μ_B의 분산입니다. 묻는 것은 미니배치 분산 σ²_B의 기댓값입니다.",
        "en": "σ²/m is the variance of the mini-batch mean μ_B. The task asks for the expectation of the mini-batch variance σ²_B."},
    "fb05.bv.m_plus": {
        "ko": "부호를 확인하세요. μ_B를 빼면 자유도가 하나 줄어서 기댓값은 σ²보다 작아집니다: (m − 1)/m·σ².",
        "en": "Check the sign. Subtracting μ_B takes one degree of freedom away, so the expectation is below σ²: (m − 1)/m·σ²."},
    "fb05.bv.generic": {
        "ko": "{at}에서 {got}을(를) 얻었는데 {want}이어야 합니다. Σ(x_i − μ_B)² = Σ(x_i − μ)² − m(μ_B − μ)²를 쓰고 양변의 기댓값을 구하세요(E[(μ_B − μ)²] = σ²/m).",
        "en": "At {at} you got {got}; it should be {want}. Write Σ(x_i − μ_B)² = Σ(x_i − μ)² − m(μ_B − μ)² and take expectations (E[(μ_B − μ)²] = σ²/m)."},
    "fb05.ema.converged": {
        "ko": "{got}은(는) 참값 3입니다. 0에서 시작한 이동 평균은 100스텝 뒤에도 참값에 닿지 못합니다(시작 편향): 초기값 0이 남긴 몫이 아직 남아 있습니다. 편향을 보정한 값(÷(1 − 0.99¹⁰⁰))을 답하지 않았는지, 모멘텀의 두 몫을 바꾸지 않았는지 확인하세요.",
        "en": "{got} is the true mean 3. A moving average started at 0 has not reached the true mean after 100 steps (the start-up bias): the zero start still holds a share. Check that you did not answer the bias-corrected value (÷(1 − 0.99¹⁰⁰)) or swap the momentum's two shares."},
    "fb05.ema.swapped": {
        "ko": "{got}은(는) 3·0.99¹⁰⁰, 곧 초기값 0이 아직 차지하는 몫을 3에 곱한 값입니다. 이동 평균은 3(1 − 0.99¹⁰⁰)입니다.",
        "en": "{got} is 3·0.99¹⁰⁰: the share the zero start still holds, times 3. The moving average is 3(1 − 0.99¹⁰⁰)."},
    "fb05.ema.generic": {
        "ko": "{got}은(는) 측정값과 다릅니다. running_mean = 0, running_var = 1(모양 (1,))에서 시작해 N(3, 2²)에서 뽑은 32개짜리 미니배치 100개를 momentum=0.99로 update_running_stats에 차례로 넣고 마지막 running_mean을 답하세요.",
        "en": "{got} is not what the measurement gives. Start from running_mean = 0 and running_var = 1 (shape (1,)), feed 100 mini-batches of 32 values from N(3, 2²) through update_running_stats with momentum=0.99, and answer the final running_mean."},
}

i18n.register(STRINGS)
